//! The mail outbox: mails written with what caused them, claimed and recorded by the sender;
//! the registration deadline and what organisers see of each person's mails.

use super::Store;
use super::rows::{parse_timestamp, timestamp};
use crate::error::{Error, Result};
use app::access::PersonId;
use app::i18n::Lang;
use app::mail::{MailKind, MailRecord, MailStatus};
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};

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

/// An invitee who has not registered, with the deadline that applies to them.
#[derive(Debug)]
pub struct PendingInvitee {
    pub person_id: PersonId,
    pub name: String,
    pub email: String,
    pub lang: Lang,
    /// When they were invited or last sent a link (an invitation, a reminder, a resend).
    pub last_contact: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
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

    /// A temporary failure: tried again at `next`.
    pub async fn mail_retry(
        &self,
        id: &str,
        error: &str,
        next: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE mail_outbox SET status = 'pending', last_error = $2, next_attempt_at = $3, updated_at = $4
             WHERE id = $1",
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

    /// The last mail of a person's journey (not a sign-in link), for a resend.
    pub async fn last_journey_mail(&self, person_id: &PersonId) -> Result<Option<MailKind>> {
        let kind: Option<String> = sqlx::query_scalar(
            "SELECT kind FROM mail_outbox WHERE person_id = $1 AND kind <> 'sign_in'
             ORDER BY created_at DESC, id DESC LIMIT 1",
        )
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(kind.as_deref().and_then(MailKind::parse))
    }

    /// The event's registration deadline, if any.
    pub async fn registration_deadline(&self, slug: &str) -> Result<Option<DateTime<Utc>>> {
        let text: Option<Option<String>> =
            sqlx::query_scalar("SELECT registration_deadline FROM events WHERE slug = $1")
                .bind(slug)
                .fetch_optional(&self.pool)
                .await?;
        text.flatten()
            .map(|t| parse_timestamp("events.registration_deadline", &t))
            .transpose()
    }

    /// The deadline that applies to one person: the event's, or their extension when later.
    pub async fn deadline_of(
        &self,
        slug: &str,
        person_id: &PersonId,
    ) -> Result<Option<DateTime<Utc>>> {
        let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT e.registration_deadline, p.registration_until FROM people p
             JOIN events e ON e.slug = p.event_slug WHERE p.event_slug = $1 AND p.id = $2",
        )
        .bind(slug)
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await?;
        let Some((event, own)) = row else {
            return Ok(None);
        };
        let read =
            |column, text: Option<String>| text.map(|t| parse_timestamp(column, &t)).transpose();
        let event = read("events.registration_deadline", event)?;
        let own = read("people.registration_until", own)?;
        Ok(event.map(|e| own.map_or(e, |o| o.max(e))))
    }

    /// Sets (or, with `None`, removes) the registration deadline.
    pub async fn set_registration_deadline(
        &self,
        slug: &str,
        deadline: Option<DateTime<Utc>>,
    ) -> Result<()> {
        let stored = deadline
            .map(|d| super::storable_timestamp("registration_deadline", d))
            .transpose()?;
        sqlx::query("UPDATE events SET registration_deadline = $2 WHERE slug = $1")
            .bind(slug)
            .bind(stored)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Extends (or, with `None`, withdraws the extension of) one person's deadline.
    pub async fn set_registration_until(
        &self,
        slug: &str,
        person_id: &PersonId,
        until: Option<DateTime<Utc>>,
    ) -> Result<bool> {
        let stored = until
            .map(|d| super::storable_timestamp("registration_until", d))
            .transpose()?;
        Ok(sqlx::query(
            "UPDATE people SET registration_until = $3 WHERE event_slug = $1 AND id = $2",
        )
        .bind(slug)
        .bind(person_id)
        .bind(stored)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1)
    }

    /// Invitees (delegates still `invited`) and the deadline that applies to each: the event's,
    /// or their own extension when later. Nobody when the event has no deadline.
    pub async fn pending_invitees(&self, slug: &str) -> Result<Vec<PendingInvitee>> {
        type Row = (
            PersonId,
            String,
            String,
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT p.id, p.name, p.email, p.lang, p.created_at, p.registration_until, e.registration_deadline,
                    (SELECT MAX(m.created_at) FROM mail_outbox m
                     WHERE m.person_id = p.id AND m.kind IN ('invitation', 'reminder')) AS last_mailed
             FROM people p JOIN events e ON e.slug = p.event_slug
             WHERE p.event_slug = $1 AND p.status = 'invited' AND p.role = 'delegate'
               AND e.registration_deadline IS NOT NULL
             ORDER BY p.created_at, p.id",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await?;
        let read =
            |column, text: Option<String>| text.map(|t| parse_timestamp(column, &t)).transpose();
        rows.into_iter()
            .map(
                |(person_id, name, email, lang, created, until, deadline, last_mailed)| {
                    let event = read("events.registration_deadline", deadline)?;
                    let own = read("people.registration_until", until)?;
                    let deadline = event.into_iter().chain(own).max().ok_or_else(|| {
                        Error::Corrupt("events.registration_deadline: missing".into())
                    })?;
                    let invited = parse_timestamp("people.created_at", &created)?;
                    let mailed = read("mail_outbox.created_at", last_mailed)?;
                    Ok(PendingInvitee {
                        person_id,
                        name,
                        email,
                        lang: Lang::parse(&lang).unwrap_or(Lang::En),
                        last_contact: mailed.map_or(invited, |m| m.max(invited)),
                        deadline,
                    })
                },
            )
            .collect()
    }

    /// The once-keys of the reminders already written for the event.
    pub async fn reminder_keys(&self, slug: &str) -> Result<HashSet<String>> {
        Ok(sqlx::query_scalar(
            "SELECT once_key FROM mail_outbox WHERE event_slug = $1 AND kind = 'reminder'",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .collect())
    }

    /// A reminder with a fresh registration link (the first links are not kept): the link
    /// and the mail together, or neither when this reminder was written already.
    pub async fn queue_reminder(
        &self,
        slug: &str,
        mail: &OutgoingMail,
        token_hash: &str,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        if !insert_mail(&mut tx, slug, mail, now).await? {
            return Ok(false);
        }
        if let Some(person_id) = &mail.person_id {
            insert_invitation_token(&mut tx, person_id, token_hash, now, expires).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// A new registration link for a person and the mail that carries it, together.
    pub async fn queue_new_link(
        &self,
        slug: &str,
        mail: &OutgoingMail,
        token_hash: &str,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<()> {
        self.queue_reminder(slug, mail, token_hash, now, expires)
            .await
            .map(|_| ())
    }
}

pub(super) async fn insert_invitation_token(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    person_id: &PersonId,
    token_hash: &str,
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO invitations (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(person_id)
    .bind(timestamp(now))
    .bind(timestamp(expires))
    .execute(&mut **tx)
    .await?;
    Ok(())
}
