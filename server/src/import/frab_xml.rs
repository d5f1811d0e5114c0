//! Reading frab / Pentabarf `schedule.xml` (pretalx, frab, Indico and our own export write it).
//! DTDs are refused (no entity expansion); every problem names its line and column.

use super::Problem;
use super::draft::{
    Draft, DraftRoom, DraftSession, When, after, date, kind_of, our_id, parse_duration, parse_time,
};
use super::text::short_name;
use app::i18n::Lang;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use roxmltree::{Document, Node, ParsingOptions};

pub fn read(text: &str) -> Result<Draft, Vec<Problem>> {
    // No DTD (so no entity expansion), and a bound on nodes well above a large programme's.
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: 4_000_000,
    };
    let doc = Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        vec![Problem::at(
            format!("line {}, column {}", pos.row, pos.col),
            format!("not well-formed XML: {e}"),
        )]
    })?;
    let root = doc.root_element();
    let lines = Lines::of(text);
    if root.tag_name().name() != "schedule" {
        return Err(vec![Problem::at(
            lines.at(root),
            format!(
                "the document is <{}>, not a frab <schedule>",
                root.tag_name().name()
            ),
        )]);
    }
    let mut draft = Draft::default();
    let mut problems = Vec::new();
    // Our own exports say so; only then are `<slug>` and `<url>` read as our session ids
    // (pretalx's slugs hold the title, Indico's URLs a session of several contributions).
    let ours =
        child(root, "generator").and_then(|g| g.attribute("name")) == Some("delegate-companion");
    if let Some(conference) = child(root, "conference") {
        draft.title = text_of(conference, "title");
        draft.acronym = text_of(conference, "acronym");
        draft.timezone = text_of(conference, "time_zone_name");
        draft.start_date = text_of(conference, "start").and_then(|d| date(&d));
        draft.end_date = text_of(conference, "end").and_then(|d| date(&d));
        draft.languages = text_of(conference, "language")
            .and_then(|l| Lang::parse(&l))
            .into_iter()
            .collect();
        // `<track name=…/>` directly, or `<tracks><track>…</track></tracks>`.
        for track in conference.descendants().filter(|n| n.has_tag_name("track")) {
            let name = track
                .attribute("name")
                .map(str::to_string)
                .or_else(|| track.text().map(str::to_string));
            if let Some(track) = name.map(|n| short_name(&n)).filter(|n| !n.is_empty()) {
                draft.tracks.push((track, None));
            }
        }
    }
    for day in root.children().filter(|n| n.has_tag_name("day")) {
        let day_date = day.attribute("date").and_then(date);
        // The time a day starts, to place an `HH:MM` after midnight on the next date.
        let day_start = day.attribute("start").and_then(wall_clock);
        for room in day.children().filter(|n| n.has_tag_name("room")) {
            let room_name = short_name(room.attribute("name").unwrap_or(""));
            if !draft.rooms.iter().any(|r| r.name == room_name) {
                draft.rooms.push(DraftRoom {
                    name: room_name.clone(),
                    guid: room.attribute("guid").map(str::to_string),
                    ..Default::default()
                });
            }
            for event in room.children().filter(|n| n.has_tag_name("event")) {
                let place = (&lines, ours);
                match read_event(place, event, &draft, day_date, day_start, &room_name, room) {
                    Ok(session) => draft.sessions.push(session),
                    Err(problem) => problems.push(problem),
                }
            }
        }
    }
    if draft.sessions.is_empty() && problems.is_empty() {
        problems.push(Problem::general(
            "the schedule holds no event (<day><room><event>)",
        ));
    }
    if problems.is_empty() {
        Ok(draft)
    } else {
        Err(problems)
    }
}

fn read_event(
    (lines, ours): (&Lines, bool),
    event: Node,
    draft: &Draft,
    day_date: Option<NaiveDate>,
    day_start: Option<NaiveDateTime>,
    room_name: &str,
    room: Node,
) -> Result<DraftSession, Problem> {
    let here = lines.at(event);
    let title = text_of(event, "title").unwrap_or_default();
    let wrong = |what: String| Problem::at(here.clone(), what);
    let start = match text_of(event, "date").and_then(|d| parse_time(&d)) {
        Some(start) => start,
        None => {
            let clock = text_of(event, "start")
                .and_then(|t| clock_time(&t))
                .ok_or_else(|| wrong(format!("event {title:?} has no <date> or <start> time")))?;
            let day = day_date.ok_or_else(|| {
                wrong(format!(
                    "event {title:?} has a <start> but its <day> no date"
                ))
            })?;
            let mut local = day.and_time(clock);
            // An `HH:MM` earlier than the day's start is after midnight, on the next date.
            if day_start.is_some_and(|starts| local < starts) {
                local += Duration::days(1);
            }
            When::Local(local)
        }
    };
    let length = text_of(event, "duration")
        .ok_or_else(|| wrong(format!("event {title:?} has no <duration>")))?;
    let length = parse_duration(&length).ok_or_else(|| {
        wrong(format!(
            "event {title:?}: duration {length:?} is neither HH:MM nor ISO 8601 (PT1H30M)"
        ))
    })?;
    let end =
        after(start, length).ok_or_else(|| wrong(format!("event {title:?} ends out of range")))?;
    let acronym = draft.acronym.as_deref().unwrap_or("");
    let our_id = our_id(ours, text_of(event, "url"), text_of(event, "slug"), acronym);
    let mut persons: Vec<String> = event
        .descendants()
        .filter(|n| n.has_tag_name("person"))
        .filter_map(|p| p.text().map(short_name))
        .filter(|p| !p.is_empty())
        .collect();
    persons.dedup();
    let description = [text_of(event, "abstract"), text_of(event, "description")]
        .into_iter()
        .flatten()
        .find(|d| !d.trim().is_empty());
    Ok(DraftSession {
        at: here,
        id: our_id,
        foreign_id: event
            .attribute("code")
            .or(event.attribute("id"))
            .map(str::to_string),
        guid: event.attribute("guid").map(str::to_string),
        title,
        description,
        translations: Vec::new(),
        start,
        end,
        room: Some(
            match text_of(event, "room").filter(|own| own != room_name) {
                // An event naming another room than the one it is listed under is in that room.
                Some(own) => DraftRoom {
                    name: own,
                    ..Default::default()
                },
                None => DraftRoom {
                    name: room_name.to_string(),
                    guid: room.attribute("guid").map(str::to_string),
                    ..Default::default()
                },
            },
        ),
        kind: text_of(event, "type").and_then(|t| kind_of(&t)),
        track: text_of(event, "track"),
        language: text_of(event, "language").and_then(|l| Lang::parse(&l)),
        persons,
        cancelled: false,
    })
}

/// Line and column of a node, from a table of line starts made once (roxmltree's own
/// `text_pos_at` counts from the start of the text on every call).
struct Lines(Vec<usize>);

impl Lines {
    fn of(text: &str) -> Lines {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines(starts.collect())
    }

    fn at(&self, node: Node) -> String {
        let offset = node.range().start;
        let line = self.0.partition_point(|start| *start <= offset);
        let column = offset - self.0[line.saturating_sub(1)] + 1;
        format!("line {line}, column {column}")
    }
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|n| n.has_tag_name(name))
}

/// The trimmed text of a child element, `None` when absent or empty.
fn text_of(node: Node, name: &str) -> Option<String> {
    let text: String = child(node, name)?
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn clock_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    NaiveTime::parse_from_str(text, "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(text, "%H:%M:%S"))
        .ok()
}

/// A day's start as its own wall clock reads it, whatever offset it is written with.
fn wall_clock(text: &str) -> Option<NaiveDateTime> {
    match parse_time(text)? {
        When::Local(local) => Some(local),
        When::Instant(_) => DateTime::parse_from_rfc3339(text.trim())
            .ok()
            .map(|t| t.naive_local()),
    }
}
