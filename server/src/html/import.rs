//! The organiser's import form (`/organiser/import`): a file uploaded is previewed; the preview
//! carries the file (base64) and the version it was compared with, so "apply" writes exactly
//! what was shown, or shows the new preview if the programme changed in between.

use super::{render_at, see_other};
use crate::access::Organiser;
use crate::error::{Error, Result};
use crate::import::{self, MAX_FILE_BYTES, Options};
use crate::state::AppState;
use app::programme_import::ImportView;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;

const PAGE: &str = "/organiser/import";

pub fn router() -> Router<AppState> {
    // The file, and on "apply" the same file again in base64 (a third larger), with the form.
    let limit = MAX_FILE_BYTES / 3 * 4 + 64 * 1024;
    Router::new().route(PAGE, post(import_form).layer(DefaultBodyLimit::max(limit)))
}

/// The form's fields; the file from the upload or, to apply, from the preview.
#[derive(Default)]
struct Sent {
    file: Option<Vec<u8>>,
    format: String,
    timezone: String,
    language: String,
    action: String,
    /// The version the preview was made against: `Some(None)` for "no event yet", `None` when
    /// the form did not say (then it cannot apply).
    based_on_version: Option<Option<i64>>,
}

async fn import_form(
    _: Organiser,
    State(state): State<AppState>,
    request: Request,
) -> Result<Response> {
    let (parts, body) = request.into_parts();
    let multipart = Multipart::from_request(Request::from_parts(parts.clone(), body), &state)
        .await
        .map_err(|e| Error::BadRequest(format!("the form could not be read: {}", e.body_text())))?;
    let sent = read(multipart).await?;
    let mut view = ImportView {
        format: sent.format.clone(),
        timezone: sent.timezone.clone(),
        language: sent.language.clone(),
        ..Default::default()
    };
    let page = |view: ImportView| render_at(&state, &parts, Some(PAGE), view);
    let Some(file) = sent.file.filter(|f| !f.is_empty()) else {
        view.error = Some(super::lang_of(&parts).import().no_file.to_string());
        return Ok(page(view).await);
    };
    let chosen = [
        sent.format.as_str(),
        sent.timezone.as_str(),
        sent.language.as_str(),
    ];
    let options = match Options::for_served(chosen, state.agenda.slug()) {
        Ok(options) => options,
        Err(problem) => {
            view.error = Some(problem.message);
            return Ok(page(view).await);
        }
    };
    let planned = match import::plan_stored(&state.store, file.clone(), options).await? {
        Ok(planned) => planned,
        Err(import::Refused(problems)) => {
            view.problems = problems;
            return Ok(page(view).await);
        }
    };
    let lang = super::lang_of(&parts);
    let applying = sent.action == "apply";
    // Apply only what was previewed: against the version it was compared with.
    let previewed = sent.based_on_version == Some(planned.preview.based_on_version);
    let mut conflict = applying && !previewed;
    if applying && previewed && planned.preview.changes_anything() {
        match import::apply(&state.store, &planned, state.clock.wall()).await {
            Ok(_) => {
                state.agenda.refresh().await?;
                state.push.wake();
                return Ok(see_other("/organiser/changes"));
            }
            // Changed between the read above and the write: shown again below, to confirm.
            Err(Error::Conflict(why)) if why == crate::store::CHANGED_SINCE_PREVIEW => {
                conflict = true
            }
            Err(Error::Conflict(why)) => {
                view.error = Some(why);
                conflict = true;
            }
            Err(e) => return Err(e),
        }
    }
    if conflict && view.error.is_none() {
        view.error = Some(lang.import().changed_since_preview.to_string());
    }
    view.file = Some(BASE64.encode(&file));
    view.preview = Some(planned.preview);
    let mut response = page(view).await;
    if conflict {
        *response.status_mut() = StatusCode::CONFLICT;
    }
    Ok(response)
}

async fn read(mut multipart: Multipart) -> Result<Sent> {
    let mut sent = Sent::default();
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Error::TooLarge(format!("the file is over {} MiB", MAX_FILE_BYTES >> 20))
        } else {
            Error::BadRequest(format!("the form could not be read: {}", e.body_text()))
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_string();
        let bytes = field.bytes().await.map_err(unreadable)?;
        let text = || String::from_utf8_lossy(&bytes).trim().to_string();
        match name.as_str() {
            "file" if !bytes.is_empty() => sent.file = Some(bytes.to_vec()),
            "file_b64" if !bytes.is_empty() && sent.file.is_none() => {
                let file = BASE64.decode(bytes.trim_ascii()).map_err(|_| {
                    Error::BadRequest(
                        "the previewed file came back damaged: upload it again".into(),
                    )
                })?;
                sent.file = Some(file);
            }
            "format" => sent.format = text(),
            "timezone" => sent.timezone = text(),
            "language" => sent.language = text(),
            "action" => sent.action = text(),
            "based_on_version" => {
                let text = text();
                sent.based_on_version = match text.as_str() {
                    "" => Some(None),
                    number => Some(Some(number.parse().map_err(|_| {
                        Error::BadRequest("based_on_version is a number".into())
                    })?)),
                };
            }
            _ => {}
        }
    }
    Ok(sent)
}
