//! The mail outbox: mails written with what caused them, claimed and recorded by the sender;
//! the registration deadline and what organisers see of each person's mails.

use super::Store;
use super::rows::{parse_timestamp, timestamp};
use crate::error::{Error, Result};
use app::access::PersonId;
use app::i18n::Lang;
use app::mail::{MailKind, MailRecord, MailStatus};
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// A composed mail about to be written to the outbox (see `mail::compose`).
#[derive(Clone, Debug)]
pub struct OutgoingMail {
    pub id: String,
    pub person_id: Option<PersonId>,
    pub kind: MailKind,
    /// What makes it this mail: a second mail with the same key is never written.
    pub once_key: String,
    /// The bare address the envelope goes to.
    pub recipient: String,
    pub lang: Lang,
    pub subject: String,
    /// The whole RFC 5322 message.
    pub message: Vec<u8>,
    pub message_id: String,
}

/// A mail the sender claimed: it is `sending` until recorded.
#[derive(Debug, sqlx::FromRow)]
pub struct ClaimedMail {
    pub id: String,
    pub recipient: String,
    pub message: Vec<u8>,
    pub attempts: i64,
}

/// Writes `mail` in the caller's transaction; `false` when a mail with its key exists already.
pub(super) async fn insert_mail(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    slug: &str,
    mail: &OutgoingMail,
    now: DateTime<Utc>,
) -> Result<bool> {
    let written = sqlx::query(
        "INSERT INTO mail_outbox (id, event_slug, person_id, kind, once_key, recipient, lang, subject, message,
                                  message_id, status, attempts, next_attempt_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'pending', 0, $11, $11, $11)
         ON CONFLICT (once_key) DO NOTHING",
    )
    .bind(&mail.id)
    .bind(slug)
    .bind(&mail.person_id)
    .bind(mail.kind.slug())
    .bind(&mail.once_key)
    .bind(&mail.recipient)
    .bind(mail.lang.code())
    .bind(&mail.subject)
    .bind(&mail.message)
    .bind(&mail.message_id)
    .bind(timestamp(now))
    .execute(&mut **tx)
    .await?;
    Ok(written.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
struct MailRow {
    person_id: Option<PersonId>,
    kind: String,
    status: String,
    lang: String,
    created_at: String,
    sent_at: Option<String>,
    attempts: i64,
    next_attempt_at: String,
    last_error: Option<String>,
}

impl MailRow {
    fn parse(self) -> Result<(Option<PersonId>, MailRecord)> {
        let status = MailStatus::parse(&self.status)
            .ok_or_else(|| Error::Corrupt(format!("mail_outbox.status: {}", self.status)))?;
        let record = MailRecord {
            kind: MailKind::parse(&self.kind)
                .ok_or_else(|| Error::Corrupt(format!("mail_outbox.kind: {}", self.kind)))?,
            lang: Lang::parse(&self.lang)
                .ok_or_else(|| Error::Corrupt(format!("mail_outbox.lang: {}", self.lang)))?,
            created_at: parse_timestamp("mail_outbox.created_at", &self.created_at)?,
            sent_at: self
                .sent_at
                .as_deref()
                .map(|t| parse_timestamp("mail_outbox.sent_at", t))
                .transpose()?,
            attempts: self.attempts,
            next_attempt_at: match status {
                MailStatus::Pending => Some(parse_timestamp(
                    "mail_outbox.next_attempt_at",
                    &self.next_attempt_at,
                )?),
                _ => None,
            },
            last_error: self.last_error,
            status,
        };
        Ok((self.person_id, record))
    }
}

impl Store {
    /// Writes mails that no change caused (a resend, a reminder without a new link).
    pub async fn queue_mail(
        &self,
        slug: &str,
        mail: &OutgoingMail,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let written = insert_mail(&mut tx, slug, mail, now).await?;
        tx.commit().await?;
        Ok(written)
    }

    /// Claims up to `limit` mails that are due: each is `sending` until `mail_sent`,
    /// `mail_retry` or `mail_failed` records what came of it.
    pub async fn claim_mails(&self, now: DateTime<Utc>, limit: i64) -> Result<Vec<ClaimedMail>> {
        // Most rounds find nothing: a read says so without taking the write lock.
        let due: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM mail_outbox WHERE status = 'pending' AND next_attempt_at <= $1 LIMIT 1",
        )
        .bind(timestamp(now))
        .fetch_optional(&self.pool)
        .await?;
        if due.is_none() || limit <= 0 {
            return Ok(Vec::new());
        }
        let mut tx = self.begin_write().await?;
        let claimed: Vec<ClaimedMail> = sqlx::query_as(
            "SELECT id, recipient, message, attempts FROM mail_outbox
             WHERE status = 'pending' AND next_attempt_at <= $1 AND message IS NOT NULL
             ORDER BY next_attempt_at, created_at, id LIMIT $2",
        )
        .bind(timestamp(now))
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        for mail in &claimed {
            sqlx::query(
                "UPDATE mail_outbox SET status = 'sending', attempts = attempts + 1, updated_at = $2
                 WHERE id = $1 AND status = 'pending'",
            )
            .bind(&mail.id)
            .bind(timestamp(now))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(claimed)
    }

    /// The SMTP server accepted it: the content (which may hold a link) is erased.
    pub async fn mail_sent(&self, id: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query(
            "UPDATE mail_outbox SET status = 'sent', message = NULL, last_error = NULL, sent_at = $2, updated_at = $2
             WHERE id = $1",
        )
        .bind(id)
        .bind(timestamp(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// A temporary failure: tried again at `next`, unless it was cancelled meanwhile.
    pub async fn mail_retry(
        &self,
        id: &str,
        error: &str,
        next: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE mail_outbox SET status = 'pending', last_error = $2, next_attempt_at = $3, updated_at = $4
             WHERE id = $1 AND status = 'sending'",
        )
        .bind(id)
        .bind(error)
        .bind(timestamp(next))
        .bind(timestamp(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Refused for good (a 5xx reply, or too many temporary failures): recorded, content erased.
    pub async fn mail_failed(&self, id: &str, error: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query(
            "UPDATE mail_outbox SET status = 'failed', message = NULL, last_error = $2, updated_at = $3
             WHERE id = $1",
        )
        .bind(id)
        .bind(error)
        .bind(timestamp(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Mails a stopped sender left `sending` go back to the queue. One the SMTP server had
    /// accepted just before the stop goes out again, with the same Message-ID.
    pub async fn resume_sending_mails(&self) -> Result<u64> {
        Ok(
            sqlx::query("UPDATE mail_outbox SET status = 'pending' WHERE status = 'sending'")
                .execute(&self.pool)
                .await?
                .rows_affected(),
        )
    }

    /// Housekeeping, so no stored message (which may hold a link) outlives its use: mails left
    /// `sending` for `stuck` (a sender that died mid-send) go back to the queue; waiting
    /// sign-in mails older than their link's life, and invitations and reminders older than
    /// an invitation's, are given up and erased. `now` is the conference clock the mails were
    /// written with, `wall` the one sending is timed by.
    pub async fn expire_mails(
        &self,
        now: DateTime<Utc>,
        wall: DateTime<Utc>,
        stuck: chrono::Duration,
        sign_in_life: chrono::Duration,
        invitation_life: chrono::Duration,
    ) -> Result<u64> {
        let mut changed = sqlx::query(
            "UPDATE mail_outbox SET status = 'pending' WHERE status = 'sending' AND updated_at < $1",
        )
        .bind(timestamp(wall - stuck))
        .execute(&self.pool)
        .await?
        .rows_affected();
        for (kind, life) in [
            ("sign_in", sign_in_life),
            ("invitation", invitation_life),
            ("reminder", invitation_life),
        ] {
            changed += sqlx::query(
                "UPDATE mail_outbox SET status = 'failed', message = NULL, updated_at = $3,
                        last_error = 'not sent: its link expired before the mail server took it'
                 WHERE status = 'pending' AND kind = $1 AND created_at < $2",
            )
            .bind(kind)
            .bind(timestamp(now - life))
            .bind(timestamp(wall))
            .execute(&self.pool)
            .await?
            .rows_affected();
        }
        Ok(changed)
    }

    /// Every person's mails, newest first, for the organisers.
    pub async fn mails_by_person(&self, slug: &str) -> Result<HashMap<PersonId, Vec<MailRecord>>> {
        let rows: Vec<MailRow> = sqlx::query_as(
            "SELECT person_id, kind, status, lang, created_at, sent_at, attempts, next_attempt_at, last_error
             FROM mail_outbox WHERE event_slug = $1 AND person_id IS NOT NULL
             ORDER BY created_at DESC, id DESC",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await?;
        let mut by_person: HashMap<PersonId, Vec<MailRecord>> = HashMap::new();
        for row in rows {
            let (person, record) = row.parse()?;
            if let Some(person) = person {
                by_person.entry(person).or_default().push(record);
            }
        }
        Ok(by_person)
    }
}
