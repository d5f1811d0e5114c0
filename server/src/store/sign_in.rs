//! Signed-in devices (sessions) and the one-time device codes that sign in another device.

use super::Store;
use super::mail::{OutgoingMail, insert_mail};
use super::people::{claim_once, insert_auth_session, parse_role, parse_status};
use super::rows::timestamp;
use crate::error::Result;
use app::access::PersonId;
use app::access::{InvitedRole, Status};
use chrono::{DateTime, Utc};

impl Store {
    pub async fn create_auth_session(
        &self,
        person_id: &PersonId,
        jti: &str,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        insert_auth_session(&mut tx, person_id, jti, now, expires).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The person behind a live (not revoked, not expired) session: `(role, status, name)`.
    pub async fn session_person(
        &self,
        jti: &str,
        person_id: &PersonId,
        now: DateTime<Utc>,
    ) -> Result<Option<(InvitedRole, Status, String)>> {
        let row: Option<(String, String, String)> = sqlx::query_as(
            "SELECT p.role, p.status, p.name FROM auth_sessions s JOIN people p ON p.id = s.person_id
             WHERE s.jti = $1 AND s.person_id = $2 AND s.revoked_at IS NULL AND s.expires_at > $3",
        )
        .bind(jti)
        .bind(person_id)
        .bind(timestamp(now))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(role, status, name)| Ok((parse_role(&role)?, parse_status(&status)?, name)))
            .transpose()
    }

    pub async fn revoke_session(&self, jti: &str, now: DateTime<Utc>) -> Result<()> {
        sqlx::query(
            "UPDATE auth_sessions SET revoked_at = $2 WHERE jti = $1 AND revoked_at IS NULL",
        )
        .bind(jti)
        .bind(timestamp(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Signs a person out of every device.
    pub async fn revoke_sessions_of(
        &self,
        person_id: &PersonId,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE auth_sessions SET revoked_at = $2 WHERE person_id = $1 AND revoked_at IS NULL",
        )
        .bind(person_id)
        .bind(timestamp(now))
        .execute(&self.pool)
        .await?
        .rows_affected())
    }

    /// Stores a device code (hashed), noting how many wrong codes had been tried before it.
    /// A person has one code at a time: a new one replaces the last, so codes cannot pile up.
    pub async fn create_device_code(
        &self,
        person_id: &PersonId,
        code_hash: &str,
        expires: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM device_codes WHERE person_id = $1")
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO device_codes (code_hash, person_id, expires_at, failures_before)
             SELECT $1, $2, $3, value FROM auth_counters WHERE name = 'device_code_failures'",
        )
        .bind(code_hash)
        .bind(person_id)
        .bind(timestamp(expires))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Uses a device code once and signs the new device in. A code that saw `exposure` or more
    /// wrong codes tried (anywhere) since it was made is withdrawn: whoever tries codes can have
    /// at most that many guesses at each one, from any number of addresses.
    pub async fn redeem_device_code(
        &self,
        code_hash: &str,
        exposure: i64,
        jti: &str,
        now: DateTime<Utc>,
        session_expires: DateTime<Utc>,
    ) -> Result<DeviceCodeOutcome> {
        // Wrong codes, the common case under guessing, cost one read and no write lock.
        let live: Option<(PersonId, i64, i64)> = sqlx::query_as(
            "SELECT d.person_id, d.failures_before, c.value FROM device_codes d
             JOIN auth_counters c ON c.name = 'device_code_failures'
             WHERE d.code_hash = $1 AND d.used_at IS NULL AND d.expires_at > $2",
        )
        .bind(code_hash)
        .bind(timestamp(now))
        .fetch_optional(&self.pool)
        .await?;
        let live = live.map(|(person, before, failures)| (person, failures - before));
        let person_id = match live {
            None => return Ok(DeviceCodeOutcome::Invalid),
            Some((_, seen)) if seen >= exposure => return Ok(DeviceCodeOutcome::Withdrawn),
            Some((person_id, _)) => person_id,
        };
        let mut tx = self.begin_write().await?;
        let claim = "UPDATE device_codes SET used_at = $2
                     WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING person_id";
        if claim_once(&mut tx, claim, code_hash, now).await?.is_none() {
            return Ok(DeviceCodeOutcome::Invalid);
        }
        insert_auth_session(&mut tx, &person_id, jti, now, session_expires).await?;
        tx.commit().await?;
        Ok(DeviceCodeOutcome::SignedIn(person_id))
    }

    /// A sign-in link for a confirmed participant, stored hashed with the mail that carries it.
    /// A person has one link at a time: a new one replaces the last, so links cannot pile up.
    pub async fn create_sign_in_link(
        &self,
        slug: &str,
        person_id: &PersonId,
        token_hash: &str,
        mail: &OutgoingMail,
        now: DateTime<Utc>,
        expires: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM sign_in_links WHERE person_id = $1")
            .bind(person_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sign_in_links (token_hash, person_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(token_hash)
        .bind(person_id)
        .bind(timestamp(now))
        .bind(timestamp(expires))
        .execute(&mut *tx)
        .await?;
        insert_mail(&mut tx, slug, mail, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Whether a mailed sign-in link would still sign someone in (unused, live, confirmed).
    pub async fn sign_in_link_live(&self, token_hash: &str, now: DateTime<Utc>) -> Result<bool> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM sign_in_links l JOIN people p ON p.id = l.person_id
             WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND p.status = 'confirmed'",
        )
        .bind(token_hash)
        .bind(timestamp(now))
        .fetch_optional(&self.pool)
        .await?;
        Ok(found.is_some())
    }

    /// Uses a mailed sign-in link once and records the new device's session; `None` when it is
    /// unknown, used, expired, or its person is no longer confirmed.
    pub async fn redeem_sign_in_link(
        &self,
        token_hash: &str,
        jti: &str,
        now: DateTime<Utc>,
        session_expires: DateTime<Utc>,
    ) -> Result<Option<PersonId>> {
        let mut tx = self.begin_write().await?;
        let claim = "UPDATE sign_in_links SET used_at = $2
                     WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
                       AND person_id IN (SELECT id FROM people WHERE status = 'confirmed')
                     RETURNING person_id";
        let Some(person_id) = claim_once(&mut tx, claim, token_hash, now).await? else {
            return Ok(None);
        };
        insert_auth_session(&mut tx, &person_id, jti, now, session_expires).await?;
        tx.commit().await?;
        Ok(Some(person_id))
    }

    /// Counts one wrong device code, wherever it came from.
    pub async fn count_device_code_failure(&self) -> Result<()> {
        sqlx::query(
            "UPDATE auth_counters SET value = value + 1 WHERE name = 'device_code_failures'",
        )
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

/// What trying a device code came to.
#[derive(Debug, PartialEq, Eq)]
pub enum DeviceCodeOutcome {
    SignedIn(PersonId),
    /// A real, unused code, withdrawn after too many wrong codes were tried during its life.
    Withdrawn,
    Invalid,
}
