//! The rooms and themes of an import: the stored ones, recognised by our GUIDs and ids where the
//! file was exported by us and by name otherwise, and new ones as the file names them.

use super::draft::DraftRoom;
use super::text::slugify;
use crate::frab::stable_uuid;
use crate::programme::is_slug;
use app::i18n::Lang;
use app::model::{Agenda, Kind, Localized, Room, Theme};
use std::collections::HashMap;

/// The event's rooms, growing as the file names new ones.
pub struct Rooms {
    pub list: Vec<Room>,
    event: String,
    language: Lang,
    /// What each room of the file resolved to: sessions name the same few rooms many times.
    seen: HashMap<(String, Option<String>, Option<String>), Option<String>>,
}

impl Rooms {
    pub fn new(event: &str, existing: Option<&Agenda>, language: Lang) -> Rooms {
        Rooms {
            list: existing.map(|a| a.rooms.clone()).unwrap_or_default(),
            event: event.to_string(),
            language,
            seen: HashMap::new(),
        }
    }

    /// The room a file's room is, `None` for "no room" (our exports list those sessions under
    /// the venue with the GUID of the empty room id).
    pub fn resolve(&mut self, room: &DraftRoom) -> Option<String> {
        let key = (room.name.clone(), room.guid.clone(), room.slug.clone());
        if let Some(id) = self.seen.get(&key) {
            return id.clone();
        }
        let id = self.find_or_add(room);
        self.seen.insert(key, id.clone());
        id
    }

    fn find_or_add(&mut self, room: &DraftRoom) -> Option<String> {
        let guid = |id: &str| stable_uuid(&self.event, &format!("room:{id}"));
        if room.guid.as_deref() == Some(guid("").as_str()) {
            return None;
        }
        let name = room.name.trim();
        let known = self.list.iter().position(|r| {
            room.guid.as_deref() == Some(guid(&r.id).as_str())
                || room.slug.as_deref() == Some(r.id.as_str())
                || Lang::ALL.iter().any(|l| {
                    let own = r.name.get(*l).trim();
                    !own.is_empty()
                        && (own.eq_ignore_ascii_case(name)
                            || name
                                .to_lowercase()
                                .starts_with(&format!("{}, ", own.to_lowercase())))
                })
        });
        if let Some(known) = known {
            let known = &mut self.list[known];
            known.capacity = known.capacity.or(room.capacity);
            return Some(known.id.clone());
        }
        if name.is_empty() {
            return None;
        }
        let wanted = room
            .slug
            .clone()
            .filter(|s| is_slug(s))
            .unwrap_or_else(|| slugify(name));
        let id = unique(&wanted, "room", |c| self.list.iter().any(|r| r.id == c));
        let mut label = Localized {
            en: name.to_string(),
            ..Default::default()
        };
        super::merge::set(&mut label, self.language, name.to_string(), true);
        self.list.push(Room {
            id: id.clone(),
            name: label,
            floor: Localized::default(),
            capacity: room.capacity,
            directions: Localized::default(),
        });
        Some(id)
    }
}

/// The event's themes, growing as the file names new tracks.
pub struct Themes {
    pub list: Vec<Theme>,
    seen: HashMap<(String, Option<String>), Option<Option<String>>>,
}

impl Themes {
    pub fn new(existing: Option<&Agenda>) -> Themes {
        Themes {
            list: existing.map(|a| a.themes.clone()).unwrap_or_default(),
            seen: HashMap::new(),
        }
    }

    /// `Some(theme)` for a track, `Some(None)` never; `None` when the track only names a kind of
    /// session (our exports write the kind where a session has no theme), which keeps the theme.
    pub fn resolve(&mut self, track: &str, slug: Option<&str>) -> Option<Option<String>> {
        let key = (track.to_string(), slug.map(str::to_string));
        if let Some(theme) = self.seen.get(&key) {
            return theme.clone();
        }
        let theme = self.find_or_add(track, slug);
        self.seen.insert(key, theme.clone());
        theme
    }

    fn find_or_add(&mut self, track: &str, slug: Option<&str>) -> Option<Option<String>> {
        let track = track.trim();
        let known = self.list.iter().find(|t| {
            t.slug == track
                || slug == Some(t.slug.as_str())
                || Lang::ALL
                    .iter()
                    .any(|l| t.name.get(*l).trim().eq_ignore_ascii_case(track))
        });
        if let Some(known) = known {
            return Some(Some(known.slug.clone()));
        }
        let names_a_kind = Kind::ALL.iter().any(|k| {
            k.slug() == track
                || Lang::ALL
                    .iter()
                    .any(|l| k.label(*l).eq_ignore_ascii_case(track))
        });
        if names_a_kind || track.is_empty() {
            return None;
        }
        let wanted = slug
            .filter(|s| is_slug(s))
            .map(str::to_string)
            .unwrap_or_else(|| slugify(track));
        let id = unique(&wanted, "theme", |c| self.list.iter().any(|t| t.slug == c));
        self.list.push(Theme {
            slug: id.clone(),
            name: Localized {
                en: track.to_string(),
                ..Default::default()
            },
        });
        Some(Some(id))
    }
}

/// `wanted`, or with `-2`, `-3`… when taken; `{what}-N` when nothing of the name is usable.
pub fn unique(wanted: &str, what: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = if wanted.is_empty() { what } else { wanted };
    if !wanted.is_empty() && !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|k| format!("{}-{k}", base.chars().take(58).collect::<String>()))
        .find(|c| !taken(c))
        .unwrap_or_default()
}
