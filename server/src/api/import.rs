//! `POST /api/v1/import`: an organiser's programme file (ours, frab, c3voc, iCalendar) read
//! into the served event, previewed (`dry_run`) or applied in one transaction.

use super::ApiRoutes;
use super::openapi::{Conflict, Forbidden, PayloadTooLarge, Unauthorized, Unprocessable};
use crate::access::Organiser;
use crate::error::{ErrorBody, ErrorDetail, Result};
use crate::import::{self, Options, Preview, Problem};
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing;
use serde::{Deserialize, Serialize};

pub(super) fn routes() -> ApiRoutes {
    let import =
        routing::post(import_programme).layer(DefaultBodyLimit::max(import::MAX_FILE_BYTES));
    ApiRoutes::new().add(Method::POST, "/import", import)
}

/// How to read the file; all optional (strings, so a wrong value is a 422 naming it).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// `programme`, `frab`, `c3voc` or `ics`; detected from the content when absent.
    format: Option<String>,
    /// IANA zone for times the file gives without one; default the file's, else the event's.
    timezone: Option<String>,
    /// The language of the file's titles and descriptions: en (default), fr, ar or ru.
    language: Option<String>,
    /// `true`: only the preview, nothing changed.
    dry_run: Option<bool>,
    /// The programme version a preview was made against: refused (409) if it changed since.
    based_on_version: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ImportOutcome {
    pub preview: Preview,
    /// Whether it was applied (false for a dry run or a file that changes nothing).
    pub applied: bool,
    /// The programme version after applying.
    pub version: Option<i64>,
}

/// Import a programme file into the served event
///
/// The body is the file as it is: the project's programme JSON, frab / Pentabarf schedule.xml,
/// c3voc schedule JSON (frab-style or schedule2) or iCalendar. The answer lists what applying
/// does: sessions added, changed field by field, and cancelled because the file no longer has
/// them (never deleted). Applying is one transaction and one programme version; bookmarkers of
/// moved sessions are notified as after any change. What the format cannot say (a session
/// closed, its interpretation) is kept from the stored session. Files up to 16 MiB.
#[utoipa::path(
    post,
    path = "/api/v1/import",
    tag = "sessions",
    security(("session_cookie" = [])),
    params(ImportQuery),
    request_body(content = Vec<u8>, description = "The programme file", content_type = "application/octet-stream"),
    responses(
        (status = 200, description = "Previewed, or applied", body = ImportOutcome),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Unprocessable),
    ),
)]
async fn import_programme(
    _: Organiser,
    State(state): State<AppState>,
    query: std::result::Result<Query<ImportQuery>, QueryRejection>,
    body: Bytes,
) -> Result<Response> {
    let Ok(Query(query)) = query else {
        return Ok(refused(vec![Problem::general(
            "the query is malformed: dry_run is true or false, based_on_version a number",
        )]));
    };
    let chosen =
        [&query.format, &query.timezone, &query.language].map(|o| o.as_deref().unwrap_or(""));
    let options = match Options::for_served(chosen, state.agenda.slug()) {
        Ok(options) => options,
        Err(problem) => return Ok(refused(vec![problem])),
    };
    let planned = match import::plan_stored(&state.store, body.to_vec(), options).await? {
        Ok(planned) => planned,
        Err(import::Refused(problems)) => return Ok(refused(problems)),
    };
    if query
        .based_on_version
        .is_some_and(|v| planned.preview.based_on_version != Some(v))
    {
        return Err(stale());
    }
    if query.dry_run == Some(true) || !planned.preview.changes_anything() {
        let outcome = ImportOutcome {
            preview: planned.preview,
            applied: false,
            version: None,
        };
        return Ok(Json(outcome).into_response());
    }
    let version = import::apply(&state.store, &planned, state.clock.wall()).await?;
    state.agenda.refresh().await?;
    state.push.wake();
    let outcome = ImportOutcome {
        preview: planned.preview,
        applied: true,
        version: Some(version),
    };
    Ok(Json(outcome).into_response())
}

pub fn stale() -> crate::error::Error {
    crate::error::Error::Conflict(crate::store::CHANGED_SINCE_PREVIEW.into())
}

fn refused(problems: Vec<Problem>) -> Response {
    let status = StatusCode::UNPROCESSABLE_ENTITY;
    let message = match problems.as_slice() {
        [one] => one.to_string(),
        many => format!("the file cannot be imported: {} problems", many.len()),
    };
    let body = ErrorBody {
        error: ErrorDetail {
            message,
            status: status.as_u16(),
        },
        problems,
    };
    (status, Json(body)).into_response()
}
