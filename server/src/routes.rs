//! The router, assembled in one place from each area's `router()`, with the layers every
//! request passes through.

use crate::agenda_cache::AgendaCache;
use crate::clock::Clock;
use crate::error::Result;
use crate::state::AppState;
use crate::{api, auth, documents, html, pwa, web};
use app::access::{Role, Viewer};
use app::context::Snapshot;
use app::shell::shell;
use axum::routing::get;
use axum::{Router, middleware};
use leptos::prelude::*;
use leptos_axum::{
    LeptosRoutes, file_and_error_handler_with_context,
    generate_route_list_with_exclusions_and_ssg_and_context,
};
use std::sync::Arc;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, Predicate};
use tower_http::trace::TraceLayer;

/// What every page render gets: the agenda as this viewer may see it, and the clock.
/// `listing`: the one render that lists the routes, which must see all of them (a gated
/// layout would hide the routes themselves).
pub fn page_context(
    agenda: Arc<AgendaCache>,
    clock: Clock,
    listing: bool,
    build: String,
) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        provide_context(app::context::Build(build.clone()));
        let viewer = use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Viewer>().cloned())
            .unwrap_or_else(Viewer::anonymous);
        let published = agenda.current();
        let viewer = match listing {
            true => Viewer {
                role: Role::Delegate,
                ..viewer
            },
            false => viewer,
        };
        let restricted = published.restricted_for(&viewer);
        let agenda = published.for_viewer(&viewer).agenda;
        provide_context(Snapshot {
            agenda,
            now: clock.now(),
            restricted,
        });
    }
}

pub fn router(state: AppState) -> Router {
    let page_context = page_context(
        state.agenda.clone(),
        state.clock,
        false,
        state.build.id.clone(),
    );
    // Listing the routes renders the app once, which needs a request's context.
    let listing_context = self::page_context(
        state.agenda.clone(),
        state.clock,
        true,
        state.build.id.clone(),
    );
    let (routes, _) = generate_route_list_with_exclusions_and_ssg_and_context(
        app::app::App,
        None,
        listing_context,
    );
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(health))
        .nest(api::PREFIX, api::router())
        .merge(html::router(&state))
        .merge(pwa::router())
        .merge(api::calendar::feed_router())
        .merge(documents::router())
        .leptos_routes_with_context(&state, routes, page_context.clone(), move || {
            shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            page_context,
            shell,
        ))
        .layer(middleware::from_fn(web::cache_control))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            html::load_page_data,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::authenticate,
        ))
        .layer(middleware::from_fn(crate::serve::limit_body_time))
        .layer(middleware::from_fn(auth::csrf::reject_cross_site))
        .layer(middleware::from_fn(web::api_errors_as_json))
        .layer(middleware::from_fn(web::negotiate_language))
        .layer(middleware::from_fn(web::security_headers))
        .layer(
            CompressionLayer::new().compress_when(DefaultPredicate::new().and(
                // Document files: their ranges and strong ETags are of the stored bytes.
                |_: _, _: _, _: &_, extensions: &axum::http::Extensions| {
                    extensions.get::<documents::Uncompressed>().is_none()
                },
            )),
        )
        .layer(middleware::from_fn(web::origin_form_only))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn health(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<&'static str> {
    state.store.ping().await?;
    Ok("ok")
}
