//! Bookmarks: idempotent, ordered by a per-person server revision.

use super::Store;
use super::rows::timestamp;
use crate::error::Result;
use app::access::PersonId;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// The outcome of one bookmark operation, the same however often it is replayed.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct BookmarkChange {
    pub session_id: String,
    pub bookmarked: bool,
    pub revision: i64,
}

/// A person's schedule: bookmarked session ids and the revision it reflects.
#[derive(Clone, Debug, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Bookmarks {
    pub revision: i64,
    pub sessions: Vec<String>,
}

impl Store {
    /// Sets or clears one bookmark. With an `op_id` already applied for this person, returns
    /// that operation's original result and changes nothing (a replay from an offline queue).
    /// A first bookmark starts the person's "changed since you last looked" at `version`.
    pub async fn set_bookmark(
        &self,
        person_id: &PersonId,
        session_id: &str,
        bookmarked: bool,
        op_id: Option<&str>,
        now: DateTime<Utc>,
        version: i64,
    ) -> Result<BookmarkChange> {
        let mut tx = self.begin_write().await?;
        if let Some(op) = op_id {
            let seen: Option<(String, bool, i64)> = sqlx::query_as(
                "SELECT session_id, bookmarked, revision FROM bookmark_ops WHERE person_id = $1 AND op_id = $2",
            )
            .bind(person_id)
            .bind(op)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((session_id, bookmarked, revision)) = seen {
                return Ok(BookmarkChange {
                    session_id,
                    bookmarked,
                    revision,
                });
            }
        }
        sqlx::query("INSERT INTO schedule_seen (person_id, version) VALUES ($1, $2) ON CONFLICT (person_id) DO NOTHING")
            .bind(person_id)
            .bind(version)
            .execute(&mut *tx)
            .await?;
        let revision: i64 = sqlx::query_scalar(
            "INSERT INTO bookmark_revisions (person_id, revision) VALUES ($1, 1)
             ON CONFLICT (person_id) DO UPDATE SET revision = bookmark_revisions.revision + 1
             RETURNING revision",
        )
        .bind(person_id)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO bookmarks (person_id, session_id, bookmarked, revision, changed_at) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (person_id, session_id) DO UPDATE SET bookmarked = $3, revision = $4, changed_at = $5",
        )
        .bind(person_id)
        .bind(session_id)
        .bind(bookmarked)
        .bind(revision)
        .bind(timestamp(now))
        .execute(&mut *tx)
        .await?;
        if let Some(op) = op_id {
            sqlx::query(
                "INSERT INTO bookmark_ops (op_id, person_id, session_id, bookmarked, revision) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(op)
            .bind(person_id)
            .bind(session_id)
            .bind(bookmarked)
            .bind(revision)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(BookmarkChange {
            session_id: session_id.into(),
            bookmarked,
            revision,
        })
    }

    pub async fn bookmarks(&self, person_id: &PersonId) -> Result<Bookmarks> {
        let mut tx = self.pool.begin().await?;
        let revision: Option<i64> =
            sqlx::query_scalar("SELECT revision FROM bookmark_revisions WHERE person_id = $1")
                .bind(person_id)
                .fetch_optional(&mut *tx)
                .await?;
        let sessions = sqlx::query_scalar(
            "SELECT session_id FROM bookmarks WHERE person_id = $1 AND bookmarked ORDER BY session_id",
        )
        .bind(person_id)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Bookmarks {
            revision: revision.unwrap_or(0),
            sessions,
        })
    }

    /// Changes to `sessions` (room, time, cancellation) since the person last looked, oldest
    /// first, then marks them seen. Someone who never looked starts from their first bookmark.
    pub async fn take_schedule_changes(
        &self,
        slug: &str,
        person_id: &PersonId,
        current: i64,
    ) -> Result<Vec<super::AgendaChange>> {
        let seen: Option<i64> =
            sqlx::query_scalar("SELECT version FROM schedule_seen WHERE person_id = $1")
                .bind(person_id)
                .fetch_optional(&self.pool)
                .await?;
        let changes = match seen {
            Some(seen) => sqlx::query_as(
                "SELECT c.version, c.session_id, c.field, c.old_value, c.new_value, c.changed_at
                 FROM agenda_changes c JOIN bookmarks b ON b.session_id = c.session_id AND b.person_id = $2 AND b.bookmarked
                 WHERE c.event_slug = $1 AND c.version > $3 AND c.field IN ('room', 'start', 'end', 'cancelled')
                 ORDER BY c.session_id, c.version, c.field",
            )
            .bind(slug)
            .bind(person_id)
            .bind(seen)
            .fetch_all(&self.pool)
            .await?,
            None => Vec::new(),
        };
        sqlx::query(
            "INSERT INTO schedule_seen (person_id, version) VALUES ($1, $2)
             ON CONFLICT (person_id) DO UPDATE SET version = $2",
        )
        .bind(person_id)
        .bind(current)
        .execute(&self.pool)
        .await?;
        Ok(changes)
    }

    /// How many people bookmarked each session (only sessions with at least one).
    pub async fn bookmark_counts(&self, slug: &str) -> Result<Vec<(String, i64)>> {
        Ok(sqlx::query_as(
            "SELECT b.session_id, COUNT(*) FROM bookmarks b JOIN sessions s ON s.id = b.session_id
             WHERE s.event_slug = $1 AND b.bookmarked GROUP BY b.session_id ORDER BY b.session_id",
        )
        .bind(slug)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Who bookmarked a session: the people a change to it concerns.
    pub async fn bookmarkers(&self, session_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT person_id FROM bookmarks WHERE session_id = $1 AND bookmarked ORDER BY person_id")
            .bind(session_id)
            .fetch_all(&self.pool)
            .await?)
    }
}
