//! The organiser page's forms: invitations (one, or CSV rows) and reviewing people.

use crate::access::{Organiser, invite, invite_csv};
use crate::error::{Error, Result};
use crate::review::{ReviewAction, apply_review};
use crate::state::AppState;
use crate::store::NewInvitation;
use app::access::PersonId;
use app::access::{form_value, form_values};
use axum::Router;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use axum::routing::post;

use super::loaders::organiser_view;
use super::{read_form, render_at, see_other};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organiser/invite", post(organiser_invite))
        .route("/organiser/invite-csv", post(organiser_invite_csv))
        .route("/organiser/people/{id}/{action}", post(organiser_review))
}

async fn organiser_invite(
    _: Organiser,
    State(state): State<AppState>,
    request: Request,
) -> Result<Response> {
    let (parts, body) = request.into_parts();
    let values = read_form(body).await?;
    let new = NewInvitation {
        role: Some(form_value(&values, "role").to_string()).filter(|r| !r.is_empty()),
        name: form_value(&values, "name").to_string(),
        email: form_value(&values, "email").to_string(),
        organisation: form_value(&values, "organisation").to_string(),
        country: form_value(&values, "country").to_string(),
        closed_sessions: form_values(&values, "closed_sessions")
            .map(String::from)
            .collect(),
    };
    let agenda = state.agenda.current().full;
    let outcome = invite(&state.store, &state.auth, &state.clock, &agenda, new)
        .await
        .map(|i| vec![i]);
    organiser_page(&state, &parts, outcome).await
}

async fn organiser_invite_csv(
    _: Organiser,
    State(state): State<AppState>,
    request: Request,
) -> Result<Response> {
    let (parts, body) = request.into_parts();
    let values = read_form(body).await?;
    let agenda = state.agenda.current().full;
    let outcome = invite_csv(
        &state.store,
        &state.auth,
        &state.clock,
        &agenda,
        form_value(&values, "csv"),
    )
    .await;
    organiser_page(&state, &parts, outcome).await
}

/// The console again, with the new links (shown once) or what went wrong.
async fn organiser_page(
    state: &AppState,
    parts: &axum::http::request::Parts,
    outcome: Result<Vec<crate::access::Invited>>,
) -> Result<Response> {
    let mut view = organiser_view(state).await?;
    match outcome {
        Ok(invited) => view.created = invited.into_iter().map(|i| (i.email, i.link)).collect(),
        Err(e @ (Error::Unprocessable(_) | Error::Conflict(_))) => view.error = Some(e.to_string()),
        Err(e) => return Err(e),
    }
    Ok(render_at(state, parts, Some("/organiser"), view).await)
}

async fn organiser_review(
    _: Organiser,
    State(state): State<AppState>,
    Path((id, action)): Path<(PersonId, String)>,
) -> Result<Response> {
    let action = ReviewAction::parse(&action).ok_or(Error::NotFound)?;
    apply_review(&state, &id, action).await?;
    Ok(see_other("/organiser"))
}
