//! Entry passes (an opaque id and a version per person) and the keys they are signed with.

use super::Store;
use super::rows::timestamp;
use crate::error::Result;
use app::access::PersonId;
use chrono::{DateTime, Utc};

/// A person's pass as the QR names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredPass {
    pub pass_id: String,
    pub version: i64,
}

impl Store {
    /// The person's pass, made on first ask with a new opaque id (only then a write: `/me`
    /// asks on every view).
    pub async fn entry_pass(
        &self,
        person_id: &PersonId,
        new_id: &str,
        now: DateTime<Utc>,
    ) -> Result<StoredPass> {
        let stored: Option<(String, i64)> =
            sqlx::query_as("SELECT pass_id, version FROM entry_passes WHERE person_id = $1")
                .bind(person_id)
                .fetch_optional(&self.pool)
                .await?;
        if let Some((pass_id, version)) = stored {
            return Ok(StoredPass { pass_id, version });
        }
        sqlx::query(
            "INSERT INTO entry_passes (person_id, pass_id, version, updated_at) VALUES ($1, $2, 1, $3)
             ON CONFLICT (person_id) DO NOTHING",
        )
        .bind(person_id)
        .bind(new_id)
        .bind(timestamp(now))
        .execute(&self.pool)
        .await?;
        let (pass_id, version): (String, i64) =
            sqlx::query_as("SELECT pass_id, version FROM entry_passes WHERE person_id = $1")
                .bind(person_id)
                .fetch_one(&self.pool)
                .await?;
        Ok(StoredPass { pass_id, version })
    }

    /// The name and organisation printed under a pass, for the human at the door.
    pub async fn pass_holder(&self, person_id: &PersonId) -> Result<Option<(String, String)>> {
        Ok(
            sqlx::query_as("SELECT name, organisation FROM people WHERE id = $1")
                .bind(person_id)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// A new version of the person's pass (a lost phone): the old QR is refused from now on.
    /// `None` when the person is not in this event.
    pub async fn reissue_entry_pass(
        &self,
        slug: &str,
        person_id: &PersonId,
        new_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>> {
        let mut tx = self.begin_write().await?;
        let known: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM people WHERE event_slug = $1 AND id = $2")
                .bind(slug)
                .bind(person_id)
                .fetch_optional(&mut *tx)
                .await?;
        if known.is_none() {
            return Ok(None);
        }
        sqlx::query(
            "INSERT INTO entry_passes (person_id, pass_id, version, updated_at) VALUES ($1, $2, 1, $3)
             ON CONFLICT (person_id) DO UPDATE SET version = entry_passes.version + 1, updated_at = $3",
        )
        .bind(person_id)
        .bind(new_id)
        .bind(timestamp(now))
        .execute(&mut *tx)
        .await?;
        let version: i64 =
            sqlx::query_scalar("SELECT version FROM entry_passes WHERE person_id = $1")
                .bind(person_id)
                .fetch_one(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(Some(version))
    }

    /// The signing keys, oldest first: `(kid, base64url seed)`; one is made when there is none.
    pub async fn entry_keys(
        &self,
        generate: impl FnOnce() -> (String, String),
        now: DateTime<Utc>,
    ) -> Result<Vec<(String, String)>> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM entry_keys")
            .fetch_one(&self.pool)
            .await?;
        if count == 0 {
            let (kid, key) = generate();
            sqlx::query(
                "INSERT INTO entry_keys (kid, private_key, created_at) VALUES ($1, $2, $3)
                 ON CONFLICT (kid) DO NOTHING",
            )
            .bind(kid)
            .bind(key)
            .bind(timestamp(now))
            .execute(&self.pool)
            .await?;
        }
        Ok(
            sqlx::query_as("SELECT kid, private_key FROM entry_keys ORDER BY created_at, kid")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// A new signing key (`server entry-keys rotate`); it signs from the next start on. Keys
    /// are ordered by `created_at` (whole seconds): a new one is always at least a second after
    /// the newest, so it is the one that signs even when rotated twice in a second.
    pub async fn add_entry_key(&self, kid: &str, key: &str, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let newest: Option<String> = sqlx::query_scalar("SELECT MAX(created_at) FROM entry_keys")
            .fetch_one(&mut *tx)
            .await?;
        let after = match newest {
            Some(at) => {
                super::rows::parse_timestamp("entry_keys.created_at", &at)?
                    + chrono::Duration::seconds(1)
            }
            None => now,
        };
        sqlx::query("INSERT INTO entry_keys (kid, private_key, created_at) VALUES ($1, $2, $3)")
            .bind(kid)
            .bind(key)
            .bind(timestamp(now.max(after)))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes a key unless it is the last one; whether it was removed.
    pub async fn remove_entry_key(&self, kid: &str) -> Result<bool> {
        let removed = sqlx::query(
            "DELETE FROM entry_keys WHERE kid = $1 AND (SELECT COUNT(*) FROM entry_keys) > 1",
        )
        .bind(kid)
        .execute(&self.pool)
        .await?;
        Ok(removed.rows_affected() == 1)
    }
}

/// In a status change's transaction: the person's pass, if any, gets a new version.
pub(super) async fn bump_entry_pass(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    person_id: &PersonId,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "UPDATE entry_passes SET version = version + 1, updated_at = $2 WHERE person_id = $1",
    )
    .bind(person_id)
    .bind(timestamp(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A scan as a door device sent it, after the offline checks: the pass it verified (if any).
#[derive(Debug, Clone)]
pub struct ScannedPass {
    pub nonce: String,
    /// `(pass id, version)` of a pass whose signature, event and days checked out.
    pub verified: Option<(String, i64)>,
    /// The refusal the offline checks came to, when `verified` is `None`.
    pub refused: &'static str,
    pub scanned_at: DateTime<Utc>,
    pub door: String,
    pub device: String,
    /// Looked up by name (the holder's phone died and staff checked an identity document):
    /// any version of the pass is the holder's, only their status counts.
    pub manual: bool,
    /// What the device showed, when it says (`admitted`, …).
    pub shown: Option<&'static str>,
    /// The staff member whose session sent it.
    pub sent_by: PersonId,
}

/// What the server decided about one scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckinOutcome {
    pub result: String,
    /// For `already_admitted`: the first admission.
    pub first: Option<(DateTime<Utc>, String)>,
}

impl Store {
    /// Records scans in one transaction. A nonce seen before answers what it answered then;
    /// a verified pass is `revoked` when its person is gone, not confirmed or its version is
    /// old, `already_admitted` after an earlier admission (any device), else `admitted`.
    pub async fn record_checkins(
        &self,
        slug: &str,
        scans: &[ScannedPass],
        now: DateTime<Utc>,
    ) -> Result<Vec<CheckinOutcome>> {
        let mut tx = self.begin_write().await?;
        let mut outcomes = Vec::with_capacity(scans.len());
        for scan in scans {
            let seen: Option<(String, Option<String>)> =
                sqlx::query_as("SELECT result, pass_id FROM checkins WHERE nonce = $1")
                    .bind(&scan.nonce)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some((result, pass_id)) = seen {
                let first = match (result.as_str(), pass_id) {
                    ("already_admitted", Some(pass)) => first_admission(&mut tx, &pass).await?,
                    _ => None,
                };
                outcomes.push(CheckinOutcome { result, first });
                continue;
            }
            let (person, result, first) = match &scan.verified {
                None => (None, scan.refused.to_string(), None),
                Some((pass_id, version)) => {
                    let holder: Option<(PersonId, i64, String)> = sqlx::query_as(
                        "SELECT e.person_id, e.version, p.status FROM entry_passes e
                         JOIN people p ON p.id = e.person_id
                         WHERE e.pass_id = $1 AND p.event_slug = $2",
                    )
                    .bind(pass_id)
                    .bind(slug)
                    .fetch_optional(&mut *tx)
                    .await?;
                    match holder {
                        Some((person, current, status))
                            if (current == *version || scan.manual) && status == "confirmed" =>
                        {
                            match first_admission(&mut tx, pass_id).await? {
                                Some(first) => {
                                    (Some(person), "already_admitted".to_string(), Some(first))
                                }
                                None => (Some(person), "admitted".to_string(), None),
                            }
                        }
                        Some((person, ..)) => (Some(person), "revoked".to_string(), None),
                        None => (None, "revoked".to_string(), None),
                    }
                }
            };
            sqlx::query(
                "INSERT INTO checkins (nonce, event_slug, person_id, pass_id, version, scanned_at, door, device,
                                       result, received_at, shown, manual, sent_by)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
            )
            .bind(&scan.nonce)
            .bind(slug)
            .bind(person)
            .bind(scan.verified.as_ref().map(|(p, _)| p))
            .bind(scan.verified.as_ref().map(|(_, v)| *v))
            .bind(timestamp(scan.scanned_at))
            .bind(&scan.door)
            .bind(&scan.device)
            .bind(&result)
            .bind(timestamp(now))
            .bind(scan.shown)
            .bind(scan.manual)
            .bind(&scan.sent_by)
            .execute(&mut *tx)
            .await?;
            outcomes.push(CheckinOutcome { result, first });
        }
        tx.commit().await?;
        Ok(outcomes)
    }
}

/// The earliest admission of a pass (by scan time, so two offline devices agree which was first).
async fn first_admission(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    pass_id: &str,
) -> Result<Option<(DateTime<Utc>, String)>> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT scanned_at, door FROM checkins WHERE pass_id = $1 AND result = 'admitted'
         ORDER BY scanned_at, nonce LIMIT 1",
    )
    .bind(pass_id)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|(at, door)| {
        Ok((
            super::rows::parse_timestamp("checkins.scanned_at", &at)?,
            door,
        ))
    })
    .transpose()
}
