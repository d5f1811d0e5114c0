-- The agenda version each person last saw their schedule at: changes after it are "new to them".
CREATE TABLE schedule_seen (
    person_id TEXT PRIMARY KEY REFERENCES people (id) ON DELETE CASCADE,
    version   BIGINT NOT NULL
);
