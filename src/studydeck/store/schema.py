"""The progress file's tables, and the forward migrations between their versions.

`PRAGMA user_version` holds the number of steps applied. A step is never edited once released:
a change to the schema is a new step at the end of `MIGRATIONS`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Step = Callable[[sqlite3.Connection], None]

V1 = """
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    deck_id TEXT NOT NULL,
    card_id TEXT NOT NULL,      -- the card's id when it was answered (renames: see `renames`)
    part TEXT NOT NULL,         -- '' | 'reverse' | 'c1', 'c2', …
    card_type TEXT NOT NULL,
    content_hash TEXT NOT NULL, -- shows when an instructor changed the card
    shown_at TEXT NOT NULL,     -- UTC, ISO 8601 with microseconds (sorts as text): when the
                                -- item was shown, the time the schedule is computed from
    reviewed_at TEXT NOT NULL,  -- UTC: when the answer was recorded
    answer TEXT,                -- JSON of what the learner gave; NULL for self-graded cards
    correct INTEGER NOT NULL,
    rating INTEGER NOT NULL,    -- 1 Again, 2 Hard, 3 Good, 4 Easy: the one that was saved
    proposed INTEGER,           -- the automatic proposal; NULL for self-graded cards
    automatic INTEGER NOT NULL, -- 1: the proposal was kept, 0: the learner chose the rating
    elapsed REAL NOT NULL,      -- seconds taken to answer
    state_before TEXT NOT NULL, -- new | learning | review | relearning
    state_after TEXT NOT NULL,
    step_after INTEGER,
    stability_after REAL,
    difficulty_after REAL,
    due_after TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0  -- taken back by undo (the row stays as history)
);
CREATE INDEX reviews_item ON reviews (deck_id, card_id, part);

CREATE TABLE items (
    deck_id TEXT NOT NULL,
    card_id TEXT NOT NULL,
    part TEXT NOT NULL,
    state TEXT NOT NULL,        -- learning | review | relearning (no row: new)
    step INTEGER,
    stability REAL,
    difficulty REAL,
    due TEXT NOT NULL,
    last_review TEXT,
    reps INTEGER NOT NULL,      -- reviews that count; seeds the interval fuzz
    lapses INTEGER NOT NULL,
    PRIMARY KEY (deck_id, card_id, part)
) WITHOUT ROWID;
"""

V2 = """
ALTER TABLE reviews ADD COLUMN undone_at TEXT;
CREATE INDEX reviews_deck_time ON reviews (deck_id, reviewed_at);
CREATE TABLE renames (
    deck_id TEXT NOT NULL,
    old_card_id TEXT NOT NULL,
    new_card_id TEXT NOT NULL,
    renamed_at TEXT NOT NULL,
    PRIMARY KEY (deck_id, old_card_id)
);
"""


def _script(sql: str) -> Step:
    def step(conn: sqlite3.Connection) -> None:
        # executescript would COMMIT the caller's transaction: run statement by statement
        statement = ""
        for line in sql.splitlines(keepends=True):
            statement += line
            if sqlite3.complete_statement(statement):
                conn.execute(statement)
                statement = ""

    return step


MIGRATIONS: list[Step] = [_script(V1), _script(V2)]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Apply the missing steps up to `target` in one transaction; return the version found."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = int(conn.execute("PRAGMA user_version").fetchone()[0])
        for step in MIGRATIONS[found:target]:
            step(conn)
        if found < target:
            conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return found
