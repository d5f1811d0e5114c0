//! `GET /api/v1/me/bookmarks`, `PUT` and `DELETE /api/v1/me/bookmarks/{session_id}`.
//! A device sends its client-generated operation id in `Op-Id`, so a replayed operation from an
//! offline queue is applied once and answered the same way every time.

use super::ApiRoutes;
use super::openapi::{BadRequest, Forbidden, NotFound, Unauthorized};
use crate::access::SignedIn;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::{BookmarkChange, Bookmarks};
use app::domain::schedule::clashes;
use app::i18n::Lang;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::{Extension, Json};
use serde::Serialize;

pub(super) fn routes() -> ApiRoutes {
    ApiRoutes::new()
        .get("/me/bookmarks", list_bookmarks)
        .put("/me/bookmarks/{session_id}", add_bookmark)
        .delete("/me/bookmarks/{session_id}", remove_bookmark)
}

/// My bookmarked sessions
#[utoipa::path(
    get,
    path = "/api/v1/me/bookmarks",
    tag = "bookmarks",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "Session ids and the revision they reflect", body = Bookmarks),
        (status = 401, response = Unauthorized),
    ),
)]
async fn list_bookmarks(
    SignedIn { person_id, .. }: SignedIn,
    State(state): State<AppState>,
) -> Result<Json<Bookmarks>> {
    Ok(Json(state.store.bookmarks(&person_id).await?))
}

/// The change, and the bookmarked sessions it now overlaps (a warning, not a block).
#[derive(Serialize, utoipa::ToSchema)]
struct BookmarkResponse {
    #[serde(flatten)]
    change: BookmarkChange,
    clashes: Vec<Clash>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct Clash {
    id: String,
    /// In the request's language.
    title: String,
}

/// Bookmark a session
///
/// Idempotent; with an `Op-Id` a replayed operation is answered as the first time.
#[utoipa::path(
    put,
    path = "/api/v1/me/bookmarks/{session_id}",
    tag = "bookmarks",
    security(("session_cookie" = [])),
    params(
        ("session_id" = String, Path, description = "A session this person may see", example = "d1-opening"),
        ("Op-Id" = Option<String>, Header, description = "The device's id for this operation (1–100 visible ASCII characters)", min_length = 1, max_length = 100),
    ),
    responses(
        (status = 200, description = "Bookmarked; `clashes` lists bookmarked sessions it overlaps", body = BookmarkResponse),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
)]
async fn add_bookmark(
    person: SignedIn,
    state: State<AppState>,
    lang: Extension<Lang>,
    session: Path<String>,
    headers: HeaderMap,
) -> Result<Json<BookmarkResponse>> {
    set(person, state, lang, session, headers, true).await
}

/// Remove a bookmark
///
/// Idempotent; with an `Op-Id` a replayed operation is answered as the first time.
#[utoipa::path(
    delete,
    path = "/api/v1/me/bookmarks/{session_id}",
    tag = "bookmarks",
    security(("session_cookie" = [])),
    params(
        ("session_id" = String, Path, description = "A session this person may see", example = "d1-opening"),
        ("Op-Id" = Option<String>, Header, description = "The device's id for this operation (1–100 visible ASCII characters)", min_length = 1, max_length = 100),
    ),
    responses(
        (status = 200, description = "Not bookmarked (any more)", body = BookmarkResponse),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
)]
async fn remove_bookmark(
    person: SignedIn,
    state: State<AppState>,
    lang: Extension<Lang>,
    session: Path<String>,
    headers: HeaderMap,
) -> Result<Json<BookmarkResponse>> {
    set(person, state, lang, session, headers, false).await
}

async fn set(
    SignedIn { viewer, person_id }: SignedIn,
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Path(session_id): Path<String>,
    headers: HeaderMap,
    bookmarked: bool,
) -> Result<Json<BookmarkResponse>> {
    let person = &person_id;
    // The agenda's own answer when it is closed to this person, before any id is looked at:
    // otherwise 200 and 404 would tell which ids exist.
    if state.agenda_restricted_for(&viewer) {
        return Err(Error::Unauthorized);
    }
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
        .set_bookmark(
            person,
            &session_id,
            bookmarked,
            op_id,
            now,
            state.agenda.current().version,
        )
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
