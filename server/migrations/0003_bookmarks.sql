-- Personal schedules. The server's revision numbers, not device clocks, order changes.

CREATE TABLE bookmarks (
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    -- A removed bookmark stays as a tombstone so devices syncing "since revision N" learn of it.
    bookmarked BOOLEAN NOT NULL,
    revision   BIGINT NOT NULL,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (person_id, session_id)
);
CREATE INDEX bookmarks_by_session ON bookmarks (session_id);

-- Operations already applied, by the id the device gave them: a replay returns the same answer.
CREATE TABLE bookmark_ops (
    op_id      TEXT NOT NULL,
    person_id  TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
    session_id TEXT NOT NULL,
    bookmarked BOOLEAN NOT NULL,
    revision   BIGINT NOT NULL,
    PRIMARY KEY (person_id, op_id)
);

-- The last revision handed out per person.
CREATE TABLE bookmark_revisions (
    person_id TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    revision  BIGINT NOT NULL
);
