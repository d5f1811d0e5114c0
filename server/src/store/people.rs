//! People and their invitations (signed-in devices and device codes: `sign_in.rs`).

use super::Store;
use super::deadline::insert_invitation_token;
use super::mail::{OutgoingMail, insert_mail};
use super::rows::{from_json, json, parse_timestamp, timestamp};
use crate::error::{Error, Result};
use app::access::PersonId;
use app::access::{InvitedRole, PersonSummary, Registration, Status};
use app::i18n::Lang;
use chrono::{DateTime, Utc};

/// An organiser's invitation as sent (API, form, CSV row, CLI), before it is checked.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
pub struct NewInvitation {
    /// `delegate` (the default) or `organiser`.
    #[schema(example = "delegate")]
    pub role: Option<String>,
    /// Not blank; at most 200 characters.
    #[schema(
        example = "Amina Ben Salah",
        min_length = 1,
        max_length = 200,
        pattern = r"\S"
    )]
    pub name: String,
    #[schema(example = "amina@example.org", format = "email", max_length = 254)]
    pub email: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub organisation: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub country: String,
    /// Closed side events this person may see.
    #[serde(default)]
    pub closed_sessions: Vec<String>,
    /// The language of the invitation mail and the pages its link opens: `en` (the default),
    /// `fr`, `ar` or `ru`. Once registered, the person's preferred language takes over.
    #[schema(example = "fr")]
    pub lang: Option<String>,
}

/// An invitation as `access::invite` checked it: trimmed, a lower-case e-mail, a known role.
#[derive(Clone, Debug)]
pub struct Invitation {
    pub role: InvitedRole,
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub country: String,
    /// Closed side events this person may see.
    pub closed_sessions: Vec<String>,
    pub lang: Lang,
}

/// A checked invitation about to be stored, with its person id and hashed link token.
#[derive(Debug)]
pub struct PendingInvitation {
    pub person_id: PersonId,
    pub invitation: Invitation,
    pub token_hash: String,
}

/// An invitation found by its token.
#[derive(Debug)]
pub struct InvitationRecord {
    pub token_hash: String,
    pub person_id: PersonId,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
    pub role: InvitedRole,
    pub status: Status,
    pub name: String,
    pub email: String,
    pub organisation: String,
    pub country: String,
    pub lang: Lang,
    /// The deadline that applies to this person: the event's, or their own extension when later.
    pub deadline: Option<DateTime<Utc>>,
}

#[derive(sqlx::FromRow)]
struct InvitationRow {
    token_hash: String,
    person_id: PersonId,
    expires_at: String,
    used_at: Option<String>,
    role: String,
    status: String,
    name: String,
    email: String,
    organisation: String,
    country: String,
    lang: String,
    registration_until: Option<String>,
    registration_deadline: Option<String>,
}

impl InvitationRow {
    fn parse(self) -> Result<InvitationRecord> {
        let deadline = super::deadline::deadline_applying(
            self.registration_deadline.as_deref(),
            self.registration_until.as_deref(),
        )?;
        Ok(InvitationRecord {
            lang: Lang::parse(&self.lang).unwrap_or(Lang::En),
            deadline,
            expires_at: parse_timestamp("invitations.expires_at", &self.expires_at)?,
            used: self.used_at.is_some(),
            role: parse_role(&self.role)?,
            status: parse_status(&self.status)?,
            token_hash: self.token_hash,
            person_id: self.person_id,
            name: self.name,
            email: self.email,
            organisation: self.organisation,
            country: self.country,
        })
    }
}

pub(super) fn parse_role(text: &str) -> Result<InvitedRole> {
    InvitedRole::from_slug(text).ok_or_else(|| Error::Corrupt(format!("people.role: {text}")))
}

pub(super) fn parse_status(text: &str) -> Result<Status> {
    Status::parse(text).ok_or_else(|| Error::Corrupt(format!("people.status: {text}")))
}

/// The role a stored person's record grants right now.
pub(super) fn effective_role(role: &str, status: &str) -> Result<app::access::Role> {
    Ok(parse_role(role)?.effective(parse_status(status)?))
}

#[derive(Debug, sqlx::FromRow)]
struct PersonRow {
    id: PersonId,
    role: String,
    status: String,
    name: String,
    email: String,
    organisation: String,
    country: String,
    registration: Option<String>,
    created_at: String,
    lang: String,
    registration_until: Option<String>,
}

impl Store {
    /// A generated secret kept across restarts; the first caller's value wins.
    pub async fn secret(&self, name: &str, generate: impl FnOnce() -> String) -> Result<String> {
        sqlx::query(
            "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(generate())
        .execute(&self.pool)
        .await?;
        Ok(
            sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
                .bind(name)
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Creates the people (status `invited`), each with a single-use link token stored hashed,
    /// in one transaction: all of them or, when any fails, none.
    pub async fn create_invitations(
        &self,
        slug: &str,
        invitations: &[PendingInvitation],
        mails: &[OutgoingMail],
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for pending in invitations {
            let (person_id, invitation) = (&pending.person_id, &pending.invitation);
            sqlx::query(
                "INSERT INTO people (id, event_slug, role, status, name, email, organisation, country, created_at,
                                     updated_at, lang)
                 VALUES ($1, $2, $3, 'invited', $4, $5, $6, $7, $8, $8, $9)",
            )
            .bind(person_id)
            .bind(slug)
            .bind(invitation.role.slug())
            .bind(&invitation.name)
            .bind(invitation.email.to_lowercase())
            .bind(&invitation.organisation)
            .bind(&invitation.country)
            .bind(timestamp(now))
            .bind(invitation.lang.code())
            .execute(&mut *tx)
            .await?;
            insert_invitation_token(&mut tx, person_id, &pending.token_hash, now, expires).await?;
            for session in &invitation.closed_sessions {
                sqlx::query(
                    "INSERT INTO session_invitees (session_id, person_id)
                     SELECT id, $2 FROM sessions WHERE id = $1 AND event_slug = $3 AND closed",
                )
                .bind(session)
                .bind(person_id)
                .bind(slug)
                .execute(&mut *tx)
                .await?;
            }
        }
        for mail in mails {
            insert_mail(&mut tx, slug, mail, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// One invitation (see `create_invitations`).
    pub async fn create_invitation(
        &self,
        slug: &str,
        person_id: &PersonId,
        invitation: &Invitation,
        token_hash: &str,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<()> {
        let pending = PendingInvitation {
            person_id: person_id.clone(),
            invitation: invitation.clone(),
            token_hash: token_hash.into(),
        };
        self.create_invitations(slug, &[pending], &[], now, expires)
            .await
    }

    /// Every e-mail address already invited to the event (one query, for checking a whole file).
    pub async fn invited_emails(&self, slug: &str) -> Result<std::collections::HashSet<String>> {
        Ok(
            sqlx::query_scalar::<_, String>("SELECT email FROM people WHERE event_slug = $1")
                .bind(slug)
                .fetch_all(&self.pool)
                .await?
                .into_iter()
                .collect(),
        )
    }

    pub async fn find_invitation(&self, token_hash: &str) -> Result<Option<InvitationRecord>> {
        let row: Option<InvitationRow> = sqlx::query_as(
            "SELECT i.token_hash, i.person_id, i.expires_at, i.used_at, p.role, p.status, p.name, p.email,
                    p.organisation, p.country, p.lang, p.registration_until, e.registration_deadline
             FROM invitations i JOIN people p ON p.id = i.person_id JOIN events e ON e.slug = p.event_slug
             WHERE i.token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.map(InvitationRow::parse).transpose()
    }

    /// Marks the link used, registers the person (or confirms an organiser) and records the
    /// new device session, atomically: a link redeemed twice at once works only once.
    pub async fn redeem_invitation(
        &self,
        token_hash: &str,
        registration: Option<&Registration>,
        mail: Option<&OutgoingMail>,
        jti: &str,
        now: DateTime<Utc>,
        session_expires: DateTime<Utc>,
    ) -> Result<Option<PersonId>> {
        let mut tx = self.begin_write().await?;
        let claim = "UPDATE invitations SET used_at = $2
                     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING person_id";
        let Some(person_id) = claim_once(&mut tx, claim, token_hash, now).await? else {
            return Ok(None);
        };
        let updated = match registration {
            Some(r) => sqlx::query(
                "UPDATE people SET status = 'registered', registration = $2, name = $3, organisation = $4,
                        country = $5, updated_at = $6, lang = $7
                 WHERE id = $1 AND status = 'invited'",
            )
            .bind(&person_id)
            .bind(json(r))
            .bind(&r.full_name)
            .bind(&r.organisation)
            .bind(&r.country)
            .bind(timestamp(now))
            .bind(r.preferred_language.code()),
            None => sqlx::query(
                "UPDATE people SET status = 'confirmed', updated_at = $2
                 WHERE id = $1 AND status = 'invited' AND role = 'organiser'",
            )
            .bind(&person_id)
            .bind(timestamp(now)),
        }
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() != 1 {
            return Ok(None);
        }
        // Registered: invitations and reminders still waiting would ask them again.
        super::journey::cancel_waiting_mails(&mut tx, &person_id, &["invitation", "reminder"], now)
            .await?;
        if let Some(mail) = mail {
            let slug: String = sqlx::query_scalar("SELECT event_slug FROM people WHERE id = $1")
                .bind(&person_id)
                .fetch_one(&mut *tx)
                .await?;
            // Composed before the link said whose it is.
            let mail = OutgoingMail {
                person_id: Some(person_id.clone()),
                ..mail.clone()
            };
            insert_mail(&mut tx, &slug, &mail, now).await?;
        }
        insert_auth_session(&mut tx, &person_id, jti, now, session_expires).await?;
        tx.commit().await?;
        Ok(Some(person_id))
    }

    pub async fn closed_sessions_of(&self, person_id: &PersonId) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT session_id FROM session_invitees WHERE person_id = $1 ORDER BY session_id",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Removes the person and, by cascade, every trace of their personal data.
    pub async fn delete_person(&self, slug: &str, person_id: &PersonId) -> Result<bool> {
        Ok(
            sqlx::query("DELETE FROM people WHERE event_slug = $1 AND id = $2")
                .bind(slug)
                .bind(person_id)
                .execute(&self.pool)
                .await?
                .rows_affected()
                == 1,
        )
    }

    pub async fn people(&self, slug: &str) -> Result<Vec<PersonSummary>> {
        let rows: Vec<PersonRow> = sqlx::query_as(
            "SELECT id, role, status, name, email, organisation, country, registration, created_at, lang,
                    registration_until
             FROM people WHERE event_slug = $1 ORDER BY created_at, name",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await?;
        let mut mails = self.mails_by_person(slug).await?;
        let mut people = Vec::with_capacity(rows.len());
        for row in rows {
            let closed_sessions = self.closed_sessions_of(&row.id).await?;
            people.push(PersonSummary {
                role: parse_role(&row.role)?,
                status: parse_status(&row.status)?,
                registration: row
                    .registration
                    .as_deref()
                    .map(|r| from_json("people.registration", r))
                    .transpose()?,
                name: row.name,
                email: row.email,
                organisation: row.organisation,
                country: row.country,
                closed_sessions,
                created_at: row.created_at,
                lang: Lang::parse(&row.lang).unwrap_or(Lang::En),
                registration_until: row
                    .registration_until
                    .as_deref()
                    .map(|t| parse_timestamp("people.registration_until", t))
                    .transpose()?,
                mails: mails.remove(&row.id).unwrap_or_default(),
                id: row.id,
            });
        }
        Ok(people)
    }
}

/// Marks a single-use secret used (by `sql`, an `UPDATE … RETURNING person_id`) and returns its
/// person, or `None` when it was unknown, used or expired: only one of two racing uses wins.
pub(super) async fn claim_once(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    sql: &'static str,
    hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<PersonId>> {
    Ok(sqlx::query_scalar(sql)
        .bind(hash)
        .bind(timestamp(now))
        .fetch_optional(&mut **tx)
        .await?)
}

pub(super) async fn insert_auth_session(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    person_id: &PersonId,
    jti: &str,
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("INSERT INTO auth_sessions (jti, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(jti)
        .bind(person_id)
        .bind(timestamp(now))
        .bind(timestamp(expires))
        .execute(&mut **tx)
        .await?;
    Ok(())
}
