//! `PATCH /api/v1/sessions/{id}` (organisers): move a session to another room or time, or
//! cancel it (`session_changes` does the work); `POST /api/v1/sessions` and
//! `PUT /api/v1/sessions/{id}`: create a session, or replace one whole (`editing`).

use super::ApiRoutes;
use super::openapi::{
    BadRequest, Forbidden, NotFound, PayloadTooLarge, Unauthorized, Unprocessable,
    UnsupportedMediaType,
};
use crate::access::Organiser;
use crate::editing::{SessionInput, check_stored, refused, save_session};
use crate::error::Result;
use crate::session_changes::{SessionChange, SessionChanged, apply_session_change};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

pub(super) fn routes() -> ApiRoutes {
    ApiRoutes::new()
        .patch("/sessions/{id}", change_session)
        .post("/sessions", create_session)
        .put("/sessions/{id}", replace_session)
}

/// Move a session to another room or time, or cancel it
///
/// Bookmarkers' devices are told once the coalescing window has passed.
#[utoipa::path(
    patch,
    path = "/api/v1/sessions/{id}",
    tag = "sessions",
    security(("session_cookie" = [])),
    params(("id" = String, Path, description = "The session", example = "d1-opening")),
    request_body = SessionChange,
    responses(
        (status = 200, description = "The session as changed", body = SessionChanged),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Unprocessable),
    ),
)]
async fn change_session(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(change): Json<SessionChange>,
) -> Result<Json<SessionChanged>> {
    Ok(Json(apply_session_change(&state, &id, change).await?))
}

/// Create a session
///
/// Its id is made from the English title (`-2`, `-3`… when taken). Times are UTC instants
/// (any offset accepted); a session starts within the event's days in venue time.
#[utoipa::path(
    post,
    path = "/api/v1/sessions",
    tag = "sessions",
    security(("session_cookie" = [])),
    request_body = SessionInput,
    responses(
        (status = 201, description = "The session as created", body = SessionChanged),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Unprocessable),
    ),
)]
async fn create_session(
    _: Organiser,
    State(state): State<AppState>,
    Json(input): Json<SessionInput>,
) -> Result<(StatusCode, Json<SessionChanged>)> {
    let checked = check_stored(&state, None, input).await?.map_err(refused)?;
    let created = save_session(&state, checked, true).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Replace a session whole
///
/// Every field is set as sent (`invitees` absent keeps them). Bookmarkers are told when the
/// room, the times or the cancellation changed, as for `PATCH`; other fields only reach the
/// change log and the agenda.
#[utoipa::path(
    put,
    path = "/api/v1/sessions/{id}",
    tag = "sessions",
    security(("session_cookie" = [])),
    params(("id" = String, Path, description = "The session", example = "d1-opening")),
    request_body = SessionInput,
    responses(
        (status = 200, description = "The session as saved", body = SessionChanged),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Unprocessable),
    ),
)]
async fn replace_session(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(input): Json<SessionInput>,
) -> Result<Json<SessionChanged>> {
    let checked = check_stored(&state, Some(&id), input)
        .await?
        .map_err(refused)?;
    Ok(Json(save_session(&state, checked, false).await?))
}
