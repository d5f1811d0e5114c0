//! Signed-in devices (sessions) and the one-time device codes that sign in another device.

use super::Store;
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
