//! The organiser page's forms: invitations (one, or CSV rows) and reviewing people.

use crate::access::{Inviter, Organiser, invite, invite_csv};
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
use super::{lang_of, read_form, render_at, see_other};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organiser/invite", post(organiser_invite))
        .route("/organiser/invite-csv", post(organiser_invite_csv))
        .route("/organiser/people/{id}/{action}", post(organiser_review))
        .route("/organiser/people/{id}/resend", post(organiser_resend))
        .route(
            "/organiser/people/{id}/reissue-pass",
            post(organiser_reissue_pass),
        )
        .route("/organiser/people/{id}/extend", post(organiser_extend))
        .route("/organiser/deadline", post(organiser_deadline))
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
        lang: Some(form_value(&values, "lang").to_string()).filter(|l| !l.is_empty()),
    };
    let agenda = state.agenda.current().full;
    let outcome = invite(Inviter::of(&state), &agenda, new)
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
    let outcome = invite_csv(Inviter::of(&state), &agenda, form_value(&values, "csv")).await;
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

/// The console again after a step that answers with a notice (`Ok`) or a refusal it shows
/// (`Err` 409 or 422); any other error (404 for an unknown person) is the answer.
async fn organiser_notice(
    state: &AppState,
    parts: &axum::http::request::Parts,
    outcome: Result<String>,
) -> Result<Response> {
    let mut view = organiser_view(state).await?;
    match outcome {
        Ok(notice) => view.notice = Some(notice),
        Err(e @ (Error::Unprocessable(_) | Error::Conflict(_))) => view.error = Some(e.to_string()),
        Err(e) => return Err(e),
    }
    Ok(render_at(state, parts, Some("/organiser"), view).await)
}

async fn organiser_resend(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<PersonId>,
    request: Request,
) -> Result<Response> {
    let (parts, _) = request.into_parts();
    let lang = lang_of(&parts);
    let outcome = crate::journey::resend(&state, &id).await.map(|kind| {
        let m = lang.mail();
        format!(
            "{}{}{}",
            m.resent,
            lang.strings().colon,
            m.kinds[kind.index()]
        )
    });
    organiser_notice(&state, &parts, outcome).await
}

/// A new version of a person's entry pass (a lost phone): the old QR is refused from the doors'
/// next roster on.
async fn organiser_reissue_pass(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<PersonId>,
    request: Request,
) -> Result<Response> {
    let (parts, _) = request.into_parts();
    let lang = lang_of(&parts);
    let outcome = crate::journey::reissue_pass(&state, &id)
        .await
        .map(|_| lang.door().reissued.to_string());
    organiser_notice(&state, &parts, outcome).await
}

/// A person's own deadline, `until` in venue time; empty withdraws it.
async fn organiser_extend(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<PersonId>,
    request: Request,
) -> Result<Response> {
    let (parts, body) = request.into_parts();
    let values = read_form(body).await?;
    let lang = lang_of(&parts);
    let outcome = match venue_time_or_none(&state, form_value(&values, "until")) {
        Ok(until) => crate::journey::extend(&state, &id, until)
            .await
            .map(|()| lang.mail().extended.to_string()),
        Err(problem) => Err(problem),
    };
    organiser_notice(&state, &parts, outcome).await
}

/// The event's registration deadline, in venue time; empty removes it.
async fn organiser_deadline(
    _: Organiser,
    State(state): State<AppState>,
    request: Request,
) -> Result<Response> {
    let (parts, body) = request.into_parts();
    let values = read_form(body).await?;
    let lang = lang_of(&parts);
    let outcome = match venue_time_or_none(&state, form_value(&values, "deadline")) {
        Ok(deadline) => state
            .store
            .set_registration_deadline(state.agenda.slug(), deadline)
            .await
            .map(|()| lang.mail().deadline_saved.to_string()),
        Err(problem) => Err(problem),
    };
    organiser_notice(&state, &parts, outcome).await
}

fn venue_time_or_none(
    state: &AppState,
    text: &str,
) -> Result<Option<chrono::DateTime<chrono::Utc>>> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let zone = app::domain::venue_time::VenueTime::of(&state.agenda.current().full.event).tz;
    crate::editing::form::venue_time(text, &zone)
        .map(Some)
        .map_err(|problem| Error::Unprocessable(format!("{text:?}: {problem}")))
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
