-- What a check-in says besides its verdict (issue 14).
-- What the door device showed (`admitted`, ...), when it says: a pass the server finds already
-- admitted or revoked but a device showed as admitted was let in offline.
ALTER TABLE checkins ADD COLUMN shown TEXT;
-- Looked up by name (a phone that died) rather than scanned.
ALTER TABLE checkins ADD COLUMN manual BOOLEAN NOT NULL DEFAULT FALSE;
-- The door staff member or organiser whose session sent the scan.
ALTER TABLE checkins ADD COLUMN sent_by TEXT REFERENCES people (id) ON DELETE SET NULL;
