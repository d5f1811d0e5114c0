//! The frame of every page: app bar, navigation, language switcher.

use crate::context::{use_lang, use_path_and_query, use_snapshot};
use crate::i18n::Lang;
use leptos::prelude::*;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let lang = use_lang();
    let s = lang.strings();
    let agenda = use_snapshot().agenda;
    let (path, query) = use_path_and_query();
    let section = if path.starts_with("/rooms") {
        "rooms"
    } else if path.starts_with("/about") {
        "about"
    } else {
        "agenda"
    };
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
        </header>
        <nav class="tabs" aria-label=s.app_name>
            <a href="/" aria-current=current("agenda")>{s.nav_agenda}</a>
            <a href="/rooms" aria-current=current("rooms")>{s.nav_rooms}</a>
            <a href="/about" aria-current=current("about")>{s.nav_about}</a>
        </nav>
        <main id="main">{children()}</main>
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
