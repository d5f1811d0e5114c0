//! The JSON API under `/api/v1`.

mod agenda;

use crate::error::Error;
use crate::startup::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(agenda::router())
        .fallback(|| async { Error::NotFound })
}
