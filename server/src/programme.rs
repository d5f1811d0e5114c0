//! The programme file an organiser imports (the demo programme is one): parsed into the agenda
//! model, with every problem reported at once, before anything touches the database.

use app::i18n::Lang;
use app::model::{Channel, Event, Kind, Localized, Room, Session, Theme};
use chrono::{DateTime, Datelike, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Deserialize;
use std::collections::HashSet;

/// A programme that passed every check: UTC times, known references, unique ids.
#[derive(Clone, Debug, PartialEq)]
pub struct Programme {
    pub event: Event,
    /// When registration closes, if the file says; a file without it leaves the stored one.
    pub registration_deadline: Option<DateTime<Utc>>,
    pub themes: Vec<Theme>,
    pub rooms: Vec<Room>,
    pub sessions: Vec<Session>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
#[error("the programme has {} problem(s): {}", .0.len(), .0.join("; "))]
pub struct ProgrammeError(pub Vec<String>);

/// The demo programme, built from the IBMC 2024 concept note and labelled as a demo in its data.
pub const DEMO: &str = include_str!("../data/demo-ibmc-2024.json");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    event: EventFile,
    #[serde(default)]
    themes: Vec<Theme>,
    rooms: Vec<Room>,
    sessions: Vec<SessionFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EventFile {
    slug: String,
    name: Localized,
    short_name: Localized,
    venue: Localized,
    city: Localized,
    timezone: String,
    start_date: NaiveDate,
    end_date: NaiveDate,
    languages: Vec<Lang>,
    contact_email: String,
    #[serde(default)]
    demo: bool,
    /// RFC 3339 (`2024-11-20T23:59:00+01:00`), or a venue time without an offset.
    #[serde(default)]
    registration_deadline: Option<String>,
}

/// Times are written in venue time, as organisers think of them.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SessionFile {
    id: String,
    kind: Kind,
    theme: Option<String>,
    title: Localized,
    #[serde(default)]
    description: Localized,
    start: NaiveDateTime,
    end: NaiveDateTime,
    room: Option<String>,
    floor_language: Option<Lang>,
    #[serde(default)]
    interpretation: Vec<Channel>,
    #[serde(default)]
    closed: bool,
    #[serde(default = "chatham_by_default")]
    chatham_house: bool,
    #[serde(default)]
    moderators: Vec<String>,
    #[serde(default)]
    cancelled: bool,
}

fn chatham_by_default() -> bool {
    true
}

pub fn parse(json: &str) -> Result<Programme, ProgrammeError> {
    let file: File = serde_json::from_str(json)
        .map_err(|e| ProgrammeError(vec![format!("not a programme file: {e}")]))?;
    let mut problems = Vec::new();
    let e = file.event;
    let tz: Tz = e.timezone.parse().unwrap_or(Tz::UTC);
    let mut sessions = Vec::with_capacity(file.sessions.len());
    for s in file.sessions {
        let mut at = |local: NaiveDateTime, what: &str| -> DateTime<Utc> {
            venue_to_utc(&tz, local).unwrap_or_else(|| {
                problems.push(format!(
                    "session {}: {what} {local} does not exist in {tz} (clock change)",
                    s.id
                ));
                Utc.from_utc_datetime(&local)
            })
        };
        let (start, end) = (at(s.start, "start"), at(s.end, "end"));
        sessions.push(Session {
            id: s.id,
            kind: s.kind,
            theme: s.theme,
            title: s.title,
            description: s.description,
            start,
            end,
            room: s.room,
            floor_language: s.floor_language,
            interpretation: s.interpretation,
            closed: s.closed,
            chatham_house: s.chatham_house,
            moderators: s.moderators,
            cancelled: s.cancelled,
        });
    }
    let registration_deadline = match e.registration_deadline.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => match DateTime::parse_from_rfc3339(text) {
            Ok(at) => Some(at.with_timezone(&Utc)),
            Err(_) => match NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
                .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
                .ok()
                .and_then(|local| venue_to_utc(&tz, local))
            {
                Some(at) => Some(at),
                None => {
                    problems.push(format!(
                        "event.registration_deadline {text:?}: expected a time such as 2024-11-20T23:59:00+01:00"
                    ));
                    None
                }
            },
        },
    };
    // The store keeps years 1–9999 only; say so here rather than fail at the write.
    if let Some(at) = registration_deadline.filter(|at| !(1..=9999).contains(&at.year())) {
        problems.push(format!(
            "event.registration_deadline {at}: years 1–9999 only"
        ));
    }
    let event = Event {
        slug: e.slug,
        name: e.name,
        short_name: e.short_name,
        venue: e.venue,
        city: e.city,
        timezone: e.timezone,
        start_date: e.start_date,
        end_date: e.end_date,
        languages: e.languages,
        contact_email: e.contact_email,
        demo: e.demo,
    };
    let programme = Programme {
        event,
        registration_deadline,
        themes: file.themes,
        rooms: file.rooms,
        sessions,
    };
    match check(programme) {
        Ok(programme) if problems.is_empty() => Ok(programme),
        Ok(_) => Err(ProgrammeError(problems)),
        Err(ProgrammeError(more)) => {
            problems.extend(more);
            Err(ProgrammeError(problems))
        }
    }
}

/// A venue-time instant in UTC: the earlier of two at a clock change, `None` in a skipped hour.
pub fn venue_to_utc(tz: &Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Some(t.with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

/// Every rule a programme must keep, whatever file it came from (ours, frab, c3voc, iCalendar):
/// all problems at once, or the programme with its sessions in time order.
pub fn check(mut programme: Programme) -> Result<Programme, ProgrammeError> {
    let mut problems = Vec::new();
    let mut problem = |p: String| problems.push(p);
    let e = &programme.event;
    if !is_slug(&e.slug) {
        problem(format!(
            "event slug {:?} must be 1–64 of a–z, 0–9, '-'",
            e.slug
        ));
    }
    let tz: Tz = e.timezone.parse().unwrap_or_else(|_| {
        problem(format!(
            "time zone {:?} is not an IANA zone such as Africa/Tunis",
            e.timezone
        ));
        Tz::UTC
    });
    if e.start_date > e.end_date {
        problem("the event ends before it starts".into());
    }
    if [e.start_date, e.end_date]
        .iter()
        .any(|d| !(1970..=9998).contains(&chrono::Datelike::year(d)))
    {
        problem("the event's dates must lie between the years 1970 and 9998".into());
    }
    // A file from another tool has no contact address; an empty one is left off the pages.
    if !e.contact_email.is_empty() && !e.contact_email.contains('@') {
        problem(format!(
            "contact e-mail {:?} is not an address",
            e.contact_email
        ));
    }
    if e.languages.is_empty() {
        problem("the event names no working language".into());
    }
    if e.name.en.trim().is_empty() {
        problem("the event's English name is empty".into());
    }
    let theme_ids = unique_ids(
        programme.themes.iter().map(|t| t.slug.as_str()),
        "theme",
        &mut problem,
    );
    let room_ids = unique_ids(
        programme.rooms.iter().map(|r| r.id.as_str()),
        "room",
        &mut problem,
    );
    unique_ids(
        programme.sessions.iter().map(|s| s.id.as_str()),
        "session",
        &mut problem,
    );
    for s in &programme.sessions {
        if let Err(why) = check_session_times(e.start_date, e.end_date, &tz, s.start, s.end) {
            problem(format!("session {}: {why}", s.id));
        }
        if let Some(room) = s.room.as_deref().filter(|r| !room_ids.contains(*r)) {
            problem(format!("session {}: unknown room {room:?}", s.id));
        }
        if let Some(theme) = s.theme.as_deref().filter(|t| !theme_ids.contains(*t)) {
            problem(format!("session {}: unknown theme {theme:?}", s.id));
        }
        if s.title.en.trim().is_empty() {
            problem(format!("session {}: the English title is empty", s.id));
        }
    }
    if !problems.is_empty() {
        return Err(ProgrammeError(problems));
    }
    programme
        .sessions
        .sort_by(|a, b| (a.start, a.end, &a.id).cmp(&(b.start, b.end, &b.id)));
    Ok(programme)
}

/// When an event's sessions may start: from the first moment of its first day to the first
/// moment after its last, in venue time. `None` when the dates cannot be placed in that zone.
pub fn event_window(
    first: NaiveDate,
    last: NaiveDate,
    tz: &Tz,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    Some((
        start_of_day(first, tz)?,
        start_of_day(last.succ_opt()?, tz)?,
    ))
}

/// The first instant of a day in a zone: midnight, or where clocks jump forward at midnight
/// (Cairo, Beirut, …) the first minute that exists.
fn start_of_day(day: NaiveDate, tz: &Tz) -> Option<DateTime<Utc>> {
    (0..=180).find_map(|minute| {
        let local = day.and_hms_opt(0, 0, 0)? + chrono::Duration::minutes(minute);
        tz.from_local_datetime(&local)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    })
}

/// The longest a session may last.
const MAX_SESSION_HOURS: i64 = 24;

/// The one rule for a session's times, shared by the programme file, the API and the console:
/// whole seconds (no leap second, no fraction), ending after it starts and within a day of it,
/// starting within the event's days in venue time (so a closing reception may run past the
/// last midnight). Everything it lets through can be stored and read back.
pub fn check_session_times(
    first: NaiveDate,
    last: NaiveDate,
    tz: &Tz,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<(), String> {
    use chrono::Timelike;
    if start.nanosecond() != 0 || end.nanosecond() != 0 {
        return Err("times are whole seconds: no fractions, no leap second".into());
    }
    if end <= start {
        return Err("it ends at or before its start (a session must end after it starts)".into());
    }
    if end - start > chrono::Duration::hours(MAX_SESSION_HOURS) {
        return Err(format!("a session lasts at most {MAX_SESSION_HOURS} hours"));
    }
    let Some((opens, closes)) = event_window(first, last, tz) else {
        return Err("the event's dates cannot be placed in its time zone".into());
    };
    if start < opens || start >= closes {
        let local = start.with_timezone(tz).format("%Y-%m-%d %H:%M");
        return Err(format!(
            "{local} is outside the event's days ({first} to {last}, {tz})"
        ));
    }
    Ok(())
}

pub fn is_slug(s: &str) -> bool {
    (1..=64).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

fn unique_ids<'a>(
    ids: impl Iterator<Item = &'a str>,
    what: &str,
    problem: &mut impl FnMut(String),
) -> HashSet<String> {
    let mut seen = HashSet::new();
    for id in ids {
        if !is_slug(id) {
            problem(format!(
                "{what} id {id:?} must be 1–64 of a–z, 0–9, '-', '_'"
            ));
        }
        if !seen.insert(id.to_string()) {
            problem(format!("{what} id {id:?} is used twice"));
        }
    }
    seen
}

#[cfg(test)]
mod tests {

    #[test]
    fn an_event_ending_where_clocks_skip_midnight_still_has_its_days() {
        // Egypt: on Friday 26 April 2024 clocks went from 00:00 straight to 01:00.
        let cairo: Tz = "Africa/Cairo".parse().unwrap();
        let day = |d| NaiveDate::from_ymd_opt(2024, 4, d).unwrap();
        let (opens, closes) = event_window(day(24), day(25), &cairo).unwrap();
        assert_eq!(opens.to_rfc3339(), "2024-04-23T22:00:00+00:00");
        assert_eq!(closes.to_rfc3339(), "2024-04-25T22:00:00+00:00");
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert!(
            check_session_times(
                day(24),
                day(25),
                &cairo,
                at("2024-04-25T18:00:00Z"),
                at("2024-04-25T20:00:00Z")
            )
            .is_ok()
        );
        assert!(
            check_session_times(
                day(24),
                day(25),
                &cairo,
                at("2024-04-25T22:30:00Z"),
                at("2024-04-25T23:00:00Z")
            )
            .is_err()
        );
    }
    use super::*;

    #[test]
    fn the_demo_programme_parses_and_is_labelled_a_demo() {
        let p = parse(DEMO).expect("demo programme is valid");
        assert!(p.event.demo);
        assert_eq!(p.event.timezone, "Africa/Tunis");
        assert!((4..=6).contains(&p.rooms.len()));
        assert!(p.sessions.iter().any(|s| s.kind == Kind::SideEvent));
        assert!(p.sessions.windows(2).all(|w| w[0].start <= w[1].start));
        // Every title reads in all four working languages.
        for s in &p.sessions {
            assert!(
                Lang::ALL.iter().all(|l| s.title.has(*l)),
                "{} lacks a title translation",
                s.id
            );
        }
    }

    #[test]
    fn venue_times_become_utc() {
        let p = parse(DEMO).unwrap();
        let first = &p.sessions[0];
        assert_eq!(
            first.start.to_rfc3339(),
            "2024-11-27T07:30:00+00:00",
            "08:30 in Tunis"
        );
    }

    fn demo_with(edit: impl FnOnce(&mut serde_json::Value)) -> Result<Programme, ProgrammeError> {
        let mut value: serde_json::Value = serde_json::from_str(DEMO).unwrap();
        edit(&mut value);
        parse(&value.to_string())
    }

    #[test]
    fn reports_every_problem_at_once() {
        let err = demo_with(|v| {
            v["event"]["timezone"] = "Mars/Olympus".into();
            v["sessions"][0]["room"] = "attic".into();
            v["sessions"][1]["end"] = v["sessions"][1]["start"].clone();
            v["sessions"][2]["id"] = v["sessions"][3]["id"].clone();
        })
        .unwrap_err();
        let text = err.to_string();
        for needle in [
            "Mars/Olympus",
            "unknown room \"attic\"",
            "ends at or before",
            "used twice",
        ] {
            assert!(text.contains(needle), "{needle} missing from {text}");
        }
    }

    #[test]
    fn rejects_sessions_outside_the_event_and_unknown_fields() {
        assert!(demo_with(|v| v["sessions"][0]["start"] = "2024-12-01T09:00:00".into()).is_err());
        assert!(demo_with(|v| v["sessions"][0]["speaker"] = "someone".into()).is_err());
        assert!(parse("{").is_err());
    }
}
