//! `GET /api/v1/export/…`: the programme in the formats other conference tools and delegate
//! apps read, as this viewer may see it (the same rule as `/agenda`), revalidated by ETag.

use super::ApiRoutes;
use super::openapi::Unauthorized;
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::web::still_fresh;
use app::access::Viewer;
use app::i18n::Lang;
use axum::Extension;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, VARY};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub(super) fn routes() -> ApiRoutes {
    ApiRoutes::new()
        .get("/export/schedule.xml", schedule_xml)
        .get("/export/schedule.json", schedule_json)
        .get("/export/schedule.ics", schedule_ics)
}

/// The formats, each written from the agenda as the reader may see it.
#[derive(Clone, Copy)]
enum Format {
    Frab,
    C3voc,
    Ics,
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
    export(&state, &viewer, lang, &headers, Format::Frab).await
}

/// The visible programme as c3voc schedule2 JSON
///
/// Valid against the c3voc `schema2.json`. Titles in the reader's language, descriptions in
/// every language the programme has; breaks as meta events; cancelled sessions kept, marked
/// `CANCELED`; nobody named for a Chatham House session. Revalidate with `If-None-Match`.
#[utoipa::path(
    get,
    path = "/api/v1/export/schedule.json",
    tag = "export",
    security((), ("session_cookie" = [])),
    params(
        ("lang" = Option<String>, Query, description = "en, fr, ar or ru"),
        ("If-None-Match" = Option<String>, Header, description = "ETags held: 304 if one is current"),
    ),
    responses(
        (status = 200, description = "The schedule", body = Object, content_type = "application/json",
            headers(("ETag" = String, description = "Weak tag of this view in this language"))),
        (status = 304, description = "Unchanged since the given ETag; no body"),
        (status = 401, response = Unauthorized),
    ),
)]
async fn schedule_json(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> Result<Response> {
    export(&state, &viewer, lang, &headers, Format::C3voc).await
}

/// The visible programme as one iCalendar file
///
/// Every session this viewer may see, in the venue's time zone with its VTIMEZONE, stable UIDs
/// and SEQUENCE as in the per-session and personal calendars; cancelled sessions as
/// `STATUS:CANCELLED`. Revalidate with `If-None-Match`.
#[utoipa::path(
    get,
    path = "/api/v1/export/schedule.ics",
    tag = "export",
    security((), ("session_cookie" = [])),
    params(
        ("lang" = Option<String>, Query, description = "en, fr, ar or ru"),
        ("If-None-Match" = Option<String>, Header, description = "ETags held: 304 if one is current"),
    ),
    responses(
        (status = 200, description = "The calendar", body = String, content_type = "text/calendar",
            headers(("ETag" = String, description = "Weak tag of this view in this language"))),
        (status = 304, description = "Unchanged since the given ETag; no body"),
        (status = 401, response = Unauthorized),
    ),
)]
async fn schedule_ics(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Extension(lang): Extension<Lang>,
    headers: HeaderMap,
) -> Result<Response> {
    export(&state, &viewer, lang, &headers, Format::Ics).await
}

async fn export(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    headers: &HeaderMap,
    format: Format,
) -> Result<Response> {
    if state.agenda_restricted_for(viewer) {
        return Err(Error::Unauthorized);
    }
    let published = state.agenda.current().for_viewer(viewer);
    // The view's tag, marked with the format and language: `W/"ibmc-2024-v3-frab-fr"`.
    let view = published.etag.trim_start_matches("W/").trim_matches('"');
    let name = match format {
        Format::Frab => "frab",
        Format::C3voc => "c3voc",
        Format::Ics => "ics",
    };
    let etag = format!("W/\"{view}-{name}-{}\"", lang.code());
    let headers_out = [
        (
            ETAG,
            HeaderValue::from_str(&etag).map_err(|e| Error::Internal(e.to_string()))?,
        ),
        (CACHE_CONTROL, HeaderValue::from_static("private, no-cache")),
        (VARY, HeaderValue::from_static("Cookie, Accept-Language")),
    ];
    let unchanged = still_fresh(headers, &etag);
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, headers_out).into_response());
    }
    let url = &state.auth.public_url;
    let (body, kind) = match format {
        Format::Frab => (
            crate::frab::schedule_xml(&published.agenda, url, lang),
            "application/xml; charset=utf-8",
        ),
        Format::C3voc => (
            crate::c3voc::schedule_json(&published.agenda, url, lang).to_string(),
            "application/json",
        ),
        Format::Ics => {
            let name = published.agenda.event.short_name.get(lang).to_string();
            let body = super::calendar::ics(state, viewer, lang, None, None, &name).await?;
            (body, "text/calendar; charset=utf-8")
        }
    };
    let kind = HeaderValue::from_static(kind);
    Ok((headers_out, [(CONTENT_TYPE, kind)], body).into_response())
}
