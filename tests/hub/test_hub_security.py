"""Security is PostgreSQL's, and tested: learner A logs in with the password `hub join` saved and
tries, with plain SQL, what a misbehaving client could try. Every attempt on learner B's rows,
the decks or the schema is refused (an error) or finds nothing to touch (row-level security)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from .hub_support import DECK, T0, Hub, Learner, add_learner, cli


@pytest.fixture
def class_of_two(hub: Hub, tmp_path: Path) -> tuple[Learner, Learner]:
    deck_file = tmp_path / "class-quiz.yaml"
    deck_file.write_text(DECK, encoding="utf-8")
    code, _, err = cli("hub", "publish", str(deck_file), "--hub", hub.url)
    assert code == 0, err
    ann, bob = add_learner(hub, "ann", tmp_path), add_learner(hub, "bob", tmp_path)
    for learner in (ann, bob):
        learner.study(learner.deck(), T0, 3)
        learner.sync()
    return ann, bob


def refused(conn: psycopg.Connection[tuple[Any, ...]], statement: str, *args: Any) -> str:
    """Run `statement` as the learner; it must fail in PostgreSQL. Returns the error text."""
    with pytest.raises(psycopg.Error) as caught:
        conn.execute(statement, args or None)
    return str(caught.value)


def test_a_learner_reads_only_their_own_rows(
    hub: Hub, class_of_two: tuple[Learner, Learner]
) -> None:
    ann, bob = class_of_two
    with ann.connect() as conn:
        roles = {r[0] for r in conn.execute("SELECT learner_role FROM studydeck.answers")}
        assert roles == {ann.role()}
        for table in ("states", "progress_files"):
            rows = conn.execute(f"SELECT DISTINCT learner_role FROM studydeck.{table}").fetchall()
            assert rows == [(ann.role(),)]
        assert conn.execute("SELECT role FROM studydeck.learners").fetchall() == [(ann.role(),)]
        hidden = conn.execute(
            "SELECT count(*) FROM studydeck.answers WHERE learner_role = %s", (bob.role(),)
        ).fetchone()
        assert hidden == (0,)
        # the published decks are readable
        assert conn.execute("SELECT count(*) FROM studydeck.decks").fetchone() == (1,)
    # the instructor reads everything
    assert {r[0] for r in hub.rows()} == {ann.role(), bob.role()}


def test_a_learner_cannot_change_or_delete_another_learners_rows(
    hub: Hub, class_of_two: tuple[Learner, Learner]
) -> None:
    ann, bob = class_of_two
    before = hub.rows(bob.role())
    with ann.connect() as conn:
        # the one column a learner may update (undone) is theirs only: B's rows are not found
        cur = conn.execute(
            "UPDATE studydeck.answers SET undone = true WHERE learner_role = %s", (bob.role(),)
        )
        assert cur.rowcount == 0
        assert "permission denied" in refused(
            conn, "UPDATE studydeck.answers SET correct = true WHERE learner_role = %s", bob.role()
        )
        assert "permission denied" in refused(
            conn, "DELETE FROM studydeck.answers WHERE learner_role = %s", bob.role()
        )
        cur = conn.execute(
            "DELETE FROM studydeck.states WHERE learner_role = %s", (bob.role(),)
        )  # a learner replaces their own states; B's are out of reach
        assert cur.rowcount == 0
        cur = conn.execute(
            "UPDATE studydeck.progress_files SET parameters = NULL WHERE learner_role = %s",
            (bob.role(),),
        )
        assert cur.rowcount == 0
        assert "permission denied" in refused(
            conn,
            "UPDATE studydeck.progress_files SET learner_role = current_user"
            " WHERE learner_role = %s",
            bob.role(),
        )
        assert "permission denied" in refused(conn, "TRUNCATE studydeck.answers")
    assert hub.rows(bob.role()) == before
    with hub.instructor() as conn:
        assert conn.execute(
            "SELECT count(*) FROM studydeck.states WHERE learner_role = %s", (bob.role(),)
        ).fetchone() != (0,)


def test_a_learner_inserts_only_their_own_answers(
    hub: Hub, class_of_two: tuple[Learner, Learner]
) -> None:
    ann, bob = class_of_two
    now = datetime.now(UTC)
    with ann.connect() as conn:
        error = refused(
            conn,
            "INSERT INTO studydeck.answers (learner_role, learner_id, local_id, deck_id, card_id,"
            " part, card_type, content_hash, shown_at, reviewed_at, correct, rating, elapsed,"
            " state_before) VALUES (%s, 'x', 999, 'd', 'c', '', 'basic', 'h', %s, %s, true, 3,"
            " 1.0, 'new')",
            bob.role(),
            now,
            now,
        )
        assert "row-level security" in error
        error = refused(
            conn,
            "INSERT INTO studydeck.states (learner_role, learner_id, deck_id, card_id, part,"
            " state, due, reps, lapses) VALUES (%s, 'x', 'd', 'c', '', 'review', %s, 1, 0)",
            bob.role(),
            now,
        )
        assert "row-level security" in error
    assert all(r[1] != "x" for r in hub.rows())


def test_a_learner_cannot_publish_or_touch_the_schema(
    hub: Hub, class_of_two: tuple[Learner, Learner], tmp_path: Path
) -> None:
    ann, _ = class_of_two
    with ann.connect() as conn:
        for statement in (
            "INSERT INTO studydeck.decks (deck_id, version_hash, title, content)"
            " VALUES ('evil', 'h', 'Evil', 'x')",
            "UPDATE studydeck.decks SET content = 'x'",
            "DELETE FROM studydeck.decks",
            "UPDATE studydeck.meta SET version = 99",
            "INSERT INTO studydeck.learners (role, name) VALUES ('x', 'x')",
        ):
            assert "permission denied" in refused(conn, statement)
        for statement in (
            "CREATE TABLE studydeck.mine (x int)",
            "CREATE TABLE public.mine (x int)",
            "CREATE TEMP TABLE mine (x int)",
            "DROP TABLE studydeck.answers",
            "ALTER TABLE studydeck.answers DISABLE ROW LEVEL SECURITY",
            "ALTER TABLE studydeck.answers ADD COLUMN x int",
            "DROP POLICY own ON studydeck.answers",
            "CREATE SCHEMA mine",
        ):
            error = refused(conn, statement)
            assert "permission denied" in error or "must be owner" in error, statement
    # studydeck's own publishing code, run with the learner's login, is refused the same way
    from studydeck.hub.publish import publish

    mine = tmp_path / "mine.yaml"
    mine.write_text(DECK.replace("id: class-quiz", "id: mine"), encoding="utf-8")
    with ann.connect() as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        publish(conn, [mine])
    with hub.instructor() as conn:
        assert conn.execute("SELECT count(*) FROM studydeck.decks").fetchone() == (1,)


def test_a_learner_cannot_reach_another_class(hub: Hub, tmp_path: Path) -> None:
    from .hub_support import new_hub

    ann = add_learner(hub, "ann", tmp_path)
    other = new_hub(hub.cluster, tmp_path / "other")
    with psycopg.connect(other.url, passfile=str(other.pgpass), autocommit=True) as conn:
        from studydeck.hub.schema import init_hub

        init_hub(conn)
    with ann.active():
        from studydeck.hub.joined import read_config

        joined = read_config()
    assert joined is not None
    psycopg.connect(joined.conninfo, password=joined.password).close()  # their own class: fine
    elsewhere = make_conninfo(joined.conninfo, dbname=other.db)
    with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
        psycopg.connect(elsewhere, password=joined.password).close()


def test_passwords_stay_out_of_command_lines_logs_and_exports(
    hub: Hub, class_of_two: tuple[Learner, Learner], tmp_path: Path
) -> None:
    ann, _ = class_of_two
    with ann.active():
        from studydeck.hub.joined import read_config

        joined = read_config()
    assert joined is not None
    # not in the connection string, the sync's output or the progress export
    assert joined.password not in joined.conninfo
    code, out, err = ann.cli("sync")
    assert code == 0 and joined.password not in out + err
    code, out, err = ann.cli("progress", "export", "--decks", str(ann.data / "hub-decks"))
    assert code == 0 and joined.password not in out
    # the server keeps a SCRAM verifier, never the password
    with hub.admin() as conn:
        stored = conn.execute(
            "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (ann.role(),)
        ).fetchone()
    assert stored is not None and str(stored[0]).startswith("SCRAM-SHA-256$")
    # and the server log never saw it
    log = (hub.cluster.root / "server.log").read_text(errors="replace")
    assert joined.password not in log
