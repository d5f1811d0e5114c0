//! The notification outbox: every notification is written here (in the transaction of what
//! caused it) before anything is sent, then one delivery per device, then every attempt.

use super::Store;
use super::notification::{
    AnnouncementAudience, Attempt, ClaimedDelivery, DueChange, NotificationKind, Outcome, Progress,
    SessionRecipients,
};
use super::push::{forget_subscription, ms};
use crate::error::Result;
use chrono::{DateTime, Utc};
use sqlx::{Sqlite, Transaction};

/// The devices of a session's bookmarkers who may still see it: people whose status passes
/// `$status`, and for a closed side event only organisers and its invitees (a bookmark can
/// outlive the right to see its session).
macro_rules! bookmarkers {
    ($status:literal) => {
        bookmarkers!($status, "$2")
    };
    ($status:literal, $session:literal) => {
        concat!(
            "FROM push_subscriptions ps
             JOIN people p ON p.id = ps.person_id AND ",
            $status,
            "
             JOIN bookmarks b ON b.person_id = ps.person_id AND b.bookmarked AND b.session_id = ",
            $session,
            "
             JOIN sessions s ON s.id = b.session_id AND (NOT s.closed OR p.role = 'organiser'
                 OR EXISTS (SELECT 1 FROM session_invitees i WHERE i.session_id = s.id AND i.person_id = p.id))"
        )
    };
}
macro_rules! everyone {
    () => {
        "FROM push_subscriptions ps
         JOIN people p ON p.id = ps.person_id AND p.status NOT IN ('declined', 'revoked') AND p.event_slug = $2"
    };
}

/// One delivery per device of an audience (`$1` the notification, `$2` the session or event,
/// `$3` the time, `$4` what narrows it further), once: a fixed statement per audience.
macro_rules! deliveries {
    ($from:expr, $filter:literal) => {
        concat!(
            "INSERT INTO push_deliveries (id, notification_id, subscription_id, lang, status, attempts, next_attempt_at, updated_at)
             SELECT $1 || ':' || ps.id, $1, ps.id, ps.lang, 'pending', 0, $3, $3 ",
            $from,
            " WHERE ",
            $filter,
            " ON CONFLICT (id) DO NOTHING"
        )
    };
}

/// Changes to a session, for its bookmarkers; with the agenda for confirmed participants only,
/// for confirmed bookmarkers.
const CHANGE_DELIVERIES: &str = deliveries!(
    bookmarkers!("p.status NOT IN ('declined', 'revoked')"),
    "ps.notify_changes"
);
const CONFIRMED_CHANGE_DELIVERIES: &str =
    deliveries!(bookmarkers!("p.status = 'confirmed'"), "ps.notify_changes");
const REMINDER_DELIVERIES: &str = deliveries!(
    bookmarkers!("p.status NOT IN ('declined', 'revoked')"),
    "ps.reminder_minutes = $4"
);
const CONFIRMED_REMINDER_DELIVERIES: &str = deliveries!(
    bookmarkers!("p.status = 'confirmed'"),
    "ps.reminder_minutes = $4"
);
const SESSION_ANNOUNCEMENT_DELIVERIES: &str = deliveries!(
    bookmarkers!("p.status NOT IN ('declined', 'revoked')"),
    "ps.notify_announcements"
);
const ANNOUNCEMENT_DELIVERIES: &str = deliveries!(everyone!(), "ps.notify_announcements");
const LANGUAGE_DELIVERIES: &str =
    deliveries!(everyone!(), "ps.notify_announcements AND ps.lang = $4");

impl Store {
    /// Change notifications whose first edit is older than `before` (the window has passed).
    pub async fn due_changes(&self, before: DateTime<Utc>) -> Result<Vec<DueChange>> {
        Ok(sqlx::query_as(
            "SELECT id, event_slug, session_id, from_version FROM push_notifications
             WHERE status = 'collecting' AND created_at <= $1 ORDER BY created_at",
        )
        .bind(ms(before))
        .fetch_all(&self.pool)
        .await?)
    }

    /// Queues a session's notification: stores its texts and writes one delivery per device of
    /// its recipients that has none yet, in one transaction; `None`: edits that cancelled out,
    /// closed with nobody to tell. Returns how many deliveries were written. A reminder is
    /// queued again each round it is due, so a late bookmark still gets it and nobody gets two.
    pub async fn queue_notification(
        &self,
        id: &str,
        texts: &str,
        recipients: Option<SessionRecipients>,
        session_id: &str,
        confirmed_only: bool,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE push_notifications SET status = 'queued', texts = $2, queued_at = $3 WHERE id = $1")
            .bind(id)
            .bind(texts)
            .bind(ms(now))
            .execute(&mut *tx)
            .await?;
        let written = match recipients {
            Some(recipients) => {
                let to = (id, session_id, now);
                tell_session(&mut tx, to, recipients, confirmed_only).await?
            }
            None => 0,
        };
        tx.commit().await?;
        Ok(written)
    }

    /// An announcement, queued at once. Returns its id and how many devices it goes to.
    pub async fn create_announcement(
        &self,
        id: &str,
        slug: &str,
        texts: &str,
        audience: &AnnouncementAudience,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        let (audience_text, session) = match audience {
            AnnouncementAudience::Everyone => ("everyone".to_string(), None),
            AnnouncementAudience::SessionBookmarkers(s) => {
                ("bookmarkers".to_string(), Some(s.clone()))
            }
            AnnouncementAudience::Language(l) => (format!("lang:{}", l.code()), None),
        };
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO push_notifications (id, event_slug, kind, session_id, audience, texts, status, created_at, queued_at)
             VALUES ($1, $2, 'announcement', $3, $4, $5, 'queued', $6, $6)",
        )
        .bind(id)
        .bind(slug)
        .bind(session)
        .bind(audience_text)
        .bind(texts)
        .bind(ms(now))
        .execute(&mut *tx)
        .await?;
        let written = announce(&mut tx, (id, slug, now), audience).await?;
        tx.commit().await?;
        Ok(written)
    }

    /// The id of a session's reminder notification for one reminder length: created once (the
    /// unique key survives restarts), `id` if this call created it.
    pub async fn reminder_notification(
        &self,
        id: &str,
        slug: &str,
        session_id: &str,
        minutes: i64,
        now: DateTime<Utc>,
    ) -> Result<String> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO push_notifications (id, event_slug, kind, session_id, audience, reminder_minutes, status, created_at, queued_at)
             VALUES ($1, $2, 'reminder', $3, 'bookmarkers', $4, 'queued', $5, $5)
             ON CONFLICT (kind, session_id, reminder_minutes) DO NOTHING",
        )
        .bind(id)
        .bind(slug)
        .bind(session_id)
        .bind(minutes)
        .bind(ms(now))
        .execute(&mut *tx)
        .await?;
        let existing: String = sqlx::query_scalar(
            "SELECT id FROM push_notifications WHERE kind = 'reminder' AND session_id = $1 AND reminder_minutes = $2",
        )
        .bind(session_id)
        .bind(minutes)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(existing)
    }

    /// Takes up to `limit` deliveries that are due and marks them as being sent. The same
    /// ordered selection twice in one write transaction: the rows read are the rows marked.
    pub async fn claim_deliveries(
        &self,
        now: DateTime<Utc>,
        limit: i64,
    ) -> Result<Vec<ClaimedDelivery>> {
        // Most rounds find nothing: a read says so without taking the write lock.
        let due: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM push_deliveries WHERE status = 'pending' AND next_attempt_at <= $1 LIMIT 1",
        )
        .bind(ms(now))
        .fetch_optional(&self.pool)
        .await?;
        if due.is_none() {
            return Ok(Vec::new());
        }
        let mut tx = self.begin_write().await?;
        let claimed: Vec<ClaimedDelivery> = sqlx::query_as(
            "SELECT d.id, d.attempts, d.lang, d.notification_id, ps.id AS subscription_id, ps.endpoint, ps.p256dh,
                    ps.auth, n.kind, n.session_id, n.texts
             FROM push_deliveries d
             JOIN push_subscriptions ps ON ps.id = d.subscription_id
             JOIN push_notifications n ON n.id = d.notification_id
             WHERE d.status = 'pending' AND d.next_attempt_at <= $1
             ORDER BY d.next_attempt_at, d.id LIMIT $2",
        )
        .bind(ms(now))
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE push_deliveries SET status = 'sending', attempts = attempts + 1, updated_at = $1
             WHERE id IN (SELECT d.id FROM push_deliveries d
                          JOIN push_subscriptions ps ON ps.id = d.subscription_id
                          WHERE d.status = 'pending' AND d.next_attempt_at <= $1
                          ORDER BY d.next_attempt_at, d.id LIMIT $2)",
        )
        .bind(ms(now))
        .bind(limit)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(claimed)
    }

    /// Records the attempts of one batch, in one transaction.
    pub async fn record_attempts(&self, attempts: &[Attempt], now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.begin_write().await?;
        for a in attempts {
            let (status, next) = match &a.outcome {
                Outcome::Sent => ("sent", now),
                Outcome::Gone => ("gone", now),
                Outcome::Retry { at } => ("pending", *at),
                Outcome::Failed => ("failed", now),
            };
            sqlx::query(
                "UPDATE push_deliveries SET status = $2, next_attempt_at = $3, last_status = $4, last_error = $5,
                     updated_at = $6 WHERE id = $1",
            )
            .bind(&a.delivery_id)
            .bind(status)
            .bind(ms(next))
            .bind(a.status.map(i64::from))
            .bind(&a.error)
            .bind(ms(now))
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO push_attempts (delivery_id, attempt, at, status, error) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (delivery_id, attempt) DO NOTHING",
            )
            .bind(&a.delivery_id)
            .bind(a.attempt)
            .bind(ms(now))
            .bind(a.status.map(i64::from))
            .bind(&a.error)
            .execute(&mut *tx)
            .await?;
            if a.outcome == Outcome::Gone {
                forget_subscription(
                    &mut tx,
                    &a.subscription_id,
                    "gone",
                    "subscription gone",
                    now,
                )
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// After a crash, what was being sent is sent again (Topic and tag make a repeat replace
    /// the first copy rather than add one).
    pub async fn resume_in_flight(&self) -> Result<u64> {
        Ok(
            sqlx::query("UPDATE push_deliveries SET status = 'pending' WHERE status = 'sending'")
                .execute(&self.pool)
                .await?
                .rows_affected(),
        )
    }

    pub async fn notification_progress(&self, id: &str) -> Result<Option<Progress>> {
        let head: Option<(NotificationKind, Option<String>, bool)> = sqlx::query_as(
            "SELECT kind, session_id, status = 'collecting' FROM push_notifications WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        let Some((kind, session_id, collecting)) = head else {
            return Ok(None);
        };
        let mut progress = Progress {
            id: id.to_string(),
            kind,
            session_id: session_id.clone(),
            collecting,
            ..Default::default()
        };
        if progress.collecting {
            // Nothing written yet: the devices it will go to, as of now.
            const DEVICES_TO_TELL: &str = concat!(
                "SELECT COUNT(*) ",
                bookmarkers!("p.status NOT IN ('declined', 'revoked')", "$1"),
                " WHERE ps.notify_changes"
            );
            progress.total = sqlx::query_scalar(DEVICES_TO_TELL)
                .bind(session_id.unwrap_or_default())
                .fetch_one(&self.pool)
                .await?;
            progress.pending = progress.total;
            return Ok(Some(progress));
        }
        let counts: Vec<(String, i64)> = sqlx::query_as(
            "SELECT status, COUNT(*) FROM push_deliveries WHERE notification_id = $1 GROUP BY status",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        for (status, n) in counts {
            progress.total += n;
            match status.as_str() {
                "sent" => progress.sent += n,
                "gone" | "failed" => progress.failed += n,
                _ => progress.pending += n,
            }
        }
        Ok(Some(progress))
    }

    /// The newest change notification of a session, for the organiser's progress line.
    pub async fn latest_change_notification(&self, session_id: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM push_notifications WHERE kind = 'change' AND session_id = $1
             ORDER BY created_at DESC LIMIT 1",
        )
        .bind(session_id)
        .fetch_optional(&self.pool)
        .await?)
    }
}

/// Opens (or joins) the change notification of a session, in the transaction of the change.
pub(super) async fn note_session_change(
    tx: &mut Transaction<'_, Sqlite>,
    slug: &str,
    session_id: &str,
    from_version: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO push_notifications (id, event_slug, kind, session_id, from_version, audience, status, created_at)
         VALUES ($1, $2, 'change', $3, $4, 'bookmarkers', 'collecting', $5)
         ON CONFLICT (session_id) WHERE status = 'collecting' DO NOTHING",
    )
    .bind(crate::auth::tokens::new_id())
    .bind(slug)
    .bind(session_id)
    .bind(from_version)
    .bind(ms(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A notification's deliveries: `$1` its id, `$2` the session or event, `$3` the time.
fn deliveries_of(
    sql: &'static str,
    (id, scope, now): (&str, &str, DateTime<Utc>),
) -> sqlx::query::Query<'static, Sqlite, sqlx::sqlite::SqliteArguments> {
    sqlx::query(sql)
        .bind(id.to_string())
        .bind(scope.to_string())
        .bind(ms(now))
}

/// One delivery per device of a session's recipients.
async fn tell_session(
    tx: &mut Transaction<'_, Sqlite>,
    to: (&str, &str, DateTime<Utc>),
    recipients: SessionRecipients,
    confirmed_only: bool,
) -> Result<u64> {
    let query = match (recipients, confirmed_only) {
        (SessionRecipients::ChangeFollowers, false) => deliveries_of(CHANGE_DELIVERIES, to),
        (SessionRecipients::ChangeFollowers, true) => {
            deliveries_of(CONFIRMED_CHANGE_DELIVERIES, to)
        }
        (SessionRecipients::Reminder(m), false) => deliveries_of(REMINDER_DELIVERIES, to).bind(m),
        (SessionRecipients::Reminder(m), true) => {
            deliveries_of(CONFIRMED_REMINDER_DELIVERIES, to).bind(m)
        }
    };
    Ok(query.execute(&mut **tx).await?.rows_affected())
}

/// One delivery per device of an announcement's audience (`to`: its id, the event, the time).
async fn announce(
    tx: &mut Transaction<'_, Sqlite>,
    (id, slug, now): (&str, &str, DateTime<Utc>),
    audience: &AnnouncementAudience,
) -> Result<u64> {
    let query = match audience {
        AnnouncementAudience::SessionBookmarkers(session) => {
            deliveries_of(SESSION_ANNOUNCEMENT_DELIVERIES, (id, session, now))
        }
        AnnouncementAudience::Everyone => deliveries_of(ANNOUNCEMENT_DELIVERIES, (id, slug, now)),
        AnnouncementAudience::Language(lang) => {
            deliveries_of(LANGUAGE_DELIVERIES, (id, slug, now)).bind(lang.code())
        }
    };
    Ok(query.execute(&mut **tx).await?.rows_affected())
}
