//! Moving a session to another room or time, or cancelling it: the one path for the API
//! (`PATCH /api/v1/sessions/{id}`) and the organiser console's form. The change and its
//! notification are written together; bookmarkers' devices hear of it once the coalescing
//! window has passed.

use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::SessionPatch;
use app::model::Session;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

/// Any of the fields; `"room_id": null` takes the session out of any room.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"room_id": "hannibal"}))]
pub struct SessionChange {
    #[serde(default, deserialize_with = "present")]
    pub room_id: Option<Option<String>>,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub cancelled: Option<bool>,
}

/// Tells a field set to `null` from a missing one.
fn present<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SessionChanged {
    pub session: Session,
    pub version: i64,
    /// The notification this change joined (`GET /api/v1/notifications/{id}` for progress).
    pub notification: Option<String>,
}

/// Checks and applies a change; the organiser page's form comes here too.
pub async fn apply_session_change(
    state: &AppState,
    id: &str,
    change: SessionChange,
) -> Result<SessionChanged> {
    let agenda = state.agenda.current().full;
    let current = agenda.session(id).ok_or(Error::NotFound)?;
    if change.room_id.is_none()
        && change.start.is_none()
        && change.end.is_none()
        && change.cancelled.is_none()
    {
        return Err(Error::Unprocessable(
            "nothing to change: give room_id, start, end or cancelled".into(),
        ));
    }
    if let Some(Some(room)) = &change.room_id {
        if agenda.room(room).is_none() {
            return Err(Error::Unprocessable(format!("room_id: no room {room}")));
        }
    }
    let (start, end) = (
        change.start.unwrap_or(current.start),
        change.end.unwrap_or(current.end),
    );
    // Only new times are checked: a stored session can always be moved or cancelled.
    let retimed = start != current.start || end != current.end;
    if retimed {
        let zone: chrono_tz::Tz = agenda.event.timezone.parse().unwrap_or(chrono_tz::UTC);
        let event = &agenda.event;
        crate::programme::check_session_times(event.start_date, event.end_date, &zone, start, end)
            .map_err(|why| {
                let field = if change.start.is_some() {
                    "start"
                } else {
                    "end"
                };
                Error::Unprocessable(format!("{field}: {why}"))
            })?;
    }
    let patch = SessionPatch {
        room: change.room_id,
        start: change.start,
        end: change.end,
        cancelled: change.cancelled,
    };
    let (session, version) = state
        .store
        .update_session(state.agenda.slug(), id, &patch, state.clock.wall())
        .await?
        .ok_or(Error::NotFound)?;
    published(state, session, version, true).await
}

/// Publishes a stored change (the agenda cache, the push worker) and names the notification
/// it joined when it `notifies` bookmarkers: the move above, and the editor's saves.
pub async fn published(
    state: &AppState,
    session: Session,
    version: i64,
    notifies: bool,
) -> Result<SessionChanged> {
    state.agenda.refresh().await?;
    state.push.wake();
    let notification = match notifies {
        true => state.store.latest_change_notification(&session.id).await?,
        false => None,
    };
    Ok(SessionChanged {
        session,
        version,
        notification,
    })
}
