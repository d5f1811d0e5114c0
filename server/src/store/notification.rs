//! What a notification is: its kind, who it goes to, a delivery taken for sending, the outcome
//! of an attempt and the progress organisers follow. The outbox (`outbox.rs`) stores them.

use app::i18n::Lang;
use chrono::{DateTime, Utc};

/// A change notification whose coalescing window has passed.
#[derive(Debug, sqlx::FromRow)]
pub struct DueChange {
    pub id: String,
    pub event_slug: String,
    pub session_id: String,
    pub from_version: i64,
}

/// Who an organiser's announcement goes to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnnouncementAudience {
    /// Every device of the event that takes announcements.
    Everyone,
    /// The devices of those who bookmarked this session.
    SessionBookmarkers(String),
    /// Devices set to this language.
    Language(Lang),
}

/// Who hears about a session by itself: the devices of its bookmarkers who follow changes, or
/// of those whose reminder is this many minutes before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionRecipients {
    ChangeFollowers,
    Reminder(i64),
}

/// What a notification is about; stored in `push_notifications.kind`, and sent to the
/// service worker as it is stored.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, sqlx::Type, serde::Serialize, utoipa::ToSchema,
)]
#[sqlx(type_name = "TEXT", rename_all = "lowercase")]
#[serde(rename_all = "lowercase")]
pub enum NotificationKind {
    #[default]
    Change,
    Reminder,
    Announcement,
}

/// A delivery taken for sending, with what it needs.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct ClaimedDelivery {
    pub id: String,
    pub attempts: i64,
    pub lang: String,
    pub notification_id: String,
    pub subscription_id: String,
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
    pub kind: NotificationKind,
    pub session_id: Option<String>,
    pub texts: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Sent,
    /// The push service forgot the subscription (404/410): it is deleted.
    Gone,
    Retry {
        at: DateTime<Utc>,
    },
    Failed,
}

#[derive(Clone, Debug)]
pub struct Attempt {
    pub delivery_id: String,
    pub subscription_id: String,
    pub attempt: i64,
    pub status: Option<u16>,
    pub error: Option<String>,
    pub outcome: Outcome,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Progress {
    pub id: String,
    pub kind: NotificationKind,
    pub session_id: Option<String>,
    /// Still inside the coalescing window: nothing sent yet.
    pub collecting: bool,
    pub total: i64,
    pub sent: i64,
    pub failed: i64,
    pub pending: i64,
}
