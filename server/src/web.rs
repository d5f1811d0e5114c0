//! Cross-cutting HTTP behaviour: the reader's language and the baseline security headers.

use app::i18n::Lang;
use axum::extract::Request;
use axum::http::header::{
    ACCEPT_LANGUAGE, CONTENT_SECURITY_POLICY, COOKIE, REFERRER_POLICY, SET_COOKIE,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

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

#[cfg(test)]
mod tests {
    use super::*;

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
