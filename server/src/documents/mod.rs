//! Documents organisers attach to a session or to the event, one file per language: what both
//! the JSON API (`api/documents.rs`) and the organiser's page (`html/documents.rs`) do with an
//! upload, who may see a document, and serving its files (`serve`).

mod serve;
pub mod sniff;
pub mod upload;

use crate::error::{Error, Result};
use crate::state::AppState;
use app::access::Viewer;
use app::documents::{DocumentIndex, DocumentInfo};
use app::i18n::Lang;
use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;
use upload::{Fields, Problem, checked_file};

pub use serve::Uncompressed;

pub fn router() -> Router<AppState> {
    Router::new().route("/documents/{id}/{lang}", get(serve::document_file))
}

/// Files per upload: one for each language.
const FILES: usize = Lang::ALL.len();

/// Reads an upload's form (at most one file a language), as `upload::read_multipart`.
pub async fn read_upload(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    body: axum::body::Body,
    lang: Lang,
) -> std::result::Result<Fields, Vec<Problem>> {
    upload::read_multipart(headers, body, state.max_document_bytes, FILES, lang)
        .await
        .map_err(|p| vec![p])
}

/// Stores a new document from a form: `session_id` (empty for the event), `title_en` …,
/// `file_en` …. Returns its id, or every problem found.
pub async fn create(
    state: &AppState,
    fields: &Fields,
    lang: Lang,
) -> std::result::Result<String, Vec<Problem>> {
    let mut problems = Vec::new();
    let session_id = Some(fields.text("session_id")).filter(|s| !s.is_empty() && *s != "event");
    let known = session_id.is_none_or(|id| state.agenda.current().full.session(id).is_some());
    if !known {
        let message = lang.documents().err_session.to_string();
        problems.push(problem(
            "session_id",
            StatusCode::UNPROCESSABLE_ENTITY,
            message,
        ));
    }
    let title = fields.titles(lang).map_err(|p| problems.push(p)).ok();
    let mut files = Vec::new();
    for file_lang in Lang::ALL {
        let field = format!("file_{}", file_lang.code());
        if let Some(part) = fields.file(&field) {
            match checked_file(&field, file_lang, part, state.max_document_bytes, lang) {
                Ok(file) => files.push(file),
                Err(p) => problems.push(p),
            }
        }
    }
    if files.is_empty() && !problems.iter().any(|p| p.field.starts_with("file_")) {
        let message = lang.documents().err_no_file.to_string();
        problems.push(problem(
            "file_en",
            StatusCode::UNPROCESSABLE_ENTITY,
            message,
        ));
    }
    let Some(title) = title.filter(|_| problems.is_empty()) else {
        return Err(problems);
    };
    let id = format!("doc-{}", &crate::auth::tokens::new_id()[..12]);
    let now = state.clock.wall();
    state
        .store
        .insert_document(state.agenda.slug(), &id, session_id, &title, &files, now)
        .await
        .map_err(|e| vec![stored_failed(e)])?;
    Ok(id)
}

/// Adds or replaces the file of `file_lang` from a form's `file` field.
pub async fn replace_file(
    state: &AppState,
    id: &str,
    file_lang: Lang,
    fields: &Fields,
    lang: Lang,
) -> std::result::Result<(), Vec<Problem>> {
    let Some(part) = fields.file("file") else {
        let message = lang.documents().err_no_file.to_string();
        return Err(vec![problem(
            "file",
            StatusCode::UNPROCESSABLE_ENTITY,
            message,
        )]);
    };
    let file = checked_file("file", file_lang, part, state.max_document_bytes, lang)
        .map_err(|p| vec![p])?;
    let slug = state.agenda.slug();
    match state
        .store
        .put_document_file(slug, id, &file, state.clock.wall())
        .await
    {
        Ok(true) => Ok(()),
        Ok(false) => Err(vec![problem("", StatusCode::NOT_FOUND, "not found".into())]),
        Err(e) => Err(vec![stored_failed(e)]),
    }
}

/// Removes one language's file (never the last one).
pub async fn remove_file(state: &AppState, id: &str, file_lang: Lang, lang: Lang) -> Result<()> {
    let last = lang.documents().err_last_file;
    state
        .store
        .remove_document_file(state.agenda.slug(), id, file_lang, last)
        .await
}

pub async fn delete(state: &AppState, id: &str) -> Result<()> {
    match state.store.delete_document(state.agenda.slug(), id).await? {
        true => Ok(()),
        false => Err(Error::NotFound),
    }
}

/// The documents this viewer may see: the event's while the agenda is open to them, and those
/// of the sessions their view of the agenda holds (closed side events only for their invitees
/// and organisers), by the agenda's one visibility rule.
pub async fn visible_to(state: &AppState, viewer: &Viewer) -> Result<DocumentIndex> {
    let published = state.agenda.current();
    if published.restricted_for(viewer) {
        return Ok(DocumentIndex::default());
    }
    let agenda = published.for_viewer(viewer).agenda;
    let all = state.store.document_index(state.agenda.slug()).await?;
    Ok(DocumentIndex(
        all.into_iter()
            .filter(|d| {
                d.session_id
                    .as_deref()
                    .is_none_or(|s| agenda.session(s).is_some())
            })
            .collect(),
    ))
}

/// Every document with its files, for organisers.
pub async fn all(state: &AppState) -> Result<Vec<DocumentInfo>> {
    state.store.document_index(state.agenda.slug()).await
}

/// The language code of a path, exactly (`/documents/x/fr`; not `FR` or `fr-TN`).
pub fn lang_code(code: &str) -> Option<Lang> {
    Lang::ALL.into_iter().find(|l| l.code() == code)
}

/// The status that speaks for several problems: too large, then the wrong type, then the rest.
pub fn weightiest(problems: &[Problem]) -> StatusCode {
    let rank = |s: StatusCode| match s.as_u16() {
        413 => 0,
        415 => 1,
        404 => 2,
        400 => 3,
        500.. => 4,
        _ => 5,
    };
    problems
        .iter()
        .map(|p| p.status)
        .min_by_key(|s| rank(*s))
        .unwrap_or(StatusCode::UNPROCESSABLE_ENTITY)
}

/// Problems as one API error: the weightiest status, every message.
pub fn as_error(problems: Vec<Problem>) -> Error {
    let status = weightiest(&problems);
    let message = problems
        .iter()
        .map(|p| p.message.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    match status.as_u16() {
        413 => Error::TooLarge(message),
        415 => Error::UnsupportedType(message),
        404 => Error::NotFound,
        400 => Error::BadRequest(message),
        500.. => Error::Internal(message),
        _ => Error::Unprocessable(message),
    }
}

fn problem(field: &str, status: StatusCode, message: String) -> Problem {
    Problem {
        field: field.into(),
        status,
        message,
    }
}

/// A store failure as a problem: constraint violations are the client's (422), the rest ours.
fn stored_failed(e: Error) -> Problem {
    let status = e.status();
    if status.is_server_error() {
        tracing::error!(error = %e, "storing a document failed");
    }
    problem(
        "",
        status,
        status.canonical_reason().unwrap_or("error").to_lowercase(),
    )
}
