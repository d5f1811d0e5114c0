//! The mail sender: hands due mails to the SMTP server a few at a time within the configured
//! rate, records each outcome, and writes registration reminders when they fall due.

use super::Transport;
use super::compose::{Composer, Letter, Recipient};
use crate::auth::tokens;
use crate::clock::Clock;
use crate::config::ReminderOffsets;
use crate::error::Result;
use crate::store::{ClaimedMail, PendingInvitee, Store};
use chrono::{DateTime, Utc};
use futures::StreamExt;
use lettre::AsyncTransport;
use lettre::address::Envelope;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// Mails handed to the SMTP server at once, one pooled connection each. Each mail waits about
/// 40 ms on its connection (lettre writes the message and its final dot separately, and TCP's
/// Nagle algorithm holds the dot for the server's delayed acknowledgement), so throughput is
/// about this many mails per 40 ms; eight connections stay polite to a relay.
pub(super) const CONCURRENCY: usize = 8;
const CLAIM_BATCH: i64 = 50;
const IDLE_ROUND: Duration = Duration::from_secs(1);
const REMINDERS_EVERY: Duration = Duration::from_secs(60);
/// Temporary failures tried, with the doubling wait, before a mail is given up: with the
/// default 30 s first wait that is about half a day of an unreachable server.
const MAX_ATTEMPTS: i64 = 16;
const LONGEST_WAIT: Duration = Duration::from_secs(3600);
/// A mail `sending` this long was left by a sender that stopped mid-send (a send is cut off
/// after 30 s): it goes back to the queue.
const STUCK: chrono::Duration = chrono::Duration::minutes(5);

pub struct Worker {
    pub store: Store,
    pub composer: Arc<Composer>,
    pub transport: Transport,
    pub clock: Clock,
    pub slug: String,
    pub wake: Arc<Notify>,
    pub pace: Pace,
    pub retry_base: Duration,
    pub reminders: ReminderOffsets,
    pub public_url: String,
    pub invitation_ttl: chrono::Duration,
}

/// What one pass of the sender did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Round {
    pub sent: usize,
    pub retried: usize,
    pub failed: usize,
}

/// The configured rate: a minute's worth may go at once, then it refills evenly.
pub struct Pace {
    per_minute: f64,
    tokens: f64,
    last: Instant,
}

impl Pace {
    pub fn per_minute(n: u32) -> Self {
        let per_minute = f64::from(n.max(1));
        Pace {
            per_minute,
            tokens: per_minute,
            last: Instant::now(),
        }
    }

    fn available(&mut self) -> i64 {
        let now = Instant::now();
        let refill = now.duration_since(self.last).as_secs_f64() * self.per_minute / 60.0;
        self.tokens = (self.tokens + refill).min(self.per_minute);
        self.last = now;
        self.tokens.floor() as i64
    }

    fn take(&mut self, n: usize) {
        self.tokens -= n as f64;
    }

    /// How long until one more mail may go.
    fn wait(&self) -> Duration {
        let missing = (1.0 - self.tokens).max(0.0);
        Duration::from_secs_f64(missing * 60.0 / self.per_minute).max(Duration::from_millis(10))
    }
}

impl Worker {
    pub async fn run(mut self) {
        match self.store.resume_sending_mails().await {
            Ok(0) => {}
            Ok(n) => tracing::warn!(mails = n, "resuming mails interrupted by a restart"),
            Err(e) => tracing::error!(error = %e, "cannot resume mails"),
        }
        let mut reminders_checked: Option<Instant> = None;
        loop {
            if reminders_checked.is_none_or(|t| t.elapsed() >= REMINDERS_EVERY) {
                reminders_checked = Some(Instant::now());
                if let Err(e) = self.queue_reminders().await {
                    tracing::error!(error = %e, "writing registration reminders failed");
                }
                let expired = self.store.expire_mails(
                    self.clock.now(),
                    self.clock.wall(),
                    STUCK,
                    chrono::Duration::minutes(super::SIGN_IN_LINK_MINUTES),
                    self.invitation_ttl,
                );
                if let Err(e) = expired.await {
                    tracing::error!(error = %e, "expiring old mails failed");
                }
            }
            match self.send_due().await {
                Ok(Some(_)) => continue,
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "sending mails failed"),
            }
            let _ = tokio::time::timeout(IDLE_ROUND, self.wake.notified()).await;
        }
    }

    /// Sends until nothing is due (or `patience` runs out): the `invite` command's one pass.
    pub async fn drain(mut self, patience: Duration) -> Result<Round> {
        let until = Instant::now() + patience;
        let mut total = Round::default();
        while Instant::now() < until {
            match self.send_due().await? {
                Some(round) => {
                    total.sent += round.sent;
                    total.retried += round.retried;
                    total.failed += round.failed;
                    if round.retried > 0 {
                        break;
                    }
                }
                None => break,
            }
        }
        Ok(total)
    }

    /// One batch: `None` when nothing was due.
    async fn send_due(&mut self) -> Result<Option<Round>> {
        let budget = self.pace.available().min(CLAIM_BATCH);
        if budget == 0 {
            tokio::time::sleep(self.pace.wait()).await;
            return Ok(Some(Round::default()));
        }
        let claimed = self.store.claim_mails(self.clock.wall(), budget).await?;
        if claimed.is_empty() {
            return Ok(None);
        }
        self.pace.take(claimed.len());
        let outcomes: Vec<Result<Outcome>> = futures::stream::iter(claimed)
            .map(|mail| self.send_one(mail))
            .buffer_unordered(CONCURRENCY)
            .collect()
            .await;
        let mut round = Round::default();
        for outcome in outcomes {
            match outcome? {
                Outcome::Sent => round.sent += 1,
                Outcome::Retry => round.retried += 1,
                Outcome::Failed => round.failed += 1,
            }
        }
        Ok(Some(round))
    }

    async fn send_one(&self, mail: ClaimedMail) -> Result<Outcome> {
        let attempt = mail.attempts + 1;
        let envelope = mail
            .recipient
            .parse()
            .map_err(|e| format!("recipient {:?}: {e}", mail.recipient))
            .and_then(|to| {
                Envelope::new(Some(self.composer.from.email.clone()), vec![to])
                    .map_err(|e| e.to_string())
            });
        let result = match envelope {
            Err(problem) => Err((true, problem)),
            Ok(envelope) => self
                .transport
                .send_raw(&envelope, &mail.message)
                .await
                .map(|_| ())
                .map_err(|e| (e.is_permanent(), e.to_string())),
        };
        let now = self.clock.wall();
        match result {
            Ok(()) => {
                self.store.mail_sent(&mail.id, now).await?;
                Ok(Outcome::Sent)
            }
            Err((true, error)) => {
                tracing::warn!(mail = %mail.id, %error, "mail refused for good");
                self.store.mail_failed(&mail.id, &error, now).await?;
                Ok(Outcome::Failed)
            }
            Err((false, error)) if attempt >= MAX_ATTEMPTS => {
                tracing::warn!(mail = %mail.id, %error, attempt, "mail given up");
                let error = format!("{error} (gave up after {attempt} attempts)");
                self.store.mail_failed(&mail.id, &error, now).await?;
                Ok(Outcome::Failed)
            }
            Err((false, error)) => {
                let wait = self.retry_wait(attempt);
                tracing::info!(mail = %mail.id, %error, attempt, ?wait, "mail to be tried again");
                let next = now + chrono::Duration::from_std(wait).unwrap_or_default();
                self.store.mail_retry(&mail.id, &error, next, now).await?;
                Ok(Outcome::Retry)
            }
        }
    }

    /// The first wait, doubled for each further attempt, at most an hour.
    fn retry_wait(&self, attempt: i64) -> Duration {
        let doubling = 2u32.saturating_pow((attempt - 1).clamp(0, 20) as u32);
        self.retry_base.saturating_mul(doubling).min(LONGEST_WAIT)
    }

    /// Each invitee who has not registered gets the reminder whose time came last (by the
    /// conference clock) once: the mail's key is person, offset and deadline, so neither a
    /// second pass nor a restart writes it again, and a reminder missed while the server was
    /// down is not sent next to a later one. Nobody is reminded of a time that passed before
    /// they were last sent a link (invited, reminded, resent, given more time).
    async fn queue_reminders(&self) -> Result<()> {
        if self.reminders.0.is_empty() {
            return Ok(());
        }
        let now = self.clock.now();
        let invitees = self.store.pending_invitees(&self.slug).await?;
        if invitees.is_empty() {
            return Ok(());
        }
        let written = self.store.reminder_keys(&self.slug).await?;
        let Some(agenda) = self.store.load_agenda(&self.slug).await? else {
            return Ok(());
        };
        let mut queued = 0;
        for invitee in invitees.iter().filter(|i| super::deliverable(&i.email)) {
            let Some(offset) = self.reminder_due(invitee, now) else {
                continue;
            };
            let key = format!(
                "reminder:{}:{}:{}",
                invitee.person_id,
                offset.num_minutes(),
                crate::store::timestamp(invitee.deadline)
            );
            if written.contains(&key) {
                continue;
            }
            let token = tokens::new_token();
            let to = Recipient {
                person_id: Some(invitee.person_id.clone()),
                name: invitee.name.clone(),
                email: invitee.email.clone(),
                lang: invitee.lang,
            };
            let letter = Letter::Reminder {
                link: format!(
                    "{}/invite/{token}?lang={}",
                    self.public_url,
                    invitee.lang.code()
                ),
                deadline: invitee.deadline,
            };
            let mail = match self.composer.compose(
                &agenda.event,
                &to,
                &letter,
                Some(key),
                self.clock.wall(),
            ) {
                Ok(mail) => mail,
                Err(e) => {
                    tracing::warn!(person = %invitee.person_id, error = %e, "no reminder for this address");
                    continue;
                }
            };
            let expires = now + self.invitation_ttl;
            if self
                .store
                .queue_link_mail(
                    &self.slug,
                    &mail,
                    &tokens::hash_token(&token),
                    now,
                    expires.max(invitee.deadline),
                )
                .await?
            {
                queued += 1;
            }
        }
        if queued > 0 {
            tracing::info!(reminders = queued, "registration reminders written");
        }
        Ok(())
    }

    /// The latest reminder time that has passed for this invitee, before their deadline.
    fn reminder_due(
        &self,
        invitee: &PendingInvitee,
        now: DateTime<Utc>,
    ) -> Option<chrono::Duration> {
        if now >= invitee.deadline {
            return None;
        }
        self.reminders
            .0
            .iter()
            .filter(|offset| {
                let at = invitee.deadline - **offset;
                at <= now && invitee.last_contact < at
            })
            .min()
            .copied()
    }
}

enum Outcome {
    Sent,
    Retry,
    Failed,
}
