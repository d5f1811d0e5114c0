//! Configuration: every option is a flag and an environment variable (`--help` lists them).

use crate::clock::Clock;
use app::access::InvitedRole;
use chrono::{DateTime, FixedOffset, Utc};
use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "server",
    version,
    about = "Delegate Companion: the conference agenda on delegates' phones"
)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the app (the default).
    Serve,
    /// Import or update an event's programme from a file: our programme JSON, frab / Pentabarf
    /// schedule.xml, c3voc schedule JSON (frab-style or schedule2) or iCalendar (.ics). Prints
    /// what changes (sessions added, changed field by field, cancelled), then applies it in one
    /// transaction. Sessions missing from the file are cancelled, never deleted.
    Import {
        /// The file to import.
        file: PathBuf,
        /// The file's format instead of detecting it: programme, frab, c3voc or ics.
        #[arg(long, value_parser = import_format)]
        format: Option<crate::import::Format>,
        /// The venue's IANA time zone for times the file gives without one (e.g. Africa/Tunis);
        /// default: the file's own zone, else the event's.
        #[arg(long, value_parser = time_zone)]
        timezone: Option<chrono_tz::Tz>,
        /// The event to import into, by slug; default: the event served (`COMPANION_EVENT` or
        /// the earliest), or, in an empty database, the one the file describes.
        #[arg(long = "event")]
        into_event: Option<String>,
        /// The language of the file's titles and descriptions: en, fr, ar or ru. Other tools'
        /// files hold one language; a session's other languages are kept.
        #[arg(long, default_value = "en", value_parser = language)]
        language: app::i18n::Lang,
        /// Print what would change and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Create or bring the database up to this version's schema, print its migration number
    /// and exit (the server does the same at start; this is for deploying before starting). A
    /// database migrated by a newer version is refused, here and at start.
    Migrate,
    /// Write a consistent copy of the database to a new file while the server runs (SQLite's
    /// VACUUM INTO). Restore: stop the server, put the copy where DATABASE_URL points (or point
    /// it at the copy), start.
    Backup {
        /// The copy to write; it must not exist yet.
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// List, rotate or remove the keys entry passes are signed with (restart the server after
    /// a change: keys are read at start).
    EntryKeys {
        #[command(subcommand)]
        action: crate::entry::KeyAction,
    },
    /// Create an invitation, print its single-use link and, when --smtp-url is set, mail it.
    Invite {
        /// `delegate`, `door` (door staff: checks entry passes at `/door`) or `organiser`.
        #[arg(long, default_value = "delegate", value_parser = invited_role)]
        role: InvitedRole,
        #[arg(long)]
        name: String,
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "")]
        organisation: String,
        #[arg(long, default_value = "")]
        country: String,
        /// A closed side event the person may see (repeatable).
        #[arg(long = "closed-session")]
        closed_sessions: Vec<String>,
        /// The language of the invitation mail and of the pages its link opens: en, fr, ar, ru.
        #[arg(long, default_value = "en", value_parser = language)]
        lang: app::i18n::Lang,
    },
}

/// The role an invitation from the command line grants once confirmed, parsed as the API and
/// CSV parse it (and refused with the same words).
fn invited_role(text: &str) -> Result<InvitedRole, String> {
    InvitedRole::parse(text)
        .ok_or_else(|| format!("role {text:?} is none of delegate, door, organiser"))
}

fn import_format(text: &str) -> Result<crate::import::Format, String> {
    crate::import::Format::parse(text)
        .ok_or_else(|| format!("format {text:?} is none of programme, frab, c3voc, ics"))
}

fn time_zone(text: &str) -> Result<chrono_tz::Tz, String> {
    text.parse()
        .map_err(|_| format!("{text:?} is not an IANA time zone such as Africa/Tunis"))
}

fn language(text: &str) -> Result<app::i18n::Lang, String> {
    app::i18n::Lang::parse(text)
        .ok_or_else(|| format!("language {text:?} is none of en, fr, ar, ru"))
}

/// A database URL this build can open, checked before anything is created: `postgres://…`
/// must not become a SQLite file in a folder named `postgres:`.
fn database_url(text: &str) -> Result<String, String> {
    crate::store::supported_url(text).map(str::to_string)
}

#[derive(Clone, Debug, Args)]
pub struct Config {
    /// Database URL; a SQLite file is created (with its folder) and migrated if missing.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/companion.db",
        value_parser = database_url
    )]
    pub database_url: String,

    /// Address to listen on.
    #[arg(long, env = "LEPTOS_SITE_ADDR", default_value = "127.0.0.1:3000")]
    pub site_addr: SocketAddr,

    /// Folder with the built site (pkg/, icons): what cargo-leptos writes.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,

    /// Which event the UI shows, by slug; default: the earliest one in the database.
    #[arg(long, env = "COMPANION_EVENT")]
    pub event: Option<String>,

    /// Load the demo programme when the database has no event.
    #[arg(long, env = "COMPANION_DEMO", default_value_t = true, action = clap::ArgAction::Set)]
    pub demo: bool,

    /// A fixed "now" (RFC 3339, e.g. 2024-11-27T10:15:00+01:00) so a demo or test sits inside the event.
    #[arg(long, env = "COMPANION_NOW")]
    pub now: Option<DateTime<FixedOffset>>,

    /// The address people reach the app at, used in invitation links and to decide whether
    /// cookies must be `Secure` (always, except plain-http loopback).
    #[arg(
        long,
        env = "COMPANION_PUBLIC_URL",
        default_value = "http://127.0.0.1:3000"
    )]
    pub public_url: String,

    /// Session signing key (at least 32 characters); generated on first run and kept if unset.
    #[arg(long, env = "COMPANION_JWT_SECRET", hide_env_values = true)]
    pub jwt_secret: Option<String>,

    /// Reverse proxies in front of the server (comma-separated IP addresses). Only from these is
    /// `X-Forwarded-For` believed when telling clients apart for sign-in limits; default: none.
    #[arg(long, env = "COMPANION_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// Wrong device codes that may be tried (from anywhere) during one code's 10-minute life
    /// before it is withdrawn: the cap on guessing any one code.
    #[arg(long, env = "COMPANION_DEVICE_CODE_EXPOSURE", default_value_t = crate::auth::tokens::DEVICE_CODE_EXPOSURE)]
    pub device_code_exposure: i64,

    /// How long an invitation link stays valid, in days.
    #[arg(long, env = "COMPANION_INVITATION_DAYS", default_value_t = 30)]
    pub invitation_days: i64,

    /// Who may read the agenda: everyone (`public`) or confirmed delegates and organisers (`delegates`).
    #[arg(long, env = "COMPANION_AGENDA_VISIBILITY", value_enum, default_value_t = AgendaVisibility::Public)]
    pub agenda_visibility: AgendaVisibility,

    /// How often to look for agenda changes written by another process or instance, in milliseconds.
    #[arg(long, env = "COMPANION_AGENDA_POLL_MS", default_value_t = 2000)]
    pub agenda_poll_ms: u64,

    /// Largest document file an organiser may upload, in bytes (each language's file; 413 above).
    #[arg(long, env = "COMPANION_MAX_DOCUMENT_BYTES", default_value_t = DEFAULT_MAX_DOCUMENT_BYTES)]
    pub max_document_bytes: u64,

    #[command(flatten)]
    pub push: PushConfig,

    #[command(flatten)]
    pub mail: MailConfig,
}

/// E-mail: where mails go out, as whom, how fast, and when invitees are reminded.
#[derive(Clone, Debug, Args)]
pub struct MailConfig {
    /// The SMTP server mails go out through: `smtp://host:25` (plain, a local relay),
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS), `smtps://user:pass@host:465` (TLS).
    /// Percent-encode user and password (`@` is `%40`); `tls=` is `required` or `opportunistic`.
    /// Unset: no mail is sent (invitation links are shown to organisers to pass on by hand).
    #[arg(long, env = "COMPANION_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// The sender of every mail, e.g. `IBMC 2024 <ibmc@icmpd.org>`; required with --smtp-url.
    #[arg(long, env = "COMPANION_MAIL_FROM")]
    pub mail_from: Option<String>,

    /// When invitees who have not registered are reminded, before the registration deadline:
    /// comma-separated durations such as `7d,1d` or `2d,12h,30m`; empty for no reminders.
    #[arg(long, env = "COMPANION_REGISTRATION_REMINDERS", default_value = "7d,1d", value_parser = reminder_offsets)]
    pub registration_reminders: ReminderOffsets,

    /// The most mails handed to the SMTP server per minute (your provider's limit).
    #[arg(long, env = "COMPANION_MAIL_PER_MINUTE", default_value_t = 600)]
    pub mail_per_minute: u32,

    /// The first retry after a failure that is not a 5xx (4xx, connection, TLS), in seconds
    /// (0.01–86400); each next one waits twice as long, up to an hour; failed after 16 attempts.
    #[arg(long, env = "COMPANION_MAIL_RETRY_SECONDS", default_value_t = 30.0)]
    pub mail_retry_seconds: f64,
}

impl Default for MailConfig {
    fn default() -> Self {
        MailConfig {
            smtp_url: None,
            mail_from: None,
            registration_reminders: ReminderOffsets::default(),
            mail_per_minute: 600,
            mail_retry_seconds: 30.0,
        }
    }
}

/// Reminder offsets before the deadline, largest first, without repeats.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReminderOffsets(pub Vec<chrono::Duration>);

impl Default for ReminderOffsets {
    fn default() -> Self {
        ReminderOffsets(vec![chrono::Duration::days(7), chrono::Duration::days(1)])
    }
}

impl ReminderOffsets {
    /// As configured: `7d,1d`.
    pub fn labels(&self) -> Vec<String> {
        self.0.iter().map(|d| duration_label(*d)).collect()
    }
}

fn duration_label(d: chrono::Duration) -> String {
    let minutes = d.num_minutes();
    match minutes {
        m if m % (24 * 60) == 0 => format!("{}d", m / (24 * 60)),
        m if m % 60 == 0 => format!("{}h", m / 60),
        m => format!("{m}m"),
    }
}

/// `7d,1d,12h,30m` (an empty list: no reminders).
fn reminder_offsets(text: &str) -> Result<ReminderOffsets, String> {
    let mut offsets = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (number, unit) =
            part.split_at(part.len() - part.chars().last().map_or(0, char::len_utf8));
        let n: i64 = number
            .parse()
            .ok()
            .filter(|n| (1..=10_000).contains(n))
            .ok_or_else(|| format!("{part:?}: a reminder is a number and d, h or m, such as 7d"))?;
        let offset = match unit {
            "d" => chrono::Duration::days(n),
            "h" => chrono::Duration::hours(n),
            "m" => chrono::Duration::minutes(n),
            _ => {
                return Err(format!(
                    "{part:?}: a reminder is a number and d, h or m, such as 7d"
                ));
            }
        };
        offsets.push(offset);
    }
    offsets.sort_by(|a, b| b.cmp(a));
    offsets.dedup();
    Ok(ReminderOffsets(offsets))
}

/// 20 MB: a long report or a slide deck with photographs.
pub const DEFAULT_MAX_DOCUMENT_BYTES: u64 = 20_000_000;

/// Web push: the server's VAPID identity and where and how fast it may send.
#[derive(Clone, Debug, Args)]
pub struct PushConfig {
    /// VAPID private key (P-256, raw 32 bytes, base64url); generated on first run and kept if unset.
    #[arg(long, env = "COMPANION_VAPID_PRIVATE_KEY", hide_env_values = true)]
    pub vapid_private_key: Option<String>,

    /// The VAPID contact (`sub`): a mailto: or https: address push services can reach. Default:
    /// mailto: the event's contact address (Apple refuses localhost and .invalid ones).
    #[arg(long, env = "COMPANION_VAPID_SUBJECT")]
    pub vapid_subject: Option<String>,

    /// Push service hosts subscriptions may point at (comma-separated, `*.` for subdomains).
    #[arg(long, env = "COMPANION_PUSH_HOSTS", default_value = crate::push::endpoint::DEFAULT_PUSH_HOSTS)]
    pub push_hosts: String,

    /// For tests and benchmarks only: loopback `host:port`s allowed as plain-http push services.
    #[arg(long, env = "COMPANION_PUSH_ALLOW_INSECURE_HOSTS", default_value = "")]
    pub push_allow_insecure_hosts: String,

    /// Edits of one session within this many milliseconds make one notification.
    #[arg(long, env = "COMPANION_PUSH_COALESCE_MS", default_value_t = 5000)]
    pub push_coalesce_ms: u64,

    /// Push messages in flight at once.
    #[arg(long, env = "COMPANION_PUSH_CONCURRENCY", default_value_t = 64)]
    pub push_concurrency: usize,
}

impl Default for PushConfig {
    fn default() -> Self {
        PushConfig {
            vapid_private_key: None,
            vapid_subject: None,
            push_hosts: crate::push::endpoint::DEFAULT_PUSH_HOSTS.into(),
            push_allow_insecure_hosts: String::new(),
            push_coalesce_ms: 5000,
            push_concurrency: 64,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum AgendaVisibility {
    Public,
    Delegates,
}

impl Config {
    pub fn clock(&self) -> Clock {
        match self.now {
            Some(at) => Clock::Fixed(at.with_timezone(&Utc)),
            None => Clock::System,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_now_is_read_in_any_offset() {
        let cli = Cli::try_parse_from(["server", "--now", "2024-11-27T10:15:00+01:00"]).unwrap();
        assert_eq!(
            cli.config.clock().now().to_rfc3339(),
            "2024-11-27T09:15:00+00:00"
        );
        assert!(Cli::try_parse_from(["server", "--now", "yesterday"]).is_err());
    }

    #[test]
    fn reminder_offsets_read_days_hours_and_minutes() {
        let offsets = reminder_offsets("1d, 7d,12h,30m,1d").unwrap();
        assert_eq!(offsets.labels(), ["7d", "1d", "12h", "30m"]);
        assert_eq!(reminder_offsets("").unwrap().0, []);
        for bad in ["7", "d", "7w", "-1d", "0d", "1.5d", "ä"] {
            assert!(reminder_offsets(bad).is_err(), "{bad}");
        }
        let cli = Cli::try_parse_from(["server"]).unwrap();
        assert_eq!(
            cli.config.mail.registration_reminders.labels(),
            ["7d", "1d"]
        );
    }

    #[test]
    fn import_takes_a_file() {
        let cli = Cli::try_parse_from(["server", "import", "p.json"]).unwrap();
        assert!(
            matches!(cli.command, Some(Command::Import { file, .. }) if file == PathBuf::from("p.json"))
        );
    }
}
