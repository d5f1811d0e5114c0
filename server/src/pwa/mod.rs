//! The installable, offline-capable app: one build's files under `/b/{build}/`, the service
//! worker that keeps them, the web app manifest in the reader's language, and the bundle of
//! pages the service worker stores so that every page opens without a network.

pub mod build;
mod manifest;
mod offline_pages;

use build::{PKG_FILES, SCRIPTS};

use crate::state::AppState;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower::ServiceExt;
use tower_http::services::ServeDir;

const IMMUTABLE: &str = "public, max-age=31536000, immutable";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sw.js", get(service_worker))
        .route("/b/{build}/{*file}", get(build_file))
        .route("/manifest.webmanifest", get(manifest::web_app_manifest))
        .route("/offline/pages", get(offline_pages::offline_pages))
}

/// Never cached by HTTP: the browser compares it byte for byte to find a new build. Its CSP
/// is the worker's own: it fetches from this origin only.
async fn service_worker(State(state): State<AppState>) -> Response {
    (
        [
            (CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (CACHE_CONTROL, "no-cache"),
            (
                CONTENT_SECURITY_POLICY,
                "default-src 'self'; frame-ancestors 'none'",
            ),
        ],
        state.build.service_worker(),
    )
        .into_response()
}

/// A file of the current build, cacheable for ever; another build's files are gone (404).
async fn build_file(
    State(state): State<AppState>,
    Path((build, file)): Path<(String, String)>,
    request: Request,
) -> Response {
    if build != state.build.id {
        return StatusCode::NOT_FOUND.into_response();
    }
    let script = SCRIPTS.iter().find(|(name, _)| *name == file);
    let mut response = if let Some((_, script)) = script {
        ([(CONTENT_TYPE, "text/javascript; charset=utf-8")], *script).into_response()
    } else if let Some(name) = file.strip_prefix("pkg/").filter(|f| PKG_FILES.contains(f)) {
        // ServeDir picks the precompressed .br/.gz that a release build writes.
        let mut inner = Request::new(Body::empty());
        *inner.headers_mut() = request.headers().clone();
        *inner.uri_mut() = match format!("/pkg/{name}").parse() {
            Ok(uri) => uri,
            Err(_) => return StatusCode::NOT_FOUND.into_response(),
        };
        let files = ServeDir::new(&state.build.site_root)
            .precompressed_br()
            .precompressed_gzip();
        match files.oneshot(inner).await {
            Ok(response) => response.map(Body::new),
            Err(never) => match never {},
        }
    } else {
        return StatusCode::NOT_FOUND.into_response();
    };
    if response.status().is_success() {
        response
            .headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
    }
    response
}
