//! All SQL lives under this module, written to run on SQLite now and PostgreSQL next:
//! `$n` placeholders, TEXT timestamps in UTC, `ON CONFLICT` upserts, no engine-only functions.

mod agenda;
mod attendance;
mod bookmarks;
mod calendar;
mod deadline;
mod documents;
mod editing;
mod entry;
mod import;
mod journey;
mod mail;
mod notification;
mod outbox;
mod people;
mod push;
mod rows;
mod sign_in;

pub use agenda::{AgendaChange, CHANGED_SINCE_PREVIEW, SessionPatch, StoredAgenda};
pub use attendance::{Admission, Attendee, RosterEntry};
pub use bookmarks::{BookmarkChange, Bookmarks};
pub use deadline::PendingInvitee;
pub use documents::{NewFile, StoredFile};
pub use entry::{CheckinOutcome, ScannedPass, StoredPass};
pub use journey::{MailPerson, StatusChange};
pub use mail::{ClaimedMail, OutgoingMail};
pub use notification::{
    AnnouncementAudience, Attempt, ClaimedDelivery, DueChange, NotificationKind, Outcome, Progress,
    SessionRecipients,
};
pub use people::{Invitation, InvitationRecord, NewInvitation, PendingInvitation};
pub use push::{NewSubscription, PushPreferences, SubscriptionView};
pub use rows::{parse_timestamp, storable_timestamp, timestamp};
pub use sign_in::DeviceCodeOutcome;

use crate::error::{Error, Result};
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

/// `url` if this build can open it (SQLite: `sqlite://path/to/file.db`, `sqlite::memory:`), or
/// why not, naming the setting.
pub fn supported_url(url: &str) -> std::result::Result<&str, String> {
    let url = url.trim();
    if url.starts_with("sqlite:") {
        return Ok(url);
    }
    let scheme = url.split_once(':').map(|(s, _)| s).filter(|s| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    Err(match scheme {
        Some(scheme) => format!(
            "DATABASE_URL: {scheme}: databases are not supported by this build (PostgreSQL comes with issue 15); use sqlite://path/to/file.db"
        ),
        None => format!("DATABASE_URL {url:?}: expected sqlite://path/to/file.db"),
    })
}

/// The newest migration sqlx recorded as applied, if the database has any.
async fn newest_migration(pool: &SqlitePool) -> Result<Option<i64>> {
    let recorded: Option<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_optional(pool)
    .await?;
    if recorded.is_none() {
        return Ok(None);
    }
    Ok(
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(pool)
            .await?,
    )
}

#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
}

impl Store {
    /// Opens (creating the file and its folder if missing) and migrates the database.
    pub async fn connect(url: &str) -> Result<Self> {
        let url = supported_url(url).map_err(Error::Config)?;
        let options = SqliteConnectOptions::from_str(url)
            .map_err(|e| Error::Config(format!("DATABASE_URL {url:?}: {e}")))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5))
            // Erased values (a sent mail's link, a deleted person) are overwritten with zeros
            // in the pages written anyway, not left readable in free space.
            .pragma("secure_delete", "FAST");
        if let Some(dir) = options
            .get_filename()
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir)
                .map_err(|e| Error::Config(format!("cannot create {}: {e}", dir.display())))?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        let migrator = sqlx::migrate!("./migrations");
        let known = migrator
            .migrations
            .iter()
            .map(|m| m.version)
            .max()
            .unwrap_or(0);
        if let Some(newer) = newest_migration(&pool).await?.filter(|v| *v > known) {
            return Err(Error::Config(format!(
                "DATABASE_URL: the database was migrated by a newer server (migration {newer}; this one knows up to {known}): run that version, or restore a backup taken before it"
            )));
        }
        migrator.run(&pool).await?;
        Ok(Store { pool })
    }

    /// A consistent copy of the whole database in a new file, taken in one read transaction
    /// while others write (SQLite's `VACUUM INTO`; PostgreSQL will use `pg_dump`).
    pub async fn backup_to(&self, path: &str) -> Result<()> {
        sqlx::query("VACUUM INTO $1")
            .bind(path)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The newest migration applied to the database (`server migrate` prints it).
    pub async fn schema_version(&self) -> Result<i64> {
        Ok(newest_migration(&self.pool).await?.unwrap_or(0))
    }

    /// A transaction that writes. SQLite must take the write lock at `BEGIN`: a deferred
    /// transaction that reads and then writes fails at once with SQLITE_BUSY when another
    /// connection wrote in between (busy_timeout cannot help there). The PostgreSQL backend
    /// will use a plain `BEGIN` here.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Answers when the database does: for `/healthz`.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }
}
