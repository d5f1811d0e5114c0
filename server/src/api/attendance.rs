//! Who came, for the organisers' records: one row per confirmed or admitted person with their
//! first admission in venue time. Nobody else ever sees who came.

use super::ApiRoutes;
use super::openapi::{Forbidden, Unauthorized};
use crate::access::Organiser;
use crate::csv_export::CsvExport;
use crate::error::Result;
use crate::state::AppState;
use app::domain::venue_time::VenueTime;
use axum::extract::State;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

pub(super) fn routes() -> ApiRoutes {
    ApiRoutes::new().get("/attendance.csv", export_attendance)
}

/// Attendance as CSV (organisers only)
///
/// One row per confirmed or admitted person: name, organisation, country, role, status, and
/// the first admission (venue date and time, the zone's offset, door, device, and `scan` or
/// `name` for a look-up by name), empty for someone not admitted.
#[utoipa::path(
    get,
    path = "/api/v1/attendance.csv",
    tag = "entry",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "One row per person, with a header row, as an attachment", body = String, content_type = "text/csv"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
    ),
)]
async fn export_attendance(_: Organiser, State(state): State<AppState>) -> Result<Response> {
    let people = state.store.attendance(state.agenda.slug()).await?;
    let event = &state.agenda.current().full.event;
    let venue = VenueTime::of(event);
    let header = [
        "name",
        "organisation",
        "country",
        "role",
        "status",
        "admitted_at",
        "door",
        "device",
        "method",
    ];
    let mut export = CsvExport::new(header)?;
    for p in &people {
        // Venue time with its offset, so a spreadsheet anywhere reads the same instant.
        let at = p.admitted.as_ref().map(|a| {
            let offset = venue.offset_label(venue.date(a.at));
            format!(
                "{}T{}{}",
                venue.date(a.at),
                venue.clock(a.at),
                offset.trim_start_matches("UTC")
            )
        });
        let method = p.admitted.as_ref().map(|a| match a.manual {
            true => "name",
            false => "scan",
        });
        export.row([
            p.name.as_str(),
            &p.organisation,
            &p.country,
            &p.role,
            &p.status,
            at.as_deref().unwrap_or(""),
            p.admitted.as_ref().map_or("", |a| a.door.as_str()),
            p.admitted.as_ref().map_or("", |a| a.device.as_str()),
            method.unwrap_or(""),
        ])?;
    }
    let body = export.finish()?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"attendance.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}
