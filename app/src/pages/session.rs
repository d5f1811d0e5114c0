//! One session at a stable URL: `/sessions/{id}`.

use crate::access::{MyBookmarks, Role};
use crate::components::badges::{kind_badge, language_badges, session_flags};
use crate::context::{set_status, use_lang, use_request_data, use_snapshot, use_viewer};
use crate::domain::venue_time::{VenueTime, long_date};
use crate::islands::bookmark_star::BookmarkStar;
use crate::model::Kind;
use crate::pages::not_found::ErrorMessage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn SessionPage() -> impl IntoView {
    let agenda = use_snapshot().agenda;
    let lang = use_lang();
    let s = lang.strings();
    let id = use_params_map()
        .get_untracked()
        .get("id")
        .unwrap_or_default();
    let Some(session) = agenda.session(&id).cloned() else {
        set_status(404);
        return view! { <ErrorMessage title=s.not_found_title body=s.session_not_found.to_string()/> }.into_any();
    };
    let venue = VenueTime::of(&agenda.event);
    let day = venue.date(session.start);
    let room = session
        .room
        .as_deref()
        .and_then(|r| agenda.room(r))
        .cloned();
    let theme = session
        .theme
        .as_deref()
        .and_then(|t| agenda.theme(t))
        .map(|t| t.name.get(lang).to_string());
    let description = session.description.get(lang).to_string();
    let star = (session.kind != Kind::Break).then(|| {
        let on = use_request_data::<MyBookmarks>()
            .unwrap_or_default()
            .0
            .contains(&session.id);
        let signed_in = use_viewer().role != Role::Anonymous;
        view! { <BookmarkStar session=session.id.clone() on signed_in lang/> }
    });
    let documents = use_request_data::<crate::documents::DocumentIndex>().unwrap_or_default();
    let documents = crate::components::documents::document_list(
        &documents.of_session(&session.id).collect::<Vec<_>>(),
        lang,
    );
    // Empty for Chatham House sessions: the published agenda is redacted.
    let moderators = (!session.moderators.is_empty()).then(|| session.moderators.join(", "));
    view! {
        <Title text=session.title.get(lang).to_string()/>
        <article class="session-detail" class:cancelled=session.cancelled data-session-id=session.id.clone()>
            <p class="back"><a href=format!("/?day={day}")>{s.back_to_agenda}</a></p>
            <div class="detail-top">
                <p>{kind_badge(session.kind, lang)}</p>
                {star}
            </div>
            <h1>{session.title.get(lang).to_string()}</h1>
            {session_flags(&session, lang)}
            <dl class="facts">
                <dt>{s.when}</dt>
                <dd>
                    {long_date(day, lang)}", "
                    <time datetime=session.start.to_rfc3339()><bdi dir="ltr">{venue.range(session.start, session.end)}</bdi></time>
                    " "<bdi dir="ltr" class="zone-code">{venue.offset_label(day)}</bdi>
                </dd>
                {room.map(|room| view! {
                    <dt>{s.room}</dt>
                    <dd>
                        <a href=format!("/rooms#room-{}", room.id)>{room.name.get(lang).to_string()}</a>
                        " · "{s.floor}{s.colon}{room.floor.get(lang).to_string()}
                    </dd>
                })}
                {theme.map(|theme| view! { <dt>{s.theme}</dt><dd>{theme}</dd> })}
                {moderators.map(|m| view! { <dt>{s.moderation}</dt><dd>{m}</dd> })}
            </dl>
            {language_badges(&session, lang)}
            {(!description.is_empty()).then(|| view! { <div class="description"><p>{description}</p></div> })}
            {documents}
            {session.chatham_house.then(|| view! { <p class="notice chatham-notice">{s.chatham_house_notice}</p> })}
        </article>
    }
    .into_any()
}
