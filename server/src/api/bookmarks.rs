//! `GET /api/v1/me/bookmarks`, `PUT` and `DELETE /api/v1/me/bookmarks/{session_id}`.
//! A device sends its client-generated operation id in `Op-Id`, so a replayed operation from an
//! offline queue is applied once and answered the same way every time.

use crate::access::require_person;
use crate::error::{Error, Result};
use crate::startup::AppState;
use crate::store::{BookmarkChange, Bookmarks};
use app::access::Viewer;
use app::domain::schedule::clashes;
use app::i18n::Lang;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde::Serialize;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me/bookmarks", get(list_bookmarks))
        .route(
            "/me/bookmarks/{session_id}",
            axum::routing::put(add_bookmark).delete(remove_bookmark),
        )
}

async fn list_bookmarks(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Result<Json<Bookmarks>> {
    let person = require_person(&viewer)?;
    Ok(Json(state.store.bookmarks(person).await?))
}

/// The change, and the bookmarked sessions it now overlaps (a warning, not a block).
#[derive(Serialize)]
struct BookmarkResponse {
    #[serde(flatten)]
    change: BookmarkChange,
    clashes: Vec<Clash>,
}

#[derive(Serialize)]
struct Clash {
    id: String,
    title: String,
}

async fn add_bookmark(
    state: State<AppState>,
    viewer: Extension<Viewer>,
    lang: Extension<Lang>,
    session: Path<String>,
    headers: HeaderMap,
) -> Result<Json<BookmarkResponse>> {
    set(state, viewer, lang, session, headers, true).await
}

async fn remove_bookmark(
    state: State<AppState>,
    viewer: Extension<Viewer>,
    lang: Extension<Lang>,
    session: Path<String>,
    headers: HeaderMap,
) -> Result<Json<BookmarkResponse>> {
    set(state, viewer, lang, session, headers, false).await
}

async fn set(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Extension(lang): Extension<Lang>,
    Path(session_id): Path<String>,
    headers: HeaderMap,
    bookmarked: bool,
) -> Result<Json<BookmarkResponse>> {
    let person = require_person(&viewer)?;
    // A session this person may not see does not exist for them: 404 either way.
    let agenda = state.agenda.current().for_viewer(&viewer).agenda;
    let Some(session) = agenda.session(&session_id) else {
        return Err(Error::NotFound);
    };
    let op_id = match headers.get("op-id").map(|v| v.to_str()) {
        None => None,
        Some(Ok(op)) if (1..=100).contains(&op.len()) => Some(op),
        Some(_) => {
            return Err(Error::BadRequest(
                "Op-Id must be 1–100 visible ASCII characters".into(),
            ));
        }
    };
    let now = state.clock.now();
    let change = state
        .store
        .set_bookmark(person, &session_id, bookmarked, op_id, now, agenda.version)
        .await?;
    let clashes = match change.bookmarked {
        true => {
            let chosen = state.store.bookmarks(person).await?.sessions;
            clashes(&agenda, &chosen, session)
                .into_iter()
                .map(|s| Clash {
                    id: s.id.clone(),
                    title: s.title.get(lang).to_string(),
                })
                .collect()
        }
        false => Vec::new(),
    };
    Ok(Json(BookmarkResponse { change, clashes }))
}
