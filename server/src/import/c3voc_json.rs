//! Reading c3voc schedule JSON: the frab-style layout (`conference.days[].rooms{name: [event]}`,
//! times as `date` + `HH:MM` + duration) and `schedule2` (`schedule.events[]` with `start`/`end`,
//! room and track references, localized abstracts). Problems are named by their JSON path.

use super::Problem;
use super::draft::{
    Draft, DraftRoom, DraftSession, When, after, date, kind_of, our_id, parse_duration, parse_time,
};
use super::text::{short_name, shorten};
use app::i18n::Lang;

use serde_json::Value;

pub fn read(text: &str) -> Result<Draft, Vec<Problem>> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        vec![Problem::at(
            format!("line {}, column {}", e.line(), e.column()),
            format!("not valid JSON: {e}"),
        )]
    })?;
    let Some(schedule) = value.get("schedule").filter(|s| s.is_object()) else {
        return Err(vec![Problem::general(
            "the file has no \"schedule\" object",
        )]);
    };
    let conference = &schedule["conference"];
    // Only our own exports' `slug` and `url` are read as our session ids (pretalx's slugs hold
    // the title, other tools' URLs are theirs).
    let ours = value["generator"]["name"].as_str() == Some("delegate-companion");
    let mut draft = Draft {
        title: string(&conference["title"]),
        acronym: string(&conference["acronym"]),
        timezone: string(&conference["time_zone_name"]),
        start_date: string(&conference["start"]).and_then(|d| date(&d)),
        end_date: string(&conference["end"]).and_then(|d| date(&d)),
        languages: conference["languages"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|l| l.as_str().and_then(Lang::parse))
            .collect(),
        language_always_given: true,
        ..Default::default()
    };
    for room in conference["rooms"].as_array().into_iter().flatten() {
        if let Some(room) = room_ref(room) {
            draft.rooms.push(room);
        }
    }
    for track in conference["tracks"].as_array().into_iter().flatten() {
        if let Some(name) = string(&track["name"]).or_else(|| string(track)) {
            draft
                .tracks
                .push((short_name(&name), string(&track["slug"])));
        }
    }
    let mut problems = Vec::new();
    let mut events: Vec<(String, &Value, Option<&str>)> = Vec::new();
    for (d, day) in conference["days"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let Some(rooms) = day["rooms"].as_object() else {
            continue;
        };
        for (name, list) in rooms {
            for (i, event) in list.as_array().into_iter().flatten().enumerate() {
                let key = shorten(name, 40).0;
                let path = format!("schedule.conference.days[{d}].rooms[{key:?}][{i}]");
                events.push((path, event, Some(name.as_str())));
            }
        }
    }
    if events.is_empty() {
        for (i, event) in schedule["events"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
        {
            events.push((format!("schedule.events[{i}]"), event, None));
        }
    }
    for (path, event, room) in events {
        match read_event(&draft, ours, path, event, room) {
            Ok(session) => draft.sessions.push(session),
            Err(problem) => problems.push(problem),
        }
    }
    if draft.sessions.is_empty() && problems.is_empty() {
        problems.push(Problem::general(
            "the schedule holds no event (schedule.events or conference.days[].rooms)",
        ));
    }
    if problems.is_empty() {
        Ok(draft)
    } else {
        Err(problems)
    }
}

fn read_event(
    draft: &Draft,
    ours: bool,
    path: String,
    event: &Value,
    room_key: Option<&str>,
) -> Result<DraftSession, Problem> {
    if !event.is_object() {
        return Err(Problem::at(path, "an event must be an object"));
    }
    let title = string(&event["title"]).unwrap_or_default();
    let wrong = |what: String| Problem::at(path.clone(), what);
    let start = string(&event["start"])
        .and_then(|s| parse_time(&s))
        .or_else(|| {
            // frab-style: `date` carries the day and offset, `start` only the clock time.
            let dated = string(&event["date"]).and_then(|d| parse_time(&d))?;
            let clock = string(&event["start"])?;
            match dated {
                When::Instant(_) => Some(dated),
                When::Local(day) => parse_time(&format!("{}T{clock}", day.date())),
            }
        })
        .ok_or_else(|| wrong(format!("event {title:?} has no start time")))?;
    let end = match string(&event["end"]).and_then(|e| parse_time(&e)) {
        Some(end) => end,
        None => {
            let length = string(&event["duration"])
                .ok_or_else(|| wrong(format!("event {title:?} has neither end nor duration")))?;
            let length = parse_duration(&length).ok_or_else(|| {
                wrong(format!(
                    "event {title:?}: duration {length:?} is neither HH:MM nor ISO 8601 (PT1H30M)"
                ))
            })?;
            after(start, length)
                .ok_or_else(|| wrong(format!("event {title:?} ends out of range")))?
        }
    };
    let room = match &event["room"] {
        Value::Object(_) => room_ref(&event["room"]),
        Value::String(text) => Some(DraftRoom {
            name: short_name(text),
            ..Default::default()
        }),
        _ => room_key.map(|text| DraftRoom {
            name: short_name(text),
            ..Default::default()
        }),
    }
    .filter(|r| !r.name.is_empty() || r.guid.is_some());
    let acronym = draft.acronym.as_deref().unwrap_or("");
    let our_id = our_id(ours, string(&event["url"]), string(&event["slug"]), acronym);
    // A meta event (`BREAK`, `LUNCH`, …) in schedule2 has no participants and no state.
    let kind_text = string(&event["type"]).unwrap_or_default();
    let meta = event.get("participants").is_none() && event.get("persons").is_none();
    let kind = match (meta, kind_text.as_str()) {
        (true, "BREAK" | "LUNCH" | "DINNER") => Some(app::model::Kind::Break),
        _ => kind_of(&kind_text),
    };
    let mut persons: Vec<String> = ["participants", "persons"]
        .iter()
        .flat_map(|key| event[*key].as_array().into_iter().flatten())
        .filter_map(|p| {
            string(&p["name"])
                .or_else(|| string(&p["public_name"]))
                .or_else(|| string(p))
                .map(|n| short_name(&n))
        })
        .collect();
    persons.dedup();
    let (description, translations) = localizable(&event["abstract"])
        .filter(|(d, t)| d.is_some() || !t.is_empty())
        .or_else(|| localizable(&event["description"]))
        .unwrap_or_default();
    Ok(DraftSession {
        at: path.clone(),
        id: our_id,
        foreign_id: string(&event["code"]).or_else(|| match &event["id"] {
            Value::Number(n) => Some(n.to_string()),
            other => string(other),
        }),
        guid: string(&event["guid"]),
        title,
        description,
        translations,
        start,
        end,
        room,
        kind,
        track: match &event["track"] {
            Value::Object(_) => {
                string(&event["track"]["name"]).or_else(|| string(&event["track"]["slug"]))
            }
            other => string(other),
        },
        language: string(&event["language"]).and_then(|l| Lang::parse(&l)),
        persons,
        cancelled: matches!(
            string(&event["state"])
                .as_deref()
                .map(str::to_ascii_uppercase)
                .as_deref(),
            Some("CANCELED" | "CANCELLED" | "REJECTED" | "WITHDRAWN")
        ),
    })
}

/// schedule2's LocalizableString: a plain string (the file's language) or a map of languages.
#[allow(clippy::type_complexity)]
fn localizable(value: &Value) -> Option<(Option<String>, Vec<(Lang, String)>)> {
    match value {
        Value::String(_) => Some((string(value), Vec::new())),
        Value::Object(map) => Some((
            None,
            map.iter()
                .filter_map(|(code, text)| Some((Lang::parse(code)?, string(text)?)))
                .collect(),
        )),
        _ => None,
    }
}

fn room_ref(room: &Value) -> Option<DraftRoom> {
    let name = string(&room["name"]).or_else(|| string(room));
    let guid = string(&room["guid"]);
    (name.is_some() || guid.is_some()).then(|| DraftRoom {
        name: short_name(&name.unwrap_or_default()),
        slug: string(&room["slug"]),
        guid,
        capacity: room["capacity"]
            .as_u64()
            .and_then(|c| u32::try_from(c).ok()),
    })
}

/// A non-empty trimmed string, or `None`.
fn string(value: &Value) -> Option<String> {
    value
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}
