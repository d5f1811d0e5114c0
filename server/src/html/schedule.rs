//! My schedule's form: the calendar feed's reminder minutes, or a new address.

use crate::access::SignedIn;
use crate::auth::tokens;
use crate::error::{Error, Result};
use crate::state::AppState;
use app::access::form_value;
use axum::Router;
use axum::extract::{Request, State};
use axum::response::Response;
use axum::routing::post;

use super::{read_form, see_other};

pub fn router() -> Router<AppState> {
    Router::new().route("/schedule/calendar-feed", post(change_calendar_feed))
}

/// The schedule page's feed form: save the reminder minutes, or rotate the address.
async fn change_calendar_feed(
    SignedIn {
        person_id: person, ..
    }: SignedIn,
    State(state): State<AppState>,
    request: Request,
) -> Result<Response> {
    let values = read_form(request.into_body()).await?;
    crate::calendar_feed::feed_of(&state, &person).await?;
    match form_value(&values, "action") {
        "rotate" => {
            state
                .store
                .rotate_calendar_feed(&person, &tokens::new_token(), state.clock.now())
                .await?
        }
        _ => {
            let minutes: u32 = form_value(&values, "alarm_minutes")
                .parse()
                .map_err(|_| Error::BadRequest("alarm_minutes".into()))?;
            if minutes > 1440 {
                return Err(Error::Unprocessable(
                    "alarm_minutes must be between 0 and 1440".into(),
                ));
            }
            state.store.set_calendar_alarm(&person, minutes).await?;
        }
    }
    Ok(see_other("/schedule"))
}
