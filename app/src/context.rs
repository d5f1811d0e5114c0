//! What a page render knows about its request: the agenda snapshot, the clock and the language.

use crate::i18n::Lang;
use crate::model::Agenda;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use std::sync::Arc;

/// Provided by the server for every page render: one consistent agenda version and one instant.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub agenda: Arc<Agenda>,
    pub now: DateTime<Utc>,
}

pub fn use_snapshot() -> Snapshot {
    expect_context::<Snapshot>()
}

/// The language the server negotiated for this request (query, cookie, then `Accept-Language`).
pub fn use_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Lang>().copied())
            .unwrap_or(Lang::En)
    }
    #[cfg(not(feature = "ssr"))]
    {
        Lang::En
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
