//! My schedule when signed out: the stars live on this device, so the server renders every
//! session hidden and this island shows the starred ones.

use leptos::prelude::*;

#[island]
pub fn DeviceSchedule(children: Children) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(|_| client::show_starred());
    view! { <div class="device-schedule">{children()}</div> }
}

#[cfg(feature = "hydrate")]
mod client {
    use crate::islands::bookmark_star::device_bookmarks;
    use wasm_bindgen::JsCast;

    pub fn show_starred() {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let starred = device_bookmarks();
        let all = |selector: &str| -> Vec<web_sys::Element> {
            let Ok(list) = doc.query_selector_all(selector) else {
                return Vec::new();
            };
            (0..list.length())
                .filter_map(|i| list.item(i)?.dyn_into().ok())
                .collect()
        };
        for item in all("[data-device-mine]") {
            let id = item.get_attribute("data-device-mine").unwrap_or_default();
            let _ = item.toggle_attribute_with_force("hidden", !starred.contains(&id));
        }
        for day in all("[data-device-day]") {
            let empty = day
                .query_selector("[data-device-mine]:not([hidden])")
                .ok()
                .flatten()
                .is_none();
            let _ = day.toggle_attribute_with_force("hidden", empty);
        }
        if let Some(note) = doc.get_element_by_id("device-empty") {
            let _ = note.toggle_attribute_with_force("hidden", !starred.is_empty());
        }
    }
}
