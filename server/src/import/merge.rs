//! A draft from another tool's file merged with the stored event into a whole programme. What
//! the file says wins; what it cannot say is kept from the stored session (closed, Chatham House,
//! interpretation, the titles in other languages), so a re-import never opens a closed side
//! event. Rooms, themes and sessions are recognised by our own ids and GUIDs where the file was
//! exported by us, then by name.

use super::draft::{Draft, DraftSession, When};
use super::places::{Rooms, Themes};
use super::text::{MAX_DESCRIPTION, MAX_TITLE, clean, has_markup, html_to_text, shorten, slugify};
use super::{Options, Problem, Refused, Stored};
use crate::frab::stable_uuid;
use crate::programme::{self, Programme, is_slug, venue_to_utc};
use app::i18n::Lang;
use app::model::{Event, Kind, Localized, Session};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::collections::{HashMap, HashSet};

pub fn merge(
    draft: Draft,
    options: &Options,
    stored: &Stored,
) -> Result<(Programme, Vec<Problem>), Refused> {
    let mut problems = Vec::new();
    let mut notes = draft.notes.clone();
    let slug = options
        .event
        .clone()
        .or_else(|| options.served.clone())
        .or_else(|| {
            draft
                .acronym
                .as_deref()
                .map(|a| slugify(&a.replace('_', "-")))
        })
        .or_else(|| draft.title.as_deref().map(slugify))
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "imported".into());
    let existing = stored.agenda(&slug);
    let file_zone = draft.timezone.as_deref().and_then(|z| {
        let zone = z.parse::<Tz>().ok();
        if zone.is_none() {
            notes.push(Problem::general(format!(
                "the file's time zone {z:?} is not an IANA name: times without an offset are read in the event's zone"
            )));
        }
        zone
    });
    // Wall-clock times without a zone: `--timezone`, else the file's zone, else the event's.
    let zone = options
        .timezone
        .or(file_zone)
        .or_else(|| existing.and_then(|a| a.event.timezone.parse().ok()));
    let Some(zone) = zone else {
        return Err(Refused(vec![Problem::general(
            "the file names no time zone and there is no event to take it from: give the venue's zone (--timezone Africa/Tunis)",
        )]));
    };
    let mut times: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    for s in &draft.sessions {
        let mut utc = |when: When, what: &str| match when {
            When::Instant(t) => t,
            When::Local(local) => venue_to_utc(&zone, local).unwrap_or_else(|| {
                problems.push(Problem::at(
                    &s.at,
                    format!("{what} {local} does not exist in {zone} (clock change)"),
                ));
                local.and_utc()
            }),
        };
        times.push((utc(s.start, "start"), utc(s.end, "end")));
    }
    let event = match existing {
        Some(agenda) => agenda.event.clone(),
        None => new_event(&draft, &slug, &zone, options.language, &times),
    };
    let mut rooms = Rooms::new(&slug, existing, options.language);
    for room in &draft.rooms {
        rooms.resolve(room);
    }
    let mut themes = Themes::new(existing);
    for (name, track_slug) in &draft.tracks {
        themes.resolve(name, track_slug.as_deref());
    }
    let old: HashMap<&str, &Session> = existing
        .iter()
        .flat_map(|a| a.sessions.iter())
        .map(|s| (s.id.as_str(), s))
        .collect();
    let mut ids = Ids {
        by_guid: old.keys().map(|id| (stable_uuid(&slug, id), *id)).collect(),
        taken: HashSet::new(),
        next: HashMap::new(),
        located: HashMap::new(),
    };
    let mut sessions = Vec::with_capacity(draft.sessions.len());
    let (mut unmarked, mut added) = (0, 0);
    for (s, (start, end)) in draft.sessions.iter().zip(times) {
        let wanted = ids.wanted(s, &zone, start);
        let id = ids.unique(wanted, s, &mut notes, |id| {
            stored.owner_elsewhere(id, &slug).is_some()
        });
        let base = old.get(id.as_str()).map(|s| (*s).clone());
        added += usize::from(base.is_none());
        let mut session = base.unwrap_or_else(|| new_session(&id, start, end));
        let fields = Fields {
            language: options.language,
            new: !old.contains_key(id.as_str()),
            language_always_given: draft.language_always_given,
        };
        unmarked += fields.apply(s, &mut session, &mut notes, &mut problems);
        session.start = start;
        session.end = end;
        session.room = s.room.as_ref().and_then(|r| rooms.resolve(r));
        if let Some(theme) = s.track.as_deref().and_then(|t| themes.resolve(t, None)) {
            session.theme = theme;
        }
        sessions.push(session);
    }
    if unmarked > 0 {
        notes.push(Problem::general(format!(
            "markup (HTML) removed from {unmarked} description(s); their text is kept"
        )));
    }
    if added > 0 {
        notes.push(Problem::general(format!(
            "this format cannot mark a session closed: the {added} new session(s) are open to every participant until closed in the console"
        )));
    }
    // Another tool's file cannot hold a closed side event (our public exports leave them out):
    // one missing from it is kept as it is, not cancelled.
    let kept: Vec<Session> = old
        .values()
        .filter(|s| s.closed && !s.cancelled && !ids.taken.contains(s.id.as_str()))
        .map(|s| (*s).clone())
        .collect();
    if !kept.is_empty() {
        let names: Vec<&str> = kept.iter().map(|s| s.title.en.as_str()).collect();
        notes.push(Problem::general(format!(
            "closed side events not in the file are kept, not cancelled: {}",
            names.join("; ")
        )));
        sessions.extend(kept);
    }
    if !problems.is_empty() {
        return Err(Refused(problems));
    }
    let programme = Programme {
        event,
        // Other tools' files know no registration deadline: the stored one stays.
        registration_deadline: None,
        themes: themes.list,
        rooms: rooms.list,
        sessions,
    };
    programme::check(programme)
        .map(|p| (p, notes))
        .map_err(|e| {
            Refused(
                e.0.into_iter()
                    .map(|message| locate(message, &ids.located))
                    .collect(),
            )
        })
}

/// The ids given to the file's sessions: stable across re-imports of the same file.
struct Ids<'a> {
    by_guid: HashMap<String, &'a str>,
    taken: HashSet<String>,
    /// The next suffix to try for an id used more than once.
    next: HashMap<String, usize>,
    located: HashMap<String, String>,
}

impl Ids<'_> {
    /// Our id when our export carries it, the stored session with this GUID, the other tool's
    /// id or GUID, else the title with the local start (so inserting a session elsewhere in
    /// the file does not shift the ids of six "Coffee break"s).
    fn wanted(&self, s: &DraftSession, zone: &Tz, start: DateTime<Utc>) -> String {
        let usable = |id: String| Some(id).filter(|id| is_slug(id));
        s.id.clone()
            .and_then(usable)
            .or_else(|| {
                s.guid
                    .as_ref()
                    .and_then(|g| self.by_guid.get(g))
                    .map(|id| id.to_string())
            })
            .or_else(|| s.foreign_id.as_deref().map(slugify).and_then(usable))
            .or_else(|| s.guid.as_deref().map(slugify).and_then(usable))
            .unwrap_or_else(|| {
                let title: String = slugify(&s.title).chars().take(40).collect();
                let at = start.with_timezone(zone).format("%Y%m%d-%H%M");
                format!("{}-{at}", title.trim_end_matches('-'))
                    .trim_start_matches('-')
                    .to_string()
            })
    }

    /// `wanted`, or `wanted-2`, `-3`… when this file used it already; `-2`… too when another
    /// event has a session with that id (ids are global).
    fn unique(
        &mut self,
        wanted: String,
        s: &DraftSession,
        notes: &mut Vec<Problem>,
        elsewhere: impl Fn(&str) -> bool,
    ) -> String {
        let mine_already = self.taken.contains(&wanted);
        let other_event = !mine_already && elsewhere(&wanted);
        let id = if mine_already || other_event {
            let base: String = wanted.chars().take(56).collect();
            let next = self.next.entry(wanted.clone()).or_insert(2);
            let id = loop {
                let candidate = format!("{base}-{next}");
                *next += 1;
                if !self.taken.contains(&candidate) && !elsewhere(&candidate) {
                    break candidate;
                }
            };
            let why = match self.located.get(&wanted) {
                Some(first) => format!("the id {wanted:?} is used twice (first at {first})"),
                None => format!("the id {wanted:?} belongs to a session of another event"),
            };
            notes.push(Problem::at(
                &s.at,
                format!("{why}: this one is imported as {id:?}"),
            ));
            id
        } else {
            wanted
        };
        self.taken.insert(id.clone());
        self.located.insert(id.clone(), s.at.clone());
        id
    }
}

fn new_session(id: &str, start: DateTime<Utc>, end: DateTime<Utc>) -> Session {
    Session {
        id: id.to_string(),
        kind: Kind::Other,
        theme: None,
        title: Localized::default(),
        description: Localized::default(),
        start,
        end,
        room: None,
        floor_language: None,
        interpretation: Vec::new(),
        closed: false,
        // The conference's rule unless the organisers lift it for a session.
        chatham_house: true,
        moderators: Vec::new(),
        cancelled: false,
    }
}

/// How a file's fields are written into a session.
struct Fields {
    language: Lang,
    new: bool,
    language_always_given: bool,
}

impl Fields {
    /// Title, descriptions, kind, floor language, moderators, cancellation; the number of
    /// descriptions whose markup was removed.
    fn apply(
        &self,
        s: &DraftSession,
        session: &mut Session,
        notes: &mut Vec<Problem>,
        problems: &mut Vec<Problem>,
    ) -> usize {
        let (title, cut) = shorten(&clean(s.title.trim(), false), MAX_TITLE);
        if cut {
            notes.push(Problem::at(
                &s.at,
                format!("the title is longer than {MAX_TITLE} characters: shortened"),
            ));
        }
        if title.is_empty() {
            problems.push(Problem::at(&s.at, "the event has no title"));
        }
        set(&mut session.title, self.language, title, self.new);
        let mut texts: Vec<(Lang, &str)> = s
            .translations
            .iter()
            .map(|(l, t)| (*l, t.as_str()))
            .collect();
        if let Some(d) = &s.description {
            texts.push((self.language, d));
        }
        let mut unmarked = 0;
        for (lang, text) in texts {
            // Cut before reading markup, so a huge description costs no more than a long one.
            let (text, cut) = shorten(text, MAX_DESCRIPTION * 4);
            let text = if has_markup(&text) {
                unmarked += 1;
                html_to_text(&text)
            } else {
                text.trim().to_string()
            };
            let (text, cut_again) = shorten(&clean(&text, true), MAX_DESCRIPTION);
            if cut || cut_again {
                notes.push(Problem::at(
                    &s.at,
                    format!(
                        "the description is longer than {MAX_DESCRIPTION} characters: shortened"
                    ),
                ));
            }
            set(&mut session.description, lang, text, self.new);
        }
        session.kind = s.kind.unwrap_or(session.kind);
        // c3voc JSON must name a language, so tools (ours too) write English for a session
        // that has none: that English does not give a stored session a floor language.
        session.floor_language = match (s.language, session.floor_language) {
            (Some(Lang::En), None) if !self.new && self.language_always_given => None,
            (language, stored) => language.or(stored),
        };
        if !s.persons.is_empty() {
            session.moderators = s.persons.clone();
        }
        session.cancelled = s.cancelled;
        unmarked
    }
}

/// A checked programme's "session {id}: …" placed where that session is in the file.
fn locate(message: String, located: &HashMap<String, String>) -> Problem {
    let at = message
        .strip_prefix("session ")
        .and_then(|rest| rest.split_once(':'))
        .and_then(|(id, _)| located.get(id));
    match at {
        Some(at) => Problem::at(at, message),
        None => Problem::general(message),
    }
}

/// Writes `text` in `lang`; a new session's English (the fallback) is the file's text too.
pub fn set(target: &mut Localized, lang: Lang, text: String, new: bool) {
    if text.is_empty() {
        return;
    }
    if new && target.en.is_empty() {
        target.en = text.clone();
    }
    match lang {
        Lang::En => target.en = text,
        Lang::Fr => target.fr = Some(text),
        Lang::Ar => target.ar = Some(text),
        Lang::Ru => target.ru = Some(text),
    }
}

fn new_event(
    draft: &Draft,
    slug: &str,
    zone: &Tz,
    language: Lang,
    times: &[(DateTime<Utc>, DateTime<Utc>)],
) -> Event {
    let local = |t: &DateTime<Utc>| t.with_timezone(zone).date_naive();
    let first = times.iter().map(|(s, _)| local(s)).min();
    let last = times.iter().map(|(s, _)| local(s)).max();
    // The dates the file declares; the sessions' days where it declares none. A session
    // outside declared dates is then a mistake the check reports, not a longer event.
    let (start_date, end_date) = match (draft.start_date, draft.end_date) {
        (Some(start), Some(end)) => (start, end),
        (start, end) => (
            start.or(first).unwrap_or_default(),
            end.or(last).unwrap_or_default(),
        ),
    };
    let name = draft.title.clone().unwrap_or_else(|| slug.to_string());
    let city = zone
        .name()
        .rsplit('/')
        .next()
        .unwrap_or("")
        .replace('_', " ");
    let text = |en: String| Localized {
        en,
        ..Default::default()
    };
    Event {
        slug: slug.to_string(),
        name: text(name.clone()),
        short_name: text(
            draft
                .acronym
                .clone()
                .map(|a| a.replace('_', " ").trim().to_uppercase())
                .unwrap_or(name),
        ),
        venue: text(String::new()),
        city: text(city),
        timezone: zone.name().to_string(),
        start_date,
        end_date,
        languages: if draft.languages.is_empty() {
            vec![language]
        } else {
            draft.languages.clone()
        },
        contact_email: String::new(),
        demo: false,
    }
}
