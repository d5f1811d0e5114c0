//! What a notification says, in each working language. A change names the session, where and
//! when it is now and where and when it was: nothing about who speaks or said what.

use crate::store::AgendaChange;
use app::domain::venue_time::{VenueTime, weekday_and_day};
use app::i18n::{Lang, fill};
use app::model::{Agenda, Session};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub title: String,
    pub body: String,
}

pub type Texts = BTreeMap<Lang, Text>;

/// The texts of a change notification, from the session as it is and the values it had before
/// the first coalesced edit. `None` when the edits cancel out (moved and moved back).
pub fn change_texts(agenda: &Agenda, session: &Session, changes: &[AgendaChange]) -> Option<Texts> {
    let mut was = BTreeMap::new();
    for c in changes.iter().filter(|c| c.session_id == session.id) {
        was.entry(c.field.as_str()).or_insert(c.old_value.clone());
    }
    let json = |field: &str| -> Option<serde_json::Value> {
        was.get(field)?
            .as_deref()
            .and_then(|v| serde_json::from_str(v).ok())
    };
    let old_room = match json("room") {
        Some(v) => v.as_str().map(str::to_string),
        None if was.contains_key("room") => None,
        None => session.room.clone(),
    };
    let time = |field: &str, now: DateTime<Utc>| {
        json(field)
            .and_then(|v| v.as_str().and_then(|t| t.parse::<DateTime<Utc>>().ok()))
            .unwrap_or(now)
    };
    let (old_start, old_end) = (time("start", session.start), time("end", session.end));
    let old_cancelled = json("cancelled")
        .and_then(|v| v.as_bool())
        .unwrap_or(session.cancelled);
    let room_changed = old_room != session.room;
    let time_changed = old_start != session.start || old_end != session.end;
    if !room_changed && !time_changed && old_cancelled == session.cancelled {
        return None;
    }
    let venue = VenueTime::of(&agenda.event);
    let texts = Lang::ALL
        .into_iter()
        .map(|lang| {
            let p = lang.push();
            let title = session.title.get(lang).to_string();
            let room_name = |id: &Option<String>| {
                id.as_deref()
                    .and_then(|r| agenda.room(r))
                    .map(|r| r.name.get(lang).to_string())
                    .unwrap_or_else(|| p.no_room.to_string())
            };
            let when = |start, end| when(&venue, agenda, lang, start, end);
            let (room, old) = (room_name(&session.room), room_name(&old_room));
            let (now_time, old_time) = (when(session.start, session.end), when(old_start, old_end));
            let values = [
                ("title", title.as_str()),
                ("room", room.as_str()),
                ("old_room", old.as_str()),
                ("time", now_time.as_str()),
                ("old_time", old_time.as_str()),
            ];
            let (title_template, body_template) = if session.cancelled != old_cancelled {
                let t = if session.cancelled {
                    p.cancelled
                } else {
                    p.reinstated
                };
                (t, p.when_where)
            } else if room_changed && time_changed {
                (p.room_and_time_changed, p.room_and_time_body)
            } else if room_changed {
                (p.room_changed, p.room_body)
            } else {
                (p.time_changed, p.time_body)
            };
            let text = Text {
                title: fill(title_template, &values),
                body: fill(body_template, &values),
            };
            (lang, text)
        })
        .collect();
    Some(texts)
}

/// "In 10 min: Plenary 1", "11:30–13:00, Carthage Hall".
pub fn reminder_texts(agenda: &Agenda, session: &Session, minutes: i64) -> Texts {
    let venue = VenueTime::of(&agenda.event);
    Lang::ALL
        .into_iter()
        .map(|lang| {
            let p = lang.push();
            let room = session
                .room
                .as_deref()
                .and_then(|r| agenda.room(r))
                .map(|r| r.name.get(lang).to_string())
                .unwrap_or_else(|| p.no_room.to_string());
            let time = venue.range(session.start, session.end);
            let minutes = minutes.to_string();
            let title = session.title.get(lang).to_string();
            let values = [
                ("minutes", minutes.as_str()),
                ("title", title.as_str()),
                ("time", time.as_str()),
                ("room", room.as_str()),
            ];
            let text = Text {
                title: fill(p.reminder_title, &values),
                body: fill(p.when_where, &values),
            };
            (lang, text)
        })
        .collect()
}

/// An organiser's message: each language as written, the others in the first one given
/// (English if there is one), so nobody gets an empty notification.
pub fn announcement_texts(written: &BTreeMap<Lang, String>) -> Option<Texts> {
    let fallback = written.get(&Lang::En).or_else(|| written.values().next())?;
    Some(
        Lang::ALL
            .into_iter()
            .map(|lang| {
                let body = written.get(&lang).unwrap_or(fallback).clone();
                let title = lang.push().announcement_title.to_string();
                (lang, Text { title, body })
            })
            .collect(),
    )
}

/// "Wednesday 27, 11:30–13:00 (Tunis)": venue time, always labelled.
fn when(
    venue: &VenueTime,
    agenda: &Agenda,
    lang: Lang,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> String {
    format!(
        "{}, {} ({})",
        weekday_and_day(venue.date(start), lang),
        venue.range(start, end),
        agenda.event.city.get(lang)
    )
}
