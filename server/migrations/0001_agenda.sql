-- Portable SQL (SQLite now, PostgreSQL next): TEXT keys, TEXT timestamps in UTC
-- (RFC 3339, "Z" suffix, so they sort as text), localized texts as JSON in TEXT.

CREATE TABLE events (
    slug          TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    short_name    TEXT NOT NULL,
    venue         TEXT NOT NULL,
    city          TEXT NOT NULL,
    timezone      TEXT NOT NULL,
    start_date    TEXT NOT NULL,
    end_date      TEXT NOT NULL,
    languages     TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    demo          BOOLEAN NOT NULL DEFAULT FALSE,
    version       BIGINT NOT NULL DEFAULT 0,
    updated_at    TEXT NOT NULL,
    CONSTRAINT events_dates_ordered CHECK (start_date <= end_date)
);

CREATE TABLE themes (
    event_slug TEXT NOT NULL REFERENCES events (slug) ON DELETE CASCADE,
    slug       TEXT NOT NULL,
    name       TEXT NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (event_slug, slug)
);

CREATE TABLE rooms (
    event_slug TEXT NOT NULL REFERENCES events (slug) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    name       TEXT NOT NULL,
    floor      TEXT NOT NULL,
    capacity   INTEGER,
    directions TEXT NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (event_slug, id)
);

-- Session ids are global so bookmarks and links need only the id.
CREATE TABLE sessions (
    id             TEXT PRIMARY KEY,
    event_slug     TEXT NOT NULL REFERENCES events (slug) ON DELETE CASCADE,
    kind           TEXT NOT NULL,
    theme          TEXT,
    title          TEXT NOT NULL,
    description    TEXT NOT NULL,
    starts_at      TEXT NOT NULL,
    ends_at        TEXT NOT NULL,
    room_id        TEXT,
    floor_language TEXT,
    interpretation TEXT NOT NULL,
    closed         BOOLEAN NOT NULL DEFAULT FALSE,
    chatham_house  BOOLEAN NOT NULL DEFAULT TRUE,
    moderators     TEXT NOT NULL,
    cancelled      BOOLEAN NOT NULL DEFAULT FALSE,
    CONSTRAINT sessions_kind_known CHECK (kind IN ('plenary', 'side_event', 'break', 'other')),
    CONSTRAINT sessions_end_after_start CHECK (ends_at > starts_at),
    CONSTRAINT sessions_room_exists FOREIGN KEY (event_slug, room_id) REFERENCES rooms (event_slug, id),
    CONSTRAINT sessions_theme_exists FOREIGN KEY (event_slug, theme) REFERENCES themes (event_slug, slug)
);
CREATE INDEX sessions_by_event_start ON sessions (event_slug, starts_at);

-- One row per changed field per agenda version: what changed, from what, to what, when.
CREATE TABLE agenda_changes (
    event_slug TEXT NOT NULL REFERENCES events (slug) ON DELETE CASCADE,
    version    BIGINT NOT NULL,
    session_id TEXT NOT NULL,
    field      TEXT NOT NULL,
    old_value  TEXT,
    new_value  TEXT,
    changed_at TEXT NOT NULL,
    PRIMARY KEY (event_slug, version, session_id, field)
);
