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
    /// The person's pass, made on first ask with a new opaque id.
    pub async fn entry_pass(
        &self,
        person_id: &PersonId,
        new_id: &str,
        now: DateTime<Utc>,
    ) -> Result<StoredPass> {
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
