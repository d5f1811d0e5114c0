//! `GET /api/v1/me`: who the current device is signed in as.

use crate::access::SignedIn;
use crate::error::Result;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{Value, json};

pub fn router() -> Router<crate::state::AppState> {
    Router::new().route("/me", get(get_me))
}

async fn get_me(SignedIn { viewer, .. }: SignedIn) -> Result<Json<Value>> {
    Ok(Json(json!({ "role": viewer.role, "name": viewer.name })))
}
