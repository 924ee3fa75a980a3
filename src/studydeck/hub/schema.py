"""The hub's tables, roles and row-level security, and `hub init` that creates or upgrades them.

Everything lives in the schema `studydeck` of a database given to the class. Two group roles,
named after the database so that several classes can share one PostgreSQL server:

- `<db>_instructors`: reads and writes everything. `hub init` grants it to whoever runs it.
- `<db>_learners`: every learner's login role is a member. It may read the published decks,
  insert its own answers (and mark its own answers undone), and replace its own scheduling states;
  row-level security hides and protects every other learner's rows. It owns nothing, so it can
  create, alter or drop nothing.

Schema versions move forward like the progress file's: `MIGRATIONS[i]` takes version i to i + 1,
all in one transaction with the grants, which `hub init` re-applies every time (idempotent).
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg
from psycopg import sql

SCHEMA = "studydeck"

# Placeholders: {learners} and {instructors} are the group roles (quoted identifiers).
MIGRATIONS: list[str] = [
    # 1: learners, published decks, answers, scheduling states, one row per progress file
    """
    CREATE TABLE studydeck.meta (version integer NOT NULL);
    INSERT INTO studydeck.meta VALUES (0);
    CREATE TABLE studydeck.learners (
        role name PRIMARY KEY,              -- the learner's login role
        name text NOT NULL,                 -- as the instructor typed it
        added_at timestamptz NOT NULL DEFAULT now(),
        added_by name NOT NULL DEFAULT current_user,
        removed_at timestamptz
    );
    CREATE TABLE studydeck.decks (
        deck_id text NOT NULL,
        version_hash text NOT NULL,         -- sha256 of the file's bytes
        title text NOT NULL,
        content text NOT NULL,              -- the deck file as published
        published_by name NOT NULL DEFAULT current_user,
        published_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (deck_id, version_hash)
    );
    CREATE TABLE studydeck.answers (
        learner_role name NOT NULL DEFAULT current_user,
        learner_id text NOT NULL,           -- the progress file's random id
        local_id bigint NOT NULL,           -- the answer's row id in that file
        deck_id text NOT NULL,
        card_id text NOT NULL,
        part text NOT NULL,
        card_type text NOT NULL,
        content_hash text NOT NULL,
        shown_at timestamptz NOT NULL,
        reviewed_at timestamptz NOT NULL,
        correct boolean NOT NULL,
        rating smallint NOT NULL,
        elapsed double precision NOT NULL,
        state_before text NOT NULL,
        answer jsonb,
        undone boolean NOT NULL DEFAULT false,
        pushed_at timestamptz NOT NULL DEFAULT now(),
        -- reviewed_at too: a file put back from a backup gives old row ids to new answers
        PRIMARY KEY (learner_role, learner_id, local_id, reviewed_at)
    );
    CREATE INDEX answers_card ON studydeck.answers (deck_id, card_id);
    CREATE TABLE studydeck.states (
        learner_role name NOT NULL DEFAULT current_user,
        learner_id text NOT NULL,
        deck_id text NOT NULL,
        card_id text NOT NULL,
        part text NOT NULL,
        state text NOT NULL,
        step integer,
        stability double precision,
        difficulty double precision,
        due timestamptz NOT NULL,
        last_review timestamptz,
        reps integer NOT NULL,
        lapses integer NOT NULL,
        PRIMARY KEY (learner_role, learner_id, deck_id, card_id, part)
    );
    CREATE TABLE studydeck.progress_files (
        learner_role name NOT NULL DEFAULT current_user,
        learner_id text NOT NULL,
        parameters double precision[],      -- the learner's fitted FSRS parameters, if any
        renames jsonb NOT NULL DEFAULT '[]', -- [[deck, old card id, new card id], ...]
        states_digest text,                 -- of the states last pushed: unchanged ones stay
        synced_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (learner_role, learner_id)
    );
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)

# Re-applied by every `hub init`: what each group may do, and the row-level security policies.
_OWN = "learner_role = current_user"
GRANTS = """
REVOKE ALL ON SCHEMA studydeck FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA studydeck FROM PUBLIC;
GRANT USAGE ON SCHEMA studydeck TO {learners}, {instructors};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA studydeck TO {instructors};
REVOKE ALL ON ALL TABLES IN SCHEMA studydeck FROM {learners};
GRANT SELECT ON studydeck.meta, studydeck.decks TO {learners};
GRANT SELECT ON studydeck.learners TO {learners};
GRANT SELECT, INSERT ON studydeck.answers TO {learners};
GRANT UPDATE (undone) ON studydeck.answers TO {learners};
GRANT SELECT, INSERT, DELETE ON studydeck.states TO {learners};
GRANT SELECT, INSERT ON studydeck.progress_files TO {learners};
GRANT UPDATE (parameters, renames, states_digest, synced_at) ON studydeck.progress_files
    TO {learners};

ALTER TABLE studydeck.learners ENABLE ROW LEVEL SECURITY;
ALTER TABLE studydeck.learners FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS own ON studydeck.learners;
DROP POLICY IF EXISTS instructors ON studydeck.learners;
CREATE POLICY own ON studydeck.learners FOR SELECT TO {learners} USING (role = current_user);
CREATE POLICY instructors ON studydeck.learners TO {instructors} USING (true) WITH CHECK (true);
"""
for _table in ("answers", "states", "progress_files"):
    GRANTS += f"""
ALTER TABLE studydeck.{_table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE studydeck.{_table} FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS own ON studydeck.{_table};
DROP POLICY IF EXISTS instructors ON studydeck.{_table};
CREATE POLICY own ON studydeck.{_table} TO {{learners}} USING ({_OWN}) WITH CHECK ({_OWN});
CREATE POLICY instructors ON studydeck.{_table} TO {{instructors}} USING (true) WITH CHECK (true);
"""


class HubSchemaError(Exception):
    """The hub's schema is newer than this studydeck, or the hub cannot be set up."""


@dataclass(frozen=True)
class Roles:
    learners: str
    instructors: str


def roles_for(dbname: str) -> Roles:
    """The class's group roles, named after its database (63 bytes at most, as PostgreSQL)."""
    base = dbname[:40]
    return Roles(f"{base}_learners", f"{base}_instructors")


def current_roles(conn: psycopg.Connection[tuple[object, ...]]) -> Roles:
    return roles_for(conn.info.dbname)


def hub_version(conn: psycopg.Connection[tuple[object, ...]]) -> int:
    """The hub schema's version; 0 when `hub init` never ran."""
    row = conn.execute("SELECT to_regclass('studydeck.meta') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return 0
    version = conn.execute("SELECT version FROM studydeck.meta").fetchone()
    return int(str(version[0])) if version else 0


def _ensure_role(conn: psycopg.Connection[tuple[object, ...]], role: str) -> bool:
    exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    if exists:
        return False
    conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    return True


def init_hub(conn: psycopg.Connection[tuple[object, ...]]) -> list[str]:
    """Create or upgrade the hub in `conn`'s database; return what was done, in words.

    Run by the database's owner (or a superuser) with the right to create roles. One
    transaction: a failure leaves the hub as it was.
    """
    done: list[str] = []
    roles = current_roles(conn)
    with conn.transaction():
        # one `hub init` at a time on this database
        conn.execute("SELECT pg_advisory_xact_lock(hashtext('studydeck hub init'))")
        for role in (roles.learners, roles.instructors):
            if _ensure_role(conn, role):
                done.append(f"created the group role {role}")
        me = str(conn.execute("SELECT current_user").fetchone()[0])  # type: ignore[index]
        conn.execute(
            sql.SQL("GRANT {} TO {}").format(sql.Identifier(roles.instructors), sql.Identifier(me))
        )
        conn.execute("CREATE SCHEMA IF NOT EXISTS studydeck")
        version = hub_version(conn)
        if version > SCHEMA_VERSION:
            raise HubSchemaError(
                f"the hub's schema is version {version}, newer than this studydeck knows "
                f"({SCHEMA_VERSION}): upgrade studydeck"
            )
        for step in range(version, SCHEMA_VERSION):
            conn.execute(_formatted(MIGRATIONS[step], roles))
            conn.execute("UPDATE studydeck.meta SET version = %s", (step + 1,))
            done.append(f"schema version {step + 1}")
        conn.execute(_formatted(GRANTS, roles))
        # only members of the class reach its database at all, and nobody makes temp tables
        db = sql.Identifier(conn.info.dbname)
        conn.execute(sql.SQL("REVOKE CONNECT, TEMPORARY ON DATABASE {} FROM PUBLIC").format(db))
        conn.execute(
            sql.SQL("GRANT CONNECT ON DATABASE {} TO {}, {}").format(
                db, sql.Identifier(roles.learners), sql.Identifier(roles.instructors)
            )
        )
        conn.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    if not any(line.startswith("schema") for line in done):
        done.append(f"schema already at version {SCHEMA_VERSION}")
    return done


def _formatted(text: str, roles: Roles) -> sql.Composed:
    return sql.SQL(text).format(  # our own constant text
        learners=sql.Identifier(roles.learners), instructors=sql.Identifier(roles.instructors)
    )


def require_version(conn: psycopg.Connection[tuple[object, ...]]) -> None:
    """Refuse a hub that `hub init` has not set up, or that a newer studydeck upgraded."""
    version = hub_version(conn)
    if version == 0:
        raise HubSchemaError("this database is not a studydeck hub yet: run `studydeck hub init`")
    if version > SCHEMA_VERSION:
        raise HubSchemaError(
            f"the hub's schema is version {version}, newer than this studydeck knows "
            f"({SCHEMA_VERSION}): upgrade studydeck"
        )
