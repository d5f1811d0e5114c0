//! The programme as c3voc "schedule2" JSON (`schedule.json`), the newer format of the same
//! ecosystem as frab's XML; it validates against the published `schema2.json`. Titles in the
//! reader's language, descriptions in every language the programme has, breaks as meta events,
//! cancelled sessions marked `CANCELED` (this format can say so), nobody named for a Chatham
//! House session.

use crate::frab::{acronym, day_bounds, room_name, stable_uuid};
use app::i18n::Lang;
use app::model::{Agenda, Kind, Localized, Session};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value, json};

/// A slug as the schema's `^[a-z0-9_-]+[a-z0-9]$` takes it.
fn slug(text: &str) -> String {
    let mut slug: String = text
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '_' | '-') => c,
            _ => '-',
        })
        .collect();
    while slug.ends_with(['-', '_']) {
        slug.pop();
    }
    if slug.is_empty() { "x".into() } else { slug }
}

/// Every language a text is written in (English always), as the schema's localization map.
fn localized(text: &Localized) -> Value {
    let mut map = Map::new();
    for lang in Lang::ALL {
        if text.has(lang) && !text.get(lang).is_empty() {
            map.insert(lang.code().into(), text.get(lang).into());
        }
    }
    Value::Object(map)
}

pub fn schedule_json(agenda: &Agenda, public_url: &str, lang: Lang) -> Value {
    let zone: Tz = agenda.event.timezone.parse().unwrap_or(chrono_tz::UTC);
    let event = &agenda.event;
    let time = |at: DateTime<Utc>| at.with_timezone(&zone).to_rfc3339();
    let mut days = Vec::new();
    let mut day = event.start_date;
    let mut index = 1;
    while day <= event.end_date {
        let ends = agenda
            .sessions
            .iter()
            .filter(|s| s.start.with_timezone(&zone).date_naive() == day)
            .map(|s| s.end);
        let (start, end) = day_bounds(&zone, day, ends);
        days.push(json!({
            "index": index, "date": day.to_string(),
            "start": start.to_rfc3339(), "end": end.to_rfc3339(),
        }));
        let Some(next) = day.succ_opt() else { break };
        day = next;
        index += 1;
    }
    let room_ref = |room: Option<&str>| {
        json!({
            "name": room_name(agenda, room, lang),
            "guid": stable_uuid(&event.slug, &format!("room:{}", room.unwrap_or(""))),
        })
    };
    let rooms: Vec<Value> = agenda
        .rooms
        .iter()
        .map(|r| {
            let mut room = room_ref(Some(&r.id));
            room["slug"] = slug(&r.id).into();
            room["capacity"] = r.capacity.map_or(Value::Null, Value::from);
            room
        })
        .collect();
    let tracks: Vec<Value> = agenda
        .themes
        .iter()
        .map(|t| json!({ "name": t.name.get(lang), "slug": slug(&t.slug) }))
        .collect();
    let site = public_url.trim_end_matches('/');
    let events: Vec<Value> = agenda
        .sessions
        .iter()
        .filter_map(|s| session_event(agenda, s, lang, site, &time, &room_ref))
        .collect();
    let mut conference = json!({
        "acronym": acronym(&event.slug),
        "title": event.name.get(lang),
        "start": days.first().map_or(Value::Null, |d| d["start"].clone()),
        "end": days.last().map_or(Value::Null, |d| d["end"].clone()),
        "time_zone_name": event.timezone,
        "languages": event.languages.iter().map(|l| l.code()).collect::<Vec<_>>(),
        "tracks": tracks,
        "rooms": rooms,
        "days": days,
    });
    if site.starts_with("http") {
        conference["url"] = format!("{site}/").into();
    }
    json!({
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": { "name": "delegate-companion", "version": env!("CARGO_PKG_VERSION") },
        "schedule": {
            "version": agenda.version.to_string(),
            "conference": conference,
            "events": events,
        },
    })
}

/// One session: a meta event for a break (left out once cancelled: a meta event has no state),
/// an event for everything else.
fn session_event(
    agenda: &Agenda,
    s: &Session,
    lang: Lang,
    site: &str,
    time: &impl Fn(DateTime<Utc>) -> String,
    room_ref: &impl Fn(Option<&str>) -> Value,
) -> Option<Value> {
    let guid = stable_uuid(&agenda.event.slug, &s.id);
    if s.kind == Kind::Break {
        return (!s.cancelled).then(|| {
            json!({
                "type": "BREAK", "guid": guid, "title": s.title.get(lang),
                "start": time(s.start), "end": time(s.end), "room": room_ref(s.room.as_deref()),
            })
        });
    }
    // Chatham House: nobody is named for these sessions (the served agenda holds no names).
    let participants: Vec<Value> = match s.chatham_house {
        true => Vec::new(),
        false => s
            .moderators
            .iter()
            .map(|name| {
                let guid = stable_uuid(&agenda.event.slug, &format!("person:{name}"));
                json!({ "name": name, "role": "MODERATOR", "guid": guid })
            })
            .collect(),
    };
    let track = s.theme.as_deref().unwrap_or(s.kind.slug());
    Some(json!({
        "guid": guid,
        "slug": slug(&format!("{}-{}", acronym(&agenda.event.slug), s.id)),
        "title": s.title.get(lang),
        "subtitle": null,
        "abstract": localized(&s.description),
        "start": time(s.start),
        "end": time(s.end),
        "room": room_ref(s.room.as_deref()),
        "track": { "slug": slug(track) },
        "type": match s.kind { Kind::Plenary => "TALK", Kind::SideEvent => "DISCUSSION", _ => "OTHER" },
        "language": s.floor_language.unwrap_or(Lang::En).code(),
        "participants": participants,
        "links": [],
        "url": format!("{site}/sessions/{}", s.id),
        "state": if s.cancelled { "CANCELED" } else { "CONFIRMED" },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_follow_the_schema() {
        assert_eq!(slug("D1 Opening!"), "d1-opening");
        assert_eq!(slug("side_event"), "side_event");
        assert_eq!(slug("--"), "x");
    }
}
