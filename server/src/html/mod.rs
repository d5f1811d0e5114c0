//! The server side of the HTML pages, beside `api/` for JSON: what the pages load before they
//! render (`loaders`) and the forms they post, one module per area. A form with errors is
//! rendered again from what was typed, so nothing is lost.

mod access;
mod console;
mod documents;
mod editor;
mod import;
pub(crate) mod loaders;
mod organiser;
mod schedule;

pub use loaders::load_page_data;

use crate::error::{Error, Result};
use crate::state::AppState;
use app::access::FormValues;
use app::routes::PageError;
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::header::LOCATION;
use axum::http::{Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};

/// The forms' routes. Their errors, whether from an access extractor (`Organiser`,
/// `SignedIn`: 401/403) or from a handler, are answered as pages (`errors_as_pages`).
pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .merge(access::router())
        .merge(organiser::router())
        .merge(schedule::router())
        .merge(console::router())
        .merge(import::router())
        .merge(documents::router())
        .merge(editor::router())
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            errors_as_pages,
        ))
}

/// A form's error as a page in the reader's language, with the error's status: the JSON shape
/// of `Error` is for `/api/v1`; a person who sent a form reads a page, never JSON. The request's
/// address, headers and extensions (viewer, language) are kept to render it, which costs a copy
/// per form post, not per page view.
async fn errors_as_pages(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let kept = (
        parts.uri.clone(),
        parts.headers.clone(),
        parts.extensions.clone(),
    );
    let response = next.run(Request::from_parts(parts, body)).await;
    // `Error`'s JSON and axum's plain-text rejections; a form shown again with its field
    // errors is already a page.
    let is_page = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let error = PageError::for_status(response.status().as_u16()).filter(|_| !is_page);
    let Some(error) = error else {
        return response;
    };
    let (uri, headers, mut extensions) = kept;
    extensions.insert(error);
    let mut page = render_page(&state, uri, headers, extensions).await;
    // `Retry-After` (429) and `Allow` (405) stay with the page.
    for name in [axum::http::header::RETRY_AFTER, axum::http::header::ALLOW] {
        if let Some(value) = response.headers().get(&name) {
            page.headers_mut().insert(name, value.clone());
        }
    }
    page
}

/// Renders the page at `path` (the form's own page when `None`), as a GET, with `data` for the
/// page to show.
pub(crate) async fn render_at<T: Clone + Send + Sync + 'static>(
    state: &AppState,
    parts: &axum::http::request::Parts,
    path: Option<&'static str>,
    data: T,
) -> Response {
    let uri = match path {
        Some(path) => axum::http::Uri::from_static(path),
        None => parts.uri.clone(),
    };
    let mut extensions = parts.extensions.clone();
    extensions.insert(data);
    render_page(state, uri, parts.headers.clone(), extensions).await
}

/// Renders the page at `uri` as a GET with these headers and request data, as the Leptos
/// routes would: for a form shown again, and for the pages stored for offline use.
pub(crate) async fn render_page(
    state: &AppState,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
    extensions: axum::http::Extensions,
) -> Response {
    let mut request = Request::new(Body::empty());
    *request.method_mut() = Method::GET;
    *request.uri_mut() = uri;
    *request.headers_mut() = headers;
    *request.extensions_mut() = extensions;
    (state.render)(request).await
}

pub(crate) async fn read_form(body: Body) -> Result<FormValues> {
    let bytes = to_bytes(body, 256 * 1024).await.map_err(|_| {
        Error::BadRequest("the form could not be read (too large, or too slow)".into())
    })?;
    serde_urlencoded::from_bytes(&bytes).map_err(|_| Error::BadRequest("malformed form".into()))
}

/// The reader's language, as `web::negotiate_language` chose it for this request: for the
/// words a form handler puts on the page it renders again.
pub(crate) fn lang_of(parts: &axum::http::request::Parts) -> app::i18n::Lang {
    parts
        .extensions
        .get::<app::i18n::Lang>()
        .copied()
        .unwrap_or(app::i18n::Lang::En)
}

pub(crate) fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to.to_string())]).into_response()
}
