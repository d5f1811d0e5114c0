//! `GET /api/v1/me/bookmarks`, `PUT` and `DELETE /api/v1/me/bookmarks/{session_id}`.
//! A device sends its client-generated operation id in `Op-Id`, so a replayed operation from an
//! offline queue is applied once and answered the same way every time.

use crate::access::SignedIn;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::{BookmarkChange, Bookmarks};
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
    SignedIn { person_id, .. }: SignedIn,
    State(state): State<AppState>,
) -> Result<Json<Bookmarks>> {
    Ok(Json(state.store.bookmarks(&person_id).await?))
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
    person: SignedIn,
    state: State<AppState>,
    lang: Extension<Lang>,
    session: Path<String>,
    headers: HeaderMap,
) -> Result<Json<BookmarkResponse>> {
    set(person, state, lang, session, headers, true).await
}

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
    let person = person_id.as_str();
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
