//! Reading and changing the agenda. Every change bumps the event's agenda version and is
//! written to the change log (field, old value, new value, when) in the same transaction.

use super::Store;
use super::rows::{
    EventRow, RoomRow, SessionRow, ThemeRow, json, parse_timestamp, session_columns,
    storable_timestamp, timestamp,
};
use crate::error::Result;
use app::model::{Agenda, Session};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{Sqlite, Transaction};

/// Why an import previewed against one version is not applied over another.
pub const CHANGED_SINCE_PREVIEW: &str =
    "the programme changed since this preview: upload the file again to see what it changes now";

/// One changed field of one session in one agenda version.
#[derive(Clone, Debug, PartialEq, Serialize, sqlx::FromRow)]
pub struct AgendaChange {
    pub version: i64,
    pub session_id: String,
    /// A session field, or `created` for a new session.
    pub field: String,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub changed_at: String,
}

impl AgendaChange {
    /// The change as the pages show it (My schedule's "changed since", the change log).
    pub fn shown(self) -> app::access::ScheduleChange {
        app::access::ScheduleChange {
            session_id: self.session_id,
            field: self.field,
            old_value: self.old_value,
            new_value: self.new_value,
        }
    }
}

/// The stored agenda with the version of what everyone may see of it.
pub struct StoredAgenda {
    pub agenda: Agenda,
    /// The last version that changed the public view (the event, rooms, themes, or a session
    /// that is not a closed side event before or after the change).
    pub public_version: i64,
    pub public_updated_at: DateTime<Utc>,
}

/// What an organiser may change on a session; `None` leaves a field as it is.
#[derive(Clone, Debug, Default)]
pub struct SessionPatch {
    pub room: Option<Option<String>>,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub cancelled: Option<bool>,
}

impl Store {
    pub async fn event_slugs(&self) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT slug FROM events ORDER BY start_date, slug")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    pub async fn agenda_version(&self, slug: &str) -> Result<Option<i64>> {
        Ok(
            sqlx::query_scalar("SELECT version FROM events WHERE slug = $1")
                .bind(slug)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub async fn load_agenda(&self, slug: &str) -> Result<Option<Agenda>> {
        Ok(self.load_published(slug).await?.map(|p| p.agenda))
    }

    /// The agenda and, read in the same transaction, the version of its public view.
    pub async fn load_published(&self, slug: &str) -> Result<Option<StoredAgenda>> {
        let mut tx = self.pool.begin().await?;
        let Some(row) = sqlx::query_as::<_, EventRow>("SELECT * FROM events WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&mut *tx)
            .await?
        else {
            return Ok(None);
        };
        let (version, updated_at) = (
            row.version,
            parse_timestamp("events.updated_at", &row.updated_at)?,
        );
        let public_version = row.public_version;
        let public_updated_at = parse_timestamp("events.public_updated_at", &row.public_updated_at)
            .unwrap_or(updated_at);
        let themes = sqlx::query_as::<_, ThemeRow>(
            "SELECT slug, name FROM themes WHERE event_slug = $1 ORDER BY position",
        )
        .bind(slug)
        .fetch_all(&mut *tx)
        .await?;
        let rooms = sqlx::query_as::<_, RoomRow>(
            "SELECT id, name, floor, capacity, directions FROM rooms WHERE event_slug = $1 ORDER BY position",
        )
        .bind(slug)
        .fetch_all(&mut *tx)
        .await?;
        let sessions = sessions_of(&mut tx, slug).await?;
        tx.commit().await?;
        let agenda = Agenda {
            version,
            updated_at,
            event: row.into_event()?,
            themes: themes
                .into_iter()
                .map(ThemeRow::into_theme)
                .collect::<Result<_>>()?,
            rooms: rooms
                .into_iter()
                .map(RoomRow::into_room)
                .collect::<Result<_>>()?,
            sessions,
        };
        Ok(Some(StoredAgenda {
            agenda,
            public_version,
            public_updated_at,
        }))
    }

    /// Applies an organiser's change; `None` when the session is not in this event.
    pub async fn update_session(
        &self,
        slug: &str,
        id: &str,
        patch: &SessionPatch,
        at: DateTime<Utc>,
    ) -> Result<Option<(Session, i64)>> {
        let mut tx = self.begin_write().await?;
        let written = rewrite_session(&mut tx, slug, id, at, |old| {
            let mut new = old.clone();
            if let Some(room) = &patch.room {
                new.room = room.clone();
            }
            new.start = patch.start.unwrap_or(new.start);
            new.end = patch.end.unwrap_or(new.end);
            new.cancelled = patch.cancelled.unwrap_or(new.cancelled);
            new
        })
        .await?;
        tx.commit().await?;
        Ok(written)
    }

    pub async fn changes_since(&self, slug: &str, version: i64) -> Result<Vec<AgendaChange>> {
        Ok(sqlx::query_as(
            "SELECT version, session_id, field, old_value, new_value, changed_at FROM agenda_changes
             WHERE event_slug = $1 AND version > $2 ORDER BY version, session_id, field",
        )
        .bind(slug)
        .bind(version)
        .fetch_all(&self.pool)
        .await?)
    }
}

pub(super) async fn sessions_of(
    tx: &mut Transaction<'_, Sqlite>,
    slug: &str,
) -> Result<Vec<Session>> {
    let rows = sqlx::query_as::<_, SessionRow>(concat!(
        "SELECT ",
        session_columns!(),
        " FROM sessions WHERE event_slug = $1 ORDER BY starts_at, ends_at, id"
    ))
    .bind(slug)
    .fetch_all(&mut **tx)
    .await?;
    // One unreadable row (written by an older version, or by hand) must not take the whole
    // programme down: it is named in the log and left out until an import or edit rewrites it.
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let id = row.id.clone();
            row.into_session()
                .map_err(|e| tracing::error!(session = %id, error = %e, "unreadable session left out of the agenda"))
                .ok()
        })
        .collect())
}

/// Rewrites one session of this event as `change` makes it, publishing a new version when
/// anything changed (else the version stays); `None` when the session is not in this event.
/// The one path of a move (`update_session`) and of the editor's whole replace.
pub(super) async fn rewrite_session(
    tx: &mut Transaction<'_, Sqlite>,
    slug: &str,
    id: &str,
    at: DateTime<Utc>,
    change: impl FnOnce(&Session) -> Session,
) -> Result<Option<(Session, i64)>> {
    let Some(old) = sessions_of(tx, slug)
        .await?
        .into_iter()
        .find(|s| s.id == id)
    else {
        return Ok(None);
    };
    let new = change(&old);
    let mut version = next_version(tx, slug).await?;
    let written = write_session(tx, slug, Some(&old), &new, version, at).await?;
    if written.changed {
        version = bump(tx, slug, version, written.public, at).await?;
    } else {
        version -= 1;
    }
    Ok(Some((new, version)))
}

pub(super) async fn next_version(tx: &mut Transaction<'_, Sqlite>, slug: &str) -> Result<i64> {
    let current: i64 = sqlx::query_scalar("SELECT version FROM events WHERE slug = $1")
        .bind(slug)
        .fetch_one(&mut **tx)
        .await?;
    Ok(current + 1)
}

/// Publishes `version`; when the public view changed too, it becomes the public version.
pub(super) async fn bump(
    tx: &mut Transaction<'_, Sqlite>,
    slug: &str,
    version: i64,
    public: bool,
    at: DateTime<Utc>,
) -> Result<i64> {
    let sql = match public {
        true => {
            "UPDATE events SET version = $2, updated_at = $3, public_version = $2, public_updated_at = $3
             WHERE slug = $1"
        }
        false => "UPDATE events SET version = $2, updated_at = $3 WHERE slug = $1",
    };
    sqlx::query(sql)
        .bind(slug)
        .bind(version)
        .bind(timestamp(at))
        .execute(&mut **tx)
        .await?;
    Ok(version)
}

/// What writing one session did.
pub(super) struct Written {
    pub(super) changed: bool,
    /// Whether everyone's view changed: the session is not a closed side event before or after.
    pub(super) public: bool,
}

/// Writes `new` (inserting or updating) and logs each field that differs from `old`.
pub(super) async fn write_session(
    tx: &mut Transaction<'_, Sqlite>,
    slug: &str,
    old: Option<&Session>,
    new: &Session,
    version: i64,
    at: DateTime<Utc>,
) -> Result<Written> {
    let changes = diff(old, new);
    if changes.is_empty() {
        return Ok(Written {
            changed: false,
            public: false,
        });
    }
    let public = !new.closed || old.is_some_and(|o| !o.closed);
    let starts_at = storable_timestamp("start", new.start)?;
    let ends_at = storable_timestamp("end", new.end)?;
    sqlx::query(concat!(
        "INSERT INTO sessions (event_slug, ",
        session_columns!(),
        ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (id) DO UPDATE SET kind = $3, theme = $4, title = $5, description = $6, starts_at = $7,
             ends_at = $8, room_id = $9, floor_language = $10, interpretation = $11, closed = $12,
             chatham_house = $13, moderators = $14, cancelled = $15"
    ))
    .bind(slug)
    .bind(&new.id)
    .bind(new.kind.slug())
    .bind(&new.theme)
    .bind(json(&new.title))
    .bind(json(&new.description))
    .bind(starts_at)
    .bind(ends_at)
    .bind(&new.room)
    .bind(new.floor_language.map(|l| l.code()))
    .bind(json(&new.interpretation))
    .bind(new.closed)
    .bind(new.chatham_house)
    .bind(json(&new.moderators))
    .bind(new.cancelled)
    .execute(&mut **tx)
    .await?;
    // Delegates hear of the changes that send them elsewhere: the outbox row is written with
    // the change itself, so a crash between the two cannot lose the notification.
    let notifiable = changes
        .iter()
        .any(|(field, _, _)| matches!(field.as_str(), "room" | "start" | "end" | "cancelled"));
    if old.is_some() && notifiable {
        super::outbox::note_session_change(tx, slug, &new.id, version - 1, at).await?;
    }
    for (field, old_value, new_value) in changes {
        sqlx::query(
            "INSERT INTO agenda_changes (event_slug, version, session_id, field, old_value, new_value, changed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(slug)
        .bind(version)
        .bind(&new.id)
        .bind(field)
        .bind(old_value)
        .bind(new_value)
        .bind(timestamp(at))
        .execute(&mut **tx)
        .await?;
    }
    Ok(Written {
        changed: true,
        public,
    })
}

/// The fields that differ, as JSON text: `created` alone for a new session.
fn diff(old: Option<&Session>, new: &Session) -> Vec<(String, Option<String>, Option<String>)> {
    let Some(old) = old else {
        return vec![("created".into(), None, Some(new.id.clone()))];
    };
    let (serde_json::Value::Object(old), serde_json::Value::Object(new)) = (
        serde_json::to_value(old).unwrap_or_default(),
        serde_json::to_value(new).unwrap_or_default(),
    ) else {
        return Vec::new();
    };
    new.iter()
        .filter(|(field, value)| old.get(*field) != Some(value))
        .map(|(field, value)| {
            (
                field.clone(),
                old.get(field).map(|v| v.to_string()),
                Some(value.to_string()),
            )
        })
        .collect()
}
