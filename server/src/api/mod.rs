//! The JSON API under `/api/v1`.

pub(crate) mod agenda;
mod bookmarks;
pub mod calendar;
mod me;
pub mod people;
pub mod push;
pub mod sessions;

use crate::error::Error;
use crate::state::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(agenda::router())
        .merge(bookmarks::router())
        .merge(calendar::router())
        .merge(me::router())
        .merge(people::router())
        .merge(push::router())
        .merge(sessions::router())
        .fallback(|| async { Error::NotFound })
}
