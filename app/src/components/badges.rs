//! Small labels shared by the agenda cards and the session page.

use crate::i18n::Lang;
use crate::model::{Kind, Session};
use leptos::prelude::*;

pub fn kind_badge(kind: Kind, lang: Lang) -> impl IntoView + use<> {
    view! { <span class=format!("badge kind kind-{}", kind.slug())>{kind.label(lang)}</span> }
}

/// Floor language and interpretation channels, codes isolated so they read right in Arabic too.
pub fn language_badges(session: &Session, lang: Lang) -> impl IntoView + use<> {
    let s = lang.strings();
    let floor = session.floor_language.map(|floor| {
        view! {
            <span class="lang-floor" title=s.lang_name(floor)>
                {s.floor_language}{s.colon}<bdi class="code">{floor.code().to_uppercase()}</bdi>
            </span>
        }
    });
    let channels = (!session.interpretation.is_empty()).then(|| {
        let items = session
            .interpretation
            .iter()
            .map(|c| {
                let label = match c.channel {
                    Some(n) => format!("{} {} {n}", c.language.code().to_uppercase(), s.channel),
                    None => c.language.code().to_uppercase(),
                };
                view! { <li title=s.lang_name(c.language)><bdi class="code">{label}</bdi></li> }
            })
            .collect_view();
        view! {
            <span class="lang-interp">
                {s.interpretation}{s.colon}
                <ul class="channels">{items}</ul>
            </span>
        }
    });
    view! { <p class="langs">{floor}{channels}</p> }
}

pub fn session_flags(session: &Session, lang: Lang) -> impl IntoView + use<> {
    let s = lang.strings();
    view! {
        <p class="flags">
            {session.cancelled.then(|| view! { <span class="badge cancelled">{s.cancelled}</span> })}
            {session.closed.then(|| view! { <span class="badge closed">{s.closed_session}</span> })}
            {session.chatham_house.then(|| view! { <span class="badge chatham">{s.chatham_house}</span> })}
        </p>
    }
}
