-- Documents organisers attach to a session or to the event (the concept note, recommendations,
-- presentations), one file per language. The bytes live in the database (BLOB here, BYTEA on
-- PostgreSQL) so one backup holds everything and every instance serves the same files.

CREATE TABLE documents (
    id         TEXT PRIMARY KEY,
    event_slug TEXT NOT NULL REFERENCES events (slug) ON DELETE CASCADE,
    -- NULL: a document of the event (shown on About); else it follows the session's visibility.
    session_id TEXT REFERENCES sessions (id) ON DELETE CASCADE,
    -- Localized JSON, as session titles.
    title      TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX documents_by_event ON documents (event_slug, session_id);

CREATE TABLE document_files (
    document_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    lang         TEXT NOT NULL,
    -- The type sniffed from the bytes (never the uploader's word alone).
    content_type TEXT NOT NULL,
    filename     TEXT NOT NULL,
    size         BIGINT NOT NULL,
    -- Hex SHA-256 of the bytes: the strong ETag.
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    uploaded_at  TEXT NOT NULL,
    PRIMARY KEY (document_id, lang),
    CONSTRAINT document_files_lang_known CHECK (lang IN ('en', 'fr', 'ar', 'ru'))
);
