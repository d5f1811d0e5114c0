//! Organisers' API: invitations, registrations, review, export. Every route needs the organiser
//! role; nothing here is reachable by delegates (Chatham House: no directory).

use crate::access::{Invited, Organiser, invite, invite_csv};
use crate::csv_export::CsvExport;
use crate::error::{Error, Result};
use crate::review::{ReviewAction, apply_review};
use crate::state::AppState;
use crate::store::NewInvitation;
use app::access::PersonSummary;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/invitations", post(create_invitation))
        .route("/invitations.csv", post(create_invitations_from_csv))
        .route("/people", get(list_people))
        .route("/people.csv", get(export_people))
        .route("/people/{id}", delete(delete_person))
        .route("/people/{id}/{action}", post(review_person))
}

async fn create_invitation(
    _: Organiser,
    State(state): State<AppState>,
    Json(new): Json<NewInvitation>,
) -> Result<(StatusCode, Json<Invited>)> {
    let agenda = state.agenda.current().full;
    Ok((
        StatusCode::CREATED,
        Json(invite(&state.store, &state.auth, &state.clock, &agenda, new).await?),
    ))
}

async fn create_invitations_from_csv(
    _: Organiser,
    State(state): State<AppState>,
    body: String,
) -> Result<(StatusCode, Json<Vec<Invited>>)> {
    let agenda = state.agenda.current().full;
    Ok((
        StatusCode::CREATED,
        Json(invite_csv(&state.store, &state.auth, &state.clock, &agenda, &body).await?),
    ))
}

async fn list_people(
    _: Organiser,
    State(state): State<AppState>,
) -> Result<Json<Vec<PersonSummary>>> {
    Ok(Json(state.store.people(state.agenda.slug()).await?))
}

/// `confirm`, `decline`, `revoke` or `sign-out` (of every device).
async fn review_person(
    _: Organiser,
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
) -> Result<Json<serde_json::Value>> {
    let action = ReviewAction::parse(&action).ok_or(Error::NotFound)?;
    apply_review(&state, &id, action).await?;
    Ok(Json(serde_json::json!({ "id": id, "done": action.slug() })))
}

async fn delete_person(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    apply_review(&state, &id, ReviewAction::Delete).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Registrations as CSV for the organisers' own records.
async fn export_people(_: Organiser, State(state): State<AppState>) -> Result<Response> {
    let people = state.store.people(state.agenda.slug()).await?;
    let header = [
        "name",
        "email",
        "organisation",
        "country",
        "role",
        "status",
        "title",
        "preferred_language",
        "interpretation_needs",
        "accessibility_needs",
        "side_events",
        "closed_sessions",
        "invited_at",
    ];
    let mut export = CsvExport::new(header)?;
    for p in &people {
        let r = p.registration.as_ref();
        let langs =
            |l: &[app::i18n::Lang]| l.iter().map(|l| l.code()).collect::<Vec<_>>().join(";");
        export.row([
            p.name.as_str(),
            &p.email,
            &p.organisation,
            &p.country,
            p.role.slug(),
            p.status.slug(),
            r.map_or("", |r| r.title.as_str()),
            r.map_or("", |r| r.preferred_language.code()),
            &r.map(|r| langs(&r.interpretation_needs))
                .unwrap_or_default(),
            r.map_or("", |r| r.accessibility_needs.as_str()),
            &r.map(|r| r.side_events.join(";")).unwrap_or_default(),
            &p.closed_sessions.join(";"),
            &p.created_at,
        ])?;
    }
    let body = export.finish()?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"registrations.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}
