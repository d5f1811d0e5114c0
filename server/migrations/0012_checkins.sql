-- Check-ins sent by door devices. The nonce makes a scan count once however often it is sent.
-- Who came is personal data: only organisers see it, and deleting a person deletes it.
CREATE TABLE checkins (
    nonce       TEXT PRIMARY KEY,
    event_slug  TEXT NOT NULL REFERENCES events (slug) ON DELETE CASCADE,
    person_id   TEXT REFERENCES people (id) ON DELETE CASCADE,
    pass_id     TEXT,
    version     INTEGER,
    scanned_at  TEXT NOT NULL,
    door        TEXT NOT NULL,
    device      TEXT NOT NULL,
    result      TEXT NOT NULL,
    received_at TEXT NOT NULL,
    CONSTRAINT checkins_result_known CHECK (result IN ('admitted', 'already_admitted', 'revoked', 'invalid', 'wrong_event'))
);
CREATE INDEX checkins_by_pass ON checkins (pass_id, result, scanned_at);
