//! Entry passes: a confirmed participant's own pass, the public keys the door verifies it with,
//! an organiser re-issuing a pass (a lost phone), and the scans door devices send.

use super::ApiRoutes;
use super::openapi::{
    BadRequest, Forbidden, NotFound, PayloadTooLarge, Unauthorized, Unprocessable,
    UnsupportedMediaType,
};
use crate::access::{DoorStaff, Organiser, SignedIn};
use crate::entry::{EntryPass, Jwks, Refusal};
use crate::error::{Error, Result};
use crate::state::AppState;
use crate::store::{RosterEntry, ScannedPass};
use app::access::{PersonId, Role};
use app::door::Verdict;
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;

pub(super) fn routes() -> ApiRoutes {
    ApiRoutes::new()
        .get("/me/entry-pass", my_entry_pass)
        .get("/entry/jwks", public_keys)
        .post("/people/{id}/reissue-pass", reissue_pass)
        .post("/checkins", check_in)
        .get("/entry/roster", roster)
}

/// One scan, as a door device queued it: a scanned QR (`pass`) or a look-up by name
/// (`pass_id` from the roster, after staff checked an identity document).
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
struct Scan {
    /// The QR code's content: the pass (a compact JWS), or whatever was scanned.
    #[serde(default)]
    #[schema(max_length = 4096)]
    pass: String,
    /// Instead of `pass`: the roster's pass id of a person looked up by name.
    #[schema(max_length = 100)]
    pass_id: Option<String>,
    /// What the device showed (`admitted`, …): a scan shown as admitted that the server finds
    /// already admitted or revoked is flagged to organisers.
    shown: Option<Verdict>,
    scanned_at: chrono::DateTime<chrono::FixedOffset>,
    #[schema(example = "main", max_length = 100)]
    door: String,
    #[schema(max_length = 100)]
    device: String,
    /// Unique per scan: the same scan sent twice counts once.
    #[schema(min_length = 8, max_length = 100)]
    nonce: String,
}

/// The server's verdict on one scan, in the order sent.
#[derive(Serialize, utoipa::ToSchema)]
struct Checked {
    nonce: String,
    /// `admitted`, `already_admitted`, `revoked`, `invalid` or `wrong_event`.
    result: String,
    /// For `already_admitted`: when and at which door the pass was first admitted.
    first_admitted_at: Option<chrono::DateTime<chrono::Utc>>,
    first_door: Option<String>,
}

/// The most scans one request may carry.
const MAX_SCANS: usize = 5000;

/// Send queued door scans
///
/// Each scan is verified as the door did (signature, event, days) and against the pass's
/// current version and its holder's status; the same nonce twice answers what it answered the
/// first time. A pass admitted on two offline devices: the later scan is `already_admitted`.
#[utoipa::path(
    post,
    path = "/api/v1/checkins",
    tag = "entry",
    security(("session_cookie" = [])),
    request_body = Vec<Scan>,
    responses(
        (status = 200, description = "One verdict per scan", body = Vec<Checked>),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Unprocessable),
    ),
)]
async fn check_in(
    DoorStaff(staff): DoorStaff,
    State(state): State<AppState>,
    Json(scans): Json<Vec<Scan>>,
) -> Result<Json<Vec<Checked>>> {
    if scans.len() > MAX_SCANS {
        return Err(Error::Unprocessable(format!(
            "at most {MAX_SCANS} scans per request"
        )));
    }
    let slug = state.agenda.slug();
    let sent_by = staff.person_id.ok_or(Error::Unauthorized)?;
    let latest_scan = state.clock.now() + chrono::Duration::minutes(5);
    let mut checked = Vec::with_capacity(scans.len());
    for scan in &scans {
        let too_long = [(&scan.door, 100), (&scan.device, 100), (&scan.nonce, 100)];
        if too_long
            .iter()
            .any(|(text, max)| text.chars().count() > *max)
            || scan.nonce.chars().count() < 8
        {
            return Err(Error::Unprocessable(
                "door, device: at most 100 characters; nonce: 8 to 100".into(),
            ));
        }
        // A device's clock may be wrong; one ahead of the server's cannot make a pass valid
        // on a day still to come, nor put an admission after the ones that follow it.
        let at = scan.scanned_at.with_timezone(&chrono::Utc).min(latest_scan);
        crate::store::storable_timestamp("scanned_at", at)?;
        let (verified, refused) = match &scan.pass_id {
            Some(_) if !scan.pass.is_empty() => {
                return Err(Error::Unprocessable(
                    "a scan has either pass or pass_id, not both".into(),
                ));
            }
            Some(id) if id.is_empty() || id.chars().count() > 100 => {
                return Err(Error::Unprocessable("pass_id: 1 to 100 characters".into()));
            }
            // The version does not matter for a look-up by name (`manual`).
            Some(id) => (Some((id.clone(), 0)), "invalid"),
            None => match state.entry.verify(&scan.pass, slug, at) {
                Ok(claims) => (Some((claims.sub, claims.ver)), "invalid"),
                Err(Refusal::WrongEvent) => (None, "wrong_event"),
                Err(Refusal::Invalid) => (None, "invalid"),
            },
        };
        checked.push(ScannedPass {
            nonce: scan.nonce.clone(),
            refused,
            verified,
            scanned_at: at,
            door: scan.door.clone(),
            device: scan.device.clone(),
            manual: scan.pass_id.is_some(),
            shown: scan.shown.map(Verdict::slug),
            sent_by: sent_by.clone(),
        });
    }
    let outcomes = state
        .store
        .record_checkins(slug, &checked, state.clock.wall())
        .await?;
    Ok(Json(
        checked
            .into_iter()
            .zip(outcomes)
            .map(|(scan, outcome)| Checked {
                nonce: scan.nonce,
                result: outcome.result,
                first_admitted_at: outcome.first.as_ref().map(|(at, _)| *at),
                first_door: outcome.first.map(|(_, door)| door),
            })
            .collect(),
    ))
}

/// What a door device keeps offline: the keys, and every pass with its holder.
#[derive(Serialize, utoipa::ToSchema)]
struct Roster {
    /// The event passes must name.
    event: String,
    /// The issuer passes must name (the public URL).
    issuer: String,
    /// When this roster was made: a pass issued later is not on it.
    synced_at: chrono::DateTime<chrono::Utc>,
    keys: Jwks,
    passes: Vec<RosterEntry>,
    /// First admissions, each named by the pass's own QR content (the first 16 bytes of its
    /// SHA-256, base64url): a device learns that a pass was admitted when that pass is shown
    /// to it, never a list of who came.
    admitted: Vec<RosterAdmission>,
    /// The end of the event's last day: a device drops the roster after it.
    valid_until: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, utoipa::ToSchema)]
struct RosterAdmission {
    pass_hash: String,
    at: chrono::DateTime<chrono::Utc>,
    door: String,
}

/// The door's roster (door staff and organisers)
///
/// Every pass of the event with its current version and status, the names and organisations
/// of confirmed holders, first admissions named only by a hash of the pass's QR content, and
/// the keys passes are signed with. Door devices keep it offline and drop it at sign-out.
/// `Cache-Control: no-store`.
#[utoipa::path(
    get,
    path = "/api/v1/entry/roster",
    tag = "entry",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The roster", body = Roster),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
    ),
)]
async fn roster(
    _: DoorStaff,
    State(state): State<AppState>,
) -> Result<([(axum::http::HeaderName, &'static str); 1], Json<Roster>)> {
    let now = state.clock.wall();
    let slug = state.agenda.slug();
    let passes = state
        .store
        .entry_roster(slug, crate::auth::tokens::new_id, now)
        .await?;
    let event = &state.agenda.current().full.event;
    let mut admitted = Vec::new();
    for (pass_id, version, first) in state.store.admitted_passes(slug).await? {
        let stored = crate::store::StoredPass { pass_id, version };
        let pass = state.entry.sign(event, &state.auth.public_url, &stored)?;
        admitted.push(RosterAdmission {
            pass_hash: crate::entry::pass_hash(&pass.pass),
            at: first.at,
            door: first.door,
        });
    }
    let roster = Roster {
        event: slug.to_string(),
        issuer: state.auth.public_url.clone(),
        synced_at: now,
        keys: state.entry.jwks(),
        passes,
        admitted,
        valid_until: crate::entry::event_window(event).1,
    };
    Ok((
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        Json(roster),
    ))
}

/// My entry pass
///
/// A compact JWS (Ed25519, `alg` `EdDSA`) for the QR code, valid over the event's days. For
/// confirmed participants only: 403 for an invitee who is not confirmed yet.
#[utoipa::path(
    get,
    path = "/api/v1/me/entry-pass",
    tag = "me",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The pass", body = EntryPass),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
    ),
)]
async fn my_entry_pass(
    SignedIn { viewer, person_id }: SignedIn,
    State(state): State<AppState>,
) -> Result<Json<EntryPass>> {
    if viewer.role < Role::Delegate {
        return Err(Error::Forbidden);
    }
    let new_id = crate::auth::tokens::new_id();
    let stored = state
        .store
        .entry_pass(&person_id, &new_id, state.clock.wall())
        .await?;
    let event = &state.agenda.current().full.event;
    Ok(Json(state.entry.sign(
        event,
        &state.auth.public_url,
        &stored,
    )?))
}

/// The keys entry passes are signed with (JWKS)
///
/// Every key still valid, newest last; a pass names its key with `kid`.
#[utoipa::path(
    get,
    path = "/api/v1/entry/jwks",
    tag = "entry",
    responses((status = 200, description = "The public keys", body = Jwks)),
)]
async fn public_keys(State(state): State<AppState>) -> Json<Jwks> {
    Json(state.entry.jwks())
}

#[derive(Serialize, utoipa::ToSchema)]
struct Reissued {
    id: PersonId,
    /// The pass's new version: QR codes of earlier versions are refused.
    version: i64,
}

/// Re-issue a person's entry pass (a lost phone)
#[utoipa::path(
    post,
    path = "/api/v1/people/{id}/reissue-pass",
    tag = "people",
    security(("session_cookie" = [])),
    params(("id" = String, Path, description = "The person")),
    responses(
        (status = 200, description = "Re-issued", body = Reissued),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
    ),
)]
async fn reissue_pass(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<PersonId>,
) -> Result<Json<Reissued>> {
    let version = crate::journey::reissue_pass(&state, &id).await?;
    Ok(Json(Reissued { id, version }))
}
