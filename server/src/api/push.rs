//! Push over the API: the server's public key, a device's subscription and preferences, an
//! organiser's announcement and the progress of any notification.
//!
//! - `GET /api/v1/push/key`
//! - `GET|POST|DELETE /api/v1/me/push-subscriptions`
//! - `POST /api/v1/announcements`, `GET /api/v1/notifications/{id}` (organisers)

use super::ApiRoutes;
use super::openapi::{
    BadRequest, Forbidden, NotFound, PayloadTooLarge, Unauthorized, Unprocessable,
    UnsupportedMediaType,
};
use crate::access::{Organiser, SignedIn};
use crate::announcements::{AnnouncementRequest, announce};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::{NewSubscription, Progress, PushPreferences, SubscriptionView};
use app::i18n::Lang;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

pub(super) fn routes() -> ApiRoutes {
    ApiRoutes::new()
        .get("/push/key", get_public_key)
        .get("/me/push-subscriptions", list_subscriptions)
        .post("/me/push-subscriptions", save_subscription)
        .delete("/me/push-subscriptions", delete_subscription)
        .post("/announcements", create_announcement)
        .get("/notifications/{id}", get_progress)
}

#[derive(Serialize, utoipa::ToSchema)]
struct PublicKey {
    /// The VAPID public key (`applicationServerKey`), base64url.
    public_key: String,
}

/// The server's public key for push subscriptions
#[utoipa::path(
    get,
    path = "/api/v1/push/key",
    tag = "push",
    responses((status = 200, description = "The key", body = PublicKey)),
)]
async fn get_public_key(State(state): State<AppState>) -> Json<PublicKey> {
    Json(PublicKey {
        public_key: state.push.public_key().to_string(),
    })
}

/// `PushSubscription.toJSON()`, with the device's language and preferences.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct SubscriptionRequest {
    /// The push service's URL for this device (only known push services' hosts).
    endpoint: String,
    /// Required, though `toJSON()` may leave it out.
    keys: Option<Keys>,
    /// `en`, `fr`, `ar` or `ru`; default: the request's language.
    lang: Option<String>,
    preferences: Option<PushPreferences>,
}

#[derive(Deserialize, utoipa::ToSchema)]
struct Keys {
    /// The device's P-256 public key: 65 bytes, base64url.
    p256dh: String,
    /// The device's authentication secret: 16 bytes, base64url.
    auth: String,
}

/// A device's subscription as stored.
#[derive(Serialize, utoipa::ToSchema)]
struct SavedSubscription {
    endpoint: String,
    lang: String,
    preferences: PushPreferences,
}

/// This person's devices that receive push messages
#[utoipa::path(
    get,
    path = "/api/v1/me/push-subscriptions",
    tag = "push",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The devices", body = Vec<SubscriptionView>),
        (status = 401, response = Unauthorized),
    ),
)]
async fn list_subscriptions(
    SignedIn { person_id, .. }: SignedIn,
    State(state): State<AppState>,
) -> Result<Json<Vec<SubscriptionView>>> {
    let person = &person_id;
    Ok(Json(state.store.subscriptions_of(person).await?))
}

/// Register this device for push messages, or update it
#[utoipa::path(
    post,
    path = "/api/v1/me/push-subscriptions",
    tag = "push",
    security(("session_cookie" = [])),
    request_body = SubscriptionRequest,
    responses(
        (status = 201, description = "A new device", body = SavedSubscription),
        (status = 200, description = "A known device (same endpoint), updated", body = SavedSubscription),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Unprocessable),
    ),
)]
async fn save_subscription(
    SignedIn { person_id, .. }: SignedIn,
    State(state): State<AppState>,
    Extension(negotiated): Extension<Lang>,
    Json(request): Json<SubscriptionRequest>,
) -> Result<Response> {
    let person = &person_id;
    let endpoint = state
        .push
        .rules
        .parse(request.endpoint.trim())
        .map_err(|why| Error::Unprocessable(format!("endpoint: {why}")))?;
    let keys = request
        .keys
        .ok_or_else(|| Error::Unprocessable("keys: p256dh and auth are required".into()))?;
    key_of_length("keys.p256dh", &keys.p256dh, 65)?;
    key_of_length("keys.auth", &keys.auth, 16)?;
    let lang = match request.lang.as_deref() {
        Some(code) => Lang::parse(code)
            .ok_or_else(|| Error::Unprocessable("lang: one of en, fr, ar, ru".into()))?,
        None => negotiated,
    };
    let preferences = request.preferences.unwrap_or_default();
    if ![0, 5, 10, 15, 30].contains(&preferences.reminder_minutes) {
        return Err(Error::Unprocessable(
            "preferences.reminder_minutes: 0, 5, 10, 15 or 30".into(),
        ));
    }
    let id = crate::auth::tokens::new_id();
    let new = NewSubscription {
        id: &id,
        person_id: person,
        endpoint: endpoint.as_str(),
        p256dh: keys.p256dh.trim_end_matches('='),
        auth: keys.auth.trim_end_matches('='),
        lang: lang.code(),
        preferences,
    };
    let created = state
        .store
        .save_subscription(&new, state.clock.wall())
        .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let body = SavedSubscription {
        endpoint: endpoint.as_str().to_string(),
        lang: lang.code().to_string(),
        preferences,
    };
    Ok((status, Json(body)).into_response())
}

fn key_of_length(field: &str, value: &str, length: usize) -> Result<()> {
    match URL_SAFE_NO_PAD.decode(value.trim_end_matches('=')) {
        Ok(bytes) if bytes.len() == length => Ok(()),
        Ok(bytes) => Err(Error::Unprocessable(format!(
            "{field}: {length} bytes expected, got {}",
            bytes.len()
        ))),
        Err(_) => Err(Error::Unprocessable(format!("{field}: not base64url"))),
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
struct EndpointOnly {
    endpoint: String,
}

/// Stop push messages to a device of this person's
#[utoipa::path(
    delete,
    path = "/api/v1/me/push-subscriptions",
    tag = "push",
    security(("session_cookie" = [])),
    request_body = EndpointOnly,
    responses(
        (status = 204, description = "Removed"),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Unprocessable),
    ),
)]
async fn delete_subscription(
    SignedIn { person_id, .. }: SignedIn,
    State(state): State<AppState>,
    Json(request): Json<EndpointOnly>,
) -> Result<StatusCode> {
    let person = &person_id;
    match state
        .store
        .delete_subscription(person, request.endpoint.trim(), state.clock.wall())
        .await?
    {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(Error::NotFound),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
struct Announced {
    /// Devices it is queued for.
    devices: u64,
    /// The notification, for `GET /api/v1/notifications/{id}`.
    id: String,
}

/// Send an announcement to devices
#[utoipa::path(
    post,
    path = "/api/v1/announcements",
    tag = "push",
    security(("session_cookie" = [])),
    request_body = AnnouncementRequest,
    responses(
        (status = 201, description = "Queued", body = Announced),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Unprocessable),
    ),
)]
async fn create_announcement(
    _: Organiser,
    State(state): State<AppState>,
    Json(request): Json<AnnouncementRequest>,
) -> Result<Response> {
    let (id, devices) = announce(&state, &request).await?;
    Ok((StatusCode::CREATED, Json(Announced { devices, id })).into_response())
}

/// How far a notification has got
#[utoipa::path(
    get,
    path = "/api/v1/notifications/{id}",
    tag = "push",
    security(("session_cookie" = [])),
    params(("id" = String, Path, description = "An announcement's or a session change's notification")),
    responses(
        (status = 200, description = "Devices sent to, failed and pending", body = Progress),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
)]
async fn get_progress(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Progress>> {
    state
        .store
        .notification_progress(&id)
        .await?
        .map(Json)
        .ok_or(Error::NotFound)
}
