//! `GET /api/v1/export/…`: the programme in the formats other conference tools and delegate
//! apps read, as this viewer may see it (the same rule as `/agenda`), revalidated by ETag.

use super::ApiRoutes;
use super::openapi::Unauthorized;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::web::etag_matches;
use app::access::Viewer;
use app::i18n::Lang;
use axum::Extension;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH, VARY};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub(super) fn routes() -> ApiRoutes {
    ApiRoutes::new().get("/export/schedule.xml", schedule_xml)
}

/// The visible programme as frab / Pentabarf schedule.xml
///
/// Valid against the c3voc `schedule.xml.xsd`, for Giggity, EventFahrplan and the other apps
/// that read it. Titles in the reader's language (`?lang=`, the language cookie or
/// `Accept-Language`), falling back to English; cancelled sessions left out; nobody named for a
/// Chatham House session. Revalidate with `If-None-Match`.
#[utoipa::path(
    get,
    path = "/api/v1/export/schedule.xml",
    tag = "export",
    security((), ("session_cookie" = [])),
    params(
        ("lang" = Option<String>, Query, description = "en, fr, ar or ru"),
        ("If-None-Match" = Option<String>, Header, description = "ETags held: 304 if one is current"),
    ),
    responses(
        (status = 200, description = "The schedule", body = String, content_type = "application/xml",
            headers(("ETag" = String, description = "Weak tag of this view in this language"))),
        (status = 304, description = "Unchanged since the given ETag; no body"),
        (status = 401, response = Unauthorized),
    ),
)]
async fn schedule_xml(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> Result<Response> {
    if state.agenda_restricted_for(&viewer) {
        return Err(Error::Unauthorized);
    }
    let published = state.agenda.current().for_viewer(&viewer);
    // The view's tag, marked with the format and language: `W/"ibmc-2024-v3-frab-fr"`.
    let view = published.etag.trim_start_matches("W/").trim_matches('"');
    let etag = format!("W/\"{view}-frab-{}\"", lang.code());
    let headers_out = [
        (
            ETAG,
            HeaderValue::from_str(&etag).map_err(|e| Error::Internal(e.to_string()))?,
        ),
        (CACHE_CONTROL, HeaderValue::from_static("private, no-cache")),
        (VARY, HeaderValue::from_static("Cookie, Accept-Language")),
    ];
    let unchanged = headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| etag_matches(v, &etag));
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, headers_out).into_response());
    }
    let body = crate::frab::schedule_xml(&published.agenda, &state.auth.public_url, lang);
    let xml = HeaderValue::from_static("application/xml; charset=utf-8");
    Ok((headers_out, [(CONTENT_TYPE, xml)], body).into_response())
}
