//! The programme as frab / Pentabarf `schedule.xml`, the format delegate apps (Giggity,
//! EventFahrplan, the CCC and FOSDEM apps) read; it validates against the c3voc
//! `schedule.xml.xsd`. Written from the agenda a viewer may see, so nothing hidden is exported;
//! nobody is named for a Chatham House session.

use crate::markup::escape;
use app::i18n::Lang;
use app::model::{Agenda, Session};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;
use sha2::{Digest, Sha256};
use std::fmt::Write;

/// A stable UUID for a name (a session's or room's id within the event): the same on every
/// export, so apps recognise a session they already hold.
pub fn stable_uuid(event: &str, name: &str) -> String {
    let hash = Sha256::digest(format!("{event}\0{name}").as_bytes());
    let mut b: [u8; 16] = hash[..16].try_into().unwrap_or([0; 16]);
    // Marked as a name-based UUID (version 5 layout, RFC 4122 variant).
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = crate::auth::tokens::hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The event's acronym as both c3voc formats accept it (letters, digits, `_`).
pub fn acronym(slug: &str) -> String {
    let mut acronym: String = slug
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9') => c,
            _ => '_',
        })
        .collect();
    while acronym.len() < 4 {
        acronym.push('_');
    }
    acronym
}

/// The whole visible programme in `lang` (titles fall back to English), without cancelled
/// sessions (the format has no way to mark them).
pub fn schedule_xml(agenda: &Agenda, public_url: &str, lang: Lang) -> String {
    let zone: Tz = agenda.event.timezone.parse().unwrap_or(chrono_tz::UTC);
    let event = &agenda.event;
    let mut out = String::with_capacity(512 + agenda.sessions.len() * 900);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n  <generator name=\"delegate-companion\" version=\"{}\"/>\n  <version>{}</version>\n  <conference>\n    <title>{}</title>\n    <acronym>{}</acronym>\n    <start>{}</start>\n    <end>{}</end>\n    <days>{}</days>\n    <time_zone_name>{}</time_zone_name>\n",
        env!("CARGO_PKG_VERSION"),
        agenda.version,
        escape(event.name.get(lang)),
        acronym(&event.slug),
        event.start_date,
        event.end_date,
        (event.end_date - event.start_date).num_days() + 1,
        escape(&event.timezone),
    );
    if public_url.starts_with("http") {
        let _ = writeln!(
            out,
            "    <base_url>{}/</base_url>",
            escape(public_url.trim_end_matches('/'))
        );
    }
    for theme in &agenda.themes {
        let _ = writeln!(
            out,
            "    <track name=\"{}\"/>",
            escape(theme.name.get(lang))
        );
    }
    out.push_str("  </conference>\n");
    let shown: Vec<(usize, &Session)> = agenda
        .sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.cancelled)
        .collect();
    let mut day = event.start_date;
    let mut index = 1;
    while day <= event.end_date {
        let on_day: Vec<&(usize, &Session)> = shown
            .iter()
            .filter(|(_, s)| s.start.with_timezone(&zone).date_naive() == day)
            .collect();
        let (start, end) = day_bounds(&zone, day, on_day.iter().map(|(_, s)| s.end));
        let _ = writeln!(
            out,
            "  <day index=\"{index}\" date=\"{day}\" start=\"{}\" end=\"{}\">",
            start.to_rfc3339(),
            end.to_rfc3339()
        );
        // Rooms in the programme's order, then sessions without a room.
        let mut rooms: Vec<Option<&str>> =
            agenda.rooms.iter().map(|r| Some(r.id.as_str())).collect();
        rooms.push(None);
        for room in rooms {
            let here: Vec<&&(usize, &Session)> = on_day
                .iter()
                .filter(|(_, s)| s.room.as_deref() == room)
                .collect();
            if here.is_empty() {
                continue;
            }
            let name = room_name(agenda, room, lang);
            let guid = stable_uuid(&event.slug, &format!("room:{}", room.unwrap_or("")));
            let _ = writeln!(out, "    <room name=\"{}\" guid=\"{guid}\">", escape(&name));
            for (position, session) in here {
                let export = Export {
                    agenda,
                    zone: &zone,
                    public_url,
                    lang,
                };
                export.write_event(&mut out, *position + 1, session, &name);
            }
            out.push_str("    </room>\n");
        }
        out.push_str("  </day>\n");
        let Some(next) = day.succ_opt() else { break };
        day = next;
        index += 1;
    }
    out.push_str("</schedule>\n");
    out
}

/// A day runs from midnight in the venue's zone to the next midnight, or later when a session
/// that starts that day (a reception) ends after it.
pub(crate) fn day_bounds(
    zone: &Tz,
    day: NaiveDate,
    ends: impl Iterator<Item = DateTime<Utc>>,
) -> (DateTime<Tz>, DateTime<Tz>) {
    let midnight = |d: NaiveDate| {
        zone.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default())
            .earliest()
            .unwrap_or_else(|| zone.from_utc_datetime(&d.and_hms_opt(0, 0, 0).unwrap_or_default()))
    };
    let start = midnight(day);
    let next = midnight(day.succ_opt().unwrap_or(day));
    let end = ends
        .map(|e| e.with_timezone(zone))
        .fold(next, |a, b| a.max(b));
    (start, end)
}

pub(crate) fn room_name(agenda: &Agenda, room: Option<&str>, lang: Lang) -> String {
    room.and_then(|id| agenda.room(id))
        .map(|r| r.name.get(lang).to_string())
        .unwrap_or_else(|| agenda.event.venue.get(lang).to_string())
}

/// What every event of one export is written with.
struct Export<'a> {
    agenda: &'a Agenda,
    zone: &'a Tz,
    public_url: &'a str,
    lang: Lang,
}

impl Export<'_> {
    /// One `<event>`: `id` its number in the file (the format wants a positive integer).
    fn write_event(&self, out: &mut String, id: usize, s: &Session, room: &str) {
        let Export {
            agenda,
            zone,
            public_url,
            lang,
        } = *self;
        let start = s.start.with_timezone(zone);
        let minutes = (s.end - s.start).num_minutes().max(0);
        let track = s
            .theme
            .as_deref()
            .and_then(|t| agenda.theme(t))
            .map(|t| t.name.get(lang).to_string())
            .unwrap_or_else(|| s.kind.label(lang).to_string());
        let _ = write!(
            out,
            "      <event guid=\"{}\" id=\"{id}\">\n        <room>{}</room>\n        <title>{}</title>\n        <type>{}</type>\n        <date>{}</date>\n        <start>{}</start>\n        <duration>{:02}:{:02}</duration>\n        <abstract>{}</abstract>\n        <track>{}</track>\n",
            stable_uuid(&agenda.event.slug, &s.id),
            escape(room),
            escape(s.title.get(lang)),
            s.kind.slug(),
            start.to_rfc3339(),
            start.format("%H:%M"),
            minutes / 60,
            minutes % 60,
            escape(s.description.get(lang)),
            escape(&track),
        );
        let slug = format!(
            "{}-{}",
            acronym(&agenda.event.slug),
            s.id.to_ascii_lowercase()
        );
        if slug_fits(&slug) {
            let _ = writeln!(out, "        <slug>{slug}</slug>");
        }
        if let Some(floor) = s.floor_language {
            let _ = writeln!(out, "        <language>{}</language>", floor.code());
        }
        // Chatham House: the rule binds what is said, and naming who leads the session is left to
        // the organisers' own channels; the served agenda already holds no names for these.
        if !s.chatham_house && !s.moderators.is_empty() {
            out.push_str("        <persons>\n");
            for person in &s.moderators {
                let _ = writeln!(out, "          <person>{}</person>", escape(person));
            }
            out.push_str("        </persons>\n");
        }
        if public_url.starts_with("http") {
            let _ = writeln!(
                out,
                "        <url>{}/sessions/{}</url>",
                escape(public_url.trim_end_matches('/')),
                escape(&s.id)
            );
        }
        out.push_str("      </event>\n");
    }
}

/// The XSD's `voc-slug-new`: `[a-z0-9_]{4,}-[a-z0-9\-_]{4,}`.
fn slug_fits(slug: &str) -> bool {
    let Some((head, tail)) = slug.split_once('-') else {
        return false;
    };
    head.len() >= 4
        && tail.len() >= 4
        && head
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && tail
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_stable_well_formed_and_distinct() {
        let a = stable_uuid("ibmc-2024", "d1-opening");
        assert_eq!(a, stable_uuid("ibmc-2024", "d1-opening"));
        assert_ne!(a, stable_uuid("ibmc-2024", "d1-closing"));
        let parts: Vec<&str> = a.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(parts[2].starts_with('5'));
    }

    #[test]
    fn acronyms_and_slugs_follow_the_schemas() {
        assert_eq!(acronym("ibmc-2024"), "ibmc_2024");
        assert_eq!(acronym("x"), "x___");
        assert!(slug_fits("ibmc_2024-d1-opening"));
        assert!(!slug_fits("ibmc_2024-d1"));
        assert_eq!(escape("a<b & \"c\"\u{1}"), "a&lt;b &amp; &quot;c&quot;");
    }
}
