//! A draft from another tool's file merged with the stored event into a whole programme. What
//! the file says wins; what it cannot say is kept from the stored session (closed, Chatham House,
//! interpretation, the titles in other languages), so a re-import never opens a closed side
//! event. Rooms, themes and sessions are recognised by our own ids and GUIDs where the file was
//! exported by us, then by name.

use super::draft::{Draft, DraftRoom, DraftSession, When};
use super::text::{MAX_DESCRIPTION, MAX_TITLE, has_markup, html_to_text, shorten, slugify};
use super::{Options, Problem, Refused};
use crate::frab::stable_uuid;
use crate::programme::{self, Programme, is_slug, venue_to_utc};
use app::i18n::Lang;
use app::model::{Agenda, Event, Kind, Localized, Room, Session, Theme};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::collections::{HashMap, HashSet};

pub fn merge(
    draft: Draft,
    options: &Options,
    stored: &impl Fn(&str) -> Option<Agenda>,
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
    let existing = stored(&slug);
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
    let zone = options.timezone.or(file_zone).or_else(|| {
        existing
            .as_ref()
            .and_then(|a| a.event.timezone.parse().ok())
    });
    let zone = match zone {
        Some(zone) => zone,
        None => {
            return Err(Refused(vec![Problem::general(
                "the file names no time zone and there is no event to take it from: give the venue's zone (--timezone Africa/Tunis)",
            )]));
        }
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
    let event = match &existing {
        Some(agenda) => agenda.event.clone(),
        None => new_event(&draft, &slug, &zone, options.language, &times),
    };
    let mut rooms = Rooms::new(&slug, existing.as_ref(), options.language);
    for room in &draft.rooms {
        rooms.resolve(room);
    }
    let mut themes = Themes::new(existing.as_ref());
    for (name, track_slug) in &draft.tracks {
        themes.resolve(name, track_slug.as_deref());
    }
    let old: HashMap<&str, &Session> = existing
        .iter()
        .flat_map(|a| a.sessions.iter())
        .map(|s| (s.id.as_str(), s))
        .collect();
    let by_guid: HashMap<String, &str> =
        old.keys().map(|id| (stable_uuid(&slug, id), *id)).collect();
    let mut taken = HashSet::new();
    let mut located: HashMap<String, String> = HashMap::new();
    let mut sessions = Vec::with_capacity(draft.sessions.len());
    let (mut unmarked, mut added) = (0, 0);
    for (n, (s, (start, end))) in draft.sessions.iter().zip(times).enumerate() {
        let mut id = session_id(s, &by_guid).unwrap_or_else(|| format!("session-{}", n + 1));
        if !taken.insert(id.clone()) {
            let first = located.get(&id).cloned().unwrap_or_default();
            let unique = (2..)
                .map(|k| format!("{}-{k}", id.chars().take(60).collect::<String>()))
                .find(|c| !taken.contains(c) && !old.contains_key(c.as_str()))
                .unwrap_or_default();
            notes.push(Problem::at(
                &s.at,
                format!("the id {id:?} is used twice (first at {first}): this one is imported as {unique:?}"),
            ));
            taken.insert(unique.clone());
            id = unique;
        }
        located.insert(id.clone(), s.at.clone());
        let base = old.get(id.as_str()).map(|s| (*s).clone());
        added += usize::from(base.is_none());
        let mut session = base.clone().unwrap_or_else(|| Session {
            id: id.clone(),
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
            chatham_house: true,
            moderators: Vec::new(),
            cancelled: false,
        });
        let (title, cut) = shorten(s.title.trim(), MAX_TITLE);
        if cut {
            notes.push(Problem::at(
                &s.at,
                format!("the title is longer than {MAX_TITLE} characters: shortened"),
            ));
        }
        if title.is_empty() {
            problems.push(Problem::at(&s.at, "the event has no title"));
        }
        set(&mut session.title, options.language, title, base.is_none());
        let mut texts: Vec<(Lang, String)> = s.translations.clone();
        if let Some(d) = &s.description {
            texts.push((options.language, d.clone()));
        }
        for (lang, text) in texts {
            let text = if has_markup(&text) {
                unmarked += 1;
                html_to_text(&text)
            } else {
                text.trim().to_string()
            };
            let (text, cut) = shorten(&text, MAX_DESCRIPTION);
            if cut {
                notes.push(Problem::at(
                    &s.at,
                    format!(
                        "the description is longer than {MAX_DESCRIPTION} characters: shortened"
                    ),
                ));
            }
            set(&mut session.description, lang, text, base.is_none());
        }
        session.start = start;
        session.end = end;
        session.room = s.room.as_ref().and_then(|r| rooms.resolve(r));
        session.kind = s.kind.unwrap_or(session.kind);
        if let Some(theme) = s.track.as_deref().and_then(|t| themes.resolve(t, None)) {
            session.theme = theme;
        }
        // c3voc JSON must name a language, so tools (ours too) write English for a session
        // that has none: that English does not give a stored session a floor language.
        session.floor_language = match (s.language, session.floor_language) {
            (Some(Lang::En), None) if base.is_some() => None,
            (language, stored) => language.or(stored),
        };
        if !s.persons.is_empty() {
            session.moderators = s.persons.clone();
        }
        session.cancelled = s.cancelled;
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
    let programme = Programme {
        event,
        themes: themes.list,
        rooms: rooms.list,
        sessions,
    };
    if !problems.is_empty() {
        return Err(Refused(problems));
    }
    programme::check(programme)
        .map(|p| (p, notes))
        .map_err(|e| {
            Refused(
                e.0.into_iter()
                    .map(|message| locate(message, &located))
                    .collect(),
            )
        })
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

/// Our id when the file carries it, the stored session with this GUID, else the other tool's id.
fn session_id(s: &DraftSession, by_guid: &HashMap<String, &str>) -> Option<String> {
    s.id.clone()
        .or_else(|| {
            s.guid
                .as_ref()
                .and_then(|g| by_guid.get(g))
                .map(|id| id.to_string())
        })
        .or_else(|| s.foreign_id.as_deref().map(slugify))
        .or_else(|| s.guid.as_deref().map(slugify))
        .filter(|id| is_slug(id))
        .or_else(|| Some(slugify(&s.title)).filter(|id| is_slug(id)))
}

/// Writes `text` in `lang`; a new session's English (the fallback) is the file's text too.
fn set(target: &mut Localized, lang: Lang, text: String, new: bool) {
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

/// The event's rooms, growing as the file names new ones.
struct Rooms {
    list: Vec<Room>,
    event: String,
    language: Lang,
}

impl Rooms {
    fn new(event: &str, existing: Option<&Agenda>, language: Lang) -> Rooms {
        Rooms {
            list: existing.map(|a| a.rooms.clone()).unwrap_or_default(),
            event: event.to_string(),
            language,
        }
    }

    /// The room a file's room is, `None` for "no room" (our exports list those sessions under
    /// the venue with the GUID of the empty room id).
    fn resolve(&mut self, room: &DraftRoom) -> Option<String> {
        let guid = |id: &str| stable_uuid(&self.event, &format!("room:{id}"));
        if room.guid.as_deref() == Some(guid("").as_str()) {
            return None;
        }
        let name = room.name.trim();
        let known = self.list.iter().position(|r| {
            room.guid.as_deref() == Some(guid(&r.id).as_str())
                || room.slug.as_deref() == Some(r.id.as_str())
                || Lang::ALL.iter().any(|l| {
                    let own = r.name.get(*l).trim();
                    !own.is_empty()
                        && (own.eq_ignore_ascii_case(name)
                            || name
                                .to_lowercase()
                                .starts_with(&format!("{}, ", own.to_lowercase())))
                })
        });
        if let Some(known) = known {
            let known = &mut self.list[known];
            known.capacity = known.capacity.or(room.capacity);
            return Some(known.id.clone());
        }
        if name.is_empty() {
            return None;
        }
        let wanted = room
            .slug
            .clone()
            .filter(|s| is_slug(s))
            .unwrap_or_else(|| slugify(name));
        let id = unique(&wanted, "room", |c| self.list.iter().any(|r| r.id == c));
        let mut label = Localized {
            en: name.to_string(),
            ..Default::default()
        };
        set(&mut label, self.language, name.to_string(), true);
        self.list.push(Room {
            id: id.clone(),
            name: label,
            floor: Localized::default(),
            capacity: room.capacity,
            directions: Localized::default(),
        });
        Some(id)
    }
}

/// The event's themes, growing as the file names new tracks.
struct Themes {
    list: Vec<Theme>,
}

impl Themes {
    fn new(existing: Option<&Agenda>) -> Themes {
        Themes {
            list: existing.map(|a| a.themes.clone()).unwrap_or_default(),
        }
    }

    /// `Some(theme)` for a track, `Some(None)` never; `None` when the track only names a kind of
    /// session (our exports write the kind where a session has no theme), which keeps the theme.
    fn resolve(&mut self, track: &str, slug: Option<&str>) -> Option<Option<String>> {
        let track = track.trim();
        let known = self.list.iter().find(|t| {
            t.slug == track
                || slug == Some(t.slug.as_str())
                || Lang::ALL
                    .iter()
                    .any(|l| t.name.get(*l).trim().eq_ignore_ascii_case(track))
        });
        if let Some(known) = known {
            return Some(Some(known.slug.clone()));
        }
        let names_a_kind = Kind::ALL.iter().any(|k| {
            k.slug() == track
                || Lang::ALL
                    .iter()
                    .any(|l| k.label(*l).eq_ignore_ascii_case(track))
        });
        if names_a_kind || track.is_empty() {
            return None;
        }
        let wanted = slug
            .filter(|s| is_slug(s))
            .map(str::to_string)
            .unwrap_or_else(|| slugify(track));
        let id = unique(&wanted, "theme", |c| self.list.iter().any(|t| t.slug == c));
        self.list.push(Theme {
            slug: id.clone(),
            name: Localized {
                en: track.to_string(),
                ..Default::default()
            },
        });
        Some(Some(id))
    }
}

/// `wanted`, or with `-2`, `-3`… when taken; `{what}-N` when nothing of the name is usable.
fn unique(wanted: &str, what: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = if wanted.is_empty() { what } else { wanted };
    if !wanted.is_empty() && !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|k| format!("{}-{k}", base.chars().take(58).collect::<String>()))
        .find(|c| !taken(c))
        .unwrap_or_default()
}
