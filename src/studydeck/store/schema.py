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


# Figures the stats screen and the queue read often, kept equal to the log by triggers (so every
# writer, not only `Store`, keeps them right) and filled from the log when the step runs.
# An hour is whole hours since 1970-01-01T00:00Z of `reviewed_at`: study days (any start hour,
# any zone whose offset is whole hours) are sums of hours. The fraction of a second is cut off
# first: SQLite would round it to milliseconds, and 23:59:59.9999995 into the next day.
_HOUR = (
    "CAST(strftime('%s', substr({row}.reviewed_at, 1, 19) || substr({row}.reviewed_at, 27))"
    " AS INTEGER) / 3600"
)
_ADD = """
    INSERT INTO review_hours (deck_id, hour, answers, review_answers, review_right)
    VALUES ({row}.deck_id, {hour}, 1, {row}.state_before = 'review',
            {row}.state_before = 'review' AND {row}.correct)
    ON CONFLICT (deck_id, hour) DO UPDATE SET
        answers = answers + 1,
        review_answers = review_answers + excluded.review_answers,
        review_right = review_right + excluded.review_right;
    INSERT INTO card_answers (deck_id, card_id, answers) VALUES ({row}.deck_id, {row}.card_id, 1)
    ON CONFLICT (deck_id, card_id) DO UPDATE SET answers = answers + 1;
    INSERT INTO review_days (deck_id, day, hours) VALUES ({row}.deck_id, {day}, {bit})
    ON CONFLICT (deck_id, day) DO UPDATE SET hours = hours | excluded.hours;"""
_REMOVE = """
    UPDATE review_hours SET
        answers = answers - 1,
        review_answers = review_answers - ({row}.state_before = 'review'),
        review_right = review_right - ({row}.state_before = 'review' AND {row}.correct)
    WHERE deck_id = {row}.deck_id AND hour = {hour};
    DELETE FROM review_hours WHERE deck_id = {row}.deck_id AND hour = {hour} AND answers <= 0;
    UPDATE card_answers SET answers = answers - 1
    WHERE deck_id = {row}.deck_id AND card_id = {row}.card_id;
    DELETE FROM card_answers
    WHERE deck_id = {row}.deck_id AND card_id = {row}.card_id AND answers <= 0;
    UPDATE review_days SET hours = hours & ~{bit}
    WHERE deck_id = {row}.deck_id AND day = {day}
        AND NOT EXISTS (SELECT 1 FROM review_hours WHERE deck_id = {row}.deck_id AND hour = {hour});
    DELETE FROM review_days WHERE deck_id = {row}.deck_id AND day = {day} AND hours = 0;"""


def _counted(row: str, sql: str) -> str:
    hour = _HOUR.format(row=row)
    return sql.format(row=row, hour=hour, day=f"({hour}) / 24", bit=f"(1 << (({hour}) % 24))")


V3 = f"""
-- Nothing reads the log by card, and each index is one more page to write with every answer.
-- (Dropped first: the new tables and indexes reuse their pages.)
DROP INDEX reviews_item;
DROP INDEX reviews_deck_time;
CREATE TABLE review_hours (     -- answers not undone, per deck and UTC hour of reviewed_at
    deck_id TEXT NOT NULL,
    hour INTEGER NOT NULL,
    answers INTEGER NOT NULL,
    review_answers INTEGER NOT NULL,  -- of those, to items in review state (retention)
    review_right INTEGER NOT NULL,
    PRIMARY KEY (deck_id, hour)
) WITHOUT ROWID;
CREATE TABLE card_answers (     -- answers not undone, per deck and card id as answered
    deck_id TEXT NOT NULL,
    card_id TEXT NOT NULL,
    answers INTEGER NOT NULL,
    PRIMARY KEY (deck_id, card_id)
) WITHOUT ROWID;
INSERT INTO review_hours (deck_id, hour, answers, review_answers, review_right)
    SELECT deck_id, {_HOUR.format(row="reviews")} AS h, count(*), sum(state_before = 'review'),
           sum(state_before = 'review' AND correct)
    FROM reviews WHERE undone = 0 GROUP BY deck_id, h;
CREATE TABLE review_days (      -- the UTC days with answers not undone, per deck
    deck_id TEXT NOT NULL,
    day INTEGER NOT NULL,       -- whole days since 1970-01-01 (UTC)
    hours INTEGER NOT NULL,     -- bit h set: review_hours has answers in hour h of the day
    PRIMARY KEY (deck_id, day)
) WITHOUT ROWID;
INSERT INTO card_answers (deck_id, card_id, answers)
    SELECT deck_id, card_id, count(*) FROM reviews WHERE undone = 0 GROUP BY deck_id, card_id;
INSERT INTO review_days (deck_id, day, hours)
    SELECT deck_id, hour / 24 AS d, sum(1 << (hour % 24)) FROM review_hours GROUP BY deck_id, d;
CREATE TRIGGER reviews_counted_insert AFTER INSERT ON reviews WHEN NEW.undone = 0 BEGIN
{_counted("NEW", _ADD)}
END;
CREATE TRIGGER reviews_counted_delete AFTER DELETE ON reviews WHEN OLD.undone = 0 BEGIN
{_counted("OLD", _REMOVE)}
END;
CREATE TRIGGER reviews_counted_uncount
AFTER UPDATE OF deck_id, card_id, reviewed_at, correct, state_before, undone ON reviews
WHEN OLD.undone = 0 BEGIN
{_counted("OLD", _REMOVE)}
END;
CREATE TRIGGER reviews_counted_recount
AFTER UPDATE OF deck_id, card_id, reviewed_at, correct, state_before, undone ON reviews
WHEN NEW.undone = 0 BEGIN
{_counted("NEW", _ADD)}
END;
-- the items due before the day ends, whole: the queue reads them from the index alone
CREATE INDEX items_due
    ON items (deck_id, due, state, step, stability, difficulty, last_review, reps, lapses);
-- the answers of a deck since a time, whole for what is read of them (today's answers for the
-- queue, the last 30 days' review answers per card for retention by tag)
CREATE INDEX reviews_deck_time
    ON reviews (deck_id, reviewed_at, state_before, undone, correct, card_id);
"""


V4 = """
-- FSRS parameters fitted to the learner's answers (study/optimizer.py), one row per fit. The
-- latest accepted fit is in use for every item shown from `fitted_at` on; a fit that predicted
-- the answers no better than the parameters in use is kept too (accepted = 0), so the next
-- automatic fit waits for the log to grow.
CREATE TABLE parameter_fits (
    id INTEGER PRIMARY KEY,
    fitted_at TEXT NOT NULL,        -- UTC, as reviews.shown_at
    reviews INTEGER NOT NULL,       -- long-term reviews (training items) the fit used
    parameters TEXT NOT NULL,       -- JSON array of the fitted FSRS parameters (21 for FSRS-6)
    accepted INTEGER NOT NULL,      -- 1: predicted better than the parameters in use before
    log_loss_before REAL NOT NULL,  -- of the parameters in use before, on the same reviews
    rmse_before REAL NOT NULL,
    log_loss_after REAL NOT NULL,   -- of the fitted parameters
    rmse_after REAL NOT NULL
);
"""


_BELOW_COUNTED = "{row}.id <= (SELECT review_id FROM counted)"

# The sums count the log's rows up to `counted.review_id`, not every row as it is written: an
# answer then writes its log row and its state (and their indexes) only, not three more pages
# (the sums took a third of what SQLite ran for an answer). `count_logged` adds the newer rows in
# one pass when the sums are read (Store). A change to a row the sums already count (undo, or any
# writer's update, delete or insert below the mark) goes through the triggers, as in step 3.
V5 = f"""
DROP TRIGGER reviews_counted_insert;
DROP TRIGGER reviews_counted_delete;
DROP TRIGGER reviews_counted_uncount;
DROP TRIGGER reviews_counted_recount;
CREATE TABLE counted (review_id INTEGER NOT NULL);  -- one row: the sums count ids up to this
INSERT INTO counted (review_id) SELECT coalesce(max(id), 0) FROM reviews;
CREATE TRIGGER reviews_counted_insert AFTER INSERT ON reviews
WHEN NEW.undone = 0 AND {_BELOW_COUNTED.format(row="NEW")} BEGIN
{_counted("NEW", _ADD)}
END;
CREATE TRIGGER reviews_counted_delete AFTER DELETE ON reviews
WHEN OLD.undone = 0 AND {_BELOW_COUNTED.format(row="OLD")} BEGIN
{_counted("OLD", _REMOVE)}
END;
CREATE TRIGGER reviews_counted_uncount
AFTER UPDATE OF id, deck_id, card_id, reviewed_at, correct, state_before, undone ON reviews
WHEN OLD.undone = 0 AND {_BELOW_COUNTED.format(row="OLD")} BEGIN
{_counted("OLD", _REMOVE)}
END;
CREATE TRIGGER reviews_counted_recount
AFTER UPDATE OF id, deck_id, card_id, reviewed_at, correct, state_before, undone ON reviews
WHEN NEW.undone = 0 AND {_BELOW_COUNTED.format(row="NEW")} BEGIN
{_counted("NEW", _ADD)}
END;
"""

# The rows after the mark, added to the sums, and the mark moved past them (see V5). Run inside
# a write transaction. The mark never moves back, so that rows a writer deletes at the end of
# the log and ids used again are not counted twice: those are counted by the triggers.
# NOT INDEXED: the rows are found by their ids; left to itself, SQLite reads the whole index on
# (deck_id, reviewed_at, …) for the GROUP BY (200 ms for a million rows, however few are new).
_NEWER = "reviews.id > (SELECT review_id FROM counted) AND reviews.undone = 0"
_HOUR_OF_ROW = _HOUR.format(row="reviews")
COUNT_LOGGED = [
    f"""INSERT INTO review_hours (deck_id, hour, answers, review_answers, review_right)
    SELECT deck_id, {_HOUR_OF_ROW} AS h, count(*), sum(state_before = 'review'),
           sum(state_before = 'review' AND correct)
    FROM reviews NOT INDEXED WHERE {_NEWER} GROUP BY deck_id, h
    ON CONFLICT (deck_id, hour) DO UPDATE SET
        answers = answers + excluded.answers,
        review_answers = review_answers + excluded.review_answers,
        review_right = review_right + excluded.review_right""",
    f"""INSERT INTO card_answers (deck_id, card_id, answers)
    SELECT deck_id, card_id, count(*) FROM reviews NOT INDEXED WHERE {_NEWER}
    GROUP BY deck_id, card_id
    ON CONFLICT (deck_id, card_id) DO UPDATE SET answers = answers + excluded.answers""",
    f"""INSERT INTO review_days (deck_id, day, hours)
    SELECT deck_id, h / 24 AS d, sum(1 << (h % 24))
    FROM (SELECT DISTINCT deck_id, {_HOUR_OF_ROW} AS h FROM reviews NOT INDEXED WHERE {_NEWER})
    WHERE true GROUP BY deck_id, d
    ON CONFLICT (deck_id, day) DO UPDATE SET hours = hours | excluded.hours""",
    "UPDATE counted SET review_id = max(review_id, (SELECT coalesce(max(id), 0) FROM reviews))",
]
# whether the log has rows the sums do not count yet (NULL, false, for an empty log)
UNCOUNTED = "SELECT (SELECT max(id) FROM reviews) > (SELECT review_id FROM counted)"


def count_logged(conn: sqlite3.Connection) -> None:
    """Add the log's rows after the mark to the sums (inside the caller's write transaction)."""
    for statement in COUNT_LOGGED:
        conn.execute(statement)


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


# Who this progress file belongs to, without saying who that is: a random id made once, when the
# file is created (or first opened by this version). Exports carry it so that a class report
# counts a learner once however often they hand in, and a class hub can tell learners' answers
# apart; a pseudonym for anonymous exports is derived from it.
V6 = """
CREATE TABLE learner (id TEXT NOT NULL);  -- one row
INSERT INTO learner (id) VALUES (lower(hex(randomblob(16))));
"""


# Leeches the learner decided about, and exam plans (study/plan.py). A leech row says the learner
# chose, at `lapses` lapses, to suspend the item (it leaves every queue until unsuspended) or to
# keep it (asked again only after more lapses). Item states stay in `items`: suspending loses
# none. An exam plan is per deck: the exam's study day and the minutes a day to give it.
V7 = """
CREATE TABLE leeches (
    deck_id TEXT NOT NULL,
    card_id TEXT NOT NULL,
    part TEXT NOT NULL,
    suspended INTEGER NOT NULL,  -- 1: suspended, 0: kept in study
    lapses INTEGER NOT NULL,     -- the item's lapses when the learner chose
    chosen_at TEXT NOT NULL,     -- UTC, as reviews.shown_at
    PRIMARY KEY (deck_id, card_id, part)
) WITHOUT ROWID;
CREATE TABLE exam_plans (
    deck_id TEXT PRIMARY KEY,
    exam_day TEXT NOT NULL,      -- YYYY-MM-DD: the study day of the exam
    minutes INTEGER NOT NULL,    -- study time a day the learner can give these decks
    planned_at TEXT NOT NULL     -- UTC
);
"""


MIGRATIONS: list[Step] = [
    _script(V1),
    _script(V2),
    _script(V3),
    _script(V4),
    _script(V5),
    _script(V6),
    _script(V7),
]
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
