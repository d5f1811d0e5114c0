//! The editor's forms as typed values both ways: a stored session or room becomes the form's
//! values, and posted values become the API's input (times read in venue time). Field names are
//! the API's (`title.fr`, `room_id`), so one problem list serves both.

use super::rooms::RoomInput;
use super::sessions::SessionInput;
use app::access::{FormValues, form_value, form_values};
use app::editing::{EditErrors, EditProblem};
use app::i18n::Lang;
use app::model::{Channel, Kind, Localized, Room, Session};
use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// `datetime-local` input, in the venue's zone.
pub fn venue_time(text: &str, zone: &Tz) -> std::result::Result<DateTime<Utc>, String> {
    let local = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| "a date and time like 2024-11-27T14:30 is expected".to_string())?;
    zone.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| "this time does not exist in the venue's zone".to_string())
}

/// What a `datetime-local` input shows for an instant, in venue time.
pub fn local_input(at: DateTime<Utc>, zone: &Tz) -> String {
    at.with_timezone(zone).format("%Y-%m-%dT%H:%M").to_string()
}

fn push_localized(values: &mut FormValues, field: &str, text: &Localized) {
    for lang in Lang::ALL {
        let value = match lang {
            Lang::En => Some(text.en.as_str()),
            Lang::Fr => text.fr.as_deref(),
            Lang::Ar => text.ar.as_deref(),
            Lang::Ru => text.ru.as_deref(),
        };
        values.push((
            format!("{field}.{}", lang.code()),
            value.unwrap_or("").into(),
        ));
    }
}

fn read_localized(values: &FormValues, field: &str) -> Localized {
    let get = |lang: Lang| form_value(values, &format!("{field}.{}", lang.code())).to_string();
    let other = |lang: Lang| Some(get(lang)).filter(|v| !v.trim().is_empty());
    Localized {
        en: get(Lang::En),
        fr: other(Lang::Fr),
        ar: other(Lang::Ar),
        ru: other(Lang::Ru),
    }
}

fn flag(values: &mut FormValues, name: &str, on: bool) {
    if on {
        values.push((name.into(), "true".into()));
    }
}

/// The session form's values for a stored session and who is invited to it.
pub fn session_values(session: &Session, invitees: &[String], zone: &Tz) -> FormValues {
    let mut values = FormValues::new();
    push_localized(&mut values, "title", &session.title);
    push_localized(&mut values, "description", &session.description);
    values.push(("kind".into(), session.kind.slug().into()));
    values.push(("theme".into(), session.theme.clone().unwrap_or_default()));
    values.push(("room_id".into(), session.room.clone().unwrap_or_default()));
    values.push(("start".into(), local_input(session.start, zone)));
    values.push(("end".into(), local_input(session.end, zone)));
    let floor = session.floor_language.map(|l| l.code()).unwrap_or("");
    values.push(("floor_language".into(), floor.into()));
    for c in &session.interpretation {
        values.push(("interpretation".into(), c.language.code().into()));
        let number = c.channel.map(|n| n.to_string()).unwrap_or_default();
        values.push((format!("channel.{}", c.language.code()), number));
    }
    flag(&mut values, "closed", session.closed);
    flag(&mut values, "chatham_house", session.chatham_house);
    flag(&mut values, "cancelled", session.cancelled);
    values.push(("moderators".into(), session.moderators.join("\n")));
    for person in invitees {
        values.push(("invitees".into(), person.clone()));
    }
    values
}

/// A posted session form as the API's input; what cannot be read is named field by field.
pub fn session_input(values: &FormValues, zone: &Tz) -> Result<SessionInput, EditErrors> {
    let mut errors = EditErrors::new();
    let mut time = |name: &str| {
        venue_time(form_value(values, name), zone)
            .map_err(|_| errors.push((name.into(), EditProblem::Time)))
            .ok()
    };
    let (start, end) = (time("start"), time("end"));
    let kind = Kind::parse(form_value(values, "kind"));
    if kind.is_none() {
        errors.push(("kind".into(), EditProblem::Unknown));
    }
    let floor = form_value(values, "floor_language");
    let floor_language = Lang::parse(floor).filter(|l| l.code() == floor);
    if !floor.is_empty() && floor_language.is_none() {
        errors.push(("floor_language".into(), EditProblem::Unknown));
    }
    let mut interpretation = Vec::new();
    for lang in Lang::ALL {
        if !form_values(values, "interpretation").any(|v| v == lang.code()) {
            continue;
        }
        let field = format!("channel.{}", lang.code());
        let number = form_value(values, &field).trim();
        let channel = match number {
            "" => None,
            n => match n.parse::<u16>() {
                Ok(n) => Some(n),
                Err(_) => {
                    errors.push((field, EditProblem::Invalid));
                    None
                }
            },
        };
        interpretation.push(Channel {
            language: lang,
            channel,
        });
    }
    let (Some(start), Some(end), Some(kind), true) = (start, end, kind, errors.is_empty()) else {
        return Err(errors);
    };
    let text = |name: &str| Some(form_value(values, name).to_string()).filter(|v| !v.is_empty());
    Ok(SessionInput {
        kind,
        theme: text("theme"),
        title: read_localized(values, "title"),
        description: read_localized(values, "description"),
        start,
        end,
        room_id: text("room_id"),
        floor_language,
        interpretation,
        closed: form_value(values, "closed") == "true",
        chatham_house: form_value(values, "chatham_house") == "true",
        moderators: form_value(values, "moderators")
            .lines()
            .map(str::to_string)
            .collect(),
        cancelled: form_value(values, "cancelled") == "true",
        invitees: Some(
            form_values(values, "invitees")
                .map(str::to_string)
                .collect(),
        ),
    })
}

/// The room form's values for a stored room.
pub fn room_values(room: &Room) -> FormValues {
    let mut values = FormValues::new();
    push_localized(&mut values, "name", &room.name);
    push_localized(&mut values, "floor", &room.floor);
    push_localized(&mut values, "directions", &room.directions);
    let seats = room.capacity.map(|c| c.to_string()).unwrap_or_default();
    values.push(("capacity".into(), seats));
    values
}

/// A posted room form as the API's input.
pub fn room_input(values: &FormValues) -> Result<RoomInput, EditErrors> {
    let seats = form_value(values, "capacity").trim();
    let capacity = match seats {
        "" => None,
        n => Some(
            n.parse::<u32>()
                .map_err(|_| vec![("capacity".to_string(), EditProblem::Invalid)])?,
        ),
    };
    Ok(RoomInput {
        name: read_localized(values, "name"),
        floor: read_localized(values, "floor"),
        capacity,
        directions: read_localized(values, "directions"),
    })
}

#[cfg(test)]
mod tests {
    use super::super::sessions::input_of;
    use super::*;

    #[test]
    fn form_times_are_venue_times() {
        let tunis: Tz = "Africa/Tunis".parse().unwrap();
        let t = venue_time("2024-11-27T14:30", &tunis).unwrap();
        assert_eq!(t.to_rfc3339(), "2024-11-27T13:30:00+00:00");
        assert_eq!(local_input(t, &tunis), "2024-11-27T14:30");
        assert!(venue_time("27/11 14:30", &tunis).is_err());
        assert!(venue_time("", &tunis).is_err());
    }

    #[test]
    fn a_session_reads_back_from_its_own_form() {
        let tunis: Tz = "Africa/Tunis".parse().unwrap();
        let programme = crate::programme::parse(crate::programme::DEMO).unwrap();
        for session in &programme.sessions {
            let values = session_values(session, &["p1".into()], &tunis);
            let input = session_input(&values, &tunis).unwrap();
            let again = input_of(session, Some(vec!["p1".into()]));
            assert_eq!(format!("{input:?}"), format!("{again:?}"), "{}", session.id);
        }
    }

    #[test]
    fn unreadable_fields_are_named() {
        let tunis: Tz = "Africa/Tunis".parse().unwrap();
        let values: FormValues = [
            ("start", "tomorrow"),
            ("end", "2024-11-27T10:00"),
            ("kind", "keynote"),
            ("interpretation", "fr"),
            ("channel.fr", "two"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let errors = session_input(&values, &tunis).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["start", "kind", "channel.fr"]);
    }
}
