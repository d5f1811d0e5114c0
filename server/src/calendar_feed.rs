//! A person's private calendar feed (`webcal://`, no cookie needed): its addresses, used by the
//! JSON API and by My schedule's page and form alike.

use crate::auth::tokens;
use crate::error::Result;
use crate::state::AppState;
use app::access::CalendarFeed;
use app::access::PersonId;

/// The person's feed addresses (creating the feed on first use).
pub async fn feed_of(state: &AppState, person: &PersonId) -> Result<CalendarFeed> {
    let (token, alarm_minutes) = state
        .store
        .calendar_feed(person, &tokens::new_token(), state.clock.now())
        .await?;
    let https_url = format!("{}/calendar/{token}.ics", state.auth.public_url);
    let url = https_url
        .replacen("https://", "webcal://", 1)
        .replacen("http://", "webcal://", 1);
    Ok(CalendarFeed {
        url,
        https_url,
        alarm_minutes,
    })
}
