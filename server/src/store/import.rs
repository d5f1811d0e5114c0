//! Importing a whole programme: the event, its themes and rooms, and every session, in one
//! transaction and one version; sessions no longer in the programme are cancelled, not deleted.

use super::Store;
use super::agenda::{CHANGED_SINCE_PREVIEW, bump, next_version, sessions_of, write_session};
use super::rows::{json, timestamp};
use crate::error::{Error, Result};
use crate::programme::Programme;
use app::model::Session;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

impl Store {
    /// Creates or updates an event from a programme. Sessions are matched by id; those no
    /// longer in the programme are cancelled, not deleted, so links and bookmarks keep working.
    pub async fn import_programme(&self, programme: &Programme, at: DateTime<Utc>) -> Result<i64> {
        self.import_programme_over(programme, at, None).await
    }

    /// Imports as above, when `based_on` is given only over that version of the event (`None`
    /// inside: only when the event does not exist yet), so a preview is applied as it was shown.
    pub async fn import_programme_over(
        &self,
        programme: &Programme,
        at: DateTime<Utc>,
        based_on: Option<Option<i64>>,
    ) -> Result<i64> {
        let slug = programme.event.slug.as_str();
        let before = self.load_agenda(slug).await?;
        let mut changed = before.is_none_or(|a| {
            a.event != programme.event || a.themes != programme.themes || a.rooms != programme.rooms
        });
        let mut public = changed;
        let mut tx = self.begin_write().await?;
        if let Some(expected) = based_on {
            let current: Option<i64> =
                sqlx::query_scalar("SELECT version FROM events WHERE slug = $1")
                    .bind(slug)
                    .fetch_optional(&mut *tx)
                    .await?;
            if current != expected {
                return Err(Error::Conflict(CHANGED_SINCE_PREVIEW.into()));
            }
        }
        let e = &programme.event;
        sqlx::query(
            "INSERT INTO events (slug, name, short_name, venue, city, timezone, start_date, end_date, languages,
                                 contact_email, demo, version, updated_at, public_updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0, $12, $12)
             ON CONFLICT (slug) DO UPDATE SET name = $2, short_name = $3, venue = $4, city = $5, timezone = $6,
                 start_date = $7, end_date = $8, languages = $9, contact_email = $10, demo = $11",
        )
        .bind(slug)
        .bind(json(&e.name))
        .bind(json(&e.short_name))
        .bind(json(&e.venue))
        .bind(json(&e.city))
        .bind(&e.timezone)
        .bind(e.start_date.to_string())
        .bind(e.end_date.to_string())
        .bind(json(&e.languages))
        .bind(&e.contact_email)
        .bind(e.demo)
        .bind(timestamp(at))
        .execute(&mut *tx)
        .await?;
        if let Some(deadline) = programme.registration_deadline {
            sqlx::query("UPDATE events SET registration_deadline = $2 WHERE slug = $1")
                .bind(slug)
                .bind(timestamp(deadline))
                .execute(&mut *tx)
                .await?;
        }
        for (position, theme) in programme.themes.iter().enumerate() {
            sqlx::query(
                "INSERT INTO themes (event_slug, slug, name, position) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (event_slug, slug) DO UPDATE SET name = $3, position = $4",
            )
            .bind(slug)
            .bind(&theme.slug)
            .bind(json(&theme.name))
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
        }
        for (position, room) in programme.rooms.iter().enumerate() {
            sqlx::query(
                "INSERT INTO rooms (event_slug, id, name, floor, capacity, directions, position)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)
                 ON CONFLICT (event_slug, id) DO UPDATE SET name = $3, floor = $4, capacity = $5, directions = $6, position = $7",
            )
            .bind(slug)
            .bind(&room.id)
            .bind(json(&room.name))
            .bind(json(&room.floor))
            .bind(room.capacity.map(i64::from))
            .bind(json(&room.directions))
            .bind(position as i64)
            .execute(&mut *tx)
            .await?;
        }

        let version = next_version(&mut tx, slug).await?;
        let mut existing: HashMap<String, Session> = sessions_of(&mut tx, slug)
            .await?
            .into_iter()
            .map(|s| (s.id.clone(), s))
            .collect();
        for session in &programme.sessions {
            let owner: Option<String> =
                sqlx::query_scalar("SELECT event_slug FROM sessions WHERE id = $1")
                    .bind(&session.id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if owner.is_some_and(|owner| owner != slug) {
                return Err(Error::Conflict(format!(
                    "session id {:?} belongs to another event",
                    session.id
                )));
            }
            let written = write_session(
                &mut tx,
                slug,
                existing.remove(&session.id).as_ref(),
                session,
                version,
                at,
            )
            .await?;
            changed |= written.changed;
            public |= written.public;
        }
        for (_, gone) in existing.into_iter().filter(|(_, s)| !s.cancelled) {
            let cancelled = Session {
                cancelled: true,
                ..gone.clone()
            };
            let written =
                write_session(&mut tx, slug, Some(&gone), &cancelled, version, at).await?;
            changed |= written.changed;
            public |= written.public;
        }
        let version = if changed {
            bump(&mut tx, slug, version, public, at).await?
        } else {
            version - 1
        };
        tx.commit().await?;
        Ok(version)
    }
}
