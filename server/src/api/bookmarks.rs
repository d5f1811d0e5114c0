//! `GET /api/v1/me/bookmarks`, `PUT` and `DELETE /api/v1/me/bookmarks/{session_id}`.
//! A device sends its client-generated operation id in `Op-Id`, so a replayed operation from an
//! offline queue is applied once and answered the same way every time.

use crate::access::require;
use crate::error::{Error, Result};
use crate::startup::AppState;
use crate::store::{BookmarkChange, Bookmarks};
use app::access::{Role, Viewer};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Extension, Json, Router};

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
    require(&viewer, Role::Invitee)?;
    let person = viewer.person_id.as_deref().ok_or(Error::Unauthorized)?;
    Ok(Json(state.store.bookmarks(person).await?))
}

async fn add_bookmark(
    state: State<AppState>,
    viewer: Extension<Viewer>,
    session: Path<String>,
    headers: HeaderMap,
) -> Result<Json<BookmarkChange>> {
    set(state, viewer, session, headers, true).await
}

async fn remove_bookmark(
    state: State<AppState>,
    viewer: Extension<Viewer>,
    session: Path<String>,
    headers: HeaderMap,
) -> Result<Json<BookmarkChange>> {
    set(state, viewer, session, headers, false).await
}

async fn set(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Path(session_id): Path<String>,
    headers: HeaderMap,
    bookmarked: bool,
) -> Result<Json<BookmarkChange>> {
    require(&viewer, Role::Invitee)?;
    let person = viewer.person_id.as_deref().ok_or(Error::Unauthorized)?;
    // A session this person may not see does not exist for them: 404 either way.
    if state
        .agenda
        .current()
        .for_viewer(&viewer)
        .agenda
        .session(&session_id)
        .is_none()
    {
        return Err(Error::NotFound);
    }
    let op_id = match headers.get("op-id").map(|v| v.to_str()) {
        None => None,
        Some(Ok(op)) if (1..=100).contains(&op.len()) => Some(op),
        Some(_) => {
            return Err(Error::BadRequest(
                "Op-Id must be 1–100 visible ASCII characters".into(),
            ));
        }
    };
    let change = state
        .store
        .set_bookmark(person, &session_id, bookmarked, op_id, state.clock.now())
        .await?;
    Ok(Json(change))
}
