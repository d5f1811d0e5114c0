-- Invitation-only access. Personal data lives in `people` only, so deleting a person removes it.

CREATE TABLE people (
    id           TEXT PRIMARY KEY,
    event_slug   TEXT NOT NULL REFERENCES events (slug) ON DELETE CASCADE,
    -- The role granted once confirmed; until then the person is an invitee.
    role         TEXT NOT NULL,
    status       TEXT NOT NULL,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL,
    organisation TEXT NOT NULL,
    country      TEXT NOT NULL,
    -- The registration form as submitted (JSON), NULL until then.
    registration TEXT,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    CONSTRAINT people_role_known CHECK (role IN ('organiser', 'delegate')),
    CONSTRAINT people_status_known CHECK (status IN ('invited', 'registered', 'confirmed', 'declined', 'revoked')),
    CONSTRAINT people_email_unique UNIQUE (event_slug, email)
);

-- Single-use links: only a SHA-256 of the token is kept.
CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX invitations_by_person ON invitations (person_id);

-- Who may see a closed side event besides organisers.
CREATE TABLE session_invitees (
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    PRIMARY KEY (session_id, person_id)
);

-- Server-side record of every signed-in device, so sign-out and revocation take effect at once.
CREATE TABLE auth_sessions (
    jti        TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX auth_sessions_by_person ON auth_sessions (person_id);

-- Short-lived one-time codes to sign in a second device (hashed like invitation tokens).
CREATE TABLE device_codes (
    code_hash  TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL,
    used_at    TEXT
);

-- Generated secrets kept across restarts (the JWT signing key).
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
