//! Cross-cutting HTTP behaviour: the reader's language and the baseline security headers.

use app::i18n::Lang;
use app::routes::Page;
use axum::extract::Request;
use axum::http::header::{
    ACCEPT_LANGUAGE, CACHE_CONTROL, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, CONTENT_TYPE, COOKIE,
    REFERRER_POLICY, SET_COOKIE, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

const LANG_COOKIE: &str = "lang";

/// Picks the language (`?lang=`, then the cookie, then `Accept-Language`, then English), hands it
/// to the pages through the request's extensions, and remembers an explicit choice in a cookie.
pub async fn negotiate_language(mut request: Request, next: Next) -> Response {
    let chosen = request.uri().query().and_then(query_lang);
    let lang = chosen
        .or_else(|| cookie_lang(request.headers()))
        .unwrap_or_else(|| {
            request
                .headers()
                .get(ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
                .unwrap_or(Lang::En)
        });
    request.extensions_mut().insert(lang);
    let mut response = next.run(request).await;
    if let Some(lang) = chosen {
        let cookie = format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(SET_COOKIE, value);
        }
    }
    response
}

fn query_lang(query: &str) -> Option<Lang> {
    query
        .split('&')
        .filter_map(|pair| pair.strip_prefix("lang="))
        .find_map(Lang::parse)
}

fn cookie_lang(headers: &HeaderMap) -> Option<Lang> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix("lang="))
        .find_map(Lang::parse)
}

/// Pages set their own CSP (with the render's nonce); everything else gets a deny-all one.
pub async fn security_headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(
        REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers
        .entry(CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(
            "default-src 'none'; frame-ancestors 'none'",
        ));
    response
}

/// Every error under `/api/v1` has the documented JSON shape, `{"error": {"status", "message"}}`,
/// whoever produced it: our handlers, axum's extractors (400/413/415/422 as text), its method
/// routing (an empty 405) or the page fallback (an HTML 404). Headers such as `Allow` and
/// `Retry-After` are kept; a server error's text is never passed on.
pub async fn api_errors_as_json(request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let under_api = path == "/api/v1" || path.starts_with("/api/v1/");
    let response = next.run(request).await;
    let status = response.status();
    let is_json = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !under_api || is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    let text = text.trim();
    let message = if status.is_client_error() && !text.is_empty() && !text.contains('<') {
        text.to_string()
    } else {
        status.canonical_reason().unwrap_or("error").to_lowercase()
    };
    // The error's own body and type, with the headers it came with (`Allow`, `Retry-After`).
    let (json, body) = crate::error::json_error(status, &message).into_parts();
    parts.headers.remove(CONTENT_LENGTH);
    parts.headers.extend(json.headers);
    Response::from_parts(parts, body)
}

/// Paths whose responses carry secrets (links, codes, feed addresses) or other people's data.
const PRIVATE_PATHS: [&str; 13] = [
    "/invite/",
    "/signin",
    "/me",
    "/organiser",
    "/auth/",
    "/calendar/",
    "/api/v1/me",
    "/api/v1/people",
    "/api/v1/invitations",
    "/api/v1/announcements",
    "/api/v1/notifications",
    "/api/v1/attendance",
    "/api/v1/entry/roster",
];

/// `Cache-Control: no-store` for what must not be kept by a browser, a proxy or the service
/// worker: the private paths above, a signed-in person's `/schedule` (it shows their private
/// calendar-feed address), every form's answer and anything that sets a cookie. Other pages
/// for a signed-in person (their stars, their name) are `private`. A handler's own
/// `Cache-Control` (the agenda's ETag revalidation) is left as it is.
pub async fn cache_control(request: Request, next: Next) -> Response {
    let raw = request.uri().path().to_string();
    let path = router_path(request.uri());
    let signed_in = request
        .extensions()
        .get::<app::access::Viewer>()
        .is_some_and(|v| v.person_id.is_some());
    let reads = matches!(*request.method(), Method::GET | Method::HEAD);
    let mut response = next.run(request).await;
    if response.headers().contains_key(CACHE_CONTROL) {
        return response;
    }
    // Both spellings: the one axum routes on and the one the pages' router reads.
    let private_path = [&raw, &path].into_iter().any(|path| {
        PRIVATE_PATHS.iter().any(|p| match p.strip_suffix('/') {
            Some(_) => path.starts_with(p),
            // `/api/v1/people` covers `/api/v1/people/…` and `/api/v1/people.csv`, not `/meetings`.
            None => path
                .strip_prefix(p)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '.'])),
        })
    });
    let secret = private_path
        || (signed_in && Page::of(&path) == Some(Page::Schedule))
        || !reads
        || response.headers().contains_key(SET_COOKIE);
    let value = match (secret, signed_in) {
        (true, _) => "no-store",
        (false, true) => "private, no-cache",
        (false, false) => return response,
    };
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// The path as the pages' router reads it. leptos_axum matches pages on the URL parsed from
/// the request (dot segments resolved, `\\` read as `/`), so the page loaders and the caching
/// rule read it the same way, or a spelling like `/x/../organiser` would show a page its
/// loader never saw.
pub fn router_path(uri: &Uri) -> String {
    // Most paths (`/`, `/sessions/d1-opening`, `/api/v1/agenda`) read the same either way:
    // every request passes here, so only the others are parsed.
    let path = uri.path();
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_');
    if path.chars().all(plain) && !path.contains("//") {
        return path.to_string();
    }
    let raw = uri.path_and_query().map_or("/", |p| p.as_str());
    url::Url::parse(&format!("http://leptos.dev{raw}"))
        .map(|url| url.path().to_string())
        .unwrap_or_else(|_| uri.path().to_string())
}

/// Requests in origin form only (`GET /path`): a `CONNECT host:port` has no path, which the
/// pages' renderer cannot take (it would panic the connection's task).
pub async fn origin_form_only(request: Request, next: Next) -> Response {
    if request.uri().path_and_query().is_none() || request.method() == Method::CONNECT {
        return (StatusCode::BAD_REQUEST, "requests need a path").into_response();
    }
    next.run(request).await
}

/// Whether the request's `If-None-Match` holds `etag`: then the answer is a 304 without a body.
pub(crate) fn still_fresh(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get(axum::http::header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| etag_matches(v, etag))
}

/// `If-None-Match` uses weak comparison: `*`, or any listed tag equal to ours ignoring `W/`.
pub(crate) fn etag_matches(header: &str, ours: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
    header.trim() == "*" || header.split(',').any(|tag| bare(tag) == bare(ours))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn query_language_needs_a_known_code() {
        assert_eq!(query_lang("day=1&lang=ar"), Some(Lang::Ar));
        assert_eq!(query_lang("lang=de"), None);
        assert_eq!(query_lang("xlang=fr"), None);
    }

    #[test]
    fn cookie_language_is_found_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(COOKIE, HeaderValue::from_static("a=1; lang=ru; b=2"));
        assert_eq!(cookie_lang(&headers), Some(Lang::Ru));
        headers.insert(COOKIE, HeaderValue::from_static("lang=xx"));
        assert_eq!(cookie_lang(&headers), None);
    }
}
