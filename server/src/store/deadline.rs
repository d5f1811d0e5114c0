//! The registration deadline (the event's, and one person's extension) and what reminders
//! need: who has not registered, which reminders were written, a new link with its mail.

use super::Store;
use super::mail::{OutgoingMail, insert_mail};
use super::rows::{parse_timestamp, timestamp};
use crate::error::{Error, Result};
use app::access::PersonId;
use app::i18n::Lang;
use chrono::{DateTime, Utc};
use std::collections::HashSet;

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

impl Store {
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
        deadline_applying(event.as_deref(), own.as_deref())
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
             WHERE p.event_slug = $1 AND p.status = 'invited' AND p.role IN ('delegate', 'door')
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
                    let deadline = deadline_applying(deadline.as_deref(), until.as_deref())?
                        .ok_or_else(|| {
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

    /// A fresh registration link (the first links are not kept) and the mail that carries it
    /// (an invitation sent again, a reminder), together; neither when the person is no longer
    /// invited or this mail was written already.
    pub async fn queue_link_mail(
        &self,
        slug: &str,
        mail: &OutgoingMail,
        token_hash: &str,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        // Still invited, checked inside the write: someone who registered or was revoked
        // since the invitees were read gets nothing.
        let invited: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM people WHERE id = $1 AND event_slug = $2 AND status = 'invited'",
        )
        .bind(&mail.person_id)
        .bind(slug)
        .fetch_optional(&mut *tx)
        .await?;
        if invited.is_none() || !insert_mail(&mut tx, slug, mail, now).await? {
            return Ok(false);
        }
        if let Some(person_id) = &mail.person_id {
            insert_invitation_token(&mut tx, person_id, token_hash, now, expires).await?;
        }
        tx.commit().await?;
        Ok(true)
    }
}

/// The deadline a person is held to, from the two stored columns: the event's, or their own
/// extension when later; none while the event has none.
pub(super) fn deadline_applying(
    event: Option<&str>,
    own: Option<&str>,
) -> Result<Option<DateTime<Utc>>> {
    let read = |column, text: Option<&str>| text.map(|t| parse_timestamp(column, t)).transpose();
    let event = read("events.registration_deadline", event)?;
    let own = read("people.registration_until", own)?;
    Ok(event.map(|e| own.map_or(e, |o| o.max(e))))
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
