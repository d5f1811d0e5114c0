-- The version of what everyone may see (closed side events left out). It moves only when that
-- view changes, so a reader learns nothing from edits to sessions hidden from them.
ALTER TABLE events ADD COLUMN public_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN public_updated_at TEXT NOT NULL DEFAULT '';
UPDATE events SET public_version = version, public_updated_at = updated_at;
