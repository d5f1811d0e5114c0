//! `GET /api/v1/agenda`: the event, rooms and sessions, revalidated by ETag.

use crate::startup::AppState;
use axum::Router;
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub fn router() -> Router<AppState> {
    Router::new().route("/agenda", get(get_agenda))
}

async fn get_agenda(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let published = state.agenda.current();
    let etag = HeaderValue::from_str(&published.etag).unwrap_or(HeaderValue::from_static("\"\""));
    // Clients always revalidate; an unchanged agenda costs a 304 and no body.
    let cache = HeaderValue::from_static("no-cache");
    if headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| etag_matches(v, &published.etag))
    {
        return (
            StatusCode::NOT_MODIFIED,
            [(ETAG, etag), (CACHE_CONTROL, cache)],
        )
            .into_response();
    }
    let json = HeaderValue::from_static("application/json");
    (
        [(ETAG, etag), (CACHE_CONTROL, cache), (CONTENT_TYPE, json)],
        published.json,
    )
        .into_response()
}

/// `If-None-Match` uses weak comparison: `*`, or any listed tag equal to ours ignoring `W/`.
fn etag_matches(header: &str, ours: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    header.trim() == "*" || header.split(',').any(|tag| bare(tag) == bare(ours))
}

#[cfg(test)]
mod tests {
    use super::etag_matches;

    #[test]
    fn weak_comparison_over_a_list() {
        let ours = "W/\"ibmc-2024-v3\"";
        assert!(etag_matches("W/\"ibmc-2024-v3\"", ours));
        assert!(etag_matches("\"ibmc-2024-v3\"", ours));
        assert!(etag_matches("\"x\", W/\"ibmc-2024-v3\"", ours));
        assert!(etag_matches("*", ours));
        assert!(!etag_matches("W/\"ibmc-2024-v2\"", ours));
        assert!(!etag_matches("", ours));
    }
}
