//! Entry passes: a confirmed participant's own pass, the public keys the door verifies it with,
//! and an organiser re-issuing a pass (a lost phone).

use super::ApiRoutes;
use super::openapi::{BadRequest, Forbidden, NotFound, Unauthorized};
use crate::access::{Organiser, SignedIn};
use crate::entry::{EntryPass, Jwks};
use crate::error::{Error, Result};
use crate::state::AppState;
use app::access::{PersonId, Role};
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;

pub(super) fn routes() -> ApiRoutes {
    ApiRoutes::new()
        .get("/me/entry-pass", my_entry_pass)
        .get("/entry/jwks", public_keys)
        .post("/people/{id}/reissue-pass", reissue_pass)
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
    let new_id = crate::auth::tokens::new_id();
    let version = state
        .store
        .reissue_entry_pass(state.agenda.slug(), &id, &new_id, state.clock.wall())
        .await?
        .ok_or(Error::NotFound)?;
    Ok(Json(Reissued { id, version }))
}
