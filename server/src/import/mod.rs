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
mod preview;
mod text;

pub use apply::{apply, plan_stored};
pub use preview::{ChangedSession, FieldChange, Preview, SessionLine, report};

use crate::programme::{self, Programme};
use app::i18n::Lang;
use app::model::Agenda;
use chrono_tz::Tz;

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

/// Reads `bytes` into the programme it describes. `stored` is the agenda of the event the file
/// goes into, when there is one: what the file cannot say (a session closed, its interpretation
/// channels, the other languages of its title) is kept from it.
pub fn plan(
    bytes: &[u8],
    options: &Options,
    stored: impl Fn(&str) -> Option<Agenda>,
) -> Result<Planned, Refused> {
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
            if let Some(slug) = options
                .event
                .as_deref()
                .filter(|s| *s != programme.event.slug)
            {
                return Err(Refused(vec![Problem::general(format!(
                    "the file is the programme of {:?}, not of {slug:?}",
                    programme.event.slug
                ))]));
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
            merge::merge(draft, options, &stored)?
        }
    };
    let before = stored(&programme.event.slug);
    let preview = preview::compare(format, before.as_ref(), &programme, notes);
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
