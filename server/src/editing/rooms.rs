//! A room, created or replaced: names, floor and directions in the four languages, and seats
//! (what seats against interest compares bookmarks with).

use super::{LONG, SHORT, localized};
use crate::error::{Error, Result};
use crate::state::AppState;
use app::editing::{EditErrors, EditProblem, slug_of};
use app::model::{Localized, Room};
use serde::{Deserialize, Serialize};

/// A room's fields (`POST /api/v1/rooms` creates one, its id made from the English name;
/// `PUT /api/v1/rooms/{id}` replaces one).
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": {"en": "Dido Room", "fr": "Salle Didon"}, "floor": {"en": "Ground floor"}, "capacity": 60}))]
pub struct RoomInput {
    pub name: Localized,
    #[serde(default)]
    pub floor: Localized,
    /// Seats; absent when unknown.
    #[serde(default)]
    pub capacity: Option<u32>,
    #[serde(default)]
    pub directions: Localized,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RoomSaved {
    pub room: Room,
    pub version: i64,
}

const MAX_SEATS: u32 = 100_000;

/// Checks a room; `id` is the room it replaces, `None` for a new one (its id from the name).
pub fn check_room(id: Option<&str>, input: RoomInput) -> std::result::Result<Room, EditErrors> {
    let mut errors = EditErrors::new();
    let name = localized(&input.name, "name", true, SHORT, &mut errors);
    let floor = localized(&input.floor, "floor", false, SHORT, &mut errors);
    let directions = localized(&input.directions, "directions", false, LONG, &mut errors);
    if input.capacity.is_some_and(|c| c == 0 || c > MAX_SEATS) {
        errors.push(("capacity".into(), EditProblem::Invalid));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Room {
        id: id.map_or_else(|| slug_of(&name.en, "room"), str::to_string),
        name,
        floor,
        capacity: input.capacity,
        directions,
    })
}

/// Stores a checked room and publishes the agenda with it.
pub async fn save_room(state: &AppState, room: Room, create: bool) -> Result<RoomSaved> {
    let (room, version) = state
        .store
        .save_room(state.agenda.slug(), &room, create, state.clock.wall())
        .await?
        .ok_or(Error::NotFound)?;
    state.agenda.refresh().await?;
    Ok(RoomSaved { room, version })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rooms_need_an_english_name_and_sensible_seats() {
        let input = RoomInput {
            name: Localized {
                en: "Dido Room".into(),
                ..Default::default()
            },
            floor: Localized::default(),
            capacity: Some(60),
            directions: Localized::default(),
        };
        assert_eq!(check_room(None, input.clone()).unwrap().id, "dido-room");
        assert_eq!(
            check_room(Some("elissa"), input.clone()).unwrap().id,
            "elissa"
        );
        let bad = RoomInput {
            name: Localized::default(),
            capacity: Some(0),
            ..input
        };
        let errors = check_room(None, bad).unwrap_err();
        assert_eq!(
            errors,
            vec![
                ("name.en".to_string(), EditProblem::Required),
                ("capacity".to_string(), EditProblem::Invalid)
            ]
        );
    }
}
