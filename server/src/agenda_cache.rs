//! The published agenda: loaded once per version and shared by every page render and API
//! response, so a request costs no database round trip. Chatham House redaction happens here,
//! once, for everything served.

use crate::error::{Error, Result};
use crate::store::Store;
use app::model::Agenda;
use axum::body::Bytes;
use std::sync::{Arc, RwLock};
use std::time::Duration;

#[derive(Clone)]
pub struct Published {
    pub agenda: Arc<Agenda>,
    pub json: Bytes,
    pub etag: String,
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
        if stored != Some(self.current().agenda.version) {
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
    let mut agenda = store.load_agenda(slug).await?.ok_or(Error::NotFound)?;
    redact(&mut agenda);
    let json = Bytes::from(serde_json::to_vec(&agenda).map_err(|e| Error::Corrupt(e.to_string()))?);
    let etag = format!("W/\"{}-v{}\"", agenda.event.slug, agenda.version);
    Ok(Published {
        agenda: Arc::new(agenda),
        json,
        etag,
    })
}

/// Chatham House: no name is attached to a session held under the rule.
fn redact(agenda: &mut Agenda) {
    for session in agenda.sessions.iter_mut().filter(|s| s.chatham_house) {
        session.moderators.clear();
    }
}
