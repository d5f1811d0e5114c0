//! Reading iCalendar (RFC 5545): one VEVENT a session, LOCATION its room, CATEGORIES its kind,
//! STATUS:CANCELLED cancelled. Times in UTC, in a named zone (IANA names; others are read in the
//! event's zone, with a note) or floating (the event's zone). Alarms and time-zone definitions
//! inside are skipped. Problems name the line.

use super::Problem;
use super::draft::{Draft, DraftRoom, DraftSession, When, after, kind_of, parse_duration};
use crate::programme::venue_to_utc;
use chrono::{NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// One content line, unfolded: its name, parameters and value, and where it starts.
struct Line {
    number: usize,
    name: String,
    params: Vec<(String, String)>,
    value: String,
}

impl Line {
    fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub fn read(text: &str) -> Result<Draft, Vec<Problem>> {
    let mut draft = Draft::default();
    let mut problems = Vec::new();
    let mut event: Option<Vec<Line>> = None;
    // Components nested in an event (VALARM) or beside it (VTIMEZONE, VTODO) are skipped.
    let mut skipping: Vec<String> = Vec::new();
    for line in unfold(text) {
        let line = match line {
            Ok(line) => line,
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        match (line.name.as_str(), line.value.to_ascii_uppercase().as_str()) {
            ("BEGIN", "VCALENDAR") => {}
            ("BEGIN", "VEVENT") if skipping.is_empty() && event.is_none() => {
                event = Some(vec![line]);
            }
            ("END", "VEVENT") if skipping.is_empty() => match event.take() {
                Some(lines) => match read_event(&lines) {
                    Ok(Some(session)) => draft.sessions.push(session),
                    Ok(None) => draft.notes.push(Problem::at(
                        format!("line {}", lines[0].number),
                        "an all-day event is not a session: left out",
                    )),
                    Err(problem) => problems.push(problem),
                },
                None => problems.push(Problem::at(
                    format!("line {}", line.number),
                    "END:VEVENT without BEGIN:VEVENT",
                )),
            },
            ("BEGIN", component) => skipping.push(component.to_string()),
            ("END", component) if skipping.last().is_some_and(|c| c == component) => {
                skipping.pop();
            }
            _ if !skipping.is_empty() => {}
            _ => match &mut event {
                Some(lines) => lines.push(line),
                None => match line.name.as_str() {
                    "X-WR-CALNAME" => draft.title = Some(unescape(&line.value)),
                    "X-WR-TIMEZONE" => draft.timezone = Some(line.value.trim().to_string()),
                    _ => {}
                },
            },
        }
    }
    if let Some(lines) = event {
        problems.push(Problem::at(
            format!("line {}", lines[0].number),
            "BEGIN:VEVENT is never ended (END:VEVENT)",
        ));
    }
    if draft.sessions.is_empty() && problems.is_empty() {
        problems.push(Problem::general("the calendar holds no event (VEVENT)"));
    }
    // Our own calendars name the event in every UID: it is the event the file is of.
    let events: std::collections::BTreeSet<&str> = draft
        .sessions
        .iter()
        .filter_map(|s| {
            s.foreign_id
                .as_deref()?
                .strip_suffix(".delegate-companion")?
                .split_once('@')
        })
        .map(|(_, event)| event)
        .collect();
    if let [event] = events.into_iter().collect::<Vec<_>>().as_slice() {
        draft.acronym = Some(event.to_string());
    }
    if problems.is_empty() {
        Ok(draft)
    } else {
        Err(problems)
    }
}

/// `None` for an all-day event.
fn read_event(lines: &[Line]) -> Result<Option<DraftSession>, Problem> {
    let here = format!("line {}", lines[0].number);
    let get = |name: &str| lines.iter().find(|l| l.name == name);
    let text = |name: &str| {
        get(name)
            .map(|l| unescape(&l.value))
            .filter(|t| !t.trim().is_empty())
    };
    let title = text("SUMMARY").unwrap_or_default();
    let Some(start_line) = get("DTSTART") else {
        return Err(Problem::at(here, format!("event {title:?} has no DTSTART")));
    };
    if start_line
        .param("VALUE")
        .is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
    {
        return Ok(None);
    }
    let start = when(start_line)?;
    let end = match get("DTEND") {
        Some(line) => when(line)?,
        None => {
            let length = get("DURATION").ok_or_else(|| {
                Problem::at(
                    &here,
                    format!("event {title:?} has neither DTEND nor DURATION"),
                )
            })?;
            let duration = parse_duration(&length.value).ok_or_else(|| {
                Problem::at(
                    format!("line {}", length.number),
                    format!("DURATION {:?} is not an ISO 8601 duration", length.value),
                )
            })?;
            after(start, duration)
                .ok_or_else(|| Problem::at(&here, format!("event {title:?} ends out of range")))?
        }
    };
    let uid = text("UID");
    // Our own calendars write `UID:{session}@{event}.delegate-companion`.
    let our_id = uid
        .as_deref()
        .and_then(|u| u.strip_suffix(".delegate-companion"))
        .and_then(|u| u.split_once('@'))
        .map(|(id, _)| id.to_string())
        .filter(|id| crate::programme::is_slug(id));
    let description = text("DESCRIPTION")
        .or_else(|| text("X-ALT-DESC"))
        .map(|d| match our_id {
            Some(_) => without_our_notes(&d),
            None => d,
        })
        .filter(|d| !d.is_empty());
    Ok(Some(DraftSession {
        at: here,
        id: our_id,
        foreign_id: uid.clone(),
        guid: None,
        title,
        description,
        translations: Vec::new(),
        start,
        end,
        room: text("LOCATION").map(|name| DraftRoom {
            name: super::text::short_name(&name),
            ..Default::default()
        }),
        kind: text("CATEGORIES")
            .and_then(|c| c.split(',').next().map(str::to_string))
            .and_then(|c| kind_of(&c)),
        track: None,
        language: None,
        persons: Vec::new(),
        cancelled: text("STATUS").is_some_and(|s| s.eq_ignore_ascii_case("CANCELLED")),
    }))
}

/// A DATE-TIME: UTC (`Z`), in a named zone, or floating. A zone that is not an IANA name
/// (`W. Europe Standard Time`, a custom VTIMEZONE) is read as floating, in the event's zone.
fn when(line: &Line) -> Result<When, Problem> {
    let value = line.value.trim();
    let wrong = || {
        Problem::at(
            format!("line {}", line.number),
            format!(
                "{} {value:?} is not a date-time like 20241127T093000",
                line.name
            ),
        )
    };
    let (local, utc) = match value.strip_suffix(['Z', 'z']) {
        Some(v) => (v, true),
        None => (value, false),
    };
    let local = NaiveDateTime::parse_from_str(local, "%Y%m%dT%H%M%S")
        .or_else(|_| {
            NaiveDate::parse_from_str(local, "%Y%m%d").map(|d| d.and_time(Default::default()))
        })
        .map_err(|_| wrong())?;
    if utc {
        return Ok(When::Instant(Utc.from_utc_datetime(&local)));
    }
    match line
        .param("TZID")
        .map(|z| z.trim_start_matches('/').parse::<Tz>())
    {
        Some(Ok(zone)) => venue_to_utc(&zone, local)
            .map(When::Instant)
            .ok_or_else(|| {
                Problem::at(
                    format!("line {}", line.number),
                    format!("{local} does not exist in {zone} (clock change)"),
                )
            }),
        _ => Ok(When::Local(local)),
    }
}

/// Content lines with folding undone (RFC 5545 §3.1), each with the line it starts on.
fn unfold(text: &str) -> impl Iterator<Item = Result<Line, Problem>> + '_ {
    let mut logical: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        match (raw.strip_prefix([' ', '\t']), logical.last_mut()) {
            (Some(rest), Some((_, line))) => line.push_str(rest),
            _ if raw.trim().is_empty() => {}
            _ => logical.push((i + 1, raw.to_string())),
        }
    }
    logical
        .into_iter()
        .map(|(number, line)| parse_line(number, &line))
}

fn parse_line(number: usize, line: &str) -> Result<Line, Problem> {
    // The value starts at the first ':' outside a quoted parameter value.
    let mut quoted = false;
    let colon = line.char_indices().find_map(|(i, c)| {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return Some(i),
            _ => {}
        }
        None
    });
    let Some(colon) = colon else {
        return Err(Problem::at(
            format!("line {number}"),
            format!("{:?} is not a content line (NAME:value)", shorten(line)),
        ));
    };
    let mut parts = line[..colon].split(';');
    let name = parts.next().unwrap_or("").trim().to_ascii_uppercase();
    let params = parts
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().trim_matches('"').to_string()))
        .collect();
    Ok(Line {
        number,
        name,
        params,
        value: line[colon + 1..].to_string(),
    })
}

fn shorten(text: &str) -> String {
    super::text::shorten(text, 40).0
}

/// TEXT values: `\n`, `\,`, `\;`, `\\` as written.
fn unescape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out.trim().to_string()
}

/// Our calendars add the interpretation channels and the Chatham House rule under the
/// description, in the reader's language: they are the session's fields, not its description.
fn without_our_notes(description: &str) -> String {
    let ours = |line: &str| {
        app::i18n::Lang::ALL.iter().any(|lang| {
            let s = lang.strings();
            line == s.chatham_house || line.starts_with(&format!("{}: ", s.interpretation))
        })
    };
    let mut lines: Vec<&str> = description.lines().collect();
    while lines.last().is_some_and(|l| ours(l.trim())) {
        lines.pop();
    }
    lines.join("\n").trim().to_string()
}
