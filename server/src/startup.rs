//! Builds the application from its configuration: database, agenda, router, listener.

use crate::agenda_cache::AgendaCache;
use crate::clock::Clock;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::{api, programme, web};
use app::context::Snapshot;
use app::shell::shell;
use axum::extract::FromRef;
use axum::routing::get;
use axum::serve::ListenerExt;
use axum::{Router, middleware};
use leptos::prelude::*;
use leptos_axum::{
    LeptosRoutes, file_and_error_handler_with_context,
    generate_route_list_with_exclusions_and_ssg_and_context,
};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    pub agenda: Arc<AgendaCache>,
    pub clock: Clock,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

pub struct Application {
    listener: TcpListener,
    router: Router,
}

impl Application {
    pub async fn build(config: &Config) -> Result<Self> {
        let store = Store::connect(&config.database_url).await?;
        let slug = choose_event(&store, config).await?;
        let agenda = AgendaCache::load(store.clone(), slug).await?;
        agenda.spawn_poller(Duration::from_millis(config.agenda_poll_ms.max(100)));
        let leptos_options = LeptosOptions::builder()
            .output_name("companion")
            .site_root(config.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(config.site_addr)
            .build();
        let state = AppState {
            leptos_options,
            store,
            agenda,
            clock: config.clock(),
        };
        let listener = TcpListener::bind(config.site_addr)
            .await
            .map_err(|e| Error::Config(format!("cannot listen on {}: {e}", config.site_addr)))?;
        Ok(Application {
            listener,
            router: router(state),
        })
    }

    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_default()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        // Without TCP_NODELAY a streamed body waits out the client's delayed ACK (~40 ms).
        let listener = self.listener.tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::debug!(error = %e, "could not set TCP_NODELAY");
            }
        });
        axum::serve(listener, self.router)
            .with_graceful_shutdown(shutdown_signal())
            .await
    }
}

/// The configured event, or the earliest stored one; the demo programme fills an empty database.
async fn choose_event(store: &Store, config: &Config) -> Result<String> {
    let slugs = store.event_slugs().await?;
    if slugs.is_empty() && config.demo {
        let demo = programme::parse(programme::DEMO)?;
        store.import_programme(&demo, chrono::Utc::now()).await?;
        tracing::info!(event = %demo.event.slug, "loaded the demo programme into an empty database");
        return Ok(demo.event.slug);
    }
    match &config.event {
        Some(slug) if slugs.contains(slug) => Ok(slug.clone()),
        Some(slug) => Err(Error::Config(format!("event {slug:?} is not in the database (found: {slugs:?})"))),
        None => slugs.into_iter().next().ok_or_else(|| {
            Error::Config("the database has no event: import a programme or allow the demo (COMPANION_DEMO=true)".into())
        }),
    }
}

fn router(state: AppState) -> Router {
    let page_context = {
        let (agenda, clock) = (state.agenda.clone(), state.clock);
        move || {
            provide_context(Snapshot {
                agenda: agenda.current().agenda,
                now: clock.now(),
            })
        }
    };
    // Listing the routes renders the app once, which needs the same context as a request.
    let (routes, _) = generate_route_list_with_exclusions_and_ssg_and_context(
        app::app::App,
        None,
        page_context.clone(),
    );
    let options = state.leptos_options.clone();
    Router::new()
        .route("/healthz", get(health))
        .nest("/api/v1", api::router())
        .leptos_routes_with_context(&state, routes, page_context.clone(), move || {
            shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            page_context,
            shell,
        ))
        .layer(middleware::from_fn(web::negotiate_language))
        .layer(middleware::from_fn(web::security_headers))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

async fn health(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<&'static str> {
    state.store.ping().await?;
    Ok("ok")
}

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
}
