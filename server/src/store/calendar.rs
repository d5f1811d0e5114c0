//! Calendar feeds and what calendars need from the change log.

use super::Store;
use super::rows::{parse_timestamp, timestamp};
use crate::error::Result;
use app::access::PersonId;
use app::access::Registration;
use app::access::Role;
use app::i18n::Lang;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

impl Store {
    /// Per session: how many agenda versions changed it (the iCalendar SEQUENCE) and when last.
    pub async fn session_revisions(
        &self,
        slug: &str,
    ) -> Result<HashMap<String, (i64, DateTime<Utc>)>> {
        let rows: Vec<(String, i64, String)> = sqlx::query_as(
            "SELECT session_id, COUNT(DISTINCT CASE WHEN field <> 'created' THEN version END), MAX(changed_at)
             FROM agenda_changes WHERE event_slug = $1 GROUP BY session_id",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, sequence, at)| {
                Ok((
                    id,
                    (sequence, parse_timestamp("agenda_changes.changed_at", &at)?),
                ))
            })
            .collect()
    }

    /// The person's feed `(token, alarm minutes)`, created with `token` if they have none yet.
    pub async fn calendar_feed(
        &self,
        person_id: &PersonId,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<(String, u32)> {
        sqlx::query(
            "INSERT INTO calendar_feeds (person_id, token, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (person_id) DO NOTHING",
        )
        .bind(person_id)
        .bind(token)
        .bind(timestamp(now))
        .execute(&self.pool)
        .await?;
        let (token, minutes): (String, i64) =
            sqlx::query_as("SELECT token, alarm_minutes FROM calendar_feeds WHERE person_id = $1")
                .bind(person_id)
                .fetch_one(&self.pool)
                .await?;
        Ok((token, u32::try_from(minutes).unwrap_or(0)))
    }

    /// Replaces the feed's token: the old address stops working at once.
    pub async fn rotate_calendar_feed(
        &self,
        person_id: &PersonId,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO calendar_feeds (person_id, token, created_at) VALUES ($1, $2, $3)
             ON CONFLICT (person_id) DO UPDATE SET token = $2, created_at = $3",
        )
        .bind(person_id)
        .bind(token)
        .bind(timestamp(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn set_calendar_alarm(&self, person_id: &PersonId, minutes: u32) -> Result<()> {
        sqlx::query("UPDATE calendar_feeds SET alarm_minutes = $2 WHERE person_id = $1")
            .bind(person_id)
            .bind(i64::from(minutes))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The person behind a feed token (a confirmed or registered one), with the role their
    /// record grants now and their alarm setting.
    pub async fn feed_owner(&self, token: &str) -> Result<Option<(PersonId, Role, u32)>> {
        let row: Option<(PersonId, String, String, i64)> = sqlx::query_as(
            "SELECT f.person_id, p.role, p.status, f.alarm_minutes FROM calendar_feeds f
             JOIN people p ON p.id = f.person_id
             WHERE f.token = $1 AND p.status IN ('registered', 'confirmed')",
        )
        .bind(token)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(person, role, status, minutes)| {
            let role = super::people::effective_role(&role, &status)?;
            Ok((person, role, u32::try_from(minutes).unwrap_or(0)))
        })
        .transpose()
    }

    /// The working language a person chose when registering.
    pub async fn preferred_language(&self, person_id: &PersonId) -> Result<Option<Lang>> {
        let registration: Option<Option<String>> =
            sqlx::query_scalar("SELECT registration FROM people WHERE id = $1")
                .bind(person_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(registration
            .flatten()
            .and_then(|r| serde_json::from_str::<Registration>(&r).ok())
            .map(|r| r.preferred_language))
    }
}
