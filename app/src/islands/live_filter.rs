//! Live filtering of the agenda as the delegate types or picks, without a reload.
//!
//! The server renders the filter form and every card of the day; the island listens for
//! input on the form and hides the cards that do not match, using the same rules as
//! `AgendaFilter::matches` (through the cards' `data-*` attributes), and keeps the URL
//! in step so the view can be shared. Without JavaScript the form submits as a GET.

use leptos::prelude::*;

#[island]
pub fn LiveFilter(children: Children) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| client::mark_hydrated());
    view! {
        <div class="live-filter" on:input=on_change on:change=on_change on:submit=on_submit>
            {children()}
        </div>
    }
}

fn on_change(ev: leptos::ev::Event) {
    #[cfg(feature = "hydrate")]
    client::apply(&ev);
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

fn on_submit(ev: leptos::ev::SubmitEvent) {
    #[cfg(feature = "hydrate")]
    {
        ev.prevent_default();
        client::apply(&ev);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = ev;
}

#[cfg(feature = "hydrate")]
mod client {
    use crate::domain::filter::normalize;
    use wasm_bindgen::JsCast;
    use web_sys::{Document, Element, FormData, HtmlFormElement, UrlSearchParams};

    const FIELDS: [&str; 5] = ["kind", "theme", "room", "language", "q"];

    /// Tests and styles wait for this: the page is interactive from here on.
    pub fn mark_hydrated() {
        if let Some(root) = document().and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    }

    fn document() -> Option<Document> {
        web_sys::window()?.document()
    }

    pub fn apply(ev: &web_sys::Event) {
        let form = ev
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.closest("form").ok().flatten())
            .and_then(|f| f.dyn_into::<HtmlFormElement>().ok());
        if let (Some(form), Some(doc)) = (form, document()) {
            let _ = run(&form, &doc);
        }
    }

    fn run(form: &HtmlFormElement, doc: &Document) -> Option<()> {
        let data = FormData::new_with_form(form).ok()?;
        let value = |name: &str| {
            data.get(name)
                .as_string()
                .unwrap_or_default()
                .trim()
                .to_string()
        };
        let wanted: Vec<(&str, String)> = FIELDS.iter().map(|f| (*f, value(f))).collect();
        let query = normalize(&value("q"));

        let mut any_visible = false;
        for card in elements(doc, "[data-session]") {
            let attr = |name: &str| {
                card.get_attribute(&format!("data-{name}"))
                    .unwrap_or_default()
            };
            let matches = wanted
                .iter()
                .all(|(name, want)| match (*name, want.as_str()) {
                    (_, "") => true,
                    ("q", _) => attr("text").contains(&query),
                    ("language", lang) => attr("languages").split(' ').any(|l| l == lang),
                    (field, want) => attr(field) == want,
                });
            any_visible |= matches;
            let _ = card.toggle_attribute_with_force("hidden", !matches);
        }
        for slot in elements(doc, "[data-slot]") {
            let empty = slot
                .query_selector("[data-session]:not([hidden])")
                .ok()
                .flatten()
                .is_none();
            let _ = slot.toggle_attribute_with_force("hidden", empty);
        }
        if let Some(note) = doc.get_element_by_id("no-results") {
            let _ = note.toggle_attribute_with_force("hidden", any_visible);
        }
        update_urls(doc, &value("day"), &wanted)
    }

    /// The address bar and the day tabs carry the filter, so it can be shared and survives a reload.
    fn update_urls(doc: &Document, day: &str, wanted: &[(&str, String)]) -> Option<()> {
        let params = UrlSearchParams::new().ok()?;
        params.append("day", day);
        for (name, value) in wanted.iter().filter(|(_, v)| !v.is_empty()) {
            params.append(name, value);
        }
        let url = format!("/?{}", String::from(params.to_string()));
        web_sys::window()?
            .history()
            .ok()?
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url))
            .ok()?;
        for tab in elements(doc, "[data-day]") {
            if let Some(tab_day) = tab.get_attribute("data-day") {
                params.set("day", &tab_day);
                let _ =
                    tab.set_attribute("href", &format!("/?{}", String::from(params.to_string())));
            }
        }
        Some(())
    }

    fn elements(doc: &Document, selector: &str) -> Vec<Element> {
        let Ok(list) = doc.query_selector_all(selector) else {
            return Vec::new();
        };
        (0..list.length())
            .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
            .collect()
    }
}
