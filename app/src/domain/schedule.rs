//! A day's sessions grouped by start time, and what is on now and next.

use super::venue_time::{VenueTime, event_days};
use crate::model::{Agenda, Session};
use chrono::{DateTime, NaiveDate, Utc};

/// Sessions that start together: one heading on the agenda.
#[derive(Debug, PartialEq)]
pub struct Slot<'a> {
    pub start: DateTime<Utc>,
    pub sessions: Vec<&'a Session>,
}

/// The day's sessions (in venue time) grouped by start; input order within a slot is kept.
pub fn slots_on<'a>(agenda: &'a Agenda, day: NaiveDate) -> Vec<Slot<'a>> {
    let venue = VenueTime::of(&agenda.event);
    let mut slots: Vec<Slot<'a>> = Vec::new();
    for session in agenda
        .sessions
        .iter()
        .filter(|s| venue.date(s.start) == day)
    {
        match slots.iter_mut().find(|slot| slot.start == session.start) {
            Some(slot) => slot.sessions.push(session),
            None => slots.push(Slot {
                start: session.start,
                sessions: vec![session],
            }),
        }
    }
    slots.sort_by_key(|slot| slot.start);
    slots
}

/// The day to open: today while the event runs, otherwise its first day.
pub fn default_day(agenda: &Agenda, now: DateTime<Utc>) -> NaiveDate {
    let today = VenueTime::of(&agenda.event).date(now);
    if event_days(&agenda.event).contains(&today) {
        today
    } else {
        agenda.event.start_date
    }
}

/// What "Now" and "Next" point at.
#[derive(Debug, Default, PartialEq)]
pub struct NowNext<'a> {
    pub now: Vec<&'a Session>,
    /// Every session starting at the next start time after `now`.
    pub next: Vec<&'a Session>,
}

pub fn now_and_next(agenda: &Agenda, now: DateTime<Utc>) -> NowNext<'_> {
    let live = agenda.sessions.iter().filter(|s| !s.cancelled);
    let running = live
        .clone()
        .filter(|s| s.start <= now && now < s.end)
        .collect();
    let next_start = live
        .clone()
        .map(|s| s.start)
        .filter(|start| *start > now)
        .min();
    let next = match next_start {
        Some(start) => live.filter(|s| s.start == start).collect(),
        None => Vec::new(),
    };
    NowNext { now: running, next }
}

impl NowNext<'_> {
    pub fn is_now(&self, session: &Session) -> bool {
        self.now.iter().any(|s| s.id == session.id)
    }

    pub fn is_next(&self, session: &Session) -> bool {
        self.next.iter().any(|s| s.id == session.id)
    }
}

/// Two sessions overlap when each starts before the other ends (back-to-back is not a clash).
pub fn overlap(a: &Session, b: &Session) -> bool {
    a.start < b.end && b.start < a.end
}

/// The other live sessions among `chosen` that overlap `session`.
pub fn clashes<'a>(agenda: &'a Agenda, chosen: &[String], session: &Session) -> Vec<&'a Session> {
    agenda
        .sessions
        .iter()
        .filter(|s| {
            s.id != session.id && !s.cancelled && chosen.contains(&s.id) && overlap(s, session)
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::model::*;

    fn text(en: &str, fr: &str) -> Localized {
        Localized {
            en: en.into(),
            fr: Some(fr.into()),
            ..Default::default()
        }
    }

    fn session(id: &str, kind: Kind, start: &str, end: &str, room: &str) -> Session {
        Session {
            id: id.into(),
            kind,
            theme: None,
            title: text(id, id),
            description: Localized::default(),
            start: start.parse().unwrap(),
            end: end.parse().unwrap(),
            room: Some(room.into()),
            floor_language: Some(Lang::En),
            interpretation: vec![],
            closed: false,
            chatham_house: true,
            moderators: vec![],
            cancelled: false,
        }
    }

    /// Two days in Tunis; times in UTC (Tunis is UTC+1).
    pub(crate) fn sample_agenda() -> Agenda {
        let mut digital = session(
            "side-digital",
            Kind::SideEvent,
            "2024-11-28T09:00:00Z",
            "2024-11-28T10:30:00Z",
            "elissa",
        );
        digital.title = text(
            "Digitalisation and AI at borders",
            "Le numérique et l’IA aux frontières",
        );
        digital.theme = Some("digitalisation".into());
        digital.interpretation = vec![Channel {
            language: Lang::Ar,
            channel: Some(3),
        }];
        Agenda {
            version: 3,
            updated_at: "2024-11-20T10:00:00Z".parse().unwrap(),
            event: Event {
                slug: "ibmc-2024".into(),
                name: text("IBMC", "IBMC"),
                short_name: text("IBMC", "IBMC"),
                venue: text("Hotel", "Hôtel"),
                city: text("Tunis", "Tunis"),
                timezone: "Africa/Tunis".into(),
                start_date: NaiveDate::from_ymd_opt(2024, 11, 27).unwrap(),
                end_date: NaiveDate::from_ymd_opt(2024, 11, 28).unwrap(),
                languages: Lang::ALL.to_vec(),
                contact_email: "x@example.org".into(),
                demo: true,
            },
            themes: vec![Theme {
                slug: "digitalisation".into(),
                name: text("Digitalisation", "Numérique"),
            }],
            rooms: vec![
                Room {
                    id: "carthage".into(),
                    name: text("Carthage Hall", "Salle Carthage"),
                    floor: Localized::default(),
                    capacity: Some(400),
                    directions: Localized::default(),
                },
                Room {
                    id: "elissa".into(),
                    name: text("Elissa Room", "Salle Elissa"),
                    floor: Localized::default(),
                    capacity: Some(80),
                    directions: Localized::default(),
                },
            ],
            sessions: vec![
                session(
                    "opening",
                    Kind::Plenary,
                    "2024-11-27T08:00:00Z",
                    "2024-11-27T09:00:00Z",
                    "carthage",
                ),
                session(
                    "coffee",
                    Kind::Break,
                    "2024-11-27T09:00:00Z",
                    "2024-11-27T09:30:00Z",
                    "carthage",
                ),
                session(
                    "gov",
                    Kind::Plenary,
                    "2024-11-27T09:30:00Z",
                    "2024-11-27T11:00:00Z",
                    "carthage",
                ),
                session(
                    "late",
                    Kind::Other,
                    "2024-11-27T23:30:00Z",
                    "2024-11-28T00:30:00Z",
                    "carthage",
                ),
                digital,
                session(
                    "side-tourism",
                    Kind::SideEvent,
                    "2024-11-28T09:00:00Z",
                    "2024-11-28T10:30:00Z",
                    "carthage",
                ),
            ],
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn groups_a_days_sessions_by_start_in_venue_time() {
        let agenda = sample_agenda();
        let day1 = slots_on(&agenda, NaiveDate::from_ymd_opt(2024, 11, 27).unwrap());
        assert_eq!(
            day1.iter()
                .map(|s| s.sessions[0].id.as_str())
                .collect::<Vec<_>>(),
            ["opening", "coffee", "gov"]
        );
        let day2 = slots_on(&agenda, NaiveDate::from_ymd_opt(2024, 11, 28).unwrap());
        // 23:30 UTC on the 27th is 00:30 on the 28th in Tunis.
        assert_eq!(day2[0].sessions[0].id, "late");
        assert_eq!(
            day2[1]
                .sessions
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>(),
            ["side-digital", "side-tourism"]
        );
    }

    #[test]
    fn opens_today_during_the_event_and_day_one_otherwise() {
        let agenda = sample_agenda();
        assert_eq!(
            default_day(&agenda, at("2024-11-28T07:00:00Z")),
            NaiveDate::from_ymd_opt(2024, 11, 28).unwrap()
        );
        assert_eq!(
            default_day(&agenda, at("2026-01-01T00:00:00Z")),
            agenda.event.start_date
        );
    }

    #[test]
    fn now_is_what_runs_and_next_is_everything_at_the_next_start() {
        let agenda = sample_agenda();
        let nn = now_and_next(&agenda, at("2024-11-27T08:30:00Z"));
        assert_eq!(
            nn.now.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            ["opening"]
        );
        assert_eq!(
            nn.next.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            ["coffee"]
        );
        // At a boundary the ending session is over and the starting one is on.
        let nn = now_and_next(&agenda, at("2024-11-27T09:00:00Z"));
        assert!(
            nn.is_now(agenda.session("coffee").unwrap())
                && !nn.is_now(agenda.session("opening").unwrap())
        );
        let nn = now_and_next(&agenda, at("2024-11-28T08:00:00Z"));
        assert_eq!(nn.next.len(), 2);
        assert_eq!(
            now_and_next(&agenda, at("2025-01-01T00:00:00Z")),
            NowNext::default()
        );
    }

    #[test]
    fn parallel_sessions_clash_and_back_to_back_ones_do_not() {
        let agenda = sample_agenda();
        let chosen: Vec<String> = ["side-tourism", "opening", "coffee"]
            .map(String::from)
            .to_vec();
        let digital = agenda.session("side-digital").unwrap();
        assert_eq!(
            clashes(&agenda, &chosen, digital)
                .iter()
                .map(|s| s.id.as_str())
                .collect::<Vec<_>>(),
            ["side-tourism"]
        );
        // The opening ends when the coffee break starts.
        assert!(clashes(&agenda, &chosen, agenda.session("opening").unwrap()).is_empty());
    }

    #[test]
    fn cancelled_sessions_are_neither_now_nor_next() {
        let mut agenda = sample_agenda();
        agenda.sessions[1].cancelled = true;
        let nn = now_and_next(&agenda, at("2024-11-27T08:30:00Z"));
        assert_eq!(nn.next[0].id, "gov");
    }
}
