//! `GET /api/v1/me`: who the current device is signed in as.

use crate::access::require;
use crate::error::Result;
use app::access::{Role, Viewer};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde_json::{Value, json};

pub fn router() -> Router<crate::startup::AppState> {
    Router::new().route("/me", get(get_me))
}

async fn get_me(Extension(viewer): Extension<Viewer>) -> Result<Json<Value>> {
    require(&viewer, Role::Invitee)?;
    Ok(Json(json!({ "role": viewer.role, "name": viewer.name })))
}
