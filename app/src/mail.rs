//! What organisers see of the mails sent to a person, shared by the API and the console.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Which mail of the journey: invitation → reminders → received → confirmed or declined, and
/// the sign-in links a confirmed participant asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MailKind {
    Invitation,
    Reminder,
    Received,
    Confirmed,
    Declined,
    SignIn,
}

impl MailKind {
    pub const ALL: [MailKind; 6] = [
        MailKind::Invitation,
        MailKind::Reminder,
        MailKind::Received,
        MailKind::Confirmed,
        MailKind::Declined,
        MailKind::SignIn,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            MailKind::Invitation => "invitation",
            MailKind::Reminder => "reminder",
            MailKind::Received => "received",
            MailKind::Confirmed => "confirmed",
            MailKind::Declined => "declined",
            MailKind::SignIn => "sign_in",
        }
    }

    pub fn parse(slug: &str) -> Option<MailKind> {
        MailKind::ALL.into_iter().find(|k| k.slug() == slug)
    }

    /// Its place in `ALL`, for per-kind string tables.
    pub fn index(self) -> usize {
        MailKind::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }
}

/// Where a mail is: written, being handed to the SMTP server, accepted by it, or refused for good.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MailStatus {
    Pending,
    Sending,
    Sent,
    Failed,
}

impl MailStatus {
    pub fn slug(self) -> &'static str {
        match self {
            MailStatus::Pending => "pending",
            MailStatus::Sending => "sending",
            MailStatus::Sent => "sent",
            MailStatus::Failed => "failed",
        }
    }

    pub fn parse(slug: &str) -> Option<MailStatus> {
        [
            MailStatus::Pending,
            MailStatus::Sending,
            MailStatus::Sent,
            MailStatus::Failed,
        ]
        .into_iter()
        .find(|s| s.slug() == slug)
    }
}

/// One mail to a person as organisers see it: never its content, which may hold a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MailRecord {
    pub kind: MailKind,
    pub status: MailStatus,
    /// The language it was written in.
    pub lang: crate::i18n::Lang,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub attempts: i64,
    /// When a temporary failure is tried again (pending mails only).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// The SMTP server's last refusal or the connection problem.
    pub last_error: Option<String>,
}
