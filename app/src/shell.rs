//! The HTML document around every page: language and direction, CSP nonce, assets.

use crate::app::App;
use crate::components::pwa_bar::PwaBar;
use crate::context::{use_build, use_lang, use_snapshot};
use leptos::prelude::*;
use leptos_meta::MetaTags;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = use_lang();
    let build = use_build();
    let root = build.root();
    let snapshot = use_snapshot();
    let version = snapshot.agenda.version;
    // Now, Next and "past" hold until the next start or end: a stored page shown later hides
    // them rather than show them wrong.
    let now = snapshot.now;
    let fresh_until = snapshot
        .agenda
        .sessions
        .iter()
        .flat_map(|s| [s.start, s.end])
        .filter(|t| *t > now)
        .min()
        .map(|t| t.to_rfc3339());
    set_content_security_policy();
    let viewer = format!("{:?}", crate::context::use_viewer().role).to_lowercase();
    #[cfg(feature = "ssr")]
    {
        crate::context::set_header("content-language", lang.code().to_string());
        crate::context::set_header("x-build", build.0.clone());
        crate::context::set_header("x-agenda-version", version.to_string());
        // Whom the page was made for, as far as the service worker's stored pages differ by it
        // (a confirmation brings the pass on /me, door staff the door): a change refreshes them.
        crate::context::set_header("x-viewer", viewer.clone());
    }
    view! {
        <!DOCTYPE html>
        <html lang=lang.code() dir=lang.dir() data-build=build.0.clone() data-agenda-version=version
            data-rendered-at=now.to_rfc3339() data-fresh-until=fresh_until
            data-venue-zone=snapshot.agenda.event.timezone.clone() data-viewer=viewer>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover"/>
                <meta name="theme-color" content="#0b4f6c"/>
                <link rel="icon" href="/favicon.ico" sizes="any"/>
                <link rel="icon" href="/icon.svg" type="image/svg+xml"/>
                <link rel="manifest" href=format!("/manifest.webmanifest?locale={}", lang.code())/>
                <link rel="apple-touch-icon" href="/icons/apple-touch-icon.png"/>
                <meta name="mobile-web-app-capable" content="yes"/>
                <meta name="apple-mobile-web-app-capable" content="yes"/>
                <meta name="apple-mobile-web-app-title" content=lang.pwa().short_name/>
                <link rel="stylesheet" href=format!("{root}/pkg/companion.css")/>
                <HydrationScripts options islands=true root=root.clone()/>
                <script type="module" src=format!("{root}/pwa.js") nonce=use_nonce()></script>
                <MetaTags/>
            </head>
            <body>
                <App/>
                <PwaBar/>
            </body>
        </html>
    }
}

/// Scripts run only from our origin or with this response's nonce; WebAssembly may compile.
fn set_content_security_policy() {
    #[cfg(feature = "ssr")]
    if let (Some(nonce), Some(options)) =
        (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    {
        let policy = format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
             style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
             base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
        );
        if let Ok(value) = http::HeaderValue::from_str(&policy) {
            options.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
        }
    }
}
