//! `GET /api/v1/agenda`: the event, rooms and sessions, revalidated by ETag.

use super::ApiRoutes;
use super::openapi::Unauthorized;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::web::still_fresh;
use app::access::Viewer;
use app::model::Agenda;
use axum::Extension;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, VARY};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub(super) fn routes() -> ApiRoutes {
    ApiRoutes::new().get("/agenda", get_agenda)
}

/// The event, its rooms and sessions as this viewer may see them
///
/// Anyone may read it unless the agenda is open to confirmed delegates only; organisers and the
/// invitees of a closed side event see more. Revalidate with `If-None-Match` (also with `HEAD`,
/// which answers the same headers without a body).
#[utoipa::path(
    get,
    path = "/api/v1/agenda",
    tag = "agenda",
    security((), ("session_cookie" = [])),
    params(
        ("If-None-Match" = Option<String>, Header, description = "ETags held (`*` for any): 304 if one is current"),
    ),
    responses(
        (status = 200, description = "The agenda", body = Agenda, headers(
            ("ETag" = String, description = "Weak tag of this viewer's view"),
            ("X-Agenda-Version" = i64, description = "The version of this viewer's view"),
            ("Cache-Control" = String, description = "`private, no-cache`: always revalidate"),
        )),
        (status = 304, description = "Unchanged since the given ETag; no body", headers(
            ("ETag" = String),
            ("X-Agenda-Version" = i64),
        )),
        (status = 401, response = Unauthorized),
    ),
)]
async fn get_agenda(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    headers: HeaderMap,
) -> Result<Response> {
    if state.agenda_restricted_for(&viewer) {
        return Err(Error::Unauthorized);
    }
    let published = state.agenda.current().for_viewer(&viewer);
    // The page script asks (with HEAD) whether the programme it shows is still current: the
    // version of this viewer's view, as the pages carry it.
    let version = (
        HeaderName::from_static("x-agenda-version"),
        HeaderValue::from(published.agenda.version),
    );
    let etag = HeaderValue::from_str(&published.etag).unwrap_or(HeaderValue::from_static("\"\""));
    // Clients always revalidate; an unchanged agenda costs a 304 and no body. What a viewer may
    // see depends on who they are, hence private and Vary.
    let cache = HeaderValue::from_static("private, no-cache");
    let vary = HeaderValue::from_static("Cookie");
    let unchanged = still_fresh(&headers, &published.etag);
    if unchanged {
        let headers = [(ETAG, etag), (CACHE_CONTROL, cache), (VARY, vary), version];
        return Ok((StatusCode::NOT_MODIFIED, headers).into_response());
    }
    let json = HeaderValue::from_static("application/json");
    let headers = [
        (ETAG, etag),
        (CACHE_CONTROL, cache),
        (VARY, vary),
        (CONTENT_TYPE, json),
        version,
    ];
    Ok((headers, published.json).into_response())
}
