//! Row ⇄ model conversion. JSON-in-TEXT columns hold localized texts and lists.

use crate::error::{Error, Result};
use app::i18n::Lang;
use app::model::{Event, Kind, Room, Session, Theme};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use serde::de::DeserializeOwned;

pub fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

pub fn from_json<T: DeserializeOwned>(column: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::Corrupt(format!("{column}: {e}")))
}

pub fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A time to be stored where it is read back with `parse_timestamp` (and compared as text):
/// only years 1–9999 and no leap second fit that format, so anything else is refused here,
/// before it is written, rather than found unreadable later.
pub fn storable_timestamp(column: &str, at: DateTime<Utc>) -> Result<String> {
    use chrono::{Datelike, Timelike};
    if !(1..=9999).contains(&at.year()) || at.nanosecond() >= 1_000_000_000 {
        return Err(Error::Unprocessable(format!(
            "{column}: {at:?} cannot be stored (years 1–9999, no leap seconds)"
        )));
    }
    Ok(timestamp(at))
}

pub fn parse_timestamp(column: &str, text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| Error::Corrupt(format!("{column}: {e}")))
}

fn parse_date(column: &str, text: &str) -> Result<NaiveDate> {
    text.parse()
        .map_err(|e| Error::Corrupt(format!("{column}: {e}")))
}

#[derive(sqlx::FromRow)]
pub struct EventRow {
    pub slug: String,
    pub name: String,
    pub short_name: String,
    pub venue: String,
    pub city: String,
    pub timezone: String,
    pub start_date: String,
    pub end_date: String,
    pub languages: String,
    pub contact_email: String,
    pub demo: bool,
    pub version: i64,
    pub updated_at: String,
    pub public_version: i64,
    pub public_updated_at: String,
}

impl EventRow {
    pub fn into_event(self) -> Result<Event> {
        Ok(Event {
            name: from_json("events.name", &self.name)?,
            short_name: from_json("events.short_name", &self.short_name)?,
            venue: from_json("events.venue", &self.venue)?,
            city: from_json("events.city", &self.city)?,
            start_date: parse_date("events.start_date", &self.start_date)?,
            end_date: parse_date("events.end_date", &self.end_date)?,
            languages: from_json::<Vec<Lang>>("events.languages", &self.languages)?,
            slug: self.slug,
            timezone: self.timezone,
            contact_email: self.contact_email,
            demo: self.demo,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct ThemeRow {
    pub slug: String,
    pub name: String,
}

impl ThemeRow {
    pub fn into_theme(self) -> Result<Theme> {
        Ok(Theme {
            name: from_json("themes.name", &self.name)?,
            slug: self.slug,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct RoomRow {
    pub id: String,
    pub name: String,
    pub floor: String,
    pub capacity: Option<i64>,
    pub directions: String,
}

impl RoomRow {
    pub fn into_room(self) -> Result<Room> {
        Ok(Room {
            name: from_json("rooms.name", &self.name)?,
            floor: from_json("rooms.floor", &self.floor)?,
            capacity: self.capacity.and_then(|c| u32::try_from(c).ok()),
            directions: from_json("rooms.directions", &self.directions)?,
            id: self.id,
        })
    }
}

#[derive(sqlx::FromRow)]
pub struct SessionRow {
    pub id: String,
    pub kind: String,
    pub theme: Option<String>,
    pub title: String,
    pub description: String,
    pub starts_at: String,
    pub ends_at: String,
    pub room_id: Option<String>,
    pub floor_language: Option<String>,
    pub interpretation: String,
    pub closed: bool,
    pub chatham_house: bool,
    pub moderators: String,
    pub cancelled: bool,
}

impl SessionRow {
    pub fn into_session(self) -> Result<Session> {
        Ok(Session {
            kind: Kind::parse(&self.kind)
                .ok_or_else(|| Error::Corrupt(format!("sessions.kind: {}", self.kind)))?,
            title: from_json("sessions.title", &self.title)?,
            description: from_json("sessions.description", &self.description)?,
            start: parse_timestamp("sessions.starts_at", &self.starts_at)?,
            end: parse_timestamp("sessions.ends_at", &self.ends_at)?,
            floor_language: self.floor_language.as_deref().and_then(Lang::parse),
            interpretation: from_json("sessions.interpretation", &self.interpretation)?,
            moderators: from_json("sessions.moderators", &self.moderators)?,
            id: self.id,
            theme: self.theme,
            room: self.room_id,
            closed: self.closed,
            chatham_house: self.chatham_house,
            cancelled: self.cancelled,
        })
    }
}

/// The session columns in `SessionRow` order; a macro so queries stay `&'static str` for sqlx.
macro_rules! session_columns {
    () => {
        "id, kind, theme, title, description, starts_at, ends_at, room_id, \
         floor_language, interpretation, closed, chatham_house, moderators, cancelled"
    };
}
pub(crate) use session_columns;
