//! Web push: a room change reaches exactly the devices of the people who bookmarked the
//! session, in their language, within the coalescing window. Notifications go through the
//! outbox (`store::push`), a background worker sends them (`worker`), each message encrypted
//! and VAPID-signed (`send`, `vapid`) to endpoints that passed the rules (`endpoint`).

pub mod endpoint;
pub mod messages;
pub mod mock;
pub mod send;
pub mod vapid;
mod worker;

use crate::clock::Clock;
use crate::config::PushConfig;
use crate::error::Result;
use crate::store::Store;
use endpoint::PushRules;
use send::Sender;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use vapid::Vapid;

pub struct Push {
    pub rules: PushRules,
    sender: Arc<Sender>,
    wake: Arc<Notify>,
    worker: tokio::task::JoinHandle<()>,
}

/// The sender stops with the application (a test's restart, a shutdown).
impl Drop for Push {
    fn drop(&mut self) {
        self.worker.abort();
    }
}

impl Push {
    /// Loads (or makes) the VAPID key and starts the sender in the background.
    pub async fn start(
        store: &Store,
        config: &PushConfig,
        clock: Clock,
        slug: &str,
        contact: &str,
        confirmed_only: bool,
    ) -> Result<Arc<Push>> {
        let subject = config
            .vapid_subject
            .clone()
            .unwrap_or_else(|| format!("mailto:{contact}"));
        let vapid = Arc::new(
            Vapid::load(store, config.vapid_private_key.as_deref(), subject)
                .await?
                .with_clock(clock),
        );
        let rules = PushRules::new(&config.push_hosts, &config.push_allow_insecure_hosts);
        let sender =
            Arc::new(Sender::new(rules.clone(), vapid, config.push_concurrency).with_clock(clock));
        let wake = Arc::new(Notify::new());
        let worker = worker::Worker {
            store: store.clone(),
            sender: sender.clone(),
            clock,
            slug: slug.to_string(),
            window: Duration::from_millis(config.push_coalesce_ms),
            concurrency: config.push_concurrency,
            wake: wake.clone(),
            confirmed_only,
        };
        let worker = tokio::spawn(worker.run());
        Ok(Arc::new(Push {
            rules,
            sender,
            wake,
            worker,
        }))
    }

    pub fn public_key(&self) -> &str {
        self.sender.vapid().public_key()
    }

    /// Something was written to the outbox: look now rather than at the next round.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}
