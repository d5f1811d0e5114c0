//! What a page render knows about its request: the agenda snapshot, the clock and the language.

use crate::i18n::Lang;
use crate::model::Agenda;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::sync::Arc;

/// Provided by the server for every page render: one consistent agenda version and one instant.
#[derive(Clone, Debug)]
pub struct Snapshot {
    /// The agenda as this viewer may see it (closed side events filtered).
    pub agenda: Arc<Agenda>,
    pub now: DateTime<Utc>,
    /// The agenda is for confirmed participants and this viewer is not one: only the event shows.
    pub restricted: bool,
}

pub fn use_snapshot() -> Snapshot {
    expect_context::<Snapshot>()
}

/// The language the server negotiated for this request (query, cookie, then `Accept-Language`).
pub fn use_lang() -> Lang {
    use_request_data::<Lang>().unwrap_or(Lang::En)
}

/// The viewer the server resolved from the session cookie.
pub fn use_viewer() -> crate::access::Viewer {
    use_request_data::<crate::access::Viewer>().unwrap_or_else(crate::access::Viewer::anonymous)
}

/// Data the server attached to this request for the page (a form's state, a list to review).
pub fn use_request_data<T: Clone + Send + Sync + 'static>() -> Option<T> {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>().and_then(|parts| parts.extensions.get::<T>().cloned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The request's path and query, for links that keep the reader where they are.
pub fn use_path_and_query() -> (String, Option<String>) {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| {
                (
                    parts.uri.path().to_string(),
                    parts.uri.query().map(str::to_string),
                )
            })
            .unwrap_or_else(|| ("/".into(), None))
    }
    #[cfg(not(feature = "ssr"))]
    {
        ("/".into(), None)
    }
}

/// Sets the HTTP status of the page being rendered (404 for an unknown session, 400 for a bad filter).
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(code),
    ) {
        options.set_status(status);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}

/// Adds a response header to the page being rendered (e.g. `Retry-After`).
pub fn set_header(name: &'static str, value: String) {
    #[cfg(feature = "ssr")]
    if let (Some(options), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&value),
    ) {
        options.insert_header(http::HeaderName::from_static(name), value);
    }
    #[cfg(not(feature = "ssr"))]
    let _ = (name, value);
}

/// The front-end build this server serves. Pages load their JS, WebAssembly and CSS from
/// `/b/{id}/…`, so a page never hydrates with another build's code.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Build(pub String);

pub fn use_build() -> Build {
    use_context::<Build>().unwrap_or_default()
}

impl Build {
    /// Where this build's files are served from (empty without a build: the plain `/pkg`).
    pub fn root(&self) -> String {
        if self.0.is_empty() {
            String::new()
        } else {
            format!("/b/{}", self.0)
        }
    }
}
