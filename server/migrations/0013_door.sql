-- no-transaction
-- Door staff (issue 14): a third role. SQLite cannot change a CHECK constraint in place, so
-- `people` is rebuilt the way SQLite's ALTER TABLE documentation prescribes: foreign keys off
-- (dropping the old table would otherwise cascade into every table that refers to a person),
-- copy, drop, rename, in one transaction: hence no sqlx transaction around it. Every id is
-- copied as it was, so every reference still holds (the migration test runs
-- `PRAGMA foreign_key_check` on a database migrated from 0012). Run again after a crash between
-- the COMMIT and sqlx's record of it, it rebuilds the same table once more.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
CREATE TABLE people_with_door (
    id                 TEXT PRIMARY KEY,
    event_slug         TEXT NOT NULL REFERENCES events (slug) ON DELETE CASCADE,
    -- The role granted once confirmed; until then the person is an invitee.
    role               TEXT NOT NULL,
    status             TEXT NOT NULL,
    name               TEXT NOT NULL,
    email              TEXT NOT NULL,
    organisation       TEXT NOT NULL,
    country            TEXT NOT NULL,
    -- The registration form as submitted (JSON), NULL until then.
    registration       TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    lang               TEXT NOT NULL DEFAULT 'en',
    registration_until TEXT,
    CONSTRAINT people_role_known CHECK (role IN ('organiser', 'delegate', 'door')),
    CONSTRAINT people_status_known CHECK (status IN ('invited', 'registered', 'confirmed', 'declined', 'revoked')),
    CONSTRAINT people_email_unique UNIQUE (event_slug, email)
);
INSERT INTO people_with_door (id, event_slug, role, status, name, email, organisation, country,
                              registration, created_at, updated_at, lang, registration_until)
SELECT id, event_slug, role, status, name, email, organisation, country,
       registration, created_at, updated_at, lang, registration_until
  FROM people;
DROP TABLE people;
ALTER TABLE people_with_door RENAME TO people;
COMMIT;
PRAGMA foreign_keys = ON;
