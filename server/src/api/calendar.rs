//! Calendars: my schedule as `.ics`, one session as `.ics`, and a private subscription feed
//! (`webcal://`, no cookie needed) that can be rotated.

use super::ApiRoutes;
use super::openapi::{
    BadRequest, Forbidden, NotFound, PayloadTooLarge, Unauthorized, Unprocessable,
    UnsupportedMediaType,
};
use crate::access::SignedIn;
use crate::auth::tokens;
use crate::calendar::{CalendarContext, calendar};
use crate::calendar_feed::feed_of;
use crate::error::{Error, Result};
use crate::state::AppState;
use app::access::CalendarFeed;
use app::access::PersonId;
use app::access::Viewer;
use app::i18n::Lang;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use serde::Deserialize;

pub(super) fn routes() -> ApiRoutes {
    ApiRoutes::new()
        .get("/me/schedule.ics", download_schedule)
        .get("/me/calendar-feed", get_feed)
        .post("/me/calendar-feed", rotate_feed)
        .patch("/me/calendar-feed", set_feed_alarm)
        .get("/sessions/{id}/ics", download_session)
}

/// `GET /calendar/{token}.ics`, outside `/api/v1` because calendar apps subscribe to it.
pub fn feed_router() -> Router<AppState> {
    Router::new().route("/calendar/{file}", get(subscribed_feed))
}

pub(super) async fn ics(
    state: &AppState,
    viewer: &Viewer,
    lang: Lang,
    only: Option<&[String]>,
    alarm: Option<u32>,
    name: &str,
) -> Result<String> {
    let agenda = state.agenda.current().for_viewer(viewer).agenda;
    let revisions = state.store.session_revisions(&agenda.event.slug).await?;
    let sessions: Vec<_> = agenda
        .sessions
        .iter()
        .filter(|s| only.is_none_or(|ids| ids.contains(&s.id)))
        .collect();
    let ctx = CalendarContext {
        agenda: &agenda,
        lang,
        revisions: &revisions,
        alarm_minutes: alarm,
        public_url: &state.auth.public_url,
        now: state.clock.now(),
    };
    Ok(calendar(&ctx, name, &sessions))
}

/// A person's bookmarked sessions as a calendar named after the event.
async fn schedule_ics(
    state: &AppState,
    viewer: &Viewer,
    person: &PersonId,
    lang: Lang,
    alarm: u32,
) -> Result<String> {
    let bookmarks = state.store.bookmarks(person).await?.sessions;
    let name = state
        .agenda
        .current()
        .public
        .event
        .short_name
        .get(lang)
        .to_string();
    ics(state, viewer, lang, Some(&bookmarks), Some(alarm), &name).await
}

fn calendar_response(body: String, filename: &str) -> Response {
    (
        [
            (CONTENT_TYPE, "text/calendar; charset=utf-8".to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
            // The feed's address is its secret, and a schedule is personal: kept nowhere.
            (CACHE_CONTROL, "private, no-store".to_string()),
        ],
        body,
    )
        .into_response()
}

/// My bookmarked sessions as an iCalendar file
#[utoipa::path(
    get,
    path = "/api/v1/me/schedule.ics",
    tag = "calendar",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The calendar, as an attachment", body = String, content_type = "text/calendar"),
        (status = 401, response = Unauthorized),
    ),
)]
async fn download_schedule(
    SignedIn { viewer, person_id }: SignedIn,
    State(state): State<AppState>,
    Extension(lang): Extension<Lang>,
) -> Result<Response> {
    let person = &person_id;
    let (_, alarm) = state
        .store
        .calendar_feed(person, &tokens::new_token(), state.clock.now())
        .await?;
    let body = schedule_ics(&state, &viewer, person, lang, alarm).await?;
    Ok(calendar_response(body, "my-schedule.ics"))
}

/// One session as an iCalendar file
#[utoipa::path(
    get,
    path = "/api/v1/sessions/{id}/ics",
    tag = "calendar",
    security((), ("session_cookie" = [])),
    params(("id" = String, Path, description = "A session this viewer may see", example = "d1-opening")),
    responses(
        (status = 200, description = "The calendar, as an attachment", body = String, content_type = "text/calendar"),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 404, response = NotFound),
    ),
)]
async fn download_session(
    State(state): State<AppState>,
    Extension(viewer): Extension<Viewer>,
    Extension(lang): Extension<Lang>,
    Path(id): Path<String>,
) -> Result<Response> {
    if state.agenda_restricted_for(&viewer) {
        return Err(Error::Unauthorized);
    }
    let agenda = state.agenda.current().for_viewer(&viewer).agenda;
    let session = agenda.session(&id).ok_or(Error::NotFound)?;
    let body = ics(
        &state,
        &viewer,
        lang,
        Some(std::slice::from_ref(&session.id)),
        None,
        session.title.get(lang),
    )
    .await?;
    Ok(calendar_response(body, &format!("{id}.ics")))
}

/// My private calendar feed's addresses (created on first use)
///
/// The addresses are secrets: anyone holding one reads the schedule, without a cookie.
#[utoipa::path(
    get,
    path = "/api/v1/me/calendar-feed",
    tag = "calendar",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The feed", body = CalendarFeed),
        (status = 401, response = Unauthorized),
    ),
)]
async fn get_feed(
    SignedIn { person_id, .. }: SignedIn,
    State(state): State<AppState>,
) -> Result<Json<CalendarFeed>> {
    Ok(Json(feed_of(&state, &person_id).await?))
}

/// Give my calendar feed new addresses; the old ones stop working
#[utoipa::path(
    post,
    path = "/api/v1/me/calendar-feed",
    tag = "calendar",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The feed at its new addresses", body = CalendarFeed),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
    ),
)]
async fn rotate_feed(
    SignedIn { person_id, .. }: SignedIn,
    State(state): State<AppState>,
) -> Result<Json<CalendarFeed>> {
    state
        .store
        .rotate_calendar_feed(&person_id, &tokens::new_token(), state.clock.now())
        .await?;
    Ok(Json(feed_of(&state, &person_id).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
struct AlarmSetting {
    /// Minutes before each session; 0 for none.
    #[schema(maximum = 1440, example = 15)]
    alarm_minutes: u32,
}

/// Set the reminder before each session in my feed
///
/// Minutes before each session; 0 for none, at most a day (1440).
#[utoipa::path(
    patch,
    path = "/api/v1/me/calendar-feed",
    tag = "calendar",
    security(("session_cookie" = [])),
    request_body = AlarmSetting,
    responses(
        (status = 200, description = "The feed with its new reminder", body = CalendarFeed),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Unprocessable),
    ),
)]
async fn set_feed_alarm(
    SignedIn { person_id, .. }: SignedIn,
    State(state): State<AppState>,
    Json(setting): Json<AlarmSetting>,
) -> Result<Json<CalendarFeed>> {
    let person = &person_id;
    if setting.alarm_minutes > 1440 {
        return Err(Error::Unprocessable(
            "alarm_minutes must be between 0 and 1440".into(),
        ));
    }
    state
        .store
        .calendar_feed(person, &tokens::new_token(), state.clock.now())
        .await?;
    state
        .store
        .set_calendar_alarm(person, setting.alarm_minutes)
        .await?;
    Ok(Json(feed_of(&state, person).await?))
}

async fn subscribed_feed(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response> {
    let token = file.strip_suffix(".ics").ok_or(Error::NotFound)?;
    let (person, role, alarm) = state
        .store
        .feed_owner(token)
        .await?
        .ok_or(Error::NotFound)?;
    // The feed shows what its owner may see today: an invitee of a closed agenda gets an empty
    // calendar (which calendar apps keep polling) until they are confirmed.
    let viewer = Viewer {
        role,
        person_id: Some(person.clone()),
        name: None,
        closed_sessions: state.store.closed_sessions_of(&person).await?,
    };
    let lang = state
        .store
        .preferred_language(&person)
        .await?
        .unwrap_or(Lang::En);
    let body = schedule_ics(&state, &viewer, &person, lang, alarm).await?;
    Ok(calendar_response(body, "schedule.ics"))
}
