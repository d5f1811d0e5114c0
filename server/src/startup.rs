//! Builds the application from its configuration: database, agenda, auth, router, listener.

use crate::agenda_cache::AgendaCache;
use crate::auth::{self, Auth};
use crate::clock::Clock;
use crate::config::{AgendaVisibility, Config};
use crate::error::{Error, Result};
use crate::push::Push;
use crate::pwa::Build;
use crate::store::{NewInvitation, Store};
use crate::{access, api, pages, programme, pwa, web};
use app::access::{Role, Viewer};
use app::context::Snapshot;
use app::shell::shell;
use axum::body::Body;
use axum::extract::{FromRef, Request};
use axum::response::Response;
use axum::routing::get;
use axum::{Router, middleware};
use leptos::prelude::*;
use leptos_axum::{
    LeptosRoutes, file_and_error_handler_with_context,
    generate_route_list_with_exclusions_and_ssg_and_context, render_app_to_stream_with_context,
};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

/// Renders a page for a request, as the Leptos routes do: used to show a form again.
pub type PageRenderer =
    Arc<dyn Fn(Request<Body>) -> Pin<Box<dyn Future<Output = Response> + Send>> + Send + Sync>;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub store: Store,
    pub agenda: Arc<AgendaCache>,
    pub auth: Arc<Auth>,
    pub clock: Clock,
    pub visibility: AgendaVisibility,
    pub render: PageRenderer,
    /// The front-end build served (its id names the asset paths and the service worker cache).
    pub build: Arc<Build>,
    pub push: Arc<Push>,
}

impl AppState {
    /// Whether the agenda is closed to this viewer (visibility "delegates" and not confirmed).
    pub fn agenda_restricted_for(&self, viewer: &Viewer) -> bool {
        self.agenda.current().restricted_for(viewer)
    }
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
        // Every timestamp the server writes comes from this clock: one it could not read back
        // (beyond year 9999, say) must stop it here, named, not break the database later.
        if let Some(now) = config.now {
            crate::store::storable_timestamp("COMPANION_NOW", now.with_timezone(&chrono::Utc))
                .map_err(|e| Error::Config(e.to_string()))?;
        }
        let store = Store::connect(&config.database_url).await?;
        let auth = Auth::load(&store, config).await?;
        let (slug, fresh_demo) = choose_event(&store, config).await?;
        let agenda = AgendaCache::load(store.clone(), slug, config.agenda_visibility).await?;
        agenda.spawn_poller(Duration::from_millis(config.agenda_poll_ms.max(100)));
        let contact = agenda.current().full.event.contact_email.clone();
        let push = Push::start(
            &store,
            &config.push,
            config.clock(),
            agenda.slug(),
            &contact,
            config.agenda_visibility == AgendaVisibility::Delegates,
        )
        .await?;
        if fresh_demo {
            print_demo_links(&store, &auth, &config.clock(), &agenda).await?;
        }
        let leptos_options = LeptosOptions::builder()
            .output_name("companion")
            .site_root(config.site_root.as_str())
            .site_pkg_dir("pkg")
            .site_addr(config.site_addr)
            .build();
        let listener = TcpListener::bind(config.site_addr)
            .await
            .map_err(|e| Error::Config(format!("cannot listen on {}: {e}", config.site_addr)))?;
        let build = Arc::new(Build::of_site(&config.site_root));
        tracing::info!(build = %build.id, "front-end build");
        let page_context = page_context(
            agenda.clone(),
            config.clock(),
            config.agenda_visibility,
            build.id.clone(),
        );
        let renderer = render_app_to_stream_with_context(page_context, {
            let options = leptos_options.clone();
            move || shell(options.clone())
        });
        let state = AppState {
            leptos_options,
            store,
            agenda,
            auth,
            clock: config.clock(),
            visibility: config.agenda_visibility,
            render: Arc::new(move |request| Box::pin(renderer(request))),
            build,
            push,
        };
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
        crate::serve::serve(self.listener, self.router, shutdown_signal()).await
    }
}

/// The configured event, or the earliest stored one; the demo programme fills an empty
/// database (and says so, so that start-up can print links to try it).
async fn choose_event(store: &Store, config: &Config) -> Result<(String, bool)> {
    let slugs = store.event_slugs().await?;
    if slugs.is_empty() && config.demo {
        let demo = programme::parse(programme::DEMO)?;
        store.import_programme(&demo, chrono::Utc::now()).await?;
        tracing::info!(event = %demo.event.slug, "loaded the demo programme into an empty database");
        return Ok((demo.event.slug, true));
    }
    match &config.event {
        Some(slug) if slugs.contains(slug) => Ok((slug.clone(), false)),
        Some(slug) => Err(Error::Config(format!("event {slug:?} is not in the database (found: {slugs:?})"))),
        None => slugs.into_iter().next().map(|s| (s, false)).ok_or_else(|| {
            Error::Config("the database has no event: import a programme or allow the demo (COMPANION_DEMO=true)".into())
        }),
    }
}

/// One organiser and one delegate link, so a newcomer can try every role at once.
async fn print_demo_links(
    store: &Store,
    auth: &Auth,
    clock: &Clock,
    agenda: &AgendaCache,
) -> Result<()> {
    let full = agenda.current().full;
    let closed = full
        .sessions
        .iter()
        .filter(|s| s.closed)
        .map(|s| s.id.clone())
        .collect();
    let people = [
        (
            "organiser",
            "Demo Organiser",
            "organiser@demo.invalid",
            Vec::new(),
        ),
        ("delegate", "Demo Delegate", "delegate@demo.invalid", closed),
    ];
    for (role, name, email, closed_sessions) in people {
        let new = NewInvitation {
            role: Some(role.into()),
            name: name.into(),
            email: email.into(),
            organisation: "Demo".into(),
            country: "Tunisia".into(),
            closed_sessions,
        };
        let invited = access::invite(store, auth, clock, &full, new).await?;
        println!("demo {role} link: {}", invited.link);
    }
    Ok(())
}

/// What every page render gets: the agenda as this viewer may see it, and the clock.
fn page_context(
    agenda: Arc<AgendaCache>,
    clock: Clock,
    visibility: AgendaVisibility,
    build: String,
) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        provide_context(app::context::Build(build.clone()));
        let viewer = use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Viewer>().cloned())
            .unwrap_or_else(Viewer::anonymous);
        let published = agenda.current();
        // Listing the routes (visibility `public` here) must see every route.
        let viewer = match visibility {
            AgendaVisibility::Public if published.restricted_for(&viewer) => Viewer {
                role: Role::Delegate,
                ..viewer
            },
            _ => viewer,
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

fn router(state: AppState) -> Router {
    let page_context = page_context(
        state.agenda.clone(),
        state.clock,
        state.visibility,
        state.build.id.clone(),
    );
    // Listing the routes renders the app once, which needs a request's context: an unrestricted
    // one, or a gated layout would hide the routes themselves.
    let listing_context = self::page_context(
        state.agenda.clone(),
        state.clock,
        AgendaVisibility::Public,
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
        .nest("/api/v1", api::router())
        .merge(pages::router())
        .merge(pwa::router())
        .merge(crate::console::router())
        .merge(api::calendar::feed_router())
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
            pages::load_page_data,
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
