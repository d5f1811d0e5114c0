//! Push subscriptions: one row per browser on a device, with that device's preferences. Times
//! in the push tables are UTC with milliseconds (one format, so text comparisons order them),
//! from the real clock: coalescing and retries happen in real time even when the conference
//! clock is fixed for a demo.

use super::Store;
use crate::error::Result;
use app::access::PersonId;
use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::{Sqlite, Transaction};

pub(super) fn ms(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// What a device wants to hear about.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
pub struct PushPreferences {
    pub changes: bool,
    pub announcements: bool,
    /// 0 (none), 5, 10, 15 or 30.
    pub reminder_minutes: i64,
}

impl Default for PushPreferences {
    fn default() -> Self {
        PushPreferences {
            changes: true,
            announcements: true,
            reminder_minutes: 10,
        }
    }
}

pub struct NewSubscription<'a> {
    pub id: &'a str,
    pub person_id: &'a PersonId,
    pub endpoint: &'a str,
    pub p256dh: &'a str,
    pub auth: &'a str,
    pub lang: &'a str,
    pub preferences: PushPreferences,
}

#[derive(Clone, Debug, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct SubscriptionView {
    pub endpoint: String,
    pub lang: String,
    pub notify_changes: bool,
    pub notify_announcements: bool,
    pub reminder_minutes: i64,
}

/// Devices one person may have registered at once.
pub const MAX_DEVICES_PER_PERSON: usize = 10;

impl Store {
    /// Registers a device, or updates it (keys, language, preferences, owner) when the
    /// browser sends the same endpoint again. Returns whether it is new.
    pub async fn save_subscription(
        &self,
        new: &NewSubscription<'_>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let existed: Option<String> =
            sqlx::query_scalar("SELECT id FROM push_subscriptions WHERE endpoint = $1")
                .bind(new.endpoint)
                .fetch_optional(&mut *tx)
                .await?;
        let p = new.preferences;
        sqlx::query(
            "INSERT INTO push_subscriptions (id, person_id, endpoint, p256dh, auth, lang, notify_changes,
                 notify_announcements, reminder_minutes, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)
             ON CONFLICT (endpoint) DO UPDATE SET person_id = $2, p256dh = $4, auth = $5, lang = $6,
                 notify_changes = $7, notify_announcements = $8, reminder_minutes = $9, updated_at = $10",
        )
        .bind(new.id)
        .bind(new.person_id)
        .bind(new.endpoint)
        .bind(new.p256dh)
        .bind(new.auth)
        .bind(new.lang)
        .bind(p.changes)
        .bind(p.announcements)
        .bind(p.reminder_minutes)
        .bind(ms(now))
        .execute(&mut *tx)
        .await?;
        // A person has a few devices; browsers also rotate endpoints and leave old ones behind.
        // Past the cap the devices heard from longest ago give way, so nobody can multiply
        // every announcement's fan-out by registering endpoints.
        let newest_first: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM push_subscriptions WHERE person_id = $1 ORDER BY updated_at DESC, id",
        )
        .bind(new.person_id)
        .fetch_all(&mut *tx)
        .await?;
        for id in newest_first.iter().skip(MAX_DEVICES_PER_PERSON) {
            forget_subscription(&mut tx, id, "failed", "replaced by a newer device", now).await?;
        }
        tx.commit().await?;
        Ok(existed.is_none())
    }

    /// Removes this person's device; what was still to be sent to it is dropped.
    pub async fn delete_subscription(
        &self,
        person_id: &PersonId,
        endpoint: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let mut tx = self.begin_write().await?;
        let id: Option<String> = sqlx::query_scalar(
            "SELECT id FROM push_subscriptions WHERE endpoint = $1 AND person_id = $2",
        )
        .bind(endpoint)
        .bind(person_id)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(id) = &id {
            forget_subscription(&mut tx, id, "failed", "unsubscribed", now).await?;
        }
        tx.commit().await?;
        Ok(id.is_some())
    }

    pub async fn subscriptions_of(&self, person_id: &PersonId) -> Result<Vec<SubscriptionView>> {
        Ok(sqlx::query_as(
            "SELECT endpoint, lang, notify_changes, notify_announcements, reminder_minutes
             FROM push_subscriptions WHERE person_id = $1 ORDER BY created_at",
        )
        .bind(person_id)
        .fetch_all(&self.pool)
        .await?)
    }
}

/// Drops a subscription and settles what was still to be sent to it.
pub(super) async fn forget_subscription(
    tx: &mut Transaction<'_, Sqlite>,
    id: &str,
    status: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "UPDATE push_deliveries SET status = $2, last_error = $3, updated_at = $4
         WHERE subscription_id = $1 AND status IN ('pending', 'sending')",
    )
    .bind(id)
    .bind(status)
    .bind(reason)
    .bind(ms(now))
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM push_subscriptions WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
