//! The JSON API under `/api/v1`.

mod agenda;
mod bookmarks;
pub mod calendar;
mod me;
pub mod people;

use crate::error::Error;
use crate::startup::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(agenda::router())
        .merge(bookmarks::router())
        .merge(calendar::router())
        .merge(me::router())
        .merge(people::router())
        .fallback(|| async { Error::NotFound })
}
