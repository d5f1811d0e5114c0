//! The published agenda: loaded once per version and shared by every page render and API
//! response, so a request costs no database round trip. Chatham House redaction happens here,
//! once, for everything served.

use crate::auth::tokens;
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
}

/// The agenda one viewer may see, ready to serve.
pub struct ViewerAgenda {
    pub agenda: Arc<Agenda>,
    pub json: Bytes,
    pub etag: String,
}

impl Published {
    /// Organisers see everything; invitees of a closed side event see it too; others don't.
    pub fn for_viewer(&self, viewer: &Viewer) -> ViewerAgenda {
        let slug = &self.full.event.slug;
        let visible_closed: Vec<&str> = self
            .full
            .sessions
            .iter()
            .filter(|s| s.closed && viewer.may_see_closed(&s.id))
            .map(|s| s.id.as_str())
            .collect();
        if visible_closed.is_empty() {
            let etag = format!("W/\"{slug}-v{}\"", self.version);
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
    current: RwLock<Published>,
}

impl AgendaCache {
    pub async fn load(store: Store, slug: String) -> Result<Arc<Self>> {
        let published = publish(&store, &slug).await?;
        Ok(Arc::new(AgendaCache {
            store,
            slug,
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
            let published = publish(&self.store, &self.slug).await?;
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

async fn publish(store: &Store, slug: &str) -> Result<Published> {
    let mut full = store.load_agenda(slug).await?.ok_or(Error::NotFound)?;
    redact(&mut full);
    let mut public = full.clone();
    public.sessions.retain(|s| !s.closed);
    let to_json = |a: &Agenda| {
        serde_json::to_vec(a)
            .map(Bytes::from)
            .map_err(|e| Error::Corrupt(e.to_string()))
    };
    Ok(Published {
        version: full.version,
        public_json: to_json(&public)?,
        full_json: to_json(&full)?,
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
