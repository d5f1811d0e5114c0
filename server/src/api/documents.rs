//! `/api/v1/documents`: the documents a viewer may see, and for organisers uploading them (one
//! file per language, multipart), replacing or removing a language's file and deleting them.
//! The files themselves are served at `/documents/{id}/{lang}` (`documents::serve`).

use super::ApiRoutes;
use super::openapi::{
    BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, Unauthorized, Unprocessable,
    UnsupportedMediaType,
};
use crate::access::Organiser;
use crate::documents;
use crate::error::{Error, Result};
use crate::state::AppState;
use app::access::Viewer;
use app::documents::DocumentInfo;
use app::i18n::Lang;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::{Extension, Json};

pub(super) fn routes() -> ApiRoutes {
    ApiRoutes::new()
        .get("/documents", list_documents)
        .post("/documents", upload_document)
        .delete("/documents/{id}", delete_document)
        .put("/documents/{id}/files/{lang}", replace_file)
        .delete("/documents/{id}/files/{lang}", remove_file)
}

/// A new document, as `multipart/form-data`. Each file's type is sniffed from its bytes (PDF,
/// PNG, JPEG, UTF-8 plain text, DOCX, XLSX, PPTX, ODT, ODS, ODP); its name's extension and
/// declared type must agree (else 415). Each file is at most `--max-document-bytes` (413).
#[derive(utoipa::ToSchema)]
#[allow(dead_code)] // Describes the form for the OpenAPI document; read field by field.
struct NewDocumentForm {
    /// The session it belongs to; empty or absent for a document of the event.
    session_id: Option<String>,
    /// The English title (required; at most 300 characters, as the others).
    title_en: String,
    title_fr: Option<String>,
    title_ar: Option<String>,
    title_ru: Option<String>,
    /// At least one file, in any of the four languages.
    #[schema(value_type = Option<String>, format = Binary)]
    file_en: Option<Vec<u8>>,
    #[schema(value_type = Option<String>, format = Binary)]
    file_fr: Option<Vec<u8>>,
    #[schema(value_type = Option<String>, format = Binary)]
    file_ar: Option<Vec<u8>>,
    #[schema(value_type = Option<String>, format = Binary)]
    file_ru: Option<Vec<u8>>,
}

/// One language's file, as `multipart/form-data`.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct FileForm {
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// The documents this viewer may see
///
/// The event's, and those of every session the viewer may see (closed side events: their
/// invitees and organisers only). Each file is at `/documents/{id}/{lang}`.
#[utoipa::path(
    get,
    path = "/api/v1/documents",
    tag = "documents",
    security((), ("session_cookie" = [])),
    responses(
        (status = 200, description = "The documents", body = Vec<DocumentInfo>),
        (status = 401, response = Unauthorized),
    ),
)]
async fn list_documents(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
) -> Result<Json<Vec<DocumentInfo>>> {
    if state.agenda_restricted_for(&viewer) {
        return Err(Error::Unauthorized);
    }
    Ok(Json(documents::visible_to(&state, &viewer).await?.0))
}

/// Upload a document (organisers)
///
/// Messages are in the request's language (`?lang=`, the language cookie or `Accept-Language`).
#[utoipa::path(
    post,
    path = "/api/v1/documents",
    tag = "documents",
    security(("session_cookie" = [])),
    request_body(content = NewDocumentForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored", body = DocumentInfo),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Unprocessable),
    ),
)]
async fn upload_document(
    _: Organiser,
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    request: Request,
) -> Result<(StatusCode, Json<DocumentInfo>)> {
    let (parts, body) = request.into_parts();
    let fields = documents::read_upload(&state, &parts.headers, body, lang)
        .await
        .map_err(documents::as_error)?;
    let id = documents::create(&state, &fields, lang)
        .await
        .map_err(documents::as_error)?;
    let stored = documents::all(&state)
        .await?
        .into_iter()
        .find(|d| d.id == id)
        .ok_or(Error::NotFound)?;
    Ok((StatusCode::CREATED, Json(stored)))
}

/// Delete a document with its files (organisers)
#[utoipa::path(
    delete,
    path = "/api/v1/documents/{id}",
    tag = "documents",
    security(("session_cookie" = [])),
    params(("id" = String, Path, description = "The document")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
)]
async fn delete_document(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    documents::delete(&state, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Add or replace one language's file (organisers)
#[utoipa::path(
    put,
    path = "/api/v1/documents/{id}/files/{lang}",
    tag = "documents",
    security(("session_cookie" = [])),
    params(
        ("id" = String, Path, description = "The document"),
        ("lang" = Lang, Path, description = "The file's language"),
    ),
    request_body(content = FileForm, content_type = "multipart/form-data"),
    responses(
        (status = 204, description = "Stored"),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Unprocessable),
    ),
)]
async fn replace_file(
    _: Organiser,
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Path((id, file_lang)): Path<(String, String)>,
    request: Request,
) -> Result<StatusCode> {
    let file_lang = documents::lang_code(&file_lang).ok_or(Error::NotFound)?;
    let (parts, body) = request.into_parts();
    let fields = documents::read_upload(&state, &parts.headers, body, lang)
        .await
        .map_err(documents::as_error)?;
    documents::replace_file(&state, &id, file_lang, &fields, lang)
        .await
        .map_err(documents::as_error)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove one language's file (organisers); a document keeps at least one (409)
#[utoipa::path(
    delete,
    path = "/api/v1/documents/{id}/files/{lang}",
    tag = "documents",
    security(("session_cookie" = [])),
    params(
        ("id" = String, Path, description = "The document"),
        ("lang" = Lang, Path, description = "The file's language"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
    ),
)]
async fn remove_file(
    _: Organiser,
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
    Path((id, file_lang)): Path<(String, String)>,
) -> Result<StatusCode> {
    let file_lang = documents::lang_code(&file_lang).ok_or(Error::NotFound)?;
    documents::remove_file(&state, &id, file_lang, lang).await?;
    Ok(StatusCode::NO_CONTENT)
}
