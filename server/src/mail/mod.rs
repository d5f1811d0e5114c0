//! E-mail: invitations with their deadline, reminders, the registration's answers and sign-in
//! links. A mail is composed and written to the outbox (`store::mail`) in the transaction of
//! what caused it; the worker hands it to the SMTP server (`--smtp-url`), retrying temporary
//! failures with backoff and recording permanent ones for the organisers. Without an SMTP
//! server nothing is written and nothing is sent: links are passed on by hand, as before.

pub mod compose;
pub mod texts;
mod worker;

use crate::clock::Clock;
use crate::config::{MailConfig, ReminderOffsets};
use crate::error::{Error, Result};
use crate::store::{OutgoingMail, Store};
use app::model::Event;
use chrono::{DateTime, Utc};
use compose::{Composer, Letter, Recipient};
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, Tokio1Executor};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

type Transport = AsyncSmtpTransport<Tokio1Executor>;

/// How long a mailed sign-in link works.
pub const SIGN_IN_LINK_MINUTES: i64 = 15;

pub struct Mail {
    sending: Option<Sending>,
    wake: Arc<Notify>,
    pub reminders: ReminderOffsets,
    public_url: String,
    worker: Option<tokio::task::JoinHandle<()>>,
}

/// What sending needs, present only with an SMTP server configured.
struct Sending {
    composer: Arc<Composer>,
    transport: Transport,
    per_minute: u32,
    retry_base: Duration,
}

/// The worker stops with the application (a test's restart, a shutdown).
impl Drop for Mail {
    fn drop(&mut self) {
        if let Some(worker) = &self.worker {
            worker.abort();
        }
    }
}

impl Mail {
    /// Checks the configuration; a wrong setting stops the start, named.
    pub fn configure(config: &MailConfig, public_url: &str) -> Result<Mail> {
        let public_url = public_url.trim_end_matches('/').to_string();
        let sending = match (&config.smtp_url, &config.mail_from) {
            (None, None) => None,
            (None, Some(_)) => {
                return Err(Error::Config(
                    "COMPANION_MAIL_FROM is set but COMPANION_SMTP_URL is not: where should mail go?".into(),
                ));
            }
            (Some(_), None) => {
                return Err(Error::Config(
                    "COMPANION_SMTP_URL needs COMPANION_MAIL_FROM, the sender, e.g. \"IBMC 2024 <ibmc@icmpd.org>\"".into(),
                ));
            }
            (Some(url), Some(from)) => {
                let from: Mailbox = from.parse().map_err(|e| {
                    Error::Config(format!(
                        "COMPANION_MAIL_FROM {from:?} is not a mail address: {e}"
                    ))
                })?;
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .map_err(|e| Error::Config(format!("COMPANION_SMTP_URL: {e} (expected smtp://host:port, smtp://user:pass@host:587?tls=required or smtps://user:pass@host:465)")))?
                    .timeout(Some(Duration::from_secs(30)))
                    .pool_config(
                        lettre::transport::smtp::PoolConfig::new()
                            .max_size(worker::CONCURRENCY as u32),
                    )
                    .build();
                if config.mail_per_minute == 0 {
                    return Err(Error::Config(
                        "COMPANION_MAIL_PER_MINUTE must be at least 1".into(),
                    ));
                }
                let retry = config.mail_retry_seconds;
                if !(retry.is_finite() && (0.01..=86_400.0).contains(&retry)) {
                    return Err(Error::Config(
                        "COMPANION_MAIL_RETRY_SECONDS must be between 0.01 and 86400".into(),
                    ));
                }
                Some(Sending {
                    composer: Arc::new(Composer::new(from, &public_url)),
                    transport,
                    per_minute: config.mail_per_minute,
                    retry_base: Duration::from_secs_f64(retry),
                })
            }
        };
        Ok(Mail {
            sending,
            wake: Arc::new(Notify::new()),
            reminders: config.registration_reminders.clone(),
            public_url,
            worker: None,
        })
    }

    /// Configures and starts the sender in the background (when there is one to start).
    pub async fn start(
        store: &Store,
        config: &MailConfig,
        public_url: &str,
        clock: Clock,
        slug: &str,
        invitation_ttl: chrono::Duration,
    ) -> Result<Arc<Mail>> {
        let mut mail = Mail::configure(config, public_url)?;
        match &mail.sending {
            None => tracing::warn!(
                "no SMTP server configured (COMPANION_SMTP_URL): mails are not being sent; organisers pass invitation links on by hand"
            ),
            Some(sending) => {
                tracing::info!(from = %sending.composer.from, "mail goes out through the configured SMTP server");
                let worker = mail.worker(store, clock, slug, invitation_ttl);
                mail.worker = worker.map(|w| tokio::spawn(w.run()));
            }
        }
        Ok(Arc::new(mail))
    }

    fn worker(
        &self,
        store: &Store,
        clock: Clock,
        slug: &str,
        invitation_ttl: chrono::Duration,
    ) -> Option<worker::Worker> {
        let sending = self.sending.as_ref()?;
        Some(worker::Worker {
            store: store.clone(),
            composer: sending.composer.clone(),
            transport: sending.transport.clone(),
            clock,
            slug: slug.to_string(),
            wake: self.wake.clone(),
            pace: worker::Pace::per_minute(sending.per_minute),
            retry_base: sending.retry_base,
            reminders: self.reminders.clone(),
            public_url: self.public_url.clone(),
            invitation_ttl,
        })
    }

    pub fn enabled(&self) -> bool {
        self.sending.is_some()
    }

    /// Tells the worker a mail was written.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// The mail, ready for the outbox; `None` when no mail is sent (or the address cannot
    /// receive any). A mail that cannot be written (an address stored before addresses were
    /// checked as strictly) is logged and left out: it never stops the step it follows.
    pub fn compose(
        &self,
        event: &Event,
        to: &Recipient,
        letter: &Letter,
        now: DateTime<Utc>,
    ) -> Option<OutgoingMail> {
        let sending = self.sending.as_ref().filter(|_| deliverable(&to.email))?;
        match sending.composer.compose(event, to, letter, None, now) {
            Ok(mail) => Some(mail),
            Err(e) => {
                tracing::warn!(kind = letter.kind().slug(), error = %e, "a mail could not be written and is not sent");
                None
            }
        }
    }

    /// A page of the app as a mail links to it: opened in the recipient's language.
    pub fn link(&self, path: &str, lang: app::i18n::Lang) -> String {
        format!("{}{path}?lang={}", self.public_url, lang.code())
    }

    /// Sends what is due now, without the background worker (the `invite` command), and
    /// waits up to `patience` for the mails just written to be accepted or refused.
    pub async fn send_now(
        &self,
        store: &Store,
        clock: Clock,
        slug: &str,
        invitation_ttl: chrono::Duration,
        patience: Duration,
    ) -> Result<worker::Round> {
        let Some(worker) = self.worker(store, clock, slug, invitation_ttl) else {
            return Ok(worker::Round::default());
        };
        worker.drain(patience).await
    }
}

pub use worker::Round;

/// Whether mail to this address could arrive: not under `.invalid` (RFC 2606), where the
/// demo's people are, whose links are printed instead.
pub fn deliverable(email: &str) -> bool {
    !email.to_ascii_lowercase().ends_with(".invalid")
}
