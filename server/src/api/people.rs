//! Organisers' API: invitations, registrations, review, export. Every route needs the organiser
//! role; nothing here is reachable by delegates (Chatham House: no directory).

use super::ApiRoutes;
use super::openapi::{
    BadRequest, Conflict, Forbidden, NotFound, PayloadTooLarge, Unauthorized, Unprocessable,
    UnsupportedMediaType,
};
use crate::access::{Invited, Inviter, Organiser, invite, invite_csv};
use crate::csv_export::CsvExport;
use crate::error::{Error, Result};
use crate::review::{ReviewAction, apply_review};
use crate::state::AppState;
use crate::store::NewInvitation;
use app::access::PersonId;
use app::access::PersonSummary;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

pub(super) fn routes() -> ApiRoutes {
    ApiRoutes::new()
        .post("/invitations", create_invitation)
        .post("/invitations.csv", create_invitations_from_csv)
        .get("/people", list_people)
        .get("/people.csv", export_people)
        .delete("/people/{id}", delete_person)
        .post("/people/{id}/{action}", review_person)
        .post("/people/{id}/resend", resend_mail)
        .post("/people/{id}/extend", extend_deadline)
}

#[derive(Serialize, utoipa::ToSchema)]
struct Resent {
    /// The mail written to the outbox again.
    resent: app::mail::MailKind,
    id: PersonId,
}

/// Send the last mail of a person's journey again
///
/// While invited: a new registration link (earlier ones keep working until one is used); then
/// what registering, a confirmation or a decline sent. 409 when no SMTP server is configured,
/// or for a revoked person. Organisers see its progress in the person's `mails`.
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/resend",
    tag = "people",
    security(("session_cookie" = [])),
    params(("id" = String, Path, description = "The person")),
    responses(
        (status = 202, description = "Written to the outbox", body = Resent),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
    ),
)]
async fn resend_mail(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<PersonId>,
) -> Result<(StatusCode, Json<Resent>)> {
    let resent = crate::journey::resend(&state, &id).await?;
    Ok((StatusCode::ACCEPTED, Json(Resent { resent, id })))
}

/// One invitee's own registration deadline.
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Extension {
    /// Until when this person may still register (RFC 3339); `null` withdraws the extension.
    #[schema(example = "2024-11-25T23:59:00+01:00")]
    until: Option<chrono::DateTime<chrono::FixedOffset>>,
}

/// Give one invitee more time to register
///
/// Past the event's deadline the registration form is closed (410) except for people given
/// their own later deadline here; with mail configured they get a new link saying until when.
/// 409 once the person has registered.
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/extend",
    tag = "people",
    security(("session_cookie" = [])),
    params(("id" = String, Path, description = "The person")),
    request_body = Extension,
    responses(
        (status = 204, description = "Extended"),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Unprocessable),
    ),
)]
async fn extend_deadline(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<PersonId>,
    Json(extension): Json<Extension>,
) -> Result<StatusCode> {
    let until = extension.until.map(|t| t.with_timezone(&chrono::Utc));
    if let Some(until) = until {
        crate::store::storable_timestamp("until", until)?;
    }
    crate::journey::extend(&state, &id, until).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Invite one person
///
/// The answer holds the invitation link, shown this once and never stored.
#[utoipa::path(
    post,
    path = "/api/v1/invitations",
    tag = "people",
    security(("session_cookie" = [])),
    request_body = NewInvitation,
    responses(
        (status = 201, description = "Invited", body = Invited),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 409, response = Conflict),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Unprocessable),
    ),
)]
async fn create_invitation(
    _: Organiser,
    State(state): State<AppState>,
    Json(new): Json<NewInvitation>,
) -> Result<(StatusCode, Json<Invited>)> {
    let agenda = state.agenda.current().full;
    Ok((
        StatusCode::CREATED,
        Json(invite(Inviter::of(&state), &agenda, new).await?),
    ))
}

/// Invite everyone in a CSV file, all or none
///
/// Columns `name,email,organisation,country[,role][,closed_sessions]` (`;` between closed
/// sessions), a header row first, at most 5000 rows. Every row is checked; one problem and
/// nobody is invited.
#[utoipa::path(
    post,
    path = "/api/v1/invitations.csv",
    tag = "people",
    security(("session_cookie" = [])),
    request_body(content = String, content_type = "text/csv", description = "UTF-8 CSV with a header row",
        example = "name,email,organisation,country,role\nAmina Ben Salah,amina@example.org,Garde nationale,Tunisia,delegate\n"),
    responses(
        (status = 201, description = "Everyone invited, with their links", body = Vec<Invited>),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 422, response = Unprocessable),
    ),
)]
async fn create_invitations_from_csv(
    _: Organiser,
    State(state): State<AppState>,
    body: String,
) -> Result<(StatusCode, Json<Vec<Invited>>)> {
    let agenda = state.agenda.current().full;
    Ok((
        StatusCode::CREATED,
        Json(invite_csv(Inviter::of(&state), &agenda, &body).await?),
    ))
}

/// Everyone invited to the event, with their registration
#[utoipa::path(
    get,
    path = "/api/v1/people",
    tag = "people",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The people", body = Vec<PersonSummary>),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
    ),
)]
async fn list_people(
    _: Organiser,
    State(state): State<AppState>,
) -> Result<Json<Vec<PersonSummary>>> {
    Ok(Json(state.store.people(state.agenda.slug()).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
struct Reviewed {
    done: ReviewAction,
    id: PersonId,
}

/// Confirm, decline or revoke a person, sign them out of every device, or delete them
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/{action}",
    tag = "people",
    security(("session_cookie" = [])),
    params(
        ("id" = String, Path, description = "The person"),
        ("action" = ReviewAction, Path, description = "What to do (any other action is 404)"),
    ),
    responses(
        (status = 200, description = "Done", body = Reviewed),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
)]
async fn review_person(
    _: Organiser,
    State(state): State<AppState>,
    Path((id, action)): Path<(PersonId, String)>,
) -> Result<Json<Reviewed>> {
    let action = ReviewAction::parse(&action).ok_or(Error::NotFound)?;
    apply_review(&state, &id, action).await?;
    Ok(Json(Reviewed { done: action, id }))
}

/// Delete a person and everything kept about them
#[utoipa::path(
    delete,
    path = "/api/v1/people/{id}",
    tag = "people",
    security(("session_cookie" = [])),
    params(("id" = String, Path, description = "The person")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
)]
async fn delete_person(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<PersonId>,
) -> Result<StatusCode> {
    apply_review(&state, &id, ReviewAction::Delete).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Registrations as CSV for the organisers' own records
#[utoipa::path(
    get,
    path = "/api/v1/people.csv",
    tag = "people",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "One row per person, with a header row, as an attachment", body = String, content_type = "text/csv"),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
    ),
)]
async fn export_people(_: Organiser, State(state): State<AppState>) -> Result<Response> {
    let people = state.store.people(state.agenda.slug()).await?;
    let header = [
        "name",
        "email",
        "organisation",
        "country",
        "role",
        "status",
        "title",
        "preferred_language",
        "interpretation_needs",
        "accessibility_needs",
        "side_events",
        "closed_sessions",
        "invited_at",
    ];
    let mut export = CsvExport::new(header)?;
    for p in &people {
        let r = p.registration.as_ref();
        let langs =
            |l: &[app::i18n::Lang]| l.iter().map(|l| l.code()).collect::<Vec<_>>().join(";");
        export.row([
            p.name.as_str(),
            &p.email,
            &p.organisation,
            &p.country,
            p.role.slug(),
            p.status.slug(),
            r.map_or("", |r| r.title.as_str()),
            r.map_or("", |r| r.preferred_language.code()),
            &r.map(|r| langs(&r.interpretation_needs))
                .unwrap_or_default(),
            r.map_or("", |r| r.accessibility_needs.as_str()),
            &r.map(|r| r.side_events.join(";")).unwrap_or_default(),
            &p.closed_sessions.join(";"),
            &p.created_at,
        ])?;
    }
    let body = export.finish()?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"registrations.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}
