-- Web push. A subscription is one browser on one device, with that device's preferences.
CREATE TABLE push_subscriptions (
    id                   TEXT PRIMARY KEY,
    person_id            TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    endpoint             TEXT NOT NULL,
    p256dh               TEXT NOT NULL,
    auth                 TEXT NOT NULL,
    -- The language the device reads the app in: notifications come in it.
    lang                 TEXT NOT NULL,
    notify_changes       BOOLEAN NOT NULL,
    notify_announcements BOOLEAN NOT NULL,
    reminder_minutes     INTEGER NOT NULL,
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL,
    CONSTRAINT push_subscriptions_endpoint_unique UNIQUE (endpoint),
    CONSTRAINT push_subscriptions_reminder_known CHECK (reminder_minutes IN (0, 5, 10, 15, 30)),
    CONSTRAINT push_subscriptions_lang_known CHECK (lang IN ('en', 'fr', 'ar', 'ru'))
);
CREATE INDEX push_subscriptions_by_person ON push_subscriptions (person_id);

-- The outbox: every notification is written here, in the transaction of what caused it,
-- before anything is sent. A session change stays 'collecting' for the coalescing window
-- (later edits of the same session join it), then is 'queued': its texts rendered and one
-- delivery written per device.
CREATE TABLE push_notifications (
    id               TEXT PRIMARY KEY,
    event_slug       TEXT NOT NULL REFERENCES events (slug) ON DELETE CASCADE,
    kind             TEXT NOT NULL,
    session_id       TEXT,
    -- A change: the agenda version before its first edit ("was" values come after it).
    from_version     BIGINT,
    -- 'bookmarkers', 'everyone' or 'lang:xx'.
    audience         TEXT NOT NULL,
    -- Per language {"title": …, "body": …} (JSON): written by the organiser for an
    -- announcement, rendered when queued otherwise.
    texts            TEXT,
    reminder_minutes INTEGER,
    status           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    queued_at        TEXT,
    CONSTRAINT push_notifications_kind_known CHECK (kind IN ('change', 'announcement', 'reminder')),
    CONSTRAINT push_notifications_status_known CHECK (status IN ('collecting', 'queued')),
    -- Each reminder of a session exists once, whatever restarts happen.
    CONSTRAINT push_notifications_reminder_once UNIQUE (kind, session_id, reminder_minutes)
);
CREATE UNIQUE INDEX push_notifications_one_collecting
    ON push_notifications (session_id) WHERE status = 'collecting';
CREATE INDEX push_notifications_by_status ON push_notifications (status, created_at);

-- One message to one device. Its id (notification:subscription) makes a second copy impossible.
CREATE TABLE push_deliveries (
    id              TEXT PRIMARY KEY,
    notification_id TEXT NOT NULL REFERENCES push_notifications (id) ON DELETE CASCADE,
    -- NULL once the push service said the subscription is gone (and it was deleted).
    subscription_id TEXT REFERENCES push_subscriptions (id) ON DELETE SET NULL,
    lang            TEXT NOT NULL,
    -- pending → sending → sent | gone | failed; back to pending to retry.
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL,
    next_attempt_at TEXT NOT NULL,
    last_status     INTEGER,
    last_error      TEXT,
    updated_at      TEXT NOT NULL,
    CONSTRAINT push_deliveries_status_known CHECK (status IN ('pending', 'sending', 'sent', 'gone', 'failed'))
);
CREATE INDEX push_deliveries_due ON push_deliveries (status, next_attempt_at);
CREATE INDEX push_deliveries_by_notification ON push_deliveries (notification_id, status);

-- Every attempt, answered or not.
CREATE TABLE push_attempts (
    delivery_id TEXT NOT NULL REFERENCES push_deliveries (id) ON DELETE CASCADE,
    attempt     INTEGER NOT NULL,
    at          TEXT NOT NULL,
    status      INTEGER,
    error       TEXT,
    PRIMARY KEY (delivery_id, attempt)
);
