//! One agenda item. Its `data-*` attributes let the live-filter island hide it without a reload.

use super::badges::{kind_badge, language_badges, session_flags};
use crate::domain::filter::{languages_attr, search_text};
use crate::domain::schedule::NowNext;
use crate::domain::venue_time::VenueTime;
use crate::i18n::Lang;
use crate::islands::bookmark_star::BookmarkStar;
use crate::model::{Agenda, Kind, Session};
use leptos::prelude::*;

/// Whether and how a card shows its bookmark star.
#[derive(Clone, Copy)]
pub struct Star {
    pub on: bool,
    pub signed_in: bool,
}

pub fn session_card(
    session: &Session,
    agenda: &Agenda,
    lang: Lang,
    marker: Marker,
    visible: bool,
    star: Star,
) -> impl IntoView + use<> {
    let s = lang.strings();
    let venue = VenueTime::of(&agenda.event);
    let theme = session
        .theme
        .as_deref()
        .and_then(|t| agenda.theme(t))
        .map(|t| t.name.get(lang).to_string());
    let room = session
        .room
        .as_deref()
        .and_then(|r| agenda.room(r))
        .map(|r| r.name.get(lang).to_string());
    let meta = [theme, room]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let marker_view = match marker {
        Marker::Now => Some(view! { <span class="marker now">{s.now}</span> }),
        Marker::Next => Some(view! { <span class="marker next">{s.next}</span> }),
        Marker::Past | Marker::None => None,
    };
    let class = match (session.cancelled, marker) {
        (true, _) => "card cancelled",
        (false, Marker::Now) => "card is-now",
        (false, Marker::Past) => "card past",
        _ => "card",
    };
    let (id, kind, start) = (session.id.clone(), session.kind, session.start);
    let theme_attr = session.theme.clone().unwrap_or_default();
    let room_attr = session.room.clone().unwrap_or_default();
    let languages = languages_attr(session);
    let text = search_text(session, agenda, lang);
    let range = venue.range(session.start, session.end);
    let title = session.title.get(lang).to_string();
    // Breaks need no star; every other item can join "My schedule".
    let star_view = (session.kind != Kind::Break).then(|| {
        view! { <BookmarkStar session=id.clone() on=star.on signed_in=star.signed_in lang/> }
    });
    view! {
        <li
            class=class
            data-session=id.clone()
            data-kind=kind.slug()
            data-theme=theme_attr
            data-room=room_attr
            data-languages=languages
            data-text=text
            hidden=!visible
        >
            <a class="card-link" href=format!("/sessions/{id}")>
                <div class="card-top">
                    <time class="time" datetime=start.to_rfc3339()>
                        <bdi dir="ltr">{range}</bdi>
                    </time>
                    {marker_view}
                    {kind_badge(kind, lang)}
                </div>
                <h3 class="title">{title}</h3>
                {(!meta.is_empty()).then(|| view! { <p class="meta">{meta}</p> })}
                {language_badges(session, lang)}
                {session_flags(session, lang)}
            </a>
            {star_view}
        </li>
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marker {
    Now,
    Next,
    /// Over: shown dimmed, so the eye lands on what is still to come.
    Past,
    None,
}

impl Marker {
    pub fn of(now_next: &NowNext, session: &Session, now: chrono::DateTime<chrono::Utc>) -> Self {
        if now_next.is_now(session) {
            Marker::Now
        } else if now_next.is_next(session) {
            Marker::Next
        } else if session.end <= now {
            Marker::Past
        } else {
            Marker::None
        }
    }
}
