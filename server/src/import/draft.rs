//! What another tool's file says about a programme, in neutral terms, before it is merged with
//! what is stored. Readers fill it; `merge` turns it into a programme.

use super::Problem;
use app::i18n::Lang;
use app::model::Kind;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

/// A time as the file gives it: an instant, or a wall-clock time in a zone the file may not name.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum When {
    Instant(DateTime<Utc>),
    Local(NaiveDateTime),
}

#[derive(Debug, Default)]
pub struct Draft {
    /// The event's title and acronym, if the file has them.
    pub title: Option<String>,
    pub acronym: Option<String>,
    /// The file's own zone (`time_zone_name`, `X-WR-TIMEZONE`), as written.
    pub timezone: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub languages: Vec<Lang>,
    /// Rooms the file lists, in its order (rooms only named by sessions are added as met).
    pub rooms: Vec<DraftRoom>,
    /// Tracks the file declares: name, and slug where it gives one.
    pub tracks: Vec<(String, Option<String>)>,
    pub sessions: Vec<DraftSession>,
    /// What was read but is worth knowing (markup removed, a field shortened, …).
    pub notes: Vec<Problem>,
    /// The format requires a language for every session (c3voc JSON), so tools write their
    /// default where a session has none.
    pub language_always_given: bool,
}

#[derive(Clone, Debug, Default)]
pub struct DraftRoom {
    pub name: String,
    /// A room id the file carries (schedule2's `slug`).
    pub slug: Option<String>,
    pub guid: Option<String>,
    pub capacity: Option<u32>,
}

#[derive(Clone, Debug)]
pub struct DraftSession {
    /// Where it is in the file, for every problem found with it later.
    pub at: String,
    /// Our own session id, when the file was exported by us (`slug`, `url`).
    pub id: Option<String>,
    /// The other tool's id (`id`, `code`, `UID`), then its `guid`.
    pub foreign_id: Option<String>,
    pub guid: Option<String>,
    pub title: String,
    /// The description in the file's language, and in the languages it names (schedule2).
    pub description: Option<String>,
    pub translations: Vec<(Lang, String)>,
    pub start: When,
    pub end: When,
    /// The room's name and guid as the file gives them; `None` for no room.
    pub room: Option<DraftRoom>,
    pub kind: Option<Kind>,
    pub track: Option<String>,
    pub language: Option<Lang>,
    pub persons: Vec<String>,
    pub cancelled: bool,
}

/// The kind of session another tool's type names, as near as it goes.
pub fn kind_of(kind: &str) -> Option<Kind> {
    let kind = kind.trim().to_ascii_lowercase();
    if let Some(ours) = Kind::parse(&kind) {
        return Some(ours);
    }
    Some(match kind.as_str() {
        "talk" | "keynote" | "lecture" | "plenary session" => Kind::Plenary,
        "discussion" | "workshop" | "panel" | "meeting" | "side event" => Kind::SideEvent,
        "pause" | "lunch" | "coffee" | "coffee break" => Kind::Break,
        "" => return None,
        _ => Kind::Other,
    })
}

/// A duration as files write it: `HH:MM`, `HH:MM:SS`, `D:HH:MM`… or ISO 8601 (`PT1H30M`).
pub fn parse_duration(text: &str) -> Option<Duration> {
    let text = text.trim();
    if let Some(iso) = text.strip_prefix('P').or_else(|| text.strip_prefix('p')) {
        return iso_duration(iso);
    }
    let parts: Vec<i64> = text
        .split(':')
        .map(|p| p.trim().parse::<i64>().ok().filter(|n| *n >= 0))
        .collect::<Option<_>>()?;
    // At most a week: anything longer is a mistake, and the sum cannot overflow.
    let seconds = match parts.as_slice() {
        [h, m] if *h <= 168 && *m < 60 => h * 3600 + m * 60,
        [h, m, s] if *h <= 168 && *m < 60 && *s < 60 => h * 3600 + m * 60 + s,
        _ => return None,
    };
    (seconds > 0 && seconds <= 7 * 86_400).then(|| Duration::seconds(seconds))
}

/// The part after `P`: days and weeks before `T`, hours, minutes and whole seconds after it.
fn iso_duration(text: &str) -> Option<Duration> {
    let (date, time) = text.split_once(['T', 't']).unwrap_or((text, ""));
    let mut seconds: i64 = 0;
    let mut read = |part: &str, units: &[(char, i64)]| -> Option<()> {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() {
                number.push(c);
                continue;
            }
            let (_, size) = units.iter().find(|(u, _)| *u == c.to_ascii_uppercase())?;
            seconds = seconds.checked_add(number.parse::<i64>().ok()?.checked_mul(*size)?)?;
            number.clear();
        }
        number.is_empty().then_some(())
    };
    read(date, &[('W', 7 * 86_400), ('D', 86_400)])?;
    read(time, &[('H', 3600), ('M', 60), ('S', 1)])?;
    (seconds > 0 && seconds <= 7 * 86_400).then(|| Duration::seconds(seconds))
}

/// An RFC 3339 time with its offset, or a local one without (`2024-11-27T09:00[:00]`).
pub fn parse_time(text: &str) -> Option<When> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(When::Instant(t.with_timezone(&Utc)));
    }
    [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
    .map(When::Local)
}

/// The date an RFC 3339 time or a plain date starts with.
pub fn date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text.get(..10).unwrap_or(text), "%Y-%m-%d").ok()
}

/// Our own session id in a file we exported (`ours`): the end of its `/sessions/{id}` URL, or
/// its slug `{acronym}-{id}`. Other tools' URLs and slugs are theirs (pretalx's hold the title).
pub fn our_id(
    ours: bool,
    url: Option<String>,
    slug: Option<String>,
    acronym: &str,
) -> Option<String> {
    if !ours {
        return None;
    }
    url.and_then(|u| {
        u.split("/sessions/")
            .nth(1)
            .map(|id| id.trim_end_matches('/').to_string())
    })
    .or_else(|| {
        let slug = slug?;
        let rest = slug.strip_prefix(acronym)?.strip_prefix('-')?;
        (!acronym.is_empty()).then(|| rest.to_string())
    })
    .filter(|id| crate::programme::is_slug(id))
}

/// Adds a duration to a start, in whichever kind of time the start is.
pub fn after(start: When, length: Duration) -> Option<When> {
    Some(match start {
        When::Instant(t) => When::Instant(t.checked_add_signed(length)?),
        When::Local(t) => When::Local(t.checked_add_signed(length)?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_every_spelling() {
        let minutes = |t: &str| parse_duration(t).map(|d| d.num_minutes());
        assert_eq!(minutes("00:45"), Some(45));
        assert_eq!(minutes("1:30"), Some(90));
        assert_eq!(minutes("01:30:00"), Some(90));
        assert_eq!(minutes("PT1H30M"), Some(90));
        assert_eq!(minutes("PT45M"), Some(45));
        assert_eq!(minutes("P1DT2H"), Some(26 * 60));
        assert_eq!(minutes("00:00"), None);
        assert_eq!(minutes("1:75"), None);
        assert_eq!(minutes("PT"), None);
        assert_eq!(minutes("PT1X"), None);
        assert_eq!(minutes("ninety"), None);
        assert_eq!(minutes("2562047788015216:00"), None);
        assert_eq!(minutes("PT9999999999999999999H"), None);
    }

    #[test]
    fn kinds_from_other_tools_types() {
        assert_eq!(kind_of("side_event"), Some(Kind::SideEvent));
        assert_eq!(kind_of("TALK"), Some(Kind::Plenary));
        assert_eq!(kind_of("Workshop"), Some(Kind::SideEvent));
        assert_eq!(kind_of("lightning"), Some(Kind::Other));
        assert_eq!(kind_of(" "), None);
    }
}
