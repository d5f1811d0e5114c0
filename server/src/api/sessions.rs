//! `PATCH /api/v1/sessions/{id}` (organisers): move a session to another room or time, or
//! cancel it (`session_changes` does the work).

use super::ApiRoutes;
use super::openapi::{
    BadRequest, Forbidden, NotFound, PayloadTooLarge, Unauthorized, Unprocessable,
    UnsupportedMediaType,
};
use crate::access::Organiser;
use crate::error::Result;
use crate::session_changes::{SessionChange, SessionChanged, apply_session_change};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};

pub(super) fn routes() -> ApiRoutes {
    ApiRoutes::new().patch("/sessions/{id}", change_session)
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
