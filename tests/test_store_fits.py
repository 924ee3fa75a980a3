"""The progress file keeps the FSRS parameters fitted to the learner (schema step 4): an older
file upgrades, fits are kept with their figures, and the parameters in use are those of the
latest accepted fit as of a time."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from fit_support import FORGETFUL
from study_support import T0, FakeClock, basic, make_deck
from studydeck.store import ProgressFileError, SavedFit, open_store
from studydeck.store.schema import SCHEMA_VERSION, migrate
from studydeck.study import Rating, open_session
from studydeck.study.optimizer import DEFAULT_PARAMETERS

OTHER = tuple(w * 1.1 for w in DEFAULT_PARAMETERS[:4]) + DEFAULT_PARAMETERS[4:]


def fitted(at_hours: float, parameters: tuple[float, ...], accepted: bool = True) -> SavedFit:
    return SavedFit(T0 + timedelta(hours=at_hours), 450, parameters, accepted, 0.4, 0.1, 0.3, 0.05)


def test_a_schema_3_file_upgrades_and_keeps_its_log(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=3)
    conn.execute(
        "INSERT INTO reviews (deck_id, card_id, part, card_type, content_hash, shown_at,"
        " reviewed_at, answer, correct, rating, proposed, automatic, elapsed, state_before,"
        " state_after, step_after, stability_after, difficulty_after, due_after)"
        " VALUES ('d','a','','basic','h','2025-01-01T10:00:00.000000+00:00',"
        "'2025-01-01T10:00:05.000000+00:00',NULL,1,3,NULL,0,5.0,'review','review',NULL,9.0,"
        "5.0,'2025-01-10T10:00:05.000000+00:00')"
    )
    conn.close()
    store = open_store(path, T0)
    assert store._conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert store.fits() == [] and store.parameters_in_use() is None
    assert store.review_count() == 1 and store.long_term_answers() == 1
    with store.writing():
        store.save_fit(fitted(0, FORGETFUL))
    assert store.parameters_in_use() == FORGETFUL
    store.close()
    # a fresh file has the same table
    fresh = open_store(tmp_path / "fresh.sqlite3", T0)
    columns = [r[1] for r in fresh._conn.execute("PRAGMA table_info(parameter_fits)")]
    assert columns[:5] == ["id", "fitted_at", "reviews", "parameters", "accepted"]
    fresh.close()


def test_the_parameters_in_use_are_the_latest_accepted_as_of_a_time(tmp_path: Path) -> None:
    store = open_store(tmp_path / "progress.sqlite3", T0)
    with store.writing():
        store.save_fit(fitted(1, FORGETFUL))
        store.save_fit(fitted(2, OTHER, accepted=False))  # predicted no better: not in use
        store.save_fit(fitted(3, OTHER))
    assert store.parameters_in_use(T0) is None  # before any fit: the defaults
    assert store.parameters_in_use(T0 + timedelta(hours=1)) == FORGETFUL
    assert store.parameters_in_use(T0 + timedelta(hours=2, minutes=30)) == FORGETFUL
    assert store.parameters_in_use(T0 + timedelta(hours=3)) == OTHER
    assert store.parameters_in_use() == OTHER
    assert [(f.accepted, f.parameters) for f in store.fits()] == [
        (True, FORGETFUL),
        (False, OTHER),
        (True, OTHER),
    ]
    store.close()


def test_a_fit_saved_by_another_connection_is_seen(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    app = open_store(path, T0)
    assert app.parameters_in_use() is None
    with open_store(path, T0) as child, child.writing():
        child.save_fit(fitted(0, FORGETFUL))
    assert app.parameters_in_use() == FORGETFUL
    app.close()


def test_damaged_parameters_are_reported(tmp_path: Path) -> None:
    store = open_store(tmp_path / "progress.sqlite3", T0)
    with store.writing():
        store.save_fit(fitted(0, FORGETFUL))
        store._conn.execute("UPDATE parameter_fits SET parameters = '[1, 2,'")
    with pytest.raises(ProgressFileError, match="damaged"):
        store.parameters_in_use()
    store.close()


def test_long_term_answers_count_kept_answers_to_items_in_review(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic("a"), basic("b")])
    store = open_store(tmp_path / "progress.sqlite3", T0)
    clock = FakeClock()
    session = open_session(store, [deck], now=clock)
    while session.current is not None:
        session.record(Rating.GOOD, elapsed=2)
        clock.advance(minutes=11)
    assert store.long_term_answers() == 0  # new items and learning steps
    clock.advance(days=20)
    session = open_session(store, [deck], now=clock)
    session.record(Rating.GOOD, elapsed=2)
    session.record(Rating.GOOD, elapsed=2)
    assert store.long_term_answers() == 2
    session.undo()
    assert store.long_term_answers() == 1
    store.close()
