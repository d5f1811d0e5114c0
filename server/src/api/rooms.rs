//! `POST /api/v1/rooms` and `PUT /api/v1/rooms/{id}` (organisers): add a room or replace one
//! (`editing` checks and stores it).

use super::ApiRoutes;
use super::openapi::{
    BadRequest, Forbidden, NotFound, PayloadTooLarge, Unauthorized, Unprocessable,
    UnsupportedMediaType,
};
use crate::access::Organiser;
use crate::editing::{RoomInput, RoomSaved, check_room, refused, save_room};
use crate::error::{Error, Result};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;

pub(super) fn routes() -> ApiRoutes {
    ApiRoutes::new()
        .post("/rooms", create_room)
        .put("/rooms/{id}", replace_room)
}

/// Add a room
///
/// Its id is made from the English name (`-2`, `-3`… when taken).
#[utoipa::path(
    post,
    path = "/api/v1/rooms",
    tag = "sessions",
    security(("session_cookie" = [])),
    request_body = RoomInput,
    responses(
        (status = 201, description = "The room as created", body = RoomSaved),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Unprocessable),
    ),
)]
async fn create_room(
    _: Organiser,
    State(state): State<AppState>,
    Json(input): Json<RoomInput>,
) -> Result<(StatusCode, Json<RoomSaved>)> {
    let room = check_room(None, input).map_err(refused)?;
    Ok((
        StatusCode::CREATED,
        Json(save_room(&state, room, true).await?),
    ))
}

/// Replace a room
#[utoipa::path(
    put,
    path = "/api/v1/rooms/{id}",
    tag = "sessions",
    security(("session_cookie" = [])),
    params(("id" = String, Path, description = "The room", example = "hannibal")),
    request_body = RoomInput,
    responses(
        (status = 200, description = "The room as saved", body = RoomSaved),
        (status = 400, response = BadRequest),
        (status = 401, response = Unauthorized),
        (status = 403, response = Forbidden),
        (status = 404, response = NotFound),
        (status = 413, response = PayloadTooLarge),
        (status = 415, response = UnsupportedMediaType),
        (status = 422, response = Unprocessable),
    ),
)]
async fn replace_room(
    _: Organiser,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Json(input): Json<RoomInput>,
) -> Result<Json<RoomSaved>> {
    state
        .agenda
        .current()
        .full
        .room(&id)
        .ok_or(Error::NotFound)?;
    let room = check_room(Some(&id), input).map_err(refused)?;
    Ok(Json(save_room(&state, room, false).await?))
}
