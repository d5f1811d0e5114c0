//! The event's registration settings: its deadline (organisers set and extend it) and when
//! invitees are reminded.

use super::ApiRoutes;
use super::openapi::{
    BadRequest, Forbidden, PayloadTooLarge, Unauthorized, Unprocessable, UnsupportedMediaType,
};
use crate::access::Organiser;
use crate::error::Result;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

pub(super) fn routes() -> ApiRoutes {
    ApiRoutes::new()
        .get("/event", get_event)
        .patch("/event", patch_event)
}

/// The event and its registration settings.
#[derive(Serialize, utoipa::ToSchema)]
struct EventSettings {
    slug: String,
    /// When the registration form closes (UTC); `null`: no deadline.
    registration_deadline: Option<DateTime<Utc>>,
    /// When invitees who have not registered are reminded, before the deadline (`7d`, `12h`).
    registration_reminders: Vec<String>,
    /// The venue's IANA time zone, which pages and mails show the deadline in.
    timezone: String,
}

/// A change to the registration settings: fields left out stay as they are.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct EventPatch {
    /// RFC 3339 with an offset, e.g. `2024-11-20T23:59:00+01:00`; `null` removes the deadline.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = DateTime, example = "2024-11-20T23:59:00+01:00")]
    registration_deadline: Option<Option<DateTime<FixedOffset>>>,
}

/// Tells a field sent as `null` (`Some(None)`) from one left out (`None`).
fn present<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> std::result::Result<Option<Option<DateTime<FixedOffset>>>, D::Error> {
    Option::deserialize(deserializer).map(Some)
}

async fn settings(state: &AppState) -> Result<EventSettings> {
    let slug = state.agenda.slug();
    Ok(EventSettings {
        slug: slug.to_string(),
        registration_deadline: state.store.registration_deadline(slug).await?,
        registration_reminders: state.mail.reminders.labels(),
        timezone: state.agenda.current().full.event.timezone.clone(),
    })
}

/// The event's registration deadline and reminders
#[utoipa::path(
    get,
    path = "/api/v1/event",
    tag = "people",
    responses((status = 200, description = "The registration settings", body = EventSettings)),
)]
async fn get_event(State(state): State<AppState>) -> Result<Json<EventSettings>> {
    Ok(Json(settings(&state).await?))
}

/// Set, extend or remove the registration deadline
///
/// After the deadline the registration form answers 410 with a closed page, except for
/// invitees given their own later deadline (`POST /api/v1/people/{id}/extend`). Reminders go
/// out relative to the deadline in force.
#[utoipa::path(
    patch,
    path = "/api/v1/event",
    tag = "people",
    security(("session_cookie" = [])),
    request_body = EventPatch,
    responses(
        (status = 200, description = "The settings now", body = EventSettings),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Unprocessable),
    ),
)]
async fn patch_event(
    _: Organiser,
    State(state): State<AppState>,
    Json(patch): Json<EventPatch>,
) -> Result<Json<EventSettings>> {
    if let Some(deadline) = patch.registration_deadline {
        let deadline = deadline.map(|d| d.with_timezone(&Utc));
        state
            .store
            .set_registration_deadline(state.agenda.slug(), deadline)
            .await?;
    }
    Ok(Json(settings(&state).await?))
}
