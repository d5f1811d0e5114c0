//! The programme editor's forms (`/organiser/programme/new`, `…/sessions/{id}`, `…/new-room`,
//! `…/rooms/{id}`): each posts to its own page, goes through the API's checks
//! (`crate::editing`) and, when refused, comes back with what was typed and each problem
//! next to its field. What the pages load before a GET is here too.

use super::{read_form, render_at, see_other};
use crate::access::Organiser;
use crate::editing::form::{room_input, room_values, session_input, session_values};
use crate::editing::{check_room, check_stored, save_room, save_session, stored_agenda};
use crate::error::{Error, Result};
use crate::state::AppState;
use app::access::{FormValues, form_value};
use app::editing::{EditErrors, EditProblem, Invitable, RoomEditorView, SessionEditorView};
use app::model::Agenda;
use axum::Router;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use axum::routing::post;

const PROGRAMME: &str = "/organiser/programme";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organiser/programme/new", post(create_session))
        .route("/organiser/programme/sessions/{id}", post(change_session))
        .route("/organiser/programme/new-room", post(create_room))
        .route("/organiser/programme/rooms/{id}", post(change_room))
}

fn zone(agenda: &Agenda) -> chrono_tz::Tz {
    agenda.event.timezone.parse().unwrap_or(chrono_tz::UTC)
}

async fn invitable(state: &AppState) -> Result<Vec<Invitable>> {
    let people = state.store.people(state.agenda.slug()).await?;
    Ok(people
        .into_iter()
        .map(|p| Invitable {
            id: p.id.0,
            name: p.name,
            organisation: p.organisation,
        })
        .collect())
}

/// What the session form shows before anything is typed: the stored session, or for a new
/// one nothing but the Chatham House Rule (the programme's default).
pub(super) async fn session_editor(
    state: &AppState,
    id: Option<String>,
) -> Result<SessionEditorView> {
    let values = match &id {
        Some(id) => {
            let agenda = stored_agenda(state).await?;
            let session = agenda.session(id).ok_or(Error::NotFound)?;
            let invitees = state.store.session_invitees(id).await?;
            let mut values = session_values(session, &invitees, &zone(&agenda));
            values.push(("based_on".into(), fingerprint(session, &invitees)));
            values
        }
        None => vec![
            ("chatham_house".into(), "true".into()),
            ("kind".into(), "plenary".into()),
        ],
    };
    Ok(SessionEditorView {
        id,
        values,
        errors: Vec::new(),
        people: invitable(state).await?,
    })
}

pub(super) async fn room_editor(state: &AppState, id: Option<String>) -> Result<RoomEditorView> {
    let values = match &id {
        Some(id) => room_values(
            state
                .agenda
                .current()
                .full
                .room(id)
                .ok_or(Error::NotFound)?,
        ),
        None => FormValues::new(),
    };
    Ok(RoomEditorView {
        id,
        values,
        errors: Vec::new(),
    })
}

async fn create_session(
    _: Organiser,
    State(state): State<AppState>,
    request: Request,
) -> Result<Response> {
    save_session_form(state, None, request).await
}

async fn change_session(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response> {
    save_session_form(state, Some(id), request).await
}

async fn save_session_form(
    state: AppState,
    id: Option<String>,
    request: Request,
) -> Result<Response> {
    let (parts, body) = request.into_parts();
    let values = read_form(body).await?;
    let zone = zone(&state.agenda.current().full);
    let checked = match session_input(&values, &zone) {
        Ok(input) => check_stored(&state, id.as_deref(), input).await?,
        Err(errors) => Err(errors),
    };
    // Another organiser saved this session since the form was filled: say so once, with what
    // was typed kept; the form now carries the newer session, so saving again replaces it.
    let mut values = values;
    if let Some(id) = &id {
        let agenda = stored_agenda(&state).await?;
        let session = agenda.session(id).ok_or(Error::NotFound)?;
        let current = fingerprint(session, &state.store.session_invitees(id).await?);
        let sent = form_value(&values, "based_on").to_string();
        if !sent.is_empty() && sent != current {
            values.retain(|(name, _)| name != "based_on");
            values.push(("based_on".into(), current));
            let view = SessionEditorView {
                id: Some(id.clone()),
                values,
                errors: vec![("based_on".into(), EditProblem::ChangedMeanwhile)],
                people: invitable(&state).await?,
            };
            let mut page = render_at(&state, &parts, None, view).await;
            *page.status_mut() = axum::http::StatusCode::CONFLICT;
            return Ok(page);
        }
    }
    let errors: EditErrors = match checked {
        Ok(checked) => {
            let changed = save_session(&state, checked, id.is_none()).await?;
            return Ok(super::console::back_to_plan(&changed, &zone));
        }
        Err(errors) => errors,
    };
    let view = SessionEditorView {
        id,
        values,
        errors,
        people: invitable(&state).await?,
    };
    Ok(render_at(&state, &parts, None, view).await)
}

async fn create_room(
    _: Organiser,
    State(state): State<AppState>,
    request: Request,
) -> Result<Response> {
    save_room_form(state, None, request).await
}

async fn change_room(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response> {
    save_room_form(state, Some(id), request).await
}

async fn save_room_form(state: AppState, id: Option<String>, request: Request) -> Result<Response> {
    let (parts, body) = request.into_parts();
    let values = read_form(body).await?;
    if let Some(id) = &id {
        state
            .agenda
            .current()
            .full
            .room(id)
            .ok_or(Error::NotFound)?;
    }
    match room_input(&values).and_then(|input| check_room(id.as_deref(), input)) {
        Ok(room) => {
            let saved = save_room(&state, room, id.is_none()).await?;
            Ok(see_other(&format!("{PROGRAMME}#room-{}", saved.room.id)))
        }
        Err(errors) => {
            let view = RoomEditorView { id, values, errors };
            Ok(render_at(&state, &parts, None, view).await)
        }
    }
}

/// What a session form was filled from: the stored session and its invitees, as a short tag.
fn fingerprint(session: &app::model::Session, invitees: &[String]) -> String {
    use sha2::{Digest, Sha256};
    let mut invitees = invitees.to_vec();
    invitees.sort();
    let text = format!(
        "{}\n{}",
        serde_json::to_string(session).unwrap_or_default(),
        invitees.join(",")
    );
    crate::auth::tokens::hex(&Sha256::digest(text.as_bytes())[..12])
}
