//! The organiser's day plan: which sessions overlap in one room, and where a session's
//! bookmarks approach or pass its room's seats, with a free larger room to move it to.

use crate::model::{Agenda, Room, Session};
use std::collections::HashSet;

/// Bookmarks at or above this share of a room's seats are worth a look (per cent).
pub const CROWDED_PERCENT: i64 = 90;

fn overlap(a: &Session, b: &Session) -> bool {
    a.start < b.end && b.start < a.end
}

/// Ids of the sessions that overlap another session in the same room (cancelled ones left out:
/// they no longer take the room).
pub fn overlapping_in_rooms<'a>(
    sessions: impl IntoIterator<Item = &'a Session>,
) -> HashSet<String> {
    let live: Vec<&Session> = sessions
        .into_iter()
        .filter(|s| !s.cancelled && s.room.is_some())
        .collect();
    let mut found = HashSet::new();
    for (i, a) in live.iter().enumerate() {
        for b in &live[i + 1..] {
            if a.room == b.room && overlap(a, b) {
                found.insert(a.id.clone());
                found.insert(b.id.clone());
            }
        }
    }
    found
}

/// A session whose bookmarks approach or exceed its room's seats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeatHint {
    pub session: String,
    pub room: String,
    pub seats: u32,
    pub bookmarked: i64,
    /// A larger room with nothing else in it at that time, if there is one.
    pub suggestion: Option<String>,
}

/// Every live session in a room with a known number of seats whose bookmarks reach
/// `CROWDED_PERCENT` of them.
pub fn seat_hints(agenda: &Agenda, counts: &[(String, i64)]) -> Vec<SeatHint> {
    let count = |id: &str| {
        counts
            .iter()
            .find(|(s, _)| s == id)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    agenda
        .sessions
        .iter()
        .filter(|s| !s.cancelled)
        .filter_map(|s| {
            let room = agenda.room(s.room.as_deref()?)?;
            let seats = room.capacity?;
            let bookmarked = count(&s.id);
            (bookmarked * 100 >= i64::from(seats) * CROWDED_PERCENT).then(|| SeatHint {
                session: s.id.clone(),
                room: room.id.clone(),
                seats,
                bookmarked,
                suggestion: larger_free_room(agenda, s, seats, bookmarked).map(|r| r.id.clone()),
            })
        })
        .collect()
}

/// The smallest free room with more seats than `seats` that holds everyone who bookmarked;
/// failing that, the largest free room with more seats.
fn larger_free_room<'a>(
    agenda: &'a Agenda,
    session: &Session,
    seats: u32,
    bookmarked: i64,
) -> Option<&'a Room> {
    let mut free: Vec<(&Room, u32)> = agenda
        .rooms
        .iter()
        .filter_map(|r| Some((r, r.capacity?)))
        .filter(|(_, c)| *c > seats)
        .filter(|(r, _)| {
            !agenda.sessions.iter().any(|o| {
                o.id != session.id
                    && !o.cancelled
                    && o.room.as_deref() == Some(r.id.as_str())
                    && overlap(o, session)
            })
        })
        .collect();
    free.sort_by_key(|(_, c)| *c);
    free.iter()
        .find(|(_, c)| i64::from(*c) >= bookmarked)
        .or(free.last())
        .map(|(r, _)| *r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, Kind, Localized};
    use chrono::{DateTime, NaiveDate, Utc};

    fn at(h: u32) -> DateTime<Utc> {
        format!("2024-11-27T{h:02}:00:00Z").parse().unwrap()
    }

    fn session(id: &str, room: &str, from: u32, to: u32) -> Session {
        Session {
            id: id.into(),
            kind: Kind::Plenary,
            theme: None,
            title: Localized::default(),
            description: Localized::default(),
            start: at(from),
            end: at(to),
            room: Some(room.into()),
            floor_language: None,
            interpretation: vec![],
            closed: false,
            chatham_house: true,
            moderators: vec![],
            cancelled: false,
        }
    }

    fn room(id: &str, capacity: u32) -> Room {
        Room {
            id: id.into(),
            name: Localized::default(),
            floor: Localized::default(),
            capacity: Some(capacity),
            directions: Localized::default(),
        }
    }

    fn agenda(rooms: Vec<Room>, sessions: Vec<Session>) -> Agenda {
        let day = NaiveDate::from_ymd_opt(2024, 11, 27).unwrap();
        Agenda {
            version: 1,
            updated_at: at(0),
            event: Event {
                slug: "e".into(),
                name: Localized::default(),
                short_name: Localized::default(),
                venue: Localized::default(),
                city: Localized::default(),
                timezone: "Africa/Tunis".into(),
                start_date: day,
                end_date: day,
                languages: vec![],
                contact_email: String::new(),
                demo: false,
            },
            themes: vec![],
            rooms,
            sessions,
        }
    }

    #[test]
    fn overlaps_are_per_room_and_ignore_cancelled_sessions() {
        let mut gone = session("gone", "a", 9, 12);
        gone.cancelled = true;
        let sessions = [
            session("one", "a", 9, 10),
            session("two", "a", 9, 11),
            session("after", "a", 11, 12),
            session("elsewhere", "b", 9, 10),
            gone,
        ];
        let found = overlapping_in_rooms(&sessions);
        let mut found: Vec<_> = found.into_iter().collect();
        found.sort();
        assert_eq!(found, ["one", "two"]);
    }

    #[test]
    fn crowded_sessions_get_a_free_larger_room() {
        let a = agenda(
            vec![
                room("small", 80),
                room("busy", 500),
                room("big", 200),
                room("huge", 400),
            ],
            vec![
                session("talk", "small", 9, 10),
                session("other", "busy", 9, 11),
                session("quiet", "big", 12, 13),
            ],
        );
        let hints = seat_hints(&a, &[("talk".into(), 95), ("quiet".into(), 10)]);
        assert_eq!(hints.len(), 1);
        let hint = &hints[0];
        assert_eq!(
            (hint.room.as_str(), hint.seats, hint.bookmarked),
            ("small", 80, 95)
        );
        assert_eq!(
            hint.suggestion.as_deref(),
            Some("big"),
            "smallest free room that fits"
        );
        // 72 of 80 is 90 %: worth a look; 71 is not.
        assert_eq!(seat_hints(&a, &[("talk".into(), 72)]).len(), 1);
        assert!(seat_hints(&a, &[("talk".into(), 71)]).is_empty());
        // No larger room free: the hint stays, without a suggestion.
        let full = agenda(
            vec![room("small", 80), room("big", 200)],
            vec![
                session("talk", "small", 9, 10),
                session("other", "big", 9, 10),
            ],
        );
        assert_eq!(
            seat_hints(&full, &[("talk".into(), 95)])[0].suggestion,
            None
        );
    }
}
