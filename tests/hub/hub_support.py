"""Helpers for the hub's tests: a class database, learners with folders of their own, real study
sessions on a movable clock, and the hub's rows read back as the instructor."""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
from benchmarks.pg_cluster import Cluster
from psycopg import sql

from studydeck.cli import main
from studydeck.deck.loader import load_deck
from studydeck.deck.models import Deck
from studydeck.hub.joined import read_config
from studydeck.locations import CONFIG_DIR_ENV, DATA_DIR_ENV
from studydeck.store import open_store
from studydeck.study import Rating, open_session

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)

DECK = """\
studydeck: 1
id: class-quiz
title: "Class quiz"
cards:
  - id: where
    type: mcq
    question: "Where was the treaty signed?"
    options:
      - {text: Tashkent, correct: true}
      - {text: Moscow, why: "Secretariat"}
      - {text: Minsk, why: "CIS"}
    tags: [history]
  - id: members
    type: basic
    front: "How many members?"
    back: "Six"
    tags: [members]
  - id: signed
    type: cloze
    text: "The Collective Security Treaty was signed on {{15}} May {{1992}}."
    tags: [history]
  - id: founded
    type: true_false
    statement: "The CSTO was founded in 2002."
    answer: true
"""


def cli(*args: str) -> tuple[int, str, str]:
    """Run the real command line in-process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@dataclass
class Hub:
    cluster: Cluster
    db: str
    teacher: str
    url: str  # the instructor's connection string (password in `pgpass`)
    pgpass: Path

    def init(self) -> None:
        code, _out, err = cli("hub", "init", self.url)
        assert code == 0, err

    def instructor(self) -> psycopg.Connection[tuple[Any, ...]]:
        return psycopg.connect(self.url, autocommit=True, passfile=str(self.pgpass))

    def admin(self) -> psycopg.Connection[tuple[Any, ...]]:
        return psycopg.connect(self.cluster.admin(self.db), autocommit=True)

    def rows(self, role: str | None = None) -> list[tuple[Any, ...]]:
        """The hub's answers (as the instructor sees them), in push order."""
        with self.instructor() as conn:
            return conn.execute(
                "SELECT learner_role, learner_id, local_id, deck_id, card_id, part, correct,"
                " undone, reviewed_at FROM studydeck.answers"
                " WHERE %s::name IS NULL OR learner_role = %s"
                " ORDER BY learner_role, learner_id, local_id, reviewed_at",
                (role, role),
            ).fetchall()


_numbers = itertools.count(1)


def new_hub(cluster: Cluster, folder: Path) -> Hub:
    """A class database owned by an instructor login of its own (not a superuser)."""
    number = f"{os.getpid()}_{next(_numbers)}"
    db, teacher = f"class{number}", f"teacher{number}"
    folder.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(16)
    with psycopg.connect(cluster.admin(), autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(
                sql.Identifier(teacher), sql.Literal(password)
            )
        )
        conn.execute(
            sql.SQL("CREATE DATABASE {} OWNER {}").format(
                sql.Identifier(db), sql.Identifier(teacher)
            )
        )
    pgpass = folder / "instructor.pgpass"
    pgpass.write_text(f"127.0.0.1:{cluster.port}:{db}:{teacher}:{password}\n")
    pgpass.chmod(0o600)
    return Hub(cluster, db, teacher, cluster.url(teacher, db), pgpass)


@dataclass
class Learner:
    """A learner on a machine of their own: their own data and config folders."""

    name: str
    home: Path

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def config(self) -> Path:
        return self.home / "config"

    @property
    def progress(self) -> Path:
        return self.data / "progress.sqlite3"

    @contextlib.contextmanager
    def active(self) -> Iterator[None]:
        """Commands run as this learner (their folders in the environment) inside."""
        saved = {k: os.environ.get(k) for k in (DATA_DIR_ENV, CONFIG_DIR_ENV, "STUDYDECK_HUB")}
        os.environ[DATA_DIR_ENV] = str(self.data)
        os.environ[CONFIG_DIR_ENV] = str(self.config)
        os.environ.pop("STUDYDECK_HUB", None)  # a learner knows no instructor's hub
        try:
            yield
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value

    def cli(self, *args: str) -> tuple[int, str, str]:
        with self.active():
            return cli(*args)

    def sync(self) -> str:
        code, out, err = self.cli("sync")
        assert code == 0, err
        return out

    def role(self) -> str:
        with self.active():
            joined = read_config()
        assert joined is not None
        return joined.user

    def connect(self) -> psycopg.Connection[tuple[Any, ...]]:
        """Log in to the hub as this learner, with the password `hub join` saved."""
        with self.active():
            joined = read_config()
        assert joined is not None
        return psycopg.connect(joined.conninfo, password=joined.password, autocommit=True)

    def deck(self, deck_id: str = "class-quiz") -> Deck:
        """A deck as `sync` pulled it."""
        result = load_deck(self.data / "hub-decks" / f"{deck_id}.yaml")
        assert result.deck is not None, [str(p) for p in result.problems]
        return result.deck

    def study(self, deck: Deck, now: datetime, answers: int, *, wrong: bool = False) -> datetime:
        """Answer what a real session shows, one minute apart; return the time after."""
        store = open_store(self.progress, now)
        clock = [now]
        try:
            session = open_session(store, [deck], now=lambda: clock[0])
            for _ in range(answers):
                item = session.current
                if item is None:
                    break
                if item.card.type == "mcq":
                    given = frozenset({2 if wrong else 0})
                    grade = session.check(given, hint_used=False, elapsed=3.0)
                    session.record(grade.proposed, answer=given, grade=grade, elapsed=3.0)
                elif item.card.type == "true_false":
                    grade = session.check(not wrong, hint_used=False, elapsed=3.0)
                    session.record(grade.proposed, answer=not wrong, grade=grade, elapsed=3.0)
                else:
                    session.record(Rating.AGAIN if wrong else Rating.GOOD, elapsed=3.0)
                clock[0] += timedelta(minutes=1)
        finally:
            store.close()
        return clock[0]

    def undo_last(self, now: datetime) -> None:
        store = open_store(self.progress, now)
        try:
            reviews = store.reviews()
            with store.writing():
                store.mark_undone(reviews[-1].id, now)
        finally:
            store.close()

    def local_rows(self) -> list[tuple[Any, ...]]:
        """The progress file's answers, as the hub should hold them."""
        store = open_store(self.progress, T0 + timedelta(days=400))
        try:
            learner_id = store.learner_id()
            return [
                (learner_id, r.id, r.deck_id, r.card_id, r.part, r.correct, r.undone, r.reviewed_at)
                for r in store.reviews(include_undone=True)
            ]
        finally:
            store.close()


def join_line(hub_url: str, name: str) -> str:
    code, out, err = cli("hub", "add-learner", name, "--hub", hub_url)
    assert code == 0, err
    line = out.strip()
    assert line.startswith("studydeck hub join sdh1."), out
    return line


def add_learner(hub: Hub, name: str, root: Path) -> Learner:
    """The instructor adds the learner; the learner pastes the line and syncs once."""
    learner = Learner(name, root / name)
    words = join_line(hub.url, name).split()
    code, _, err = learner.cli(*words[1:])
    assert code == 0, err
    learner.sync()
    return learner


def report_json(*args: str) -> dict[str, Any]:
    code, out, err = cli("report", "--format", "json", *args)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data
