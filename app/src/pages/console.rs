//! `/organiser/programme`: move a session, change its time, cancel it, and write an
//! announcement; each send shows its progress live (sent / failed / pending of N).

use crate::access::ConsoleView;
use crate::components::text_area::TextArea;
use crate::context::{
    set_status, use_build, use_lang, use_path_and_query, use_request_data, use_snapshot,
};
use crate::domain::venue_time::VenueTime;
use crate::editing::Interest;
use crate::i18n::{Lang, fill};
use crate::model::{Agenda, Session};
use crate::pages::day_plan::{chosen_day, day_plan};
use crate::pages::not_found::page_error;
use crate::pages::session_editor::zone_label;
use crate::routes::PageError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ConsolePage() -> impl IntoView {
    let lang = use_lang();
    let c = lang.console();
    // The server loads this for organisers only and refuses everyone else before rendering;
    // without it the page shows an error, never an empty console.
    let Some(data) = use_request_data::<ConsoleView>() else {
        let role = crate::context::use_viewer().role;
        return page_error(PageError::organiser_data_missing(role));
    };
    if data.error.is_some() {
        set_status(422);
    }
    let (_, query) = use_path_and_query();
    let followed = data.notification.clone().or_else(|| {
        query.as_deref().and_then(|q| {
            q.split('&')
                .find_map(|p| p.strip_prefix("notification="))
                .map(str::to_string)
        })
    });
    let snapshot = use_snapshot();
    let agenda = snapshot.agenda;
    let day = chosen_day(&agenda, query.as_deref(), snapshot.now);
    let interest = use_request_data::<Interest>().unwrap_or_default().0;
    let quick = |s: &Session| session_form(&agenda, s, lang).into_any();
    let plan = day_plan(&agenda, day, lang, &interest, &quick);
    let progress = followed.map(|id| {
        view! {
            <p class="notice progress" role="status" data-notification=id data-template=c.progress
                data-collecting=c.collecting>{c.collecting.replace("{total}", "…")}</p>
        }
    });
    let script = format!("{}/console.js", use_build().root());
    view! {
        <Title text=c.title/>
        <h1>{c.title}</h1>
        <p><a class="button secondary" href="/organiser/changes">{c.log_title}</a>" "
            <a class="button secondary" href="/organiser/import">{lang.import().title}</a></p>
        <p class="muted">{c.intro}</p>
        {data.error.clone().map(|e| view! { <p class="form-errors" role="alert">{e}</p> })}
        {progress}
        {data.announced_devices.map(|n| view! { <p class="notice" role="status">{fill(c.announcement_sent, &[("devices", &n.to_string())])}</p> })}
        <p class="muted">{zone_label(&agenda, lang)}</p>
        {announcement_form(&agenda, &data, lang)}
        {plan}
        <script type="module" src=script></script>
    }
    .into_any()
}

fn session_form(agenda: &Agenda, s: &Session, lang: Lang) -> impl IntoView + use<> {
    let c = lang.console();
    let venue = VenueTime::of(&agenda.event);
    let local = |t: DateTime<Utc>| format!("{}T{}", venue.date(t), venue.clock(t));
    let rooms = agenda
        .rooms
        .iter()
        .map(|r| view! { <option value=r.id.clone() selected=s.room.as_deref() == Some(r.id.as_str())>{r.name.get(lang).to_string()}</option> })
        .collect_view();
    view! {
        <form method="post" action=format!("/organiser/sessions/{}", s.id) class="console-session" id=format!("session-{}", s.id)>
            <h3>{s.title.get(lang).to_string()}</h3>
            <div class="console-fields">
                <label class="field"><span>{lang.strings().room}</span>
                    <select name="room_id">
                        <option value="" selected=s.room.is_none()>{c.no_room}</option>
                        {rooms}
                    </select>
                </label>
                <label class="field"><span>{c.start}</span><input type="datetime-local" name="start" value=local(s.start) required/></label>
                <label class="field"><span>{c.end}</span><input type="datetime-local" name="end" value=local(s.end) required/></label>
                <label class="check"><input type="checkbox" name="cancelled" value="true" checked=s.cancelled/>{c.cancelled}</label>
            </div>
            <button type="submit" class="button small">{c.save_and_notify}</button>
        </form>
    }
}

fn announcement_form(agenda: &Agenda, data: &ConsoleView, lang: Lang) -> impl IntoView + use<> {
    let c = lang.console();
    let typed = |code: &str| {
        data.texts
            .iter()
            .find(|(l, _)| l == code)
            .map(|(_, t)| t.clone())
            .unwrap_or_default()
    };
    let fields = Lang::ALL
        .into_iter()
        .map(|l| {
            let name = format!("text_{}", l.code());
            view! {
                <label class="field" lang=l.code() dir=l.dir()><span>{l.endonym()}</span>
                    <TextArea name=name rows=2 maxlength=500 value=typed(l.code())/>
                </label>
            }
        })
        .collect_view();
    let chosen = data.audience.clone();
    let option = move |value: String, label: String| {
        let selected = value == chosen;
        view! { <option value=value selected=selected>{label}</option> }
    };
    let languages = Lang::ALL
        .into_iter()
        .map(|l| {
            option(
                format!("lang:{}", l.code()),
                fill(c.language_group, &[("language", l.endonym())]),
            )
        })
        .collect_view();
    let sessions = agenda
        .sessions
        .iter()
        .filter(|s| s.kind != crate::model::Kind::Break)
        .map(|s| {
            option(
                format!("session:{}", s.id),
                fill(c.bookmarkers_of, &[("title", s.title.get(lang))]),
            )
        })
        .collect_view();
    let preview = (!data.preview.is_empty()).then(|| {
        let items = data
            .preview
            .iter()
            .map(|(l, title, body)| view! {
                <li class="push-preview" lang=l.code() dir=l.dir()><strong>{title.clone()}</strong><span>{body.clone()}</span></li>
            })
            .collect_view();
        view! { <h3>{c.preview_heading}</h3><ul class="plain">{items}</ul> }
    });
    view! {
        <details class="notice" open=!data.texts.is_empty()>
            <summary>{c.announce_title}</summary>
            <form method="post" action="/organiser/announce" class="stack">
                <p class="muted">{c.announce_help}</p>
                {fields}
                <label class="field"><span>{c.audience}</span>
                    <select name="audience">
                        {option("everyone".into(), c.everyone.to_string())}
                        {languages}
                        {sessions}
                    </select>
                </label>
                {preview}
                <div class="actions">
                    <button type="submit" name="action" value="preview" class="button secondary">{c.preview}</button>
                    <button type="submit" name="action" value="send" class="button">{c.send}</button>
                </div>
            </form>
        </details>
    }
}
