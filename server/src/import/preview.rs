//! What applying an import would do, shown before anything is written: sessions added, changed
//! field by field (old → new, times in venue time), and cancelled because the file no longer
//! has them.

use super::text::shorten;
use super::{Format, Problem};
use crate::programme::Programme;
use app::model::{Agenda, Localized, Room, Session};
pub use app::programme_import::{ChangedSession, FieldChange, Preview, SessionLine};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::collections::HashMap;

pub fn compare(
    format: Format,
    before: Option<&Agenda>,
    after: &Programme,
    notes: Vec<Problem>,
) -> Preview {
    let zone: Tz = after.event.timezone.parse().unwrap_or(chrono_tz::UTC);
    let time = |t: DateTime<Utc>| t.with_timezone(&zone).format("%Y-%m-%d %H:%M").to_string();
    let rooms_before: &[Room] = before.map_or(&[], |a| &a.rooms);
    let room_name = |id: &Option<String>, rooms: &[Room]| {
        id.as_deref().map(|id| {
            rooms
                .iter()
                .find(|r| r.id == id)
                .map_or(id, |r| r.name.en.as_str())
                .to_string()
        })
    };
    let line = |s: &Session, rooms: &[Room]| SessionLine {
        id: s.id.clone(),
        title: s.title.en.clone(),
        start: time(s.start),
        room: room_name(&s.room, rooms),
    };
    let old: HashMap<&str, &Session> = before
        .iter()
        .flat_map(|a| a.sessions.iter())
        .map(|s| (s.id.as_str(), s))
        .collect();
    let mut preview = Preview {
        format,
        event: after.event.slug.clone(),
        creates_event: before.is_none(),
        based_on_version: before.map(|a| a.version),
        added: Vec::new(),
        changed: Vec::new(),
        cancelled: Vec::new(),
        rooms_added: after
            .rooms
            .iter()
            .filter(|r| !rooms_before.iter().any(|b| b.id == r.id))
            .map(|r| r.name.en.clone())
            .collect(),
        themes_added: after
            .themes
            .iter()
            .filter(|t| before.is_none_or(|a| !a.themes.iter().any(|b| b.slug == t.slug)))
            .map(|t| t.name.en.clone())
            .collect(),
        unchanged: 0,
        other: before
            .map(|b| other_differences(b, after))
            .unwrap_or_default(),
        notes,
    };
    for s in &after.sessions {
        let Some(was) = old.get(s.id.as_str()) else {
            preview.added.push(line(s, &after.rooms));
            continue;
        };
        let fields = differences(was, s, &time, &|id| room_name(id, rooms_before), &|id| {
            room_name(id, &after.rooms)
        });
        if fields.is_empty() {
            preview.unchanged += 1;
        } else {
            preview.changed.push(ChangedSession {
                id: s.id.clone(),
                title: s.title.en.clone(),
                fields,
            });
        }
    }
    let kept: std::collections::HashSet<&str> =
        after.sessions.iter().map(|s| s.id.as_str()).collect();
    for s in before.iter().flat_map(|a| a.sessions.iter()) {
        if !kept.contains(s.id.as_str()) && !s.cancelled {
            preview.cancelled.push(line(s, rooms_before));
        }
    }
    preview
}

/// Each field that differs, as an organiser reads it.
fn differences(
    was: &Session,
    now: &Session,
    time: &impl Fn(DateTime<Utc>) -> String,
    room_before: &impl Fn(&Option<String>) -> Option<String>,
    room_after: &impl Fn(&Option<String>) -> Option<String>,
) -> Vec<FieldChange> {
    let mut fields = Vec::new();
    // Whether a field changed is decided on the whole value; only what is shown is shortened.
    let mut differ = |field: &str, changed: bool, old: String, new: String| {
        if changed {
            fields.push(FieldChange {
                field: field.into(),
                old,
                new,
            });
        }
    };
    let texts = |l: &Localized| {
        app::i18n::Lang::ALL
            .iter()
            .filter(|lang| l.has(**lang))
            .map(|lang| format!("{}: {}", lang.code(), shorten(l.get(*lang), 60).0))
            .collect::<Vec<_>>()
            .join(" · ")
    };
    // Flags, kinds and languages as tokens the page words in the organiser's language.
    let flag = |b: bool| if b { "yes" } else { "no" }.to_string();
    let none = || "—".to_string();
    let lang = |l: Option<app::i18n::Lang>| l.map_or_else(none, |l| l.code().to_string());
    let channels = |s: &Session| {
        s.interpretation
            .iter()
            .map(|c| {
                let number = c.channel.map(|n| format!(" {n}")).unwrap_or_default();
                format!("{}{number}", c.language.code())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    differ(
        "title",
        was.title != now.title,
        texts(&was.title),
        texts(&now.title),
    );
    differ(
        "description",
        was.description != now.description,
        texts(&was.description),
        texts(&now.description),
    );
    differ(
        "start",
        was.start != now.start,
        time(was.start),
        time(now.start),
    );
    differ("end", was.end != now.end, time(was.end), time(now.end));
    differ(
        "room",
        was.room != now.room,
        room_before(&was.room).unwrap_or_else(none),
        room_after(&now.room).unwrap_or_else(none),
    );
    differ(
        "kind",
        was.kind != now.kind,
        was.kind.slug().into(),
        now.kind.slug().into(),
    );
    differ(
        "theme",
        was.theme != now.theme,
        was.theme.clone().unwrap_or_else(none),
        now.theme.clone().unwrap_or_else(none),
    );
    differ(
        "floor_language",
        was.floor_language != now.floor_language,
        lang(was.floor_language),
        lang(now.floor_language),
    );
    differ(
        "moderators",
        was.moderators != now.moderators,
        was.moderators.join(", "),
        now.moderators.join(", "),
    );
    differ(
        "cancelled",
        was.cancelled != now.cancelled,
        flag(was.cancelled),
        flag(now.cancelled),
    );
    differ(
        "closed",
        was.closed != now.closed,
        flag(was.closed),
        flag(now.closed),
    );
    differ(
        "chatham_house",
        was.chatham_house != now.chatham_house,
        flag(was.chatham_house),
        flag(now.chatham_house),
    );
    differ(
        "interpretation",
        was.interpretation != now.interpretation,
        channels(was),
        channels(now),
    );
    fields
}

/// What changes outside the sessions: the event's own fields (a programme file can change
/// them), and the rooms and themes it keeps but describes differently.
fn other_differences(before: &Agenda, after: &Programme) -> Vec<FieldChange> {
    let mut fields = Vec::new();
    let (was, now) = (&before.event, &after.event);
    let event = |e: &app::model::Event| {
        format!(
            "{} · {} – {} · {} · {} · {}",
            e.name.en, e.start_date, e.end_date, e.timezone, e.venue.en, e.contact_email
        )
    };
    if was != now {
        fields.push(FieldChange {
            field: "event".into(),
            old: event(was),
            new: event(now),
        });
    }
    let room = |r: &Room| {
        let seats = r.capacity.map(|c| format!(" · {c}")).unwrap_or_default();
        format!("{} · {}{seats}", r.name.en, r.floor.en)
    };
    for r in &after.rooms {
        if let Some(old) = before
            .rooms
            .iter()
            .find(|b| b.id == r.id)
            .filter(|b| *b != r)
        {
            fields.push(FieldChange {
                field: "room".into(),
                old: room(old),
                new: room(r),
            });
        }
    }
    for t in &after.themes {
        if let Some(old) = before
            .themes
            .iter()
            .find(|b| b.slug == t.slug)
            .filter(|b| *b != t)
        {
            fields.push(FieldChange {
                field: "theme".into(),
                old: old.name.en.clone(),
                new: t.name.en.clone(),
            });
        }
    }
    fields
}

/// The preview as the command line prints it.
pub fn report(preview: &Preview) -> String {
    let mut out = String::new();
    let _ = write_report(&mut out, preview);
    out
}

fn write_report(f: &mut String, p: &Preview) -> std::fmt::Result {
    use std::fmt::Write;
    let verb = if p.creates_event {
        "creates"
    } else {
        "updates"
    };
    writeln!(f, "{} file: {verb} event {}", p.format.slug(), p.event)?;
    let session = |s: &SessionLine| {
        let room = s
            .room
            .as_deref()
            .map(|r| format!(", {r}"))
            .unwrap_or_default();
        format!("{} {} ({}{room})", s.start, s.title, s.id)
    };
    writeln!(f, "added: {}", p.added.len())?;
    for s in &p.added {
        writeln!(f, "  + {}", session(s))?;
    }
    writeln!(f, "changed: {}", p.changed.len())?;
    for s in &p.changed {
        writeln!(f, "  ~ {} ({})", s.title, s.id)?;
        for c in &s.fields {
            writeln!(f, "      {}: {} → {}", c.field, c.old, c.new)?;
        }
    }
    writeln!(
        f,
        "cancelled (no longer in the file): {}",
        p.cancelled.len()
    )?;
    for s in &p.cancelled {
        writeln!(f, "  - {}", session(s))?;
    }
    if !p.rooms_added.is_empty() {
        writeln!(f, "rooms added: {}", p.rooms_added.join(", "))?;
    }
    if !p.themes_added.is_empty() {
        writeln!(f, "themes added: {}", p.themes_added.join(", "))?;
    }
    writeln!(f, "unchanged: {}", p.unchanged)?;
    for c in &p.other {
        writeln!(f, "{} changed: {} → {}", c.field, c.old, c.new)?;
    }
    for note in &p.notes {
        writeln!(f, "note: {note}")?;
    }
    Ok(())
}
