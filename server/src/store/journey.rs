//! A person's journey as the organisers move it (invited → registered → confirmed, declined,
//! revoked), with the mail that tells them, and a person as mails address them.

use super::Store;
use super::mail::{OutgoingMail, insert_mail};
use super::people::{parse_role, parse_status};
use super::rows::{from_json, timestamp};
use crate::error::Result;
use app::access::{InvitedRole, PersonId, Registration, Status};
use app::i18n::Lang;
use chrono::{DateTime, Utc};

/// A person as mails address them.
#[derive(Debug, Clone)]
pub struct MailPerson {
    pub person_id: PersonId,
    pub role: InvitedRole,
    pub status: Status,
    pub name: String,
    pub email: String,
    /// Their registration's preferred language, else the one chosen at invitation.
    pub lang: Lang,
}

impl Store {
    /// Moves a person along invited → registered → confirmed / declined / revoked, with the
    /// mail that tells them, in one transaction; revoking or declining also signs them out
    /// everywhere. Setting the status a person already has changes nothing and mails nothing.
    pub async fn set_status(
        &self,
        slug: &str,
        person_id: &PersonId,
        status: Status,
        mail: Option<&OutgoingMail>,
        now: DateTime<Utc>,
    ) -> Result<StatusChange> {
        let mut tx = self.begin_write().await?;
        let current: Option<String> =
            sqlx::query_scalar("SELECT status FROM people WHERE event_slug = $1 AND id = $2")
                .bind(slug)
                .bind(person_id)
                .fetch_optional(&mut *tx)
                .await?;
        match current {
            None => return Ok(StatusChange::NotFound),
            Some(current) if current == status.slug() => return Ok(StatusChange::Unchanged),
            Some(_) => {}
        }
        sqlx::query(
            "UPDATE people SET status = $3, updated_at = $4 WHERE event_slug = $1 AND id = $2",
        )
        .bind(slug)
        .bind(person_id)
        .bind(status.slug())
        .bind(timestamp(now))
        .execute(&mut *tx)
        .await?;
        if matches!(status, Status::Revoked | Status::Declined) {
            sqlx::query(
                "UPDATE auth_sessions SET revoked_at = $2 WHERE person_id = $1 AND revoked_at IS NULL",
            )
            .bind(person_id)
            .bind(timestamp(now))
            .execute(&mut *tx)
            .await?;
            // Whatever still waits to be sent belongs to the step they left: a link, a
            // reminder, a confirmation with the programme. A decline's own mail follows.
            let every_kind = [
                "invitation",
                "reminder",
                "received",
                "confirmed",
                "declined",
                "sign_in",
            ];
            cancel_waiting_mails(&mut tx, person_id, &every_kind, now).await?;
            // Their entry pass is refused at the door from the next sync on.
            super::entry::bump_entry_pass(&mut tx, person_id, now).await?;
        }
        if let Some(mail) = mail {
            insert_mail(&mut tx, slug, mail, now).await?;
        }
        tx.commit().await?;
        Ok(StatusChange::Changed)
    }

    /// A person of this event as mails address them.
    pub async fn mail_person(
        &self,
        slug: &str,
        person_id: &PersonId,
    ) -> Result<Option<MailPerson>> {
        let row: Option<(String, String, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT role, status, name, email, lang, registration FROM people WHERE event_slug = $1 AND id = $2",
        )
        .bind(slug)
        .bind(person_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(role, status, name, email, lang, registration)| {
            mail_person(
                person_id.clone(),
                &role,
                &status,
                name,
                email,
                &lang,
                registration.as_deref(),
            )
        })
        .transpose()
    }

    /// The confirmed delegate with this address, if any (for a sign-in link by mail). Organisers
    /// sign in new devices with a device code: their mailbox alone does not open the console.
    pub async fn confirmed_by_email(&self, slug: &str, email: &str) -> Result<Option<MailPerson>> {
        let row: Option<(
            PersonId,
            String,
            String,
            String,
            String,
            String,
            Option<String>,
        )> = sqlx::query_as(
            "SELECT id, role, status, name, email, lang, registration FROM people
                 WHERE event_slug = $1 AND email = $2 AND status = 'confirmed' AND role = 'delegate'",
        )
        .bind(slug)
        .bind(email.trim().to_lowercase())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(id, role, status, name, email, lang, registration)| {
            mail_person(
                id,
                &role,
                &status,
                name,
                email,
                &lang,
                registration.as_deref(),
            )
        })
        .transpose()
    }
}

/// Mails of these kinds still waiting for this person are not sent: marked failed, erased. One
/// being handed over right now may still go; if that attempt fails it is not tried again.
pub(super) async fn cancel_waiting_mails(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    person_id: &PersonId,
    kinds: &[&str],
    now: DateTime<Utc>,
) -> Result<()> {
    for kind in kinds {
        sqlx::query(
            "UPDATE mail_outbox SET status = 'failed', message = NULL, last_error = 'not sent: the person moved on before it went out', updated_at = $3
             WHERE person_id = $1 AND kind = $2 AND status IN ('pending', 'sending')",
        )
        .bind(person_id)
        .bind(*kind)
        .bind(timestamp(now))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// What setting a person's status came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusChange {
    NotFound,
    Unchanged,
    Changed,
}

fn mail_person(
    person_id: PersonId,
    role: &str,
    status: &str,
    name: String,
    email: String,
    lang: &str,
    registration: Option<&str>,
) -> Result<MailPerson> {
    let preferred = registration
        .map(|r| from_json::<Registration>("people.registration", r))
        .transpose()?
        .map(|r| r.preferred_language);
    Ok(MailPerson {
        person_id,
        role: parse_role(role)?,
        status: parse_status(status)?,
        name,
        email,
        lang: preferred.or(Lang::parse(lang)).unwrap_or(Lang::En),
    })
}
