//! The application's shared state, handed to every handler: one place, imported by the areas,
//! importing none of them.

use crate::agenda_cache::AgendaCache;
use crate::auth::Auth;
use crate::clock::Clock;
use crate::entry::EntryKeys;
use crate::mail::Mail;
use crate::push::Push;
use crate::pwa::build::Build;
use crate::store::Store;
use app::access::Viewer;
use axum::body::Body;
use axum::extract::{FromRef, Request};
use axum::response::Response;
use leptos::prelude::LeptosOptions;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

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
    pub render: PageRenderer,
    /// The front-end build served (its id names the asset paths and the service worker cache).
    pub build: Arc<Build>,
    pub push: Arc<Push>,
    pub mail: Arc<Mail>,
    /// The keys entry passes are signed with.
    pub entry: Arc<EntryKeys>,
    /// The largest document file accepted (`--max-document-bytes`).
    pub max_document_bytes: u64,
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
