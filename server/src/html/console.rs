//! The forms of the organiser's programme console (`/organiser/programme`): a session's room,
//! time or cancellation, and announcements with a preview. They go through the same checks as
//! the API; a refused form is shown again with what was typed and why.

use super::{read_form, render_at, see_other};
use crate::access::Organiser;
use crate::announcements::{AnnouncementRequest, announce};
use crate::editing::form::venue_time;
use crate::error::{Error, Result};
use crate::push::messages::announcement_texts;
use crate::session_changes::{SessionChange, SessionChanged, apply_session_change};
use crate::state::AppState;
use app::access::{ConsoleView, form_value};
use app::i18n::Lang;
use axum::Router;
use axum::extract::{Path, Request, State};
use axum::response::Response;
use axum::routing::post;
use std::collections::BTreeMap;

const PAGE: &str = "/organiser/programme";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organiser/sessions/{id}", post(change_session))
        .route("/organiser/announce", post(send_announcement))
}

async fn change_session(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response> {
    let (parts, body) = request.into_parts();
    let values = read_form(body).await?;
    let agenda = state.agenda.current().full;
    let zone: chrono_tz::Tz = agenda.event.timezone.parse().unwrap_or(chrono_tz::UTC);
    let time = |name: &str| {
        venue_time(form_value(&values, name), &zone).map_err(|why| format!("{name}: {why}"))
    };
    let parsed = time("start").and_then(|start| time("end").map(|end| (start, end)));
    let outcome = match parsed {
        Ok((start, end)) => {
            let room = form_value(&values, "room_id");
            let change = SessionChange {
                room_id: Some((!room.is_empty()).then(|| room.to_string())),
                start: Some(start),
                end: Some(end),
                cancelled: Some(form_value(&values, "cancelled") == "true"),
            };
            apply_session_change(&state, &id, change).await
        }
        Err(why) => Err(Error::Unprocessable(why)),
    };
    match outcome {
        Ok(changed) => Ok(back_to_plan(&changed, &zone)),
        Err(Error::Unprocessable(why)) => {
            let view = ConsoleView {
                error: Some(why),
                ..Default::default()
            };
            Ok(render_at(&state, &parts, Some(PAGE), view).await)
        }
        Err(e) => Err(e),
    }
}

/// After a change, the day plan at the session's own day, following the notification the
/// change joined, if any (the console's move, and the editor's session form).
pub(super) fn back_to_plan(changed: &SessionChanged, zone: &chrono_tz::Tz) -> Response {
    let follow = changed
        .notification
        .as_ref()
        .map(|n| format!("&notification={n}"))
        .unwrap_or_default();
    let day = changed.session.start.with_timezone(zone).date_naive();
    let id = &changed.session.id;
    see_other(&format!("{PAGE}?day={day}{follow}#session-{id}"))
}

async fn send_announcement(
    _: Organiser,
    State(state): State<AppState>,
    request: Request,
) -> Result<Response> {
    let (parts, body) = request.into_parts();
    let values = read_form(body).await?;
    let texts: Vec<(String, String)> = Lang::ALL
        .into_iter()
        .map(|l| {
            (
                l.code().to_string(),
                form_value(&values, &format!("text_{}", l.code())).to_string(),
            )
        })
        .collect();
    let audience = form_value(&values, "audience").to_string();
    let mut view = ConsoleView {
        texts: texts.clone(),
        audience: audience.clone(),
        ..Default::default()
    };
    if form_value(&values, "action") == "preview" {
        let written: BTreeMap<Lang, String> = texts
            .iter()
            .filter(|(_, t)| !t.trim().is_empty())
            .filter_map(|(code, t)| Lang::parse(code).map(|l| (l, t.trim().to_string())))
            .collect();
        match announcement_texts(&written) {
            Some(preview) => {
                view.preview = preview
                    .into_iter()
                    .map(|(l, t)| (l, t.title, t.body))
                    .collect()
            }
            None => view.error = Some("texts: write the message in at least one language".into()),
        }
        return Ok(render_at(&state, &parts, Some(PAGE), view).await);
    }
    let request = AnnouncementRequest {
        texts: texts.into_iter().collect(),
        audience,
    };
    match announce(&state, &request).await {
        Ok((id, devices)) => {
            view = ConsoleView {
                notification: Some(id),
                announced_devices: Some(devices),
                ..Default::default()
            };
            Ok(render_at(&state, &parts, Some(PAGE), view).await)
        }
        Err(Error::Unprocessable(why)) => {
            view.error = Some(why);
            Ok(render_at(&state, &parts, Some(PAGE), view).await)
        }
        Err(e) => Err(e),
    }
}
