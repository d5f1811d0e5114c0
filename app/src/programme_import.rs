//! What an import of a programme file would do, as the API answers it and the console's import
//! page shows it: shared by server and page.

use serde::{Deserialize, Serialize};

/// The formats a programme file can be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// The project's own programme file (the demo programme is one).
    Programme,
    /// frab / Pentabarf `schedule.xml`.
    FrabXml,
    /// c3voc schedule JSON, frab-style (`days[].rooms`) or `schedule2` (`events`).
    C3vocJson,
    /// iCalendar: one VEVENT a session, LOCATION its room.
    Ical,
}

impl Format {
    pub const ALL: [Format; 4] = [
        Format::Programme,
        Format::FrabXml,
        Format::C3vocJson,
        Format::Ical,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Format::Programme => "programme",
            Format::FrabXml => "frab",
            Format::C3vocJson => "c3voc",
            Format::Ical => "ics",
        }
    }

    /// The name people know it by, the same in every language.
    pub fn name(self) -> &'static str {
        match self {
            Format::Programme => "Delegate Companion JSON",
            Format::FrabXml => "frab / Pentabarf XML",
            Format::C3vocJson => "c3voc JSON",
            Format::Ical => "iCalendar (.ics)",
        }
    }

    pub fn parse(slug: &str) -> Option<Format> {
        let slug = slug.trim().to_ascii_lowercase();
        Format::ALL.into_iter().find(|f| {
            f.slug() == slug
                || matches!(
                    (f, slug.as_str()),
                    (Format::FrabXml, "xml" | "pentabarf")
                        | (Format::C3vocJson, "json" | "schedule2")
                        | (Format::Ical, "ical" | "icalendar")
                        | (Format::Programme, "companion")
                )
        })
    }
}

/// One thing wrong (or worth knowing) about a file, with where it is.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Problem {
    /// Where in the file: `line 12, column 5`, `line 12`, or a JSON path.
    pub at: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn at(at: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            at: Some(at.into()),
            message: message.into(),
        }
    }

    pub fn general(message: impl Into<String>) -> Problem {
        Problem {
            at: None,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.at {
            Some(at) => write!(f, "{at}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Preview {
    pub format: Format,
    /// The event the file goes into, and whether the import creates it.
    pub event: String,
    pub creates_event: bool,
    /// The programme version the preview was made against; applying refuses another.
    pub based_on_version: Option<i64>,
    pub added: Vec<SessionLine>,
    pub changed: Vec<ChangedSession>,
    /// Sessions the file no longer has: cancelled (never deleted), so links and bookmarks hold.
    pub cancelled: Vec<SessionLine>,
    pub rooms_added: Vec<String>,
    pub themes_added: Vec<String>,
    pub unchanged: usize,
    /// The event's own fields, and rooms and themes described differently (`field` is
    /// `event`, `room` or `theme`).
    pub other: Vec<FieldChange>,
    /// What is worth knowing before applying (markup removed, an id used twice, …).
    pub notes: Vec<Problem>,
}

impl Preview {
    /// Whether applying would change anything.
    pub fn changes_anything(&self) -> bool {
        self.creates_event
            || !self.added.is_empty()
            || !self.changed.is_empty()
            || !self.cancelled.is_empty()
            || !self.rooms_added.is_empty()
            || !self.themes_added.is_empty()
            || !self.other.is_empty()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SessionLine {
    pub id: String,
    pub title: String,
    /// Venue time, `2024-11-27 09:00`.
    pub start: String,
    pub room: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ChangedSession {
    pub id: String,
    pub title: String,
    pub fields: Vec<FieldChange>,
}

/// One field of a session, old → new, as an organiser reads it (times in venue time).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

/// The console's import page: the form as sent, and the preview or the file's problems.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportView {
    pub preview: Option<Preview>,
    pub problems: Vec<Problem>,
    /// Why the form could not be used (no file, a wrong option, the programme changed since).
    pub error: Option<String>,
    /// The previewed file (base64), sent again to apply exactly what was shown.
    pub file: Option<String>,
    pub format: String,
    pub timezone: String,
    pub language: String,
}
