//! The published agenda: loaded once per version and shared by every page render and API
//! response, so a request costs no database round trip. Chatham House redaction happens here,
//! once, for everything served.

use crate::auth::tokens;
use crate::config::AgendaVisibility;
use crate::error::{Error, Result};
use crate::store::Store;
use app::access::{Role, Viewer};
use app::model::Agenda;
use axum::body::Bytes;
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// One agenda version, as everyone (closed side events left out) and as organisers see it.
#[derive(Clone)]
pub struct Published {
    pub version: i64,
    pub full: Arc<Agenda>,
    pub public: Arc<Agenda>,
    public_json: Bytes,
    full_json: Bytes,
    /// The event without sessions or rooms: what a viewer sees when the agenda is closed to them.
    event_only: Arc<Agenda>,
    event_only_json: Bytes,
    visibility: AgendaVisibility,
}

/// The agenda one viewer may see, ready to serve.
pub struct ViewerAgenda {
    pub agenda: Arc<Agenda>,
    pub json: Bytes,
    pub etag: String,
}

impl Published {
    /// Whether the agenda is closed to this viewer (visibility `delegates`, not confirmed).
    pub fn restricted_for(&self, viewer: &Viewer) -> bool {
        self.visibility == AgendaVisibility::Delegates && viewer.role < Role::Delegate
    }

    /// The one visibility rule, for every page, API response, calendar and bundle: a viewer
    /// the agenda is closed to sees the event and nothing of its programme; organisers see
    /// everything; invitees of a closed side event see it too; others don't.
    pub fn for_viewer(&self, viewer: &Viewer) -> ViewerAgenda {
        let slug = &self.full.event.slug;
        if self.restricted_for(viewer) {
            return ViewerAgenda {
                agenda: self.event_only.clone(),
                json: self.event_only_json.clone(),
                etag: format!("W/\"{slug}-v{}-closed\"", self.public.version),
            };
        }
        let visible_closed: Vec<&str> = self
            .full
            .sessions
            .iter()
            .filter(|s| s.closed && viewer.may_see_closed(&s.id))
            .map(|s| s.id.as_str())
            .collect();
        if visible_closed.is_empty() {
            let etag = format!("W/\"{slug}-v{}\"", self.public.version);
            return ViewerAgenda {
                agenda: self.public.clone(),
                json: self.public_json.clone(),
                etag,
            };
        }
        if viewer.role == Role::Organiser {
            let etag = format!("W/\"{slug}-v{}-all\"", self.version);
            return ViewerAgenda {
                agenda: self.full.clone(),
                json: self.full_json.clone(),
                etag,
            };
        }
        let mut agenda = (*self.full).clone();
        agenda
            .sessions
            .retain(|s| !s.closed || visible_closed.contains(&s.id.as_str()));
        let json = Bytes::from(serde_json::to_vec(&agenda).unwrap_or_default());
        let etag = format!(
            "W/\"{slug}-v{}-{}\"",
            self.version,
            tokens::hash_token(&visible_closed.join(","))[..12].to_string()
        );
        ViewerAgenda {
            agenda: Arc::new(agenda),
            json,
            etag,
        }
    }
}

pub struct AgendaCache {
    store: Store,
    slug: String,
    visibility: AgendaVisibility,
    current: RwLock<Published>,
}

impl AgendaCache {
    pub async fn load(
        store: Store,
        slug: String,
        visibility: AgendaVisibility,
    ) -> Result<Arc<Self>> {
        let published = publish(&store, &slug, visibility).await?;
        Ok(Arc::new(AgendaCache {
            store,
            slug,
            visibility,
            current: RwLock::new(published),
        }))
    }

    pub fn current(&self) -> Published {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn slug(&self) -> &str {
        &self.slug
    }

    /// Reloads when the stored version differs from the published one.
    pub async fn refresh(&self) -> Result<()> {
        let stored = self.store.agenda_version(&self.slug).await?;
        if stored != Some(self.current().version) {
            let published = publish(&self.store, &self.slug, self.visibility).await?;
            *self.current.write().unwrap_or_else(|e| e.into_inner()) = published;
        }
        Ok(())
    }

    /// Picks up changes made by another process (an import) or, later, another instance.
    pub fn spawn_poller(self: &Arc<Self>, every: Duration) {
        let cache = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                let Some(cache) = cache.upgrade() else { break };
                if let Err(e) = cache.refresh().await {
                    tracing::warn!(error = %e, "agenda refresh failed; serving the last version");
                }
            }
        });
    }
}

async fn publish(store: &Store, slug: &str, visibility: AgendaVisibility) -> Result<Published> {
    let stored = store.load_published(slug).await?.ok_or(Error::NotFound)?;
    let mut full = stored.agenda;
    redact(&mut full);
    // Everyone's view carries its own version: an edit to a closed side event changes neither
    // its content nor its version (nor its ETag), so it tells nobody that something hidden moved.
    let mut public = full.clone();
    public.sessions.retain(|s| !s.closed);
    public.version = stored.public_version;
    public.updated_at = stored.public_updated_at;
    let mut event_only = public.clone();
    event_only.sessions.clear();
    event_only.rooms.clear();
    let to_json = |a: &Agenda| {
        serde_json::to_vec(a)
            .map(Bytes::from)
            .map_err(|e| Error::Corrupt(e.to_string()))
    };
    Ok(Published {
        version: full.version,
        public_json: to_json(&public)?,
        full_json: to_json(&full)?,
        event_only_json: to_json(&event_only)?,
        event_only: Arc::new(event_only),
        visibility,
        public: Arc::new(public),
        full: Arc::new(full),
    })
}

/// Chatham House: no name is attached to a session held under the rule.
fn redact(agenda: &mut Agenda) {
    for session in agenda.sessions.iter_mut().filter(|s| s.chatham_house) {
        session.moderators.clear();
    }
}
