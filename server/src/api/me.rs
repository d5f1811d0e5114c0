//! `GET /api/v1/me`: who the current device is signed in as.

use super::ApiRoutes;
use super::openapi::Unauthorized;
use crate::access::SignedIn;
use crate::error::Result;
use app::access::Role;
use axum::Json;
use serde::Serialize;

pub(super) fn routes() -> ApiRoutes {
    ApiRoutes::new().get("/me", get_me)
}

#[derive(Serialize, utoipa::ToSchema)]
struct Me {
    name: Option<String>,
    role: Role,
}

/// Who this device is signed in as
#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "me",
    security(("session_cookie" = [])),
    responses(
        (status = 200, description = "The person's name and role", body = Me),
        (status = 401, response = Unauthorized),
    ),
)]
async fn get_me(SignedIn { viewer, .. }: SignedIn) -> Result<Json<Me>> {
    Ok(Json(Me {
        name: viewer.name,
        role: viewer.role,
    }))
}
