-- Guessing device codes is limited per code, not per client address (behind a proxy or the
-- venue's NAT every delegate shares one): every wrong code tried anywhere is counted, and a code
-- is withdrawn once too many wrong codes were tried during its life.
CREATE TABLE auth_counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO auth_counters (name, value) VALUES ('device_code_failures', 0);
ALTER TABLE device_codes ADD COLUMN failures_before INTEGER NOT NULL DEFAULT 0;
