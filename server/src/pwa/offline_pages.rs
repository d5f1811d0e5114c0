//! `GET /offline/pages?locale=xx`: every page a delegate may open without a network, rendered for
//! them in one language, in one response for the service worker to store. One request per
//! language instead of one per page, and brotli squeezes the repeated markup across pages.
//!
//! Only what this viewer may see goes in: the agenda, each day, each session they can see
//! (closed side events only if invited), rooms, about and their own schedule; `/me` with the
//! entry pass, and for door staff the door. Organiser pages never do, nor the schedule's
//! calendar address or its "changed since" list, nor `/me`'s sign-in code for another device.

use crate::error::{Error, Result};
use crate::html::render_page;
use crate::state::AppState;
use crate::web::still_fresh;
use app::access::{MyBookmarks, PersonId, Role, Viewer};
use app::domain::venue_time::event_days;
use app::i18n::Lang;
use axum::body::to_bytes;
use axum::extract::{Query, Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, ETAG, VARY};
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

const PAGE_LIMIT: usize = 4 * 1024 * 1024;

#[derive(Deserialize)]
pub struct BundleQuery {
    locale: Option<String>,
}

#[derive(Serialize)]
struct Bundle {
    build: String,
    version: i64,
    lang: Lang,
    pages: Vec<Page>,
}

#[derive(Serialize)]
struct Page {
    url: String,
    csp: String,
    html: String,
}

pub async fn offline_pages(
    State(state): State<AppState>,
    Query(query): Query<BundleQuery>,
    request: Request,
) -> Result<Response> {
    let lang = query
        .locale
        .as_deref()
        .and_then(Lang::parse)
        .ok_or_else(|| Error::BadRequest("locale must be one of en, fr, ar, ru".into()))?;
    let (parts, _) = request.into_parts();
    let viewer = parts
        .extensions
        .get::<Viewer>()
        .cloned()
        .unwrap_or_else(Viewer::anonymous);
    let version = state.agenda.current().for_viewer(&viewer).agenda.version;
    let bookmarks = match &viewer.person_id {
        Some(person) => Some(state.store.bookmarks(person).await?.sessions),
        None => None,
    };
    // Session pages and About list the documents this viewer may see.
    let documents = crate::documents::visible_to(&state, &viewer).await?;
    // `/me` with the entry pass, so that it shows at the door with the Wi-Fi down.
    let pass = match (&viewer.person_id, viewer.role >= Role::Delegate) {
        (Some(person), true) => crate::html::loaders::entry_pass_view(&state, person).await?,
        _ => None,
    };
    // Renders carry a fresh CSP nonce each, so the tag comes from what the pages show, not
    // their bytes: checking it first also spares rendering an unchanged bundle.
    let etag = fingerprint(&[
        &state.build.id,
        &version.to_string(),
        lang.code(),
        &format!("{:?}", viewer.role),
        viewer.person_id.as_ref().map_or("", PersonId::as_str),
        &viewer.closed_sessions.join(","),
        &bookmarks.as_ref().map(|b| b.join(",")).unwrap_or_default(),
        &format!("{:?}", documents.0),
        &format!("{pass:?}"),
    ]);
    // As on every page (`app::shell`): whom the bundle was made for.
    let role = HeaderValue::from_str(&format!("{:?}", viewer.role).to_lowercase())
        .map_err(|e| Error::Internal(e.to_string()))?;
    let headers = [
        (CACHE_CONTROL, HeaderValue::from_static("private, no-cache")),
        (VARY, HeaderValue::from_static("Cookie")),
        (HeaderName::from_static("x-viewer"), role),
        (
            ETAG,
            HeaderValue::from_str(&etag).map_err(|e| Error::Internal(e.to_string()))?,
        ),
    ];
    let unchanged = still_fresh(&parts.headers, &etag);
    if unchanged {
        return Ok((StatusCode::NOT_MODIFIED, headers).into_response());
    }
    let mut extensions = parts.extensions.clone();
    extensions.insert(lang);
    extensions.insert(documents);
    if let Some(bookmarks) = bookmarks {
        extensions.insert(MyBookmarks(bookmarks));
    }
    if let Some(pass) = pass {
        extensions.insert(pass);
    }
    let mut pages = Vec::new();
    for url in urls(&state, &viewer) {
        let uri = url.parse().map_err(|_| Error::BadRequest(url.clone()))?;
        let response = render_page(&state, uri, parts.headers.clone(), extensions.clone()).await;
        if response.status() != StatusCode::OK {
            continue;
        }
        let csp = response
            .headers()
            .get(CONTENT_SECURITY_POLICY)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        let bytes = to_bytes(response.into_body(), PAGE_LIMIT)
            .await
            .map_err(|e| Error::Internal(format!("rendering {url} for offline use: {e}")))?;
        let html = String::from_utf8_lossy(&bytes).into_owned();
        pages.push(Page { url, csp, html });
    }
    let bundle = Bundle {
        build: state.build.id.clone(),
        version,
        lang,
        pages,
    };
    let body = serde_json::to_vec(&bundle).map_err(|e| Error::Internal(e.to_string()))?;
    Ok((
        headers,
        [(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
        body,
    )
        .into_response())
}

fn fingerprint(parts: &[&str]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    format!("\"{}\"", crate::auth::tokens::hex(&hash.finalize()[..12]))
}

/// The pages of the bundle, keyed as the service worker keys them (path and query, no `lang`).
fn urls(state: &AppState, viewer: &Viewer) -> Vec<String> {
    let mut urls: Vec<String> = ["/", "/rooms", "/about", "/schedule", "/offline"]
        .map(String::from)
        .to_vec();
    if viewer.person_id.is_some() {
        urls.push("/me".into());
    }
    if viewer.role.checks_passes() {
        urls.push("/door".into());
    }
    if state.agenda_restricted_for(viewer) {
        return urls;
    }
    let agenda = state.agenda.current().for_viewer(viewer).agenda;
    urls.extend(
        event_days(&agenda.event)
            .iter()
            .map(|d| format!("/?day={d}")),
    );
    urls.extend(
        agenda
            .sessions
            .iter()
            .map(|s| format!("/sessions/{}", s.id)),
    );
    urls
}
