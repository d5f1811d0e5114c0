//! Importing a programme from the files conference tools write: our own programme JSON, frab /
//! Pentabarf `schedule.xml`, c3voc schedule JSON (the frab-style layout and `schedule2`) and
//! iCalendar. A file is read into a [`Draft`](draft::Draft) (what the file says, in its own
//! terms), merged with what is already stored into a whole [`Programme`], checked by the same
//! rules as every programme, and compared with the stored one for the preview. Nothing is
//! written here: applying is the store's `import_programme`, one transaction.

mod apply;
mod c3voc_json;
mod draft;
mod frab_xml;
mod ics;
mod merge;
mod places;
mod preview;
mod text;

pub use apply::{apply, plan_stored, stored};
pub use preview::{ChangedSession, FieldChange, Preview, SessionLine, report};

use crate::programme::{self, Programme};
use app::i18n::Lang;
use app::model::Agenda;
use chrono_tz::Tz;
use std::collections::HashMap;

/// The largest file an import reads: a 1,000-session frab file is about 700 KiB.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

pub use app::programme_import::{Format, Problem};

/// The format a file is written in, from its first significant bytes and structure.
pub fn detect(text: &str) -> Option<Format> {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    if head.starts_with("BEGIN:VCALENDAR") {
        return Some(Format::Ical);
    }
    if head.starts_with('<') {
        return Some(Format::FrabXml);
    }
    if head.starts_with('{') {
        let value: serde_json::Value = serde_json::from_str(head).ok()?;
        if value.get("schedule").is_some() {
            return Some(Format::C3vocJson);
        }
        if value.get("event").is_some() && value.get("sessions").is_some() {
            return Some(Format::Programme);
        }
    }
    None
}

/// How to read a file; every field may be left to the file.
#[derive(Clone, Debug)]
pub struct Options {
    pub format: Option<Format>,
    /// The zone of times that carry none (iCalendar floating times, frab-style `HH:MM` without
    /// a dated day), and of a new event when the file names none.
    pub timezone: Option<Tz>,
    /// The event to import into (its slug); by default the file's, or the one stored event.
    pub event: Option<String>,
    /// The event served by default: where another tool's file goes unless `event` names one
    /// (a programme file of ours names its own event).
    pub served: Option<String>,
    /// The language the file's titles and descriptions are written in (other tools' files hold
    /// one); the other languages of a session are kept.
    pub language: Lang,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            format: None,
            timezone: None,
            event: None,
            served: None,
            language: Lang::En,
        }
    }
}

impl Options {
    /// The options an organiser chose (format, time zone, language; empty for "from the
    /// file"), for the served event: a programme file of another event is refused.
    pub fn for_served(
        [format, timezone, language]: [&str; 3],
        served: &str,
    ) -> Result<Options, Problem> {
        let wrong = |what: &str| Problem::general(what.to_string());
        Ok(Options {
            format: match format.trim() {
                "" => None,
                f => Some(
                    Format::parse(f)
                        .ok_or_else(|| wrong("format: one of programme, frab, c3voc, ics"))?,
                ),
            },
            timezone: match timezone.trim() {
                "" => None,
                z => Some(
                    z.parse()
                        .map_err(|_| wrong("timezone: an IANA zone such as Africa/Tunis"))?,
                ),
            },
            event: Some(served.to_string()),
            served: Some(served.to_string()),
            language: match language.trim() {
                "" => Lang::En,
                l => Lang::parse(l).ok_or_else(|| wrong("language: one of en, fr, ar, ru"))?,
            },
        })
    }
}

/// A file that cannot be imported: every problem found, nothing changed.
#[derive(Debug, thiserror::Error)]
#[error("the file cannot be imported ({} problem(s)):\n{}", .0.len(), lines(.0))]
pub struct Refused(pub Vec<Problem>);

fn lines(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  - {p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A file read, merged and checked: what applying it would store, and what it would change.
pub struct Planned {
    pub programme: Programme,
    pub preview: Preview,
}

/// What is stored, as an import needs it: each event's agenda, and whose every session id is
/// (session ids are global: a file must not take another event's).
#[derive(Default)]
pub struct Stored {
    pub agendas: HashMap<String, Agenda>,
    /// Each event's registration deadline (not part of the agenda).
    pub deadlines: HashMap<String, chrono::DateTime<chrono::Utc>>,
}

impl Stored {
    pub fn agenda(&self, slug: &str) -> Option<&Agenda> {
        self.agendas.get(slug)
    }

    /// The other event that has a session `id`, if any.
    pub fn owner_elsewhere(&self, id: &str, event: &str) -> Option<&str> {
        self.agendas
            .iter()
            .find(|(slug, a)| *slug != event && a.sessions.iter().any(|s| s.id == id))
            .map(|(slug, _)| slug.as_str())
    }
}

/// Above these, a file is refused before anything else is done with it: a conference
/// programme is far smaller, and every step stays linear below them.
pub const MAX_SESSIONS: usize = 5_000;
pub const MAX_ROOMS: usize = 500;
pub const MAX_TRACKS: usize = 500;
/// Problems and notes listed at most; the rest are counted.
const MAX_LISTED: usize = 200;

/// The first problems, and how many more there are.
fn capped(mut problems: Vec<Problem>) -> Vec<Problem> {
    if problems.len() > MAX_LISTED {
        let more = problems.len() - MAX_LISTED;
        problems.truncate(MAX_LISTED);
        problems.push(Problem::general(format!("…and {more} more")));
    }
    problems
}

/// Reads `bytes` into the programme it describes, against what is `stored`: what the file
/// cannot say (a session closed, its interpretation channels, the other languages of its title)
/// is kept from the stored event.
pub fn plan(bytes: &[u8], options: &Options, stored: &Stored) -> Result<Planned, Refused> {
    read(bytes, options, stored).map_err(|Refused(problems)| Refused(capped(problems)))
}

fn read(bytes: &[u8], options: &Options, stored: &Stored) -> Result<Planned, Refused> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Refused(vec![Problem::general(format!(
            "the file is {} bytes; an import reads at most {MAX_FILE_BYTES}",
            bytes.len()
        ))]));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Refused(vec![Problem::general(format!(
            "the file is not UTF-8 text (byte {} is not): save it as UTF-8",
            e.valid_up_to()
        ))])
    })?;
    let text = text.trim_start_matches('\u{feff}');
    let format = match options.format.or_else(|| detect(text)) {
        Some(format) => format,
        None => {
            return Err(Refused(vec![Problem::general(
                "the format cannot be recognised: expected a programme JSON file, frab schedule.xml, \
                 c3voc schedule JSON or an iCalendar file (or give the format)",
            )]));
        }
    };
    let (programme, notes) = match format {
        Format::Programme => {
            let programme = programme::parse(text)
                .map_err(|e| Refused(e.0.into_iter().map(Problem::general).collect()))?;
            let slug = &programme.event.slug;
            if let Some(wanted) = options.event.as_deref().filter(|s| s != slug) {
                return Err(Refused(vec![Problem::general(format!(
                    "the file is the programme of {slug:?}, not of {wanted:?}"
                ))]));
            }
            let taken: Vec<Problem> = programme
                .sessions
                .iter()
                .filter_map(|s| {
                    let owner = stored.owner_elsewhere(&s.id, slug)?;
                    Some(Problem::general(format!(
                        "session {}: the id is a session of the event {owner:?}",
                        s.id
                    )))
                })
                .collect();
            if !taken.is_empty() {
                return Err(Refused(taken));
            }
            (programme, Vec::new())
        }
        foreign => {
            let draft = match foreign {
                Format::FrabXml => frab_xml::read(text),
                Format::C3vocJson => c3voc_json::read(text),
                _ => ics::read(text),
            }
            .map_err(Refused)?;
            let too_many = [
                (draft.sessions.len(), MAX_SESSIONS, "sessions"),
                (draft.rooms.len(), MAX_ROOMS, "rooms"),
                (draft.tracks.len(), MAX_TRACKS, "tracks"),
            ]
            .into_iter()
            .find(|(n, max, _)| n > max);
            if let Some((n, max, what)) = too_many {
                return Err(Refused(vec![Problem::general(format!(
                    "the file has {n} {what}; an import takes at most {max}"
                ))]));
            }
            merge::merge(draft, options, stored)?
        }
    };
    let before = stored.agenda(&programme.event.slug);
    let mut preview = preview::compare(format, before, &programme, capped(notes));
    let was = stored.deadlines.get(&programme.event.slug).copied();
    if let Some(now) = programme.registration_deadline.filter(|d| Some(*d) != was) {
        let shown = |t: chrono::DateTime<chrono::Utc>| crate::store::timestamp(t);
        preview.other.push(app::programme_import::FieldChange {
            field: "registration_deadline".into(),
            old: was.map(shown).unwrap_or_default(),
            new: shown(now),
        });
    }
    Ok(Planned { programme, preview })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_apart_by_their_content() {
        assert_eq!(detect(crate::programme::DEMO), Some(Format::Programme));
        assert_eq!(
            detect("\u{feff}<?xml version=\"1.0\"?><schedule/>"),
            Some(Format::FrabXml)
        );
        assert_eq!(detect("{\"schedule\": {}}"), Some(Format::C3vocJson));
        assert_eq!(detect("BEGIN:VCALENDAR\r\n"), Some(Format::Ical));
        assert_eq!(detect("name,start\n"), None);
        assert_eq!(Format::parse("XML"), Some(Format::FrabXml));
        assert_eq!(Format::parse("ics"), Some(Format::Ical));
    }
}
