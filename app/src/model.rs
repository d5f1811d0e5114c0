//! The agenda as the API serves it and the pages render it: shared by server and client.

use crate::i18n::Lang;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// A text in the working languages; English is required and is the fallback.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Localized {
    pub en: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fr: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ru: Option<String>,
}

impl Localized {
    pub fn get(&self, lang: Lang) -> &str {
        let text = match lang {
            Lang::En => None,
            Lang::Fr => self.fr.as_deref(),
            Lang::Ar => self.ar.as_deref(),
            Lang::Ru => self.ru.as_deref(),
        };
        text.filter(|t| !t.is_empty()).unwrap_or(&self.en)
    }

    /// Whether `lang` has its own text rather than the English fallback.
    pub fn has(&self, lang: Lang) -> bool {
        lang == Lang::En || self.get(lang) != self.en
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Plenary,
    SideEvent,
    Break,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Plenary, Kind::SideEvent, Kind::Break, Kind::Other];

    pub fn slug(self) -> &'static str {
        match self {
            Kind::Plenary => "plenary",
            Kind::SideEvent => "side_event",
            Kind::Break => "break",
            Kind::Other => "other",
        }
    }

    pub fn parse(slug: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        let s = lang.strings();
        match self {
            Kind::Plenary => s.kind_plenary,
            Kind::SideEvent => s.kind_side_event,
            Kind::Break => s.kind_break,
            Kind::Other => s.kind_other,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Event {
    pub slug: String,
    pub name: Localized,
    pub short_name: Localized,
    pub venue: Localized,
    /// The city named in "all times are … time".
    pub city: Localized,
    /// IANA zone, e.g. `Africa/Tunis`.
    pub timezone: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub languages: Vec<Lang>,
    pub contact_email: String,
    /// Marks a demo programme, which the UI labels as such.
    pub demo: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Theme {
    pub slug: String,
    pub name: Localized,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Room {
    pub id: String,
    pub name: Localized,
    pub floor: Localized,
    pub capacity: Option<u32>,
    pub directions: Localized,
}

/// One interpretation channel offered in a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Channel {
    pub language: Lang,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<u16>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Session {
    /// Stable across re-imports and edits: bookmarks and links rely on it.
    pub id: String,
    pub kind: Kind,
    pub theme: Option<String>,
    pub title: Localized,
    pub description: Localized,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    pub room: Option<String>,
    pub floor_language: Option<Lang>,
    pub interpretation: Vec<Channel>,
    /// Closed to all but the invitees of this side event.
    pub closed: bool,
    pub chatham_house: bool,
    /// Left empty in everything served for Chatham House sessions.
    pub moderators: Vec<String>,
    pub cancelled: bool,
}

impl Session {
    /// Languages a delegate can follow here: the floor language and every interpretation channel.
    pub fn offers(&self, lang: Lang) -> bool {
        self.floor_language == Some(lang) || self.interpretation.iter().any(|c| c.language == lang)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Agenda {
    /// Bumped on every change; clients and caches compare it.
    pub version: i64,
    pub updated_at: DateTime<Utc>,
    pub event: Event,
    pub themes: Vec<Theme>,
    pub rooms: Vec<Room>,
    /// Sorted by start, then end, then id.
    pub sessions: Vec<Session>,
}

impl Agenda {
    pub fn room(&self, id: &str) -> Option<&Room> {
        self.rooms.iter().find(|r| r.id == id)
    }

    pub fn theme(&self, slug: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.slug == slug)
    }

    pub fn session(&self, id: &str) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localized_falls_back_to_english() {
        let text = Localized {
            en: "Opening".into(),
            fr: Some("Ouverture".into()),
            ar: Some(String::new()),
            ru: None,
        };
        assert_eq!(text.get(Lang::Fr), "Ouverture");
        assert_eq!(text.get(Lang::Ar), "Opening");
        assert_eq!(text.get(Lang::Ru), "Opening");
        assert!(text.has(Lang::Fr) && !text.has(Lang::Ru));
    }

    #[test]
    fn kinds_round_trip_through_slugs() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.slug()), Some(kind));
        }
        assert_eq!(Kind::parse("keynote"), None);
    }
}
