-- E-mail: the registration deadline, each person's language, the mail outbox and sign-in links.

-- NULL: no deadline. Organisers set and extend it (console, API, programme file).
ALTER TABLE events ADD COLUMN registration_deadline TEXT;
-- The language mails go out in until the person registers (then their preferred language).
ALTER TABLE people ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
-- An organiser's extension of the deadline for this one person.
ALTER TABLE people ADD COLUMN registration_until TEXT;

-- Every mail is written here in the transaction of what caused it, then sent by the worker.
CREATE TABLE mail_outbox (
    id              TEXT PRIMARY KEY,
    event_slug      TEXT NOT NULL REFERENCES events (slug) ON DELETE CASCADE,
    -- Deleting a person deletes what was mailed to them.
    person_id       TEXT REFERENCES people (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    -- What makes this mail this mail (a reminder: person, offset, deadline): never two copies.
    once_key        TEXT NOT NULL,
    recipient       TEXT NOT NULL,
    lang            TEXT NOT NULL,
    subject         TEXT NOT NULL,
    -- The whole RFC 5322 message as it goes out. It may hold a single-use link, so it is
    -- erased once the mail is sent or has failed for good.
    message         BLOB,
    message_id      TEXT NOT NULL,
    -- pending → sending → sent | failed; back to pending (later) after a temporary failure.
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT,
    updated_at      TEXT NOT NULL,
    CONSTRAINT mail_outbox_once UNIQUE (once_key),
    CONSTRAINT mail_outbox_kind_known CHECK (kind IN ('invitation', 'reminder', 'received', 'confirmed', 'declined', 'sign_in')),
    CONSTRAINT mail_outbox_status_known CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    CONSTRAINT mail_outbox_lang_known CHECK (lang IN ('en', 'fr', 'ar', 'ru'))
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at);
CREATE INDEX mail_outbox_by_person ON mail_outbox (person_id, created_at);

-- Single-use, short-lived sign-in links sent by mail (hashed like invitation tokens).
CREATE TABLE sign_in_links (
    token_hash TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX sign_in_links_by_person ON sign_in_links (person_id);
