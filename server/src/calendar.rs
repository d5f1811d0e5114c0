//! iCalendar (RFC 5545) for a person's schedule or one session: stable UIDs, SEQUENCE bumped on
//! every change, cancelled sessions as STATUS:CANCELLED, times in the venue's zone with its
//! VTIMEZONE. Nobody is named: not moderators, not speakers (Chatham House).

use app::i18n::Lang;
use app::model::{Agenda, Session};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;
use std::fmt::Write;

/// What a calendar needs besides the sessions: per-session change counts and times.
pub struct CalendarContext<'a> {
    pub agenda: &'a Agenda,
    pub lang: Lang,
    /// Session id → (SEQUENCE, LAST-MODIFIED).
    pub revisions: &'a HashMap<String, (i64, DateTime<Utc>)>,
    pub alarm_minutes: Option<u32>,
    pub public_url: &'a str,
    pub now: DateTime<Utc>,
}

pub fn calendar(ctx: &CalendarContext, name: &str, sessions: &[&Session]) -> String {
    let tz: Tz = ctx.agenda.event.timezone.parse().unwrap_or(Tz::UTC);
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ICMPD//Delegate Companion//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "REFRESH-INTERVAL;VALUE=DURATION:PT15M",
        "X-PUBLISHED-TTL:PT15M",
    ] {
        push(&mut out, line);
    }
    push(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    push(&mut out, &format!("X-WR-TIMEZONE:{tz}"));
    vtimezone(&mut out, tz, ctx.agenda.event.start_date);
    for session in sessions {
        vevent(&mut out, ctx, tz, session);
    }
    push(&mut out, "END:VCALENDAR");
    out
}

fn vevent(out: &mut String, ctx: &CalendarContext, tz: Tz, s: &Session) {
    let lang = ctx.lang;
    let (sequence, modified) = ctx
        .revisions
        .get(&s.id)
        .copied()
        .unwrap_or((0, ctx.agenda.updated_at));
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y%m%dT%H%M%S").to_string();
    push(out, "BEGIN:VEVENT");
    push(
        out,
        &format!("UID:{}@{}.delegate-companion", s.id, ctx.agenda.event.slug),
    );
    push(out, &format!("DTSTAMP:{}", utc(ctx.now)));
    push(out, &format!("DTSTART;TZID={tz}:{}", local(s.start)));
    push(out, &format!("DTEND;TZID={tz}:{}", local(s.end)));
    push(out, &format!("SEQUENCE:{sequence}"));
    push(out, &format!("LAST-MODIFIED:{}", utc(modified)));
    push(
        out,
        &format!(
            "STATUS:{}",
            if s.cancelled {
                "CANCELLED"
            } else {
                "CONFIRMED"
            }
        ),
    );
    push(out, &format!("SUMMARY:{}", escape(s.title.get(lang))));
    let mut description = s.description.get(lang).to_string();
    if !s.interpretation.is_empty() {
        let channels: Vec<String> = s
            .interpretation
            .iter()
            .map(|c| match c.channel {
                Some(n) => format!(
                    "{} {} {n}",
                    c.language.code().to_uppercase(),
                    lang.strings().channel
                ),
                None => c.language.code().to_uppercase(),
            })
            .collect();
        let _ = write!(
            description,
            "\n{}: {}",
            lang.strings().interpretation,
            channels.join(", ")
        );
    }
    if s.chatham_house {
        let _ = write!(description, "\n{}", lang.strings().chatham_house);
    }
    push(out, &format!("DESCRIPTION:{}", escape(description.trim())));
    if let Some(room) = s.room.as_deref().and_then(|r| ctx.agenda.room(r)) {
        push(
            out,
            &format!(
                "LOCATION:{}",
                escape(&format!(
                    "{}, {}",
                    room.name.get(lang),
                    room.floor.get(lang)
                ))
            ),
        );
    }
    push(out, &format!("CATEGORIES:{}", escape(s.kind.label(lang))));
    push(out, &format!("URL:{}/sessions/{}", ctx.public_url, s.id));
    if let Some(minutes) = ctx.alarm_minutes.filter(|m| *m > 0 && !s.cancelled) {
        push(out, "BEGIN:VALARM");
        push(out, "ACTION:DISPLAY");
        push(out, &format!("TRIGGER:-PT{minutes}M"));
        push(out, &format!("DESCRIPTION:{}", escape(s.title.get(lang))));
        push(out, "END:VALARM");
    }
    push(out, "END:VEVENT");
}

/// The zone's observances over the event's year: one STANDARD block for a zone without
/// transitions (Africa/Tunis), else one block per transition.
fn vtimezone(out: &mut String, tz: Tz, around: NaiveDate) {
    let offset_at = |t: DateTime<Utc>| {
        tz.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
    };
    let year_start = Utc
        .with_ymd_and_hms(around.year(), 1, 1, 0, 0, 0)
        .single()
        .unwrap_or_default();
    let mut transitions = Vec::new();
    let mut previous = offset_at(year_start);
    let first = previous;
    let mut t = year_start;
    while t.year() == around.year() {
        let next = t + Duration::hours(1);
        let offset = offset_at(next);
        if offset != previous {
            transitions.push((next, previous, offset));
            previous = offset;
        }
        t = next;
    }
    push(out, "BEGIN:VTIMEZONE");
    push(out, &format!("TZID:{tz}"));
    if transitions.is_empty() {
        observance(out, "STANDARD", "19700101T000000", first, first);
    }
    for (at, from, to) in transitions {
        let kind = if to > from { "DAYLIGHT" } else { "STANDARD" };
        let local_before = (at + Duration::seconds(i64::from(from)))
            .format("%Y%m%dT%H%M%S")
            .to_string();
        observance(out, kind, &local_before, from, to);
    }
    push(out, "END:VTIMEZONE");
}

fn observance(out: &mut String, kind: &str, start: &str, from: i32, to: i32) {
    push(out, &format!("BEGIN:{kind}"));
    push(out, &format!("DTSTART:{start}"));
    push(out, &format!("TZOFFSETFROM:{}", offset(from)));
    push(out, &format!("TZOFFSETTO:{}", offset(to)));
    push(out, &format!("END:{kind}"));
}

fn offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let m = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}{:02}", m / 60, m % 60)
}

fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT values escape backslash, semicolon, comma and newlines.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Content lines end in CRLF and fold at 75 octets, never inside a UTF-8 character.
fn push(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_long_lines_without_splitting_characters() {
        let mut out = String::new();
        push(&mut out, &format!("SUMMARY:{}", "ب".repeat(60)));
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "ب".repeat(60))
        );
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn zones_with_daylight_saving_get_their_transitions() {
        let mut out = String::new();
        vtimezone(
            &mut out,
            "Europe/Vienna".parse().unwrap(),
            NaiveDate::from_ymd_opt(2024, 11, 27).unwrap(),
        );
        assert!(out.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20240331T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200"
        ));
        assert!(out.contains(
            "BEGIN:STANDARD\r\nDTSTART:20241027T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100"
        ));
        let mut tunis = String::new();
        vtimezone(
            &mut tunis,
            "Africa/Tunis".parse().unwrap(),
            NaiveDate::from_ymd_opt(2024, 11, 27).unwrap(),
        );
        assert!(
            tunis.contains("TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100") && !tunis.contains("DAYLIGHT")
        );
    }
}
