//! The organiser's documents page's forms: upload a document, replace or remove a language's
//! file, delete a document. A refused upload shows the page again with its field errors in the
//! organiser's language, what was typed, and the refusal's status (413, 415, 422).

use crate::access::Organiser;
use crate::documents::{self, upload::Problem};
use crate::error::Result;
use crate::state::AppState;
use app::documents::DocumentsView;
use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;

use super::{render_at, see_other};

const PAGE: &str = "/organiser/documents";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(PAGE, post(upload))
        .route("/organiser/documents/{id}/delete", post(delete))
        .route("/organiser/documents/{id}/files/{lang}", post(replace))
        .route(
            "/organiser/documents/{id}/files/{lang}/remove",
            post(remove),
        )
}

pub(super) async fn documents_view(state: &AppState) -> Result<DocumentsView> {
    Ok(DocumentsView {
        documents: documents::all(state).await?,
        max_bytes: state.max_document_bytes,
        ..Default::default()
    })
}

async fn upload(_: Organiser, State(state): State<AppState>, request: Request) -> Result<Response> {
    let (parts, body) = request.into_parts();
    let lang = super::lang_of(&parts);
    let outcome = match documents::read_upload(&state, &parts.headers, body, lang).await {
        Ok(fields) => {
            let typed = fields.texts.clone();
            documents::create(&state, &fields, lang)
                .await
                .map_err(|p| (p, typed))
        }
        Err(problems) => Err((problems, Vec::new())),
    };
    let mut view = documents_view(&state).await?;
    let status = match outcome {
        Ok(_) => {
            view.notice = Some(lang.documents().uploaded.to_string());
            StatusCode::OK
        }
        Err((problems, typed)) => refused(&mut view, problems, typed),
    };
    Ok(page(&state, &parts, view, status).await)
}

async fn replace(
    _: Organiser,
    State(state): State<AppState>,
    Path((id, file_lang)): Path<(String, String)>,
    request: Request,
) -> Result<Response> {
    let file_lang = documents::lang_code(&file_lang).ok_or(crate::error::Error::NotFound)?;
    let (parts, body) = request.into_parts();
    let lang = super::lang_of(&parts);
    let outcome = match documents::read_upload(&state, &parts.headers, body, lang).await {
        Ok(fields) => documents::replace_file(&state, &id, file_lang, &fields, lang).await,
        Err(problems) => Err(problems),
    };
    match outcome {
        Ok(()) => Ok(see_other(PAGE)),
        Err(problems) if problems.iter().any(|p| p.status == StatusCode::NOT_FOUND) => {
            Err(crate::error::Error::NotFound)
        }
        Err(problems) => {
            let mut view = documents_view(&state).await?;
            let status = refused(&mut view, problems, Vec::new());
            Ok(page(&state, &parts, view, status).await)
        }
    }
}

async fn remove(
    _: Organiser,
    State(state): State<AppState>,
    Path((id, file_lang)): Path<(String, String)>,
    request: Request,
) -> Result<Response> {
    let file_lang = documents::lang_code(&file_lang).ok_or(crate::error::Error::NotFound)?;
    let (parts, _) = request.into_parts();
    let lang = super::lang_of(&parts);
    match documents::remove_file(&state, &id, file_lang, lang).await {
        Ok(()) => Ok(see_other(PAGE)),
        Err(crate::error::Error::Conflict(message)) => {
            let mut view = documents_view(&state).await?;
            view.errors = vec![(String::new(), message)];
            Ok(page(&state, &parts, view, StatusCode::CONFLICT).await)
        }
        Err(e) => Err(e),
    }
}

async fn delete(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response> {
    documents::delete(&state, &id).await?;
    Ok(see_other(PAGE))
}

/// The documents page again, with what the post did or why not, under the post's status.
async fn page(
    state: &AppState,
    parts: &axum::http::request::Parts,
    view: DocumentsView,
    status: StatusCode,
) -> Response {
    let mut page = render_at(state, parts, Some(PAGE), view).await;
    *page.status_mut() = status;
    page
}

/// The page's errors from the problems; the status the weightiest of them has.
fn refused(
    view: &mut DocumentsView,
    problems: Vec<Problem>,
    typed: Vec<(String, String)>,
) -> StatusCode {
    let status = documents::weightiest(&problems);
    view.values = typed;
    view.errors = problems.into_iter().map(|p| (p.field, p.message)).collect();
    status
}
