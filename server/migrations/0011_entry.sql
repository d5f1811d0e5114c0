-- Entry passes. The QR holds an opaque pass id (never a name or an address) and a version that
-- revoking, declining or re-issuing bumps, so an old QR is refused from the next sync on.
CREATE TABLE entry_passes (
    person_id  TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    pass_id    TEXT NOT NULL,
    version    INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT entry_passes_pass_unique UNIQUE (pass_id)
);

-- The Ed25519 keys passes are signed with: the newest signs, every one stays in the JWKS (so
-- passes signed before a rotation still verify) until it is removed.
CREATE TABLE entry_keys (
    kid         TEXT PRIMARY KEY,
    -- The raw 32-byte seed, base64url.
    private_key TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
