//! `PATCH /api/v1/sessions/{id}` (organisers): move a session to another room or time, or
//! cancel it (`session_changes` does the work).

use crate::access::Organiser;
use crate::error::Result;
use crate::session_changes::{SessionChange, SessionChanged, apply_session_change};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::routing::patch;
use axum::{Json, Router};

pub fn router() -> Router<AppState> {
    Router::new().route("/sessions/{id}", patch(change_session))
}

async fn change_session(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(change): Json<SessionChange>,
) -> Result<Json<SessionChanged>> {
    Ok(Json(apply_session_change(&state, &id, change).await?))
}
