//! The server side of the HTML pages, beside `api/` for JSON: what the pages load before they
//! render (`loaders`) and the forms they post, one module per area. A form with errors is
//! rendered again from what was typed, so nothing is lost.

mod access;
mod console;
mod loaders;
mod organiser;
mod schedule;

pub use loaders::load_page_data;

use crate::access::require;
use crate::error::{Error, Result};
use crate::state::AppState;
use app::access::{FormValues, Role, Viewer};
use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::StatusCode;
use axum::http::header::LOCATION;
use axum::response::{IntoResponse, Response};

pub fn router() -> Router<AppState> {
    Router::new()
        .merge(access::router())
        .merge(organiser::router())
        .merge(schedule::router())
        .merge(console::router())
}

/// Who sent the request, as `auth::authenticate` resolved it.
pub(super) fn viewer_of(request: &Request) -> Viewer {
    request
        .extensions()
        .get::<Viewer>()
        .cloned()
        .unwrap_or_else(Viewer::anonymous)
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

pub(crate) fn see_other(to: &str) -> Response {
    (StatusCode::SEE_OTHER, [(LOCATION, to.to_string())]).into_response()
}

pub(crate) fn organiser_request(request: Request) -> Result<(axum::http::request::Parts, Body)> {
    require(&viewer_of(&request), Role::Organiser)?;
    Ok(request.into_parts())
}
