//! The background sender. Each round it closes change notifications whose coalescing window
//! has passed (rendering their texts, writing a delivery per device), writes due reminders,
//! and sends every delivery that is due, many at a time, recording each attempt.

use super::messages::{Texts, change_texts, reminder_texts};
use super::send::{PushHeaders, Sender, Sent};
use crate::clock::Clock;
use crate::error::Result;
use crate::store::{Attempt, ClaimedDelivery, NotificationKind, Outcome, SessionRecipients, Store};
use app::i18n::Lang;
use app::model::Agenda;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use rand::Rng;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::sync::{Semaphore, mpsc};

const REMINDER_MINUTES: [i64; 4] = [5, 10, 15, 30];
const REMINDER_EVERY: Duration = Duration::from_secs(5);
const IDLE_ROUND: Duration = Duration::from_millis(200);
const MAX_ATTEMPTS: i64 = 8;
const CLAIM_BATCH: i64 = 2000;
const RECORD_BATCH: usize = 500;

pub struct Worker {
    pub store: Store,
    pub sender: Arc<Sender>,
    pub clock: Clock,
    pub slug: String,
    pub window: Duration,
    pub concurrency: usize,
    pub wake: Arc<Notify>,
    /// Only confirmed participants hear about sessions (`--agenda-visibility delegates`).
    pub confirmed_only: bool,
}

impl Worker {
    pub async fn run(self) {
        match self.store.resume_in_flight().await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(
                deliveries = n,
                "resuming push deliveries interrupted by a restart"
            ),
            Err(e) => tracing::error!(error = %e, "cannot resume push deliveries"),
        }
        let mut reminders_checked: Option<std::time::Instant> = None;
        loop {
            if let Err(e) = self.queue_due_changes().await {
                tracing::error!(error = %e, "queueing change notifications failed");
            }
            if reminders_checked.is_none_or(|t| t.elapsed() >= REMINDER_EVERY) {
                reminders_checked = Some(std::time::Instant::now());
                if let Err(e) = self.queue_reminders().await {
                    tracing::error!(error = %e, "queueing reminders failed");
                }
            }
            match self.send_due().await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(e) => tracing::error!(error = %e, "sending push messages failed"),
            }
            // A change made here wakes the worker at once; this round is for what another
            // instance wrote, a window that closes, a retry that falls due.
            let _ = tokio::time::timeout(IDLE_ROUND, self.wake.notified()).await;
        }
    }

    async fn queue_due_changes(&self) -> Result<()> {
        let window = chrono::Duration::from_std(self.window).unwrap_or_default();
        let due = self.store.due_changes(self.clock.wall() - window).await?;
        for change in due {
            let Some(agenda) = self.store.load_agenda(&change.event_slug).await? else {
                continue;
            };
            let changes = self
                .store
                .changes_since(&change.event_slug, change.from_version)
                .await?;
            let texts = agenda
                .session(&change.session_id)
                .and_then(|s| change_texts(&agenda, s, &changes));
            // Edits that cancel out close the notification with nobody to tell.
            let (texts, recipients) = match texts {
                Some(t) => (
                    serde_json::to_string(&t).unwrap_or_default(),
                    Some(SessionRecipients::ChangeFollowers),
                ),
                None => (String::new(), None),
            };
            let n = self
                .store
                .queue_notification(
                    &change.id,
                    &texts,
                    recipients,
                    &change.session_id,
                    self.confirmed_only,
                    self.clock.wall(),
                )
                .await?;
            tracing::info!(notification = %change.id, session = %change.session_id, devices = n, "change notification queued");
        }
        Ok(())
    }

    /// Each reminder once per device: the notification row and the delivery ids are unique,
    /// so neither a second round nor a restart sends it again.
    async fn queue_reminders(&self) -> Result<()> {
        let Some(agenda) = self.store.load_agenda(&self.slug).await? else {
            return Ok(());
        };
        let now = self.clock.now();
        for session in agenda
            .sessions
            .iter()
            .filter(|s| !s.cancelled && s.start > now)
        {
            for minutes in REMINDER_MINUTES {
                if session.start - chrono::Duration::minutes(minutes) > now {
                    continue;
                }
                let id = self
                    .store
                    .reminder_notification(
                        &crate::auth::tokens::new_id(),
                        &self.slug,
                        &session.id,
                        minutes,
                        self.clock.wall(),
                    )
                    .await?;
                let texts = serde_json::to_string(&reminder_texts(&agenda, session, minutes))
                    .unwrap_or_default();
                let recipients = Some(SessionRecipients::Reminder(minutes));
                self.store
                    .queue_notification(
                        &id,
                        &texts,
                        recipients,
                        &session.id,
                        self.confirmed_only,
                        self.clock.wall(),
                    )
                    .await?;
            }
        }
        Ok(())
    }

    /// Sends what is due; `true` when a full batch was taken (more may be waiting).
    async fn send_due(&self) -> Result<bool> {
        let claimed = self
            .store
            .claim_deliveries(self.clock.wall(), CLAIM_BATCH)
            .await?;
        if claimed.is_empty() {
            return Ok(false);
        }
        let full = claimed.len() as i64 == CLAIM_BATCH;
        let agenda = self.store.load_agenda(&self.slug).await?.map(Arc::new);
        let now = self.clock.now();
        let mut texts: HashMap<String, Arc<Texts>> = HashMap::new();
        for d in &claimed {
            texts.entry(d.notification_id.clone()).or_insert_with(|| {
                Arc::new(
                    d.texts
                        .as_deref()
                        .and_then(|t| serde_json::from_str(t).ok())
                        .unwrap_or_default(),
                )
            });
        }
        // Attempts are written by a task of their own while sending goes on.
        let (results, received) = mpsc::unbounded_channel();
        let recorder = tokio::spawn(record(self.store.clone(), self.clock, received));
        let permits = Arc::new(Semaphore::new(self.concurrency.max(1)));
        for d in claimed {
            let Ok(permit) = permits.clone().acquire_owned().await else {
                break;
            };
            let (agenda, sender, results) = (agenda.clone(), self.sender.clone(), results.clone());
            let texts = texts.get(&d.notification_id).cloned().unwrap_or_default();
            // Each send is a task: encryption costs an ECDH per message and must spread over
            // every core, not run on the one driving this loop.
            tokio::spawn(async move {
                let attempt = send_one(&sender, d, &texts, agenda.as_deref(), now).await;
                let _ = results.send(attempt);
                drop(permit);
            });
        }
        drop(results);
        recorder
            .await
            .map_err(|e| crate::error::Error::Internal(format!("push recorder: {e}")))??;
        Ok(full)
    }
}

/// Writes attempts as they come, in batches (a send task that dies leaves its delivery
/// 'sending', resumed at the next start).
async fn record(
    store: Store,
    clock: Clock,
    mut attempts: mpsc::UnboundedReceiver<Attempt>,
) -> Result<()> {
    let mut batch = Vec::with_capacity(RECORD_BATCH);
    while attempts.recv_many(&mut batch, RECORD_BATCH).await > 0 {
        store.record_attempts(&batch, clock.wall()).await?;
        batch.clear();
    }
    Ok(())
}

async fn send_one(
    sender: &Sender,
    d: ClaimedDelivery,
    texts: &Texts,
    agenda: Option<&Agenda>,
    now: DateTime<Utc>,
) -> Attempt {
    let attempt = d.attempts + 1;
    let session = d
        .session_id
        .as_deref()
        .and_then(|id| agenda.and_then(|a| a.session(id)));
    let payload = payload(&d, texts);
    let headers = headers(&d, session.map(|s| (s.start, s.end)), now);
    let sent = sender
        .send(
            &d.endpoint,
            &d.p256dh,
            &d.auth,
            payload.as_bytes(),
            &headers,
        )
        .await;
    let (status, error, outcome) = match sent {
        Sent::Answered { status, .. } if (200..300).contains(&status) => {
            (Some(status), None, Outcome::Sent)
        }
        Sent::Answered {
            status: status @ (404 | 410),
            ..
        } => (Some(status), None, Outcome::Gone),
        Sent::Answered {
            status,
            retry_after,
        } if status == 429 || status >= 500 => {
            (Some(status), None, retry(attempt, retry_after, now))
        }
        Sent::Answered { status, .. } => (
            Some(status),
            Some("refused by the push service".into()),
            Outcome::Failed,
        ),
        Sent::Refused(why) => (None, Some(why), Outcome::Failed),
        Sent::Unreachable(why) => (None, Some(why), retry(attempt, None, now)),
    };
    if let Some(e) = &error {
        tracing::debug!(delivery = %d.id, error = %e, "push attempt failed");
    }
    Attempt {
        delivery_id: d.id,
        subscription_id: d.subscription_id,
        attempt,
        status,
        error,
        outcome,
    }
}

/// Exponential backoff with jitter, never sooner than the push service asked.
fn retry(attempt: i64, retry_after: Option<Duration>, now: DateTime<Utc>) -> Outcome {
    if attempt >= MAX_ATTEMPTS {
        return Outcome::Failed;
    }
    let base = Duration::from_millis(500 * (1u64 << attempt.clamp(0, 10) as u32))
        .min(Duration::from_secs(300));
    let jitter = Duration::from_millis(rand::rng().random_range(0..=base.as_millis() as u64 / 2));
    let wait = (base + jitter)
        .max(retry_after.unwrap_or_default())
        .min(Duration::from_secs(3600));
    Outcome::Retry {
        at: now + chrono::Duration::from_std(wait).unwrap_or_default(),
    }
}

/// What the service worker receives: the text in the device's language, and where a tap goes.
fn payload(d: &ClaimedDelivery, texts: &Texts) -> String {
    let lang = Lang::parse(&d.lang).unwrap_or(Lang::En);
    let text = texts.get(&lang).or_else(|| texts.get(&Lang::En)).cloned();
    let (title, body) = text.map(|t| (t.title, t.body)).unwrap_or_default();
    // One tag per session: the newest news of a session replaces the older on screen.
    let (tag, url) = match &d.session_id {
        Some(s) if d.kind != NotificationKind::Announcement => {
            (format!("session-{s}"), format!("/sessions/{s}"))
        }
        _ => (
            format!("announcement-{}", d.notification_id),
            "/".to_string(),
        ),
    };
    serde_json::json!({
        "kind": d.kind,
        "title": title,
        "body": body,
        "tag": tag,
        "url": url,
        "lang": lang.code(),
    })
    .to_string()
}

/// TTL until the session starts (an hour at least); Urgency high within two hours of it; one
/// Topic per session, so a newer change replaces an undelivered older one in transit.
fn headers(
    d: &ClaimedDelivery,
    session: Option<(DateTime<Utc>, DateTime<Utc>)>,
    now: DateTime<Utc>,
) -> PushHeaders {
    let Some((start, end)) = session.filter(|_| d.kind != NotificationKind::Announcement) else {
        return PushHeaders {
            ttl: 12 * 3600,
            urgency: "normal",
            topic: None,
        };
    };
    let until = if start > now { start } else { end };
    let ttl = (until - now).num_seconds().clamp(3600, 7 * 24 * 3600) as u32;
    let urgency = if start - now <= chrono::Duration::hours(2) && end > now {
        "high"
    } else {
        "normal"
    };
    let digest = Sha256::digest(d.session_id.as_deref().unwrap_or_default().as_bytes());
    let topic = URL_SAFE_NO_PAD.encode(&digest[..18]);
    PushHeaders {
        ttl,
        urgency,
        topic: Some(topic),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_honours_retry_after_and_gives_up() {
        let at = |o: Outcome| match o {
            Outcome::Retry { at } => (at - Utc::now()).num_milliseconds(),
            other => panic!("{other:?}"),
        };
        assert!(at(retry(1, None, Utc::now())) < 1600);
        assert!(at(retry(5, None, Utc::now())) >= 16_000 - 100);
        assert!(at(retry(1, Some(Duration::from_secs(30)), Utc::now())) >= 29_000);
        assert_eq!(retry(MAX_ATTEMPTS, None, Utc::now()), Outcome::Failed);
    }

    #[test]
    fn topics_are_short_url_safe_and_per_session() {
        let d = |s: &str| ClaimedDelivery {
            id: "n:s".into(),
            attempts: 0,
            lang: "fr".into(),
            notification_id: "n".into(),
            subscription_id: "s".into(),
            endpoint: String::new(),
            p256dh: String::new(),
            auth: String::new(),
            kind: NotificationKind::Change,
            session_id: Some(s.into()),
            texts: None,
        };
        let now = Utc::now();
        let soon = Some((
            now + chrono::Duration::minutes(30),
            now + chrono::Duration::minutes(90),
        ));
        let a = headers(&d("d1-a"), soon, now);
        let b = headers(&d("d1-b"), soon, now);
        let topic = a.topic.clone().unwrap();
        assert!(
            topic.len() <= 32
                && topic
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        );
        assert_ne!(a.topic, b.topic);
        assert_eq!(a.urgency, "high");
        assert_eq!(a.ttl, 3600, "at least an hour");
        let later = Some((
            now + chrono::Duration::hours(5),
            now + chrono::Duration::hours(6),
        ));
        let c = headers(&d("d1-a"), later, now);
        assert_eq!((c.urgency, c.ttl), ("normal", 5 * 3600));
        assert_eq!(c.topic, a.topic);
    }
}
