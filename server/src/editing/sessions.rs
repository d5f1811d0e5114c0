//! A whole session, created or replaced: checked against the event (rooms, themes, people,
//! the one rule for times in `programme::check_session_times`) and stored through the same
//! path as a move, so the version, the change log and bookmarkers' notifications follow.

use super::{LONG, SHORT, localized};
use crate::error::{Error, Result};
use crate::session_changes::{SessionChanged, published};
use crate::state::AppState;
use app::editing::{EditErrors, EditProblem, slug_of};
use app::i18n::Lang;
use app::model::{Agenda, Channel, Kind, Localized, Session};
use chrono::{DateTime, Timelike, Utc};
use serde::Deserialize;

/// Every field of a session (`POST /api/v1/sessions` creates one, its id made from the English
/// title; `PUT /api/v1/sessions/{id}` replaces one whole).
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({
    "kind": "side_event", "title": {"en": "Border data", "fr": "Données frontalières"},
    "start": "2024-11-27T13:30:00Z", "end": "2024-11-27T14:30:00Z", "room_id": "hannibal",
    "floor_language": "en", "interpretation": [{"language": "fr", "channel": 2}]
}))]
pub struct SessionInput {
    pub kind: Kind,
    #[serde(default)]
    pub theme: Option<String>,
    /// English is required and is what a delegate sees where a language is missing.
    pub title: Localized,
    #[serde(default)]
    pub description: Localized,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    #[serde(default)]
    pub room_id: Option<String>,
    #[serde(default)]
    pub floor_language: Option<Lang>,
    #[serde(default)]
    pub interpretation: Vec<Channel>,
    /// Seen only by its invitees and organisers.
    #[serde(default)]
    pub closed: bool,
    #[serde(default = "chatham_by_default")]
    pub chatham_house: bool,
    /// Never served to delegates for a Chatham House session.
    #[serde(default)]
    pub moderators: Vec<String>,
    #[serde(default)]
    pub cancelled: bool,
    /// Person ids invited to the session (for a closed one); absent keeps them as they are.
    #[serde(default)]
    pub invitees: Option<Vec<String>>,
}

fn chatham_by_default() -> bool {
    true
}

/// A session that passed every check, with its invitees; only `check_session` makes one.
#[derive(Debug)]
pub struct CheckedSession {
    session: Session,
    invitees: Option<Vec<String>>,
    /// Whether bookmarkers are told: the fields that send them elsewhere changed.
    notifies: bool,
}

const MAX_MODERATORS: usize = 20;
const MAX_CHANNEL: u16 = 999;

/// Checks a session for `agenda` (as stored: the editor needs the moderators the served agenda
/// hides). `current` is the session it replaces; `None` creates one, its id from the title.
pub fn check_session(
    agenda: &Agenda,
    people: &[String],
    current: Option<&Session>,
    input: SessionInput,
) -> std::result::Result<CheckedSession, EditErrors> {
    let mut errors = EditErrors::new();
    let title = localized(&input.title, "title", true, SHORT, &mut errors);
    let description = localized(&input.description, "description", false, LONG, &mut errors);
    let theme = input.theme.filter(|t| !t.is_empty());
    if theme.as_deref().is_some_and(|t| agenda.theme(t).is_none()) {
        errors.push(("theme".into(), EditProblem::Unknown));
    }
    let room = input.room_id.filter(|r| !r.is_empty());
    if room.as_deref().is_some_and(|r| agenda.room(r).is_none()) {
        errors.push(("room_id".into(), EditProblem::Unknown));
    }
    // An edit that keeps a session's times never re-checks them: a stored session can always
    // be changed otherwise.
    let retimed = current.is_none_or(|c| c.start != input.start || c.end != input.end);
    if retimed && let Some(problem) = time_problem(agenda, input.start, input.end) {
        errors.push(problem);
    }
    let mut languages = Vec::new();
    for channel in &input.interpretation {
        if languages.contains(&channel.language) {
            errors.push(("interpretation".into(), EditProblem::Duplicate));
        }
        languages.push(channel.language);
        if channel.channel.is_some_and(|n| n == 0 || n > MAX_CHANNEL) {
            let field = format!("channel.{}", channel.language.code());
            errors.push((field, EditProblem::Invalid));
        }
    }
    let moderators: Vec<String> = input
        .moderators
        .iter()
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty())
        .collect();
    if moderators.len() > MAX_MODERATORS || moderators.iter().any(|m| m.chars().count() > SHORT) {
        errors.push(("moderators".into(), EditProblem::TooLong));
    }
    if let Some(invitees) = &input.invitees
        && invitees.iter().any(|p| !people.contains(p))
    {
        errors.push(("invitees".into(), EditProblem::Unknown));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let session = Session {
        id: match current {
            Some(c) => c.id.clone(),
            None => slug_of(&title.en, "session"),
        },
        kind: input.kind,
        theme,
        title,
        description,
        start: input.start,
        end: input.end,
        room,
        floor_language: input.floor_language,
        interpretation: input.interpretation,
        closed: input.closed,
        chatham_house: input.chatham_house,
        moderators,
        cancelled: input.cancelled,
    };
    // Delegates hear of what sends them elsewhere (room, time, cancellation), as for a move; a
    // corrected title or a new translation does not wake every bookmarker's phone.
    let notifies = current.is_some_and(|c| {
        (&c.room, c.start, c.end, c.cancelled)
            != (&session.room, session.start, session.end, session.cancelled)
    });
    Ok(CheckedSession {
        session,
        invitees: input.invitees,
        notifies,
    })
}

/// The field and problem `programme::check_session_times` refuses these times for.
fn time_problem(
    agenda: &Agenda,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Option<(String, EditProblem)> {
    let zone: chrono_tz::Tz = agenda.event.timezone.parse().unwrap_or(chrono_tz::UTC);
    let event = &agenda.event;
    crate::programme::check_session_times(event.start_date, event.end_date, &zone, start, end)
        .err()?;
    let problem = if start.nanosecond() != 0 {
        ("start", EditProblem::Time)
    } else if end.nanosecond() != 0 {
        ("end", EditProblem::Time)
    } else if end <= start {
        ("end", EditProblem::EndBeforeStart)
    } else if end - start > chrono::Duration::hours(24) {
        ("end", EditProblem::SessionTooLong)
    } else {
        ("start", EditProblem::OutsideEvent)
    };
    Some((problem.0.to_string(), problem.1))
}

/// The agenda as stored, moderators included (the served one hides them under Chatham House,
/// and an edit made from it would erase them).
pub async fn stored_agenda(state: &AppState) -> Result<Agenda> {
    state
        .store
        .load_agenda(state.agenda.slug())
        .await?
        .ok_or(Error::NotFound)
}

/// `check_session` against the event as stored and its people; `id` names the session
/// replaced (404 when there is none), `None` creates one.
pub async fn check_stored(
    state: &AppState,
    id: Option<&str>,
    input: SessionInput,
) -> Result<std::result::Result<CheckedSession, EditErrors>> {
    let agenda = stored_agenda(state).await?;
    let current = match id {
        Some(id) => Some(agenda.session(id).ok_or(Error::NotFound)?),
        None => None,
    };
    let people: Vec<String> = state
        .store
        .people(state.agenda.slug())
        .await?
        .into_iter()
        .map(|p| p.id.0)
        .collect();
    Ok(check_session(&agenda, &people, current, input))
}

/// Stores a checked session, new or replacing the one of its id, and publishes it.
pub async fn save_session(
    state: &AppState,
    checked: CheckedSession,
    create: bool,
) -> Result<SessionChanged> {
    let slug = state.agenda.slug();
    let at = state.clock.wall();
    let invitees = checked.invitees.as_deref();
    let (session, version) = match create {
        true => {
            state
                .store
                .create_session(slug, &checked.session, invitees, at)
                .await?
        }
        false => state
            .store
            .replace_session(slug, &checked.session, invitees, at)
            .await?
            .ok_or(Error::NotFound)?,
    };
    published(state, session, version, checked.notifies).await
}

/// A session's fields as an input: what its own form must read back as.
#[cfg(test)]
pub fn input_of(session: &Session, invitees: Option<Vec<String>>) -> SessionInput {
    SessionInput {
        kind: session.kind,
        theme: session.theme.clone(),
        title: session.title.clone(),
        description: session.description.clone(),
        start: session.start,
        end: session.end,
        room_id: session.room.clone(),
        floor_language: session.floor_language,
        interpretation: session.interpretation.clone(),
        closed: session.closed,
        chatham_house: session.chatham_house,
        moderators: session.moderators.clone(),
        cancelled: session.cancelled,
        invitees,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agenda() -> Agenda {
        let programme = crate::programme::parse(crate::programme::DEMO).unwrap();
        Agenda {
            version: 1,
            updated_at: "2024-11-01T00:00:00Z".parse().unwrap(),
            event: programme.event,
            themes: programme.themes,
            rooms: programme.rooms,
            sessions: programme.sessions,
        }
    }

    fn input() -> SessionInput {
        SessionInput {
            kind: Kind::SideEvent,
            theme: None,
            title: Localized {
                en: "Border data: what next?".into(),
                ..Default::default()
            },
            description: Localized::default(),
            start: "2024-11-27T13:30:00Z".parse().unwrap(),
            end: "2024-11-27T14:30:00Z".parse().unwrap(),
            room_id: None,
            floor_language: Some(Lang::En),
            interpretation: vec![],
            closed: false,
            chatham_house: true,
            moderators: vec![" A. Moderator ".into(), "".into()],
            cancelled: false,
            invitees: None,
        }
    }

    #[test]
    fn a_new_session_gets_its_id_from_the_english_title() {
        let checked = check_session(&agenda(), &[], None, input()).unwrap();
        assert_eq!(checked.session.id, "border-data-what-next");
        assert_eq!(checked.session.moderators, ["A. Moderator"]);
        assert!(!checked.notifies);
    }

    #[test]
    fn each_refused_field_is_named() {
        let mut bad = input();
        bad.title.en = " ".into();
        bad.room_id = Some("attic".into());
        bad.theme = Some("nope".into());
        bad.end = bad.start;
        bad.interpretation = vec![
            Channel {
                language: Lang::Fr,
                channel: Some(0),
            },
            Channel {
                language: Lang::Fr,
                channel: None,
            },
        ];
        bad.invitees = Some(vec!["stranger".into()]);
        let errors = check_session(&agenda(), &[], None, bad).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            [
                "title.en",
                "theme",
                "room_id",
                "end",
                "channel.fr",
                "interpretation",
                "invitees"
            ]
        );
        let mut early = input();
        early.start = "2024-11-20T09:00:00Z".parse().unwrap();
        early.end = "2024-11-20T10:00:00Z".parse().unwrap();
        let errors = check_session(&agenda(), &[], None, early).unwrap_err();
        assert_eq!(
            errors,
            vec![("start".to_string(), EditProblem::OutsideEvent)]
        );
    }

    #[test]
    fn only_moves_and_cancellations_notify() {
        let a = agenda();
        let current = a.session("d1-governance").unwrap();
        let mut retitled = input_of(current, None);
        retitled.title.fr = Some("Nouveau titre".into());
        assert!(
            !check_session(&a, &[], Some(current), retitled)
                .unwrap()
                .notifies
        );
        let mut moved = input_of(current, None);
        moved.room_id = Some("hannibal".into());
        assert!(
            check_session(&a, &[], Some(current), moved)
                .unwrap()
                .notifies
        );
    }
}
