-- A private, revocable calendar subscription per person. The token is kept as is because the
-- person can ask for their current feed address again; it grants reading that schedule only.
CREATE TABLE calendar_feeds (
    person_id     TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    token         TEXT NOT NULL UNIQUE,
    alarm_minutes INTEGER NOT NULL DEFAULT 15,
    created_at    TEXT NOT NULL
);
