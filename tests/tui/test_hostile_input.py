"""Issue 18 in the app: damage met by a read is said in words, no traceback (points 2 and 5);
file names shown literally (4); bad decks and FIFOs listed while the others load (6, 11)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import Static

from studydeck.deck.models import Deck
from studydeck.store import ProgressFileError, Store, open_store
from studydeck.study import Rating, open_session

from .conftest import T0, FakeClock, build_app, read_deck, write_deck


def _answer_one(store: Store, deck: Deck, clock: FakeClock) -> None:
    session = open_session(store, [deck], now=clock)
    session.record(Rating.AGAIN, elapsed=3.0)  # in learning: due again in minutes


def _garbage_fit(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO parameter_fits (fitted_at, reviews, parameters, accepted, log_loss_before,"
        " rmse_before, log_loss_after, rmse_after)"
        " VALUES ('2025-03-01T00:00:00.000000+00:00', 500, 'not json', 1, 0.5, 0.1, 0.4, 0.1)"
    )
    conn.commit()
    conn.close()


def _state(path: Path, state: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE items SET state = ?", (state,))
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "damage",
    [_garbage_fit, lambda path: _state(path, "learning[@click=app.quit] (click me)[/]")],
    ids=["garbage fit", "state with markup"],
)
async def test_damage_met_by_the_app_closes_it_with_words(
    damage: object, tmp_path: Path, clock: FakeClock
) -> None:
    deck = read_deck(write_deck(tmp_path, "one", ["basic", "typed"]))
    path = tmp_path / "progress.sqlite3"
    store = open_store(path, T0)
    _answer_one(store, deck, clock)
    assert callable(damage)
    damage(path)
    clock.advance(minutes=20)
    app = build_app([deck], store, clock, study_on_start=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    store.close()
    assert app.return_code == 1
    assert isinstance(app.progress_error, ProgressFileError)
    assert "damaged" in app.progress_error.message
    assert "studydeck restore" in app.progress_error.advice


async def test_a_deck_file_name_with_an_escape_is_shown_visibly(
    tmp_path: Path, clock: FakeClock
) -> None:
    """Issue 18, point 4: the home screen names files that could not be loaded."""
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "\x1b]0;pwned\x07.yaml").write_text("studydeck: 1\nid: Bad Id\n", encoding="utf-8")
    store = open_store(tmp_path / "progress.sqlite3", T0)
    app = build_app([], store, clock, deck_paths=[folder])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        problems = str(app.screen.query_one("#problems", Static).visual)
    store.close()
    assert "\x1b" not in problems and "\x07" not in problems
    assert "\\u001b]0;pwned\\u0007.yaml" in problems


async def test_a_deck_with_a_number_grading_cannot_compare_is_listed_not_fatal(
    tmp_path: Path, clock: FakeClock
) -> None:
    """Issue 18, point 6: the others load; the bad one is listed on the home screen."""
    folder = tmp_path / "decks"
    folder.mkdir()
    hostile = Path(__file__).parent.parent / "hostile"
    for name in ("small-deck", "number-5000-digits", "number-nan", "year-4301-digits"):
        (folder / f"{name}.yaml").write_bytes((hostile / f"{name}.yaml").read_bytes())
    store = open_store(tmp_path / "progress.sqlite3", T0)
    app = build_app([], store, clock, deck_paths=[folder])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        problems = str(app.screen.query_one("#problems", Static).visual)
        assert [d.id for d in app.library.decks] == ["small-deck"]
    store.close()
    assert "3 deck files could not be loaded" in problems


async def test_a_fifo_is_listed_and_the_other_decks_load(tmp_path: Path, clock: FakeClock) -> None:
    """Issue 18, point 11: the loading worker blocked on a FIFO named *.yaml for ever."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    hostile = Path(__file__).parent.parent / "hostile"
    store = open_store(tmp_path / "progress.sqlite3", T0)
    app = build_app([], store, clock, deck_paths=[hostile / "small-deck.yaml", fifo])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [d.id for d in app.library.decks] == ["small-deck"]
        assert [r.path for r in app.library.broken] == [fifo]
    store.close()


async def test_a_second_deck_with_the_same_id_is_listed_not_hidden(
    tmp_path: Path, clock: FakeClock
) -> None:
    """Issue 18, point 17: decks sharing an id were hidden without a word."""
    folder = tmp_path / "decks"
    folder.mkdir()
    hostile = Path(__file__).parent.parent / "hostile"
    text = (hostile / "small-deck.yaml").read_text(encoding="utf-8")
    (folder / "a.yaml").write_text(text, encoding="utf-8")
    (folder / "b.yaml").write_text(text.replace("A small deck", "Its twin"), encoding="utf-8")
    store = open_store(tmp_path / "progress.sqlite3", T0)
    app = build_app([], store, clock, deck_paths=[folder])
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        problems = str(app.screen.query_one("#problems", Static).visual)
        assert [d.title for d in app.library.decks] == ["A small deck"]
        (twin,) = app.library.broken
    store.close()
    assert "1 deck file could not be loaded: b.yaml" in problems
    assert twin.errors[0].message == f"deck id `small-deck` is also the id of {folder / 'a.yaml'}"
