//! Builds the application from its configuration: database, agenda, auth, router, listener.

use crate::access::Inviter;
use crate::agenda_cache::AgendaCache;
use crate::auth::Auth;
use crate::config::{AgendaVisibility, Config};
use crate::entry::EntryKeys;
use crate::error::{Error, Result};
use crate::mail::Mail;
use crate::push::Push;
use crate::pwa::build::Build;
use crate::routes::{page_context, router};
use crate::state::AppState;
use crate::store::{NewInvitation, Store};
use crate::{access, programme};
use app::access::InvitedRole;
use app::shell::shell;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::render_app_to_stream_with_context;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

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
        let mail = Mail::start(
            &store,
            &config.mail,
            &config.public_url,
            config.clock(),
            agenda.slug(),
            auth.invitation_ttl,
        )
        .await?;
        if fresh_demo {
            // The demo's people are at .invalid addresses: their links are printed, not mailed.
            let no_mail = Mail::configure(&Default::default(), &config.public_url)?;
            let inviter = Inviter {
                store: &store,
                auth: &auth,
                mail: &no_mail,
                clock: &config.clock(),
            };
            print_demo_links(inviter, &agenda).await?;
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
        let entry = Arc::new(EntryKeys::load(&store, config.clock().wall()).await?);
        let build = Arc::new(Build::of_site(&config.site_root));
        tracing::info!(build = %build.id, "front-end build");
        let page_context = page_context(agenda.clone(), config.clock(), false, build.id.clone());
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
            render: Arc::new(move |request| Box::pin(renderer(request))),
            build,
            push,
            mail,
            entry,
            max_document_bytes: config.max_document_bytes,
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
        store.import_programme(&demo, config.clock().wall()).await?;
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
async fn print_demo_links(inviter: Inviter<'_>, agenda: &AgendaCache) -> Result<()> {
    let full = agenda.current().full;
    let closed = full
        .sessions
        .iter()
        .filter(|s| s.closed)
        .map(|s| s.id.clone())
        .collect();
    let people = [
        (
            InvitedRole::Organiser,
            "Demo Organiser",
            "organiser@demo.invalid",
            Vec::new(),
        ),
        (
            InvitedRole::Delegate,
            "Demo Delegate",
            "delegate@demo.invalid",
            closed,
        ),
    ];
    for (role, name, email, closed_sessions) in people {
        let new = NewInvitation {
            role: Some(role.slug().into()),
            name: name.into(),
            email: email.into(),
            organisation: "Demo".into(),
            country: "Tunisia".into(),
            closed_sessions,
            lang: None,
        };
        let invited = access::invite(inviter, &full, new).await?;
        println!("demo {} link: {}", role.slug(), invited.link);
    }
    Ok(())
}

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
}
