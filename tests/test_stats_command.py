"""`studydeck stats`: JSON and table output, deck lookup, exit codes, and no Textual import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from study_support import FakeClock, basic, write_deck
from studydeck.cli import main
from studydeck.deck.loader import find_deck_files, load_deck
from studydeck.locations import bundled_decks_dir
from studydeck.store import ItemKey, open_store
from studydeck.study import Rating, open_session


def _studied(tmp_path: Path) -> tuple[Path, Path]:
    """A deck file and a data dir where 2 new cards were learnt 12 days ago and reviewed today."""
    (tmp_path / "decks").mkdir()
    cards = [basic(f"c{i}") for i in range(5)]
    deck_file = write_deck(tmp_path / "decks", "geo", cards, title="Geography")
    deck = load_deck(deck_file).deck
    assert deck is not None
    data = tmp_path / "data"
    # the command reads the real clock, so the history is placed relative to it
    clock = FakeClock(datetime.now(UTC) - timedelta(days=12))
    store = open_store(data / "progress.sqlite3", clock())
    session = open_session(store, [deck], now=clock)
    session.record(Rating.EASY, elapsed=3)
    session.record(Rating.EASY, elapsed=3)
    clock.now = datetime.now(UTC) - timedelta(hours=1)
    (tmp_path / "variant").mkdir()
    reviews_only = load_deck(write_deck(tmp_path / "variant", "geo", cards, {"new_per_day": 0}))
    assert reviews_only.deck is not None
    session = open_session(store, [reviews_only.deck], now=clock)
    for rating in (Rating.GOOD, Rating.AGAIN):
        assert session.current is not None and session.current.state == "review"
        session.record(rating, elapsed=3)
    store.close()
    return deck_file, data


def test_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck_file, data = _studied(tmp_path)
    assert main(["--data-dir", str(data), "stats", "--json", str(deck_file)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report == {
        "answers": 4,
        "decks": [
            {
                "id": "geo",
                "title": "Geography",
                "cards": 5,
                "questions": 5,  # = not_seen + learning + review + relearning
                "not_seen": 3,
                "learning": 0,
                "review": 1,
                "relearning": 1,
                "due_today": 1,  # the lapsed one: its 10-minute relearning step is over
                "answers": 4,
                "retention": 0.5,
            }
        ],
        "scheduler": {"parameters": "default"},
        "suspended": [],
        "exams": [],
    }


def test_table_and_folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, data = _studied(tmp_path)
    write_deck(tmp_path / "decks", "hist", [basic("x")], title="History")
    assert main(["--data-dir", str(data), "stats", str(tmp_path / "decks")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "DECK",
        "TITLE",
        "CARDS",
        "QUESTIONS",
        "UNSEEN",
        "LEARNING",
        "REVIEW",
        "RELEARNING",
        "DUE-TODAY",
        "ANSWERS",
        "RETENTION",
    ]
    assert lines[1].split() == ["geo", "Geography", "5", "5", "3", "0", "1", "1", "1", "4", "50%"]
    assert lines[2].split() == ["hist", "History", "1", "1", "1", "0", "0", "0", "0", "0", "-"]
    assert lines[3] == "4 answers in all"
    assert lines[4].startswith("Scheduler: FSRS default parameters")
    assert len(lines) == 5  # no suspended leeches: no line about them


def test_suspended_leeches_are_listed_and_unsuspended(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck_file, data = _studied(tmp_path)
    store = open_store(data / "progress.sqlite3", datetime.now(UTC))
    when = datetime(2026, 1, 2, 12, tzinfo=UTC)
    store.choose_leech(ItemKey("geo", "c1", ""), suspended=True, lapses=8, now=when)
    store.close()
    assert main(["--data-dir", str(data), "stats", str(deck_file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[4].startswith("Suspended leeches (1;")
    assert lines[5].split() == ["geo", "c1", "8", "lapses,", "since", "2026-01-02"]
    assert main(["--data-dir", str(data), "stats", "--json", str(deck_file)]) == 0
    assert json.loads(capsys.readouterr().out)["suspended"] == [
        {
            "deck": "geo",
            "card": "c1",
            "part": "",
            "lapses": 8,
            "suspended_at": "2026-01-02T12:00:00+00:00",
        }
    ]
    args = ["--data-dir", str(data), "stats", str(deck_file), "--unsuspend", "c1"]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert "c1: back in study" in captured.err
    assert "Suspended" not in captured.out
    assert main(args) == 1  # no longer suspended
    assert "no suspended card" in capsys.readouterr().err


def test_bundled_decks_by_default_and_by_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundled = [load_deck(f).deck for f in find_deck_files([bundled_decks_dir()])]
    ids = [d.id for d in bundled if d is not None]
    assert ids
    data = tmp_path / "data"
    main(["--data-dir", str(data), "stats", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert [d["id"] for d in report["decks"]] == ids and report["answers"] == 0
    assert main(["--data-dir", str(data), "stats", "--json", ids[-1]]) == 0
    assert [d["id"] for d in json.loads(capsys.readouterr().out)["decks"]] == [ids[-1]]
    assert not data.exists()  # reading stats never creates a progress file


def test_usage_and_damaged_file_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data-dir", str(tmp_path), "stats", "no-such-deck"]) == 2
    assert "no-such-deck" in capsys.readouterr().err
    bad_deck = tmp_path / "bad.yaml"
    bad_deck.write_text("studydeck: 1\nid: Not A Slug\n")
    assert main(["--data-dir", str(tmp_path), "stats", str(bad_deck)]) == 1
    assert "bad.yaml" in capsys.readouterr().err
    deck_file = write_deck(tmp_path, "geo", [basic("a")])
    progress = tmp_path / "progress.sqlite3"
    progress.write_bytes(b"\x00" * 4096)
    assert main(["--data-dir", str(tmp_path), "stats", str(deck_file)]) == 1
    err = capsys.readouterr().err
    assert str(progress) in err and "studydeck restore" in err
    assert progress.read_bytes() == b"\x00" * 4096


def test_runs_without_importing_textual(tmp_path: Path) -> None:
    deck_file, data = _studied(tmp_path)
    code = (
        "import json, sys\n"
        "from studydeck.cli import main\n"
        "rc = main(['stats', '--json', sys.argv[1]])\n"
        "ui = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "models = sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'yaml'))\n"
        "print(json.dumps({'rc': rc, 'ui': ui, 'models': bool(models)}))\n"
    )
    env = {**os.environ, "STUDYDECK_DATA_DIR": str(data)}  # the override, instead of --data-dir
    outputs = []
    # the first run checks the deck file; the second finds it unchanged in the cache and needs
    # neither pydantic nor the YAML parser
    for checked in (True, False):
        done = subprocess.run(
            [sys.executable, "-c", code, str(deck_file)], capture_output=True, text=True, env=env
        )
        *report, last = done.stdout.splitlines()
        assert json.loads(last) == {"rc": 0, "ui": [], "models": checked}
        assert json.loads("\n".join(report))["answers"] == 4
        outputs.append(report)
    assert outputs[0] == outputs[1]


def test_questions_are_counted_apart_from_cards_and_add_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A two-sided flashcard is two questions and a cloze card one per blank: `cards` counts
    the deck's entries, `questions` what is asked, and the states add up to the questions."""
    cloze = {"id": "date", "type": "cloze", "text": "Signed on {{15 May}} {{1992}}."}
    deck_file = write_deck(tmp_path, "two", [basic("sides", reverse=True), cloze])
    deck = load_deck(deck_file).deck
    assert deck is not None
    data = tmp_path / "data"
    store = open_store(data / "progress.sqlite3", datetime.now(UTC))
    session = open_session(store, [deck], now=datetime.now(UTC))
    session.record(Rating.AGAIN, elapsed=3)  # one question in learning, due in minutes
    store.close()
    assert main(["--data-dir", str(data), "stats", "--json", str(deck_file)]) == 0
    (got,) = json.loads(capsys.readouterr().out)["decks"]
    assert (got["cards"], got["questions"]) == (2, 4)
    parts = got["not_seen"] + got["learning"] + got["review"] + got["relearning"]
    assert parts == got["questions"] and got["learning"] == 1 and got["answers"] == 1


def test_due_today_is_every_due_question_and_home_due_now_what_a_session_asks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # two counts, two names: `stats` says how many questions are due today; home's "Due now"
    # is how many of them a session started now asks (here: the deck's daily limit of 2)
    from studydeck.study import deck_counts

    (tmp_path / "decks").mkdir()
    cards = [basic(f"c{i}") for i in range(5)]
    deck_file = write_deck(tmp_path / "decks", "geo", cards, {"reviews_per_day": 2})
    deck = load_deck(deck_file).deck
    assert deck is not None
    data = tmp_path / "data"
    clock = FakeClock(datetime.now(UTC) - timedelta(days=60))
    store = open_store(data / "progress.sqlite3", clock())
    session = open_session(store, [deck], now=clock)
    while session.current is not None:
        session.record(Rating.EASY, elapsed=3)
    now = datetime.now(UTC)
    assert deck_counts(store, deck, now).due == 2
    store.close()
    assert main(["--data-dir", str(data), "stats", "--json", str(deck_file)]) == 0
    assert json.loads(capsys.readouterr().out)["decks"][0]["due_today"] == 5
    assert main(["--data-dir", str(data), "stats", str(deck_file)]) == 0
    head, row = capsys.readouterr().out.splitlines()[:2]
    assert row.split()[head.split().index("DUE-TODAY") + 1] == "5"  # the title has two words
