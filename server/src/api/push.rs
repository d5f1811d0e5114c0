//! Push over the API: the server's public key, a device's subscription and preferences, an
//! organiser's announcement and the progress of any notification.
//!
//! - `GET /api/v1/push/key`
//! - `GET|POST|DELETE /api/v1/me/push-subscriptions`
//! - `POST /api/v1/announcements`, `GET /api/v1/notifications/{id}` (organisers)

use crate::access::{Organiser, SignedIn};
use crate::announcements::{AnnouncementRequest, announce};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::{NewSubscription, Progress, PushPreferences, SubscriptionView};
use app::i18n::Lang;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use serde_json::json;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/push/key", get(get_public_key))
        .route(
            "/me/push-subscriptions",
            get(list_subscriptions)
                .post(save_subscription)
                .delete(delete_subscription),
        )
        .route("/announcements", post(create_announcement))
        .route("/notifications/{id}", get(get_progress))
}

async fn get_public_key(State(state): State<AppState>) -> Json<serde_json::Value> {
    Json(json!({ "public_key": state.push.public_key() }))
}

/// `PushSubscription.toJSON()`, with the device's language and preferences.
#[derive(Deserialize)]
pub struct SubscriptionRequest {
    endpoint: String,
    keys: Option<Keys>,
    lang: Option<String>,
    preferences: Option<PushPreferences>,
}

#[derive(Deserialize)]
struct Keys {
    p256dh: String,
    auth: String,
}

async fn list_subscriptions(
    SignedIn { person_id, .. }: SignedIn,
    State(state): State<AppState>,
) -> Result<Json<Vec<SubscriptionView>>> {
    let person = person_id.as_str();
    Ok(Json(state.store.subscriptions_of(person).await?))
}

async fn save_subscription(
    SignedIn { person_id, .. }: SignedIn,
    State(state): State<AppState>,
    Extension(negotiated): Extension<Lang>,
    Json(request): Json<SubscriptionRequest>,
) -> Result<Response> {
    let person = person_id.as_str();
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
    let body =
        json!({ "endpoint": endpoint.as_str(), "lang": lang.code(), "preferences": preferences });
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

#[derive(Deserialize)]
struct EndpointOnly {
    endpoint: String,
}

async fn delete_subscription(
    SignedIn { person_id, .. }: SignedIn,
    State(state): State<AppState>,
    Json(request): Json<EndpointOnly>,
) -> Result<StatusCode> {
    let person = person_id.as_str();
    match state
        .store
        .delete_subscription(person, request.endpoint.trim(), state.clock.wall())
        .await?
    {
        true => Ok(StatusCode::NO_CONTENT),
        false => Err(Error::NotFound),
    }
}

async fn create_announcement(
    _: Organiser,
    State(state): State<AppState>,
    Json(request): Json<AnnouncementRequest>,
) -> Result<Response> {
    let (id, devices) = announce(&state, &request).await?;
    Ok((
        StatusCode::CREATED,
        Json(json!({ "id": id, "devices": devices })),
    )
        .into_response())
}

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
