//! `/schedule`: my sessions per day in venue time, with the free time between them and
//! overlaps highlighted.

use crate::access::{CalendarFeed, MyBookmarks, Role, ScheduleChange, ScheduleChanges};
use crate::context::{use_lang, use_request_data, use_snapshot, use_viewer};
use crate::domain::schedule::clashes;
use crate::domain::venue_time::day_and_clock;
use crate::domain::venue_time::{VenueTime, event_days, weekday_and_day};
use crate::i18n::Lang;
use crate::i18n::fill;
use crate::islands::device_schedule::DeviceSchedule;
use crate::model::Agenda;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn SchedulePage() -> impl IntoView {
    let lang = use_lang();
    let s = lang.strings();
    let agenda = use_snapshot().agenda;
    let venue = VenueTime::of(&agenda.event);
    let signed_in = use_viewer().role != Role::Anonymous;
    let mine = use_request_data::<MyBookmarks>().unwrap_or_default().0;
    let days = event_days(&agenda.event)
        .into_iter()
        .filter_map(|day| {
            let sessions: Vec<_> =
                agenda.sessions.iter().filter(|x| mine.contains(&x.id) && venue.date(x.start) == day).collect();
            (!sessions.is_empty()).then(|| {
                let mut items = Vec::new();
                for (i, session) in sessions.iter().enumerate() {
                    if let Some(previous) = i.checked_sub(1).map(|p| sessions[p]) {
                        let gap = (session.start - previous.end).num_minutes();
                        if gap > 0 {
                            let text = fill(s.free_minutes, &[("minutes", &gap.to_string())]);
                            items.push(view! { <li class="gap">{text}</li> }.into_any());
                        }
                    }
                    let overlaps: Vec<String> = clashes(&agenda, &mine, session)
                        .into_iter()
                        .map(|o| fill(s.overlaps_with, &[("title", o.title.get(lang))]))
                        .collect();
                    let overlapping = !overlaps.is_empty();
                    let room = session.room.as_deref().and_then(|r| agenda.room(r)).map(|r| r.name.get(lang).to_string());
                    items.push(
                        view! {
                            <li class="card mine" class:overlap=overlapping class:cancelled=session.cancelled
                                data-mine=session.id.clone()>
                                <a class="card-link" href=format!("/sessions/{}", session.id)>
                                    <span class="time"><bdi dir="ltr">{venue.range(session.start, session.end)}</bdi></span>
                                    <h3 class="title">{session.title.get(lang).to_string()}</h3>
                                    {room.map(|r| view! { <p class="meta">{r}</p> })}
                                    {session.cancelled.then(|| view! { <span class="badge cancelled">{s.cancelled}</span> })}
                                    {overlaps.into_iter().map(|o| view! { <p class="overlap-note">{o}</p> }).collect_view()}
                                </a>
                            </li>
                        }
                        .into_any(),
                    );
                }
                view! {
                    <section class="slot">
                        <h2>{weekday_and_day(day, lang)}</h2>
                        <ul class="cards">{items}</ul>
                    </section>
                }
            })
        })
        .collect::<Vec<_>>();
    let empty = days.is_empty();
    let changes = use_request_data::<ScheduleChanges>().unwrap_or_default().0;
    let changes = (!changes.is_empty()).then(|| {
        let items = changes
            .iter()
            .map(|c| change_line(&agenda, &venue, lang, c))
            .collect_view();
        view! {
            <section class="notice changes" role="status">
                <h2>{s.changed_since}</h2>
                <ul class="plain">{items}</ul>
            </section>
        }
    });
    view! {
        <Title text=s.nav_schedule/>
        <h1>{s.nav_schedule}</h1>
        {(!signed_in).then(|| view! {
            <p class="notice">{s.schedule_signed_out}</p>
            {device_schedule(&agenda, &venue, lang)}
        })}
        {changes}
        {(signed_in && empty).then(|| view! { <p class="empty">{s.schedule_empty}</p> })}
        {days}
        {(signed_in && !empty).then(|| view! { <p><a class="button secondary" href="/api/v1/me/schedule.ics">{s.download_ics}</a></p> })}
        {keep_documents(&mine, lang)}
        {use_request_data::<CalendarFeed>().map(|feed| feed_panel(feed, lang))}
    }
}

/// The button that keeps the documents of my sessions for offline reading.
fn keep_documents(mine: &[String], lang: Lang) -> Option<impl IntoView + use<>> {
    let docs = use_request_data::<crate::documents::DocumentIndex>()?;
    let script = format!("{}/documents.js", crate::context::use_build().root());
    let of_mine = docs
        .0
        .iter()
        .filter(|d| d.session_id.as_ref().is_some_and(|s| mine.contains(s)));
    crate::components::documents::keep_offline_button(&of_mine.collect::<Vec<_>>(), lang, script)
}

/// "Title — Room: Elissa Room → Hannibal Room", from the stored JSON values.
pub(crate) fn change_line(
    agenda: &Agenda,
    venue: &VenueTime,
    lang: Lang,
    change: &ScheduleChange,
) -> impl IntoView + use<> {
    let s = lang.strings();
    let title = agenda
        .session(&change.session_id)
        .map(|x| x.title.get(lang).to_string())
        .unwrap_or_default();
    let value = |raw: &Option<String>| -> String {
        let json: serde_json::Value = raw
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok())
            .unwrap_or_default();
        match change.field.as_str() {
            "room" => json
                .as_str()
                .and_then(|id| agenda.room(id))
                .map(|r| r.name.get(lang).to_string())
                .unwrap_or_else(|| "—".into()),
            "start" | "end" => json
                .as_str()
                .and_then(|t| t.parse::<chrono::DateTime<chrono::Utc>>().ok())
                .map(|t| day_and_clock(venue, t, lang))
                .unwrap_or_default(),
            _ => String::new(),
        }
    };
    let what = match change.field.as_str() {
        "cancelled" if change.new_value.as_deref() == Some("true") => s.cancelled.to_string(),
        "cancelled" => s.reinstated.to_string(),
        field => {
            let label = match field {
                "room" => s.room,
                "start" => s.starts,
                _ => s.ends,
            };
            format!(
                "{label}{}{} → {}",
                s.colon,
                value(&change.old_value),
                value(&change.new_value)
            )
        }
    };
    view! {
        <li data-changed=change.session_id.clone()>
            <a href=format!("/sessions/{}", change.session_id)><strong>{title}</strong></a>
            <br/>
            <bdi>{what}</bdi>
        </li>
    }
}

/// The private subscription: the webcal link, a way to revoke it, and the reminder setting.
fn feed_panel(feed: CalendarFeed, lang: Lang) -> impl IntoView + use<> {
    // The private feed address must never be kept by a browser or proxy, however the page's
    // address was spelled (`web::cache_control` keeps a page's own header).
    crate::context::set_header("cache-control", "no-store".into());
    let s = lang.strings();
    let options = [0u32, 5, 10, 15, 30, 60]
        .into_iter()
        .map(|m| {
            let label = if m == 0 {
                s.no_reminder.to_string()
            } else {
                format!("{m} min")
            };
            view! { <option value=m.to_string() selected=feed.alarm_minutes == m>{label}</option> }
        })
        .collect_view();
    view! {
        <section class="notice feed">
            <h2>{s.subscribe_calendar}</h2>
            <p>{s.feed_help}</p>
            <p><a class="button" href=feed.url.clone() data-feed=feed.https_url.clone()>{s.subscribe_calendar}</a></p>
            <input class="link" type="text" readonly value=feed.https_url aria-label=s.subscribe_calendar/>
            <form method="post" action="/schedule/calendar-feed" class="stack">
                <label class="field">
                    <span>{s.reminder}</span>
                    <select name="alarm_minutes">{options}</select>
                </label>
                <button type="submit" class="button secondary" name="action" value="alarm">{s.save}</button>
                <button type="submit" class="button secondary" name="action" value="rotate">{s.rotate_feed}</button>
            </form>
        </section>
    }
}

/// Signed out: every session, hidden; the island shows those starred on this device.
fn device_schedule(agenda: &Agenda, venue: &VenueTime, lang: Lang) -> impl IntoView + use<> {
    let s = lang.strings();
    let days = event_days(&agenda.event)
        .into_iter()
        .map(|day| {
            let items = agenda
                .sessions
                .iter()
                .filter(|x| venue.date(x.start) == day && x.kind != crate::model::Kind::Break)
                .map(|x| {
                    view! {
                        <li class="card mine" data-device-mine=x.id.clone() hidden>
                            <a class="card-link" href=format!("/sessions/{}", x.id)>
                                <span class="time"><bdi dir="ltr">{venue.range(x.start, x.end)}</bdi></span>
                                <h3 class="title">{x.title.get(lang).to_string()}</h3>
                            </a>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="slot" data-device-day="" hidden>
                    <h2>{weekday_and_day(day, lang)}</h2>
                    <ul class="cards">{items}</ul>
                </section>
            }
        })
        .collect_view();
    view! {
        <DeviceSchedule>
            {days}
            <p id="device-empty" class="empty">{s.schedule_empty}</p>
        </DeviceSchedule>
    }
}
