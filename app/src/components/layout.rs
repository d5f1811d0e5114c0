//! The frame of every page: app bar, navigation, language switcher.

use crate::access::Role;
use crate::context::{
    set_status, use_lang, use_path_and_query, use_request_data, use_snapshot, use_viewer,
};
use crate::i18n::Lang;
use crate::pages::not_found::{ErrorMessage, page_error};
use crate::routes::{Page, PageError};
use leptos::prelude::*;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let lang = use_lang();
    let s = lang.strings();
    let a = lang.access();
    let snapshot = use_snapshot();
    let agenda = snapshot.agenda;
    let viewer = use_viewer();
    let (path, query) = use_path_and_query();
    let section = Page::of(&path).map_or("agenda", |page| page.section());
    // What the server could not show instead of this page (a refused form, a failed loader).
    let error = use_request_data::<PageError>();
    // With the agenda for confirmed participants only, others still reach the access pages.
    let gated = snapshot.restricted && matches!(section, "agenda" | "rooms" | "schedule");
    let current = move |name: &str| (section == name).then_some("page");
    let switch_links = Lang::ALL
        .into_iter()
        .map(|other| {
            let href = with_lang(&path, query.as_deref(), other);
            view! {
                <li>
                    <a href=href hreflang=other.code() lang=other.code() aria-label=other.endonym()
                        title=other.endonym() aria-current=(other == lang).then_some("true")>{other.short_label()}</a>
                </li>
            }
        })
        .collect_view();
    view! {
        <a class="skip" href="#main">{s.skip_to_content}</a>
        <header class="app-bar">
            <a class="brand" href="/">
                <img src="/icon.svg" alt="" width="28" height="28"/>
                <span>{agenda.event.short_name.get(lang).to_string()}</span>
            </a>
            <nav class="lang-switch" aria-label=s.nav_language>
                <ul>{switch_links}</ul>
            </nav>
            {match viewer.role {
                Role::Anonymous => view! { <a class="account" href="/signin">{a.sign_in}</a> },
                _ => view! { <a class="account" href="/me">{a.nav_me}</a> },
            }}
        </header>
        <nav class="tabs" aria-label=s.app_name>
            <a href="/" aria-current=current("agenda")>{s.nav_agenda}</a>
            <a href="/schedule" aria-current=current("schedule")>{s.nav_schedule}</a>
            <a href="/rooms" aria-current=current("rooms")>{s.nav_rooms}</a>
            <a href="/about" aria-current=current("about")>{s.nav_about}</a>
            {(viewer.role == Role::Door).then(|| view! {
                <a href="/door" aria-current=current("door")>{lang.door().nav_door}</a>
            })}
            {(viewer.role == Role::Organiser).then(|| view! {
                <a href="/organiser" aria-current=current("organiser")>{a.nav_organiser}</a>
            })}
        </nav>
        <main id="main">
            {if let Some(error) = error {
                page_error(error)
            } else if gated {
                set_status(401);
                view! { <ErrorMessage title=a.signin_required body=a.signin_required_body.to_string()/> }.into_any()
            } else {
                children().into_any()
            }}
        </main>
    }
}

/// The same page in another language: `lang` replaced, every other parameter kept.
pub fn with_lang(path: &str, query: Option<&str>, lang: Lang) -> String {
    let mut parts: Vec<&str> = query
        .unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("lang="))
        .collect();
    let lang_part = format!("lang={}", lang.code());
    parts.push(&lang_part);
    format!("{path}?{}", parts.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_links_keep_the_filter() {
        assert_eq!(
            with_lang("/", Some("day=2024-11-28&lang=fr&q=ai"), Lang::Ar),
            "/?day=2024-11-28&q=ai&lang=ar"
        );
        assert_eq!(with_lang("/rooms", None, Lang::Ru), "/rooms?lang=ru");
    }
}
