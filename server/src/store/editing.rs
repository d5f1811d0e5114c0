//! The programme editor's writes: a whole session created or replaced, with the people invited
//! to it when it is closed, and rooms. Sessions go through `agenda::write_session`, so each edit
//! bumps the version, writes the change log and, for the fields delegates are told about,
//! the outbox, in one transaction.

use super::Store;
use super::agenda::{bump, next_version, rewrite_session, write_session};
use super::rows::json;
use crate::error::Result;
use app::editing::unique_id;
use app::model::{Room, Session};
use chrono::{DateTime, Utc};
use sqlx::{Sqlite, Transaction};
use std::collections::HashSet;

impl Store {
    /// Adds a session; its id is `session.id`, or that with `-2`, `-3`… when taken (ids are
    /// global across events). The session as stored and the version it made.
    pub async fn create_session(
        &self,
        slug: &str,
        session: &Session,
        invitees: Option<&[String]>,
        at: DateTime<Utc>,
    ) -> Result<(Session, i64)> {
        let mut tx = self.begin_write().await?;
        let taken: HashSet<String> = sqlx::query_scalar("SELECT id FROM sessions")
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
        let new = Session {
            id: unique_id(&session.id, |id| taken.contains(id)),
            ..session.clone()
        };
        let version = next_version(&mut tx, slug).await?;
        let written = write_session(&mut tx, slug, None, &new, version, at).await?;
        set_invitees(&mut tx, slug, &new.id, invitees).await?;
        let version = bump(&mut tx, slug, version, written.public, at).await?;
        tx.commit().await?;
        Ok((new, version))
    }

    /// Replaces a session of this event whole; `None` when it is not one. A save that changes
    /// nothing keeps the version.
    pub async fn replace_session(
        &self,
        slug: &str,
        session: &Session,
        invitees: Option<&[String]>,
        at: DateTime<Utc>,
    ) -> Result<Option<(Session, i64)>> {
        let mut tx = self.begin_write().await?;
        let written = rewrite_session(&mut tx, slug, &session.id, at, |_| session.clone()).await?;
        if written.is_some() {
            set_invitees(&mut tx, slug, &session.id, invitees).await?;
        }
        tx.commit().await?;
        Ok(written)
    }

    /// Who is invited to a session (person ids), for the editor.
    pub async fn session_invitees(&self, session_id: &str) -> Result<Vec<String>> {
        Ok(sqlx::query_scalar(
            "SELECT person_id FROM session_invitees WHERE session_id = $1 ORDER BY person_id",
        )
        .bind(session_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Adds a room (its id made unique within the event) or, with `create` false, replaces one;
    /// `None` when the room to replace is not in this event. Rooms are part of everyone's view,
    /// so the public version moves too.
    pub async fn save_room(
        &self,
        slug: &str,
        room: &Room,
        create: bool,
        at: DateTime<Utc>,
    ) -> Result<Option<(Room, i64)>> {
        let mut tx = self.begin_write().await?;
        let taken: HashSet<String> =
            sqlx::query_scalar("SELECT id FROM rooms WHERE event_slug = $1")
                .bind(slug)
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .collect();
        let room = match create {
            true => Room {
                id: unique_id(&room.id, |id| taken.contains(id)),
                ..room.clone()
            },
            false if taken.contains(&room.id) => room.clone(),
            false => return Ok(None),
        };
        sqlx::query(
            "INSERT INTO rooms (event_slug, id, name, floor, capacity, directions, position)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (event_slug, id) DO UPDATE SET name = $3, floor = $4, capacity = $5, directions = $6",
        )
        .bind(slug)
        .bind(&room.id)
        .bind(json(&room.name))
        .bind(json(&room.floor))
        .bind(room.capacity.map(i64::from))
        .bind(json(&room.directions))
        .bind(taken.len() as i64)
        .execute(&mut *tx)
        .await?;
        let version = next_version(&mut tx, slug).await?;
        let version = bump(&mut tx, slug, version, true, at).await?;
        tx.commit().await?;
        Ok(Some((room, version)))
    }
}

/// Replaces who is invited to a session, when the editor says (`None` keeps them). Only people
/// of this event can be invited.
async fn set_invitees(
    tx: &mut Transaction<'_, Sqlite>,
    slug: &str,
    session_id: &str,
    invitees: Option<&[String]>,
) -> Result<()> {
    let Some(invitees) = invitees else {
        return Ok(());
    };
    sqlx::query("DELETE FROM session_invitees WHERE session_id = $1")
        .bind(session_id)
        .execute(&mut **tx)
        .await?;
    for person in invitees {
        sqlx::query(
            "INSERT INTO session_invitees (session_id, person_id)
             SELECT $1, id FROM people WHERE id = $2 AND event_slug = $3",
        )
        .bind(session_id)
        .bind(person)
        .bind(slug)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
