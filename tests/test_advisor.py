"""The workload advisor on a fixed log: answer times, rating habits, simulated options, the best
retention, warnings, the chart, and `stats --advise`."""

from __future__ import annotations

import json
from pathlib import Path

import fsrs_rs_python
import pytest

from study_support import FakeClock, basic, make_deck, write_deck
from studydeck.cli import main
from studydeck.deck.models import Deck
from studydeck.store import Store, open_store
from studydeck.study import Rating, open_session
from studydeck.study.advisor import RETENTIONS, advise, chart, retention_warnings
from studydeck.study.exam import answer_seconds
from studydeck.study.habits import MIN_ANSWERS, Counts, Logged, count, habits
from studydeck.study.plan import DEFAULT_SECONDS, MIN_TIMES


def test_answer_time_is_the_learners_median_once_there_are_enough(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic(f"c{i}") for i in range(40)], {"new_per_day": 40})
    clock = FakeClock()
    store = open_store(tmp_path / "p.sqlite3", clock())
    assert answer_seconds(store, [deck]) == DEFAULT_SECONDS
    session = open_session(store, [deck], now=clock)
    for n in range(MIN_TIMES - 1):
        session.record(Rating.EASY, elapsed=4.0 + n % 3)  # 4, 5, 6 s: median 5
    assert answer_seconds(store, [deck]) == DEFAULT_SECONDS  # one answer short
    session.record(Rating.EASY, elapsed=5.0)
    assert answer_seconds(store, [deck]) == 5.0
    store.close()


def test_advice_on_a_fixed_log(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic(f"c{i}") for i in range(120)], {"new_per_day": 20})
    clock = FakeClock()
    store = open_store(tmp_path / "p.sqlite3", clock())
    session = open_session(store, [deck], now=clock)
    while session.current is not None:
        session.record(Rating.GOOD, elapsed=6.0)
        clock.advance(minutes=11)  # the learning step is due again
    advice = advise(store, [deck], clock(), days=120)
    assert advice.items == 120 and advice.seconds_per_answer == 6.0 and not advice.fitted
    assert [o.retention for o in advice.options] == list(RETENTIONS)
    assert RETENTIONS[0] == 0.70 and RETENTIONS[-1] == 0.97
    first, last = advice.options[0], advice.options[-1]
    # every answer costs the learner's 6 s: minutes follow the answers
    for o in advice.options:
        assert o.minutes_per_day == pytest.approx(o.reviews_per_day * 6 / 60)
        assert 0 < o.remembered <= 120
    assert last.reviews_per_day > 2 * first.reviews_per_day  # 0.97 costs far more than 0.70
    assert last.remembered > first.remembered  # and keeps more
    assert advice.best == min(advice.options, key=lambda o: o.seconds_per_item)
    assert advice.best.retention < 0.95
    assert advise(store, [deck], clock(), days=120) == advice  # seeded: the same every time
    lines = chart(advice)
    rows = lines[1 : 1 + len(RETENTIONS)]  # a heading, a row per retention, then the legend
    assert sum(line.endswith("◀ best") for line in rows) == 1
    marked = next(line for line in rows if line.endswith("◀ best"))
    assert marked.split()[0] == f"{advice.best.retention:.2f}" and "█" in marked
    store.close()


def test_warnings_outside_anki_s_range(tmp_path: Path) -> None:
    low = make_deck(tmp_path, "low", [basic("a")], {"desired_retention": 0.75})
    high = make_deck(tmp_path, "high", [basic("a")], {"desired_retention": 0.97})
    fine = make_deck(tmp_path, "fine", [basic("a")])
    warnings = retention_warnings([low, high, fine])
    assert len(warnings) == 2
    assert warnings[0].startswith("low: desired retention 0.75 is below 0.80")
    assert warnings[1].startswith("high: desired retention 0.97 is above 0.95")


def test_stats_advise(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck_file = write_deck(tmp_path, "geo", [basic(f"c{i}") for i in range(30)])
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "stats", "--advise", str(deck_file)]) == 0
    out = capsys.readouterr().out
    assert "Desired retention: what it costs a day, and what it keeps" in out
    assert "◀ best" in out and "FSRS default parameters" in out
    assert main(["--data-dir", str(data), "stats", "--advise", "--json", str(deck_file)]) == 0
    advice = json.loads(capsys.readouterr().out)["advice"]
    assert advice["items"] == 30 and advice["parameters"] == "default"
    assert advice["ratings"] == "average"  # no log yet: Anki's average learner's shares
    assert [o["retention"] for o in advice["options"]] == list(RETENTIONS)
    assert advice["best_retention"] in RETENTIONS
    assert not data.exists()  # advice reads no file into being


def _study_a_day(store: Store, deck: Deck, clock: FakeClock, first: Rating) -> None:
    """Answer the day's cards: a new card's first answer `first`, every later one Good."""
    session = open_session(store, [deck], now=clock)
    while (item := session.current) is not None:
        session.record(first if item.state == "new" else Rating.GOOD, elapsed=6.0)
        clock.advance(minutes=11)  # a learning step is due again


def test_rating_habits_are_counted_by_kind_of_answer() -> None:
    log = [Logged(i, "new", Rating.AGAIN if i % 4 == 0 else Rating.GOOD) for i in range(40)]
    log += [Logged(i, "learning", Rating.GOOD) for i in range(0, 40, 4)]  # their step, after Again
    log += [Logged(i, "review", Rating.GOOD if i % 5 else Rating.HARD) for i in range(40)]
    log += [Logged(i, "review", Rating.AGAIN) for i in range(5)]  # lapses: not a recalled share
    counts = count(log)
    assert counts.first == (10, 0, 30, 0)
    assert counts.review == (8, 32, 0)
    assert counts.learning[0] == (0, 0, 10, 0) and counts.relearning == Counts().relearning
    rating = habits(log)
    anki = fsrs_rs_python.default_simulator_config()
    assert rating.own
    assert rating.first == [0.25, 0.0, 0.75, 0.0]
    assert rating.review == [0.2, 0.8, 0.0]
    # ten step answers after Again are fewer than MIN_ANSWERS: that row stays Anki's
    assert MIN_ANSWERS > 10 and rating.learning == anki.learning_step_transitions
    assert rating.relearning == anki.relearning_step_transitions
    few = habits(log[: MIN_ANSWERS - 1])
    assert not few.own and few.first == anki.first_rating_prob


def test_a_learner_who_fails_new_cards_is_told_it_costs_more(tmp_path: Path) -> None:
    """The advisor simulates with the learner's own ratings (study/habits.py): a log where
    every new card is failed first predicts more minutes a day than one where it is recalled,
    and a learner with no log gets Anki's average learner's ratings."""
    cards = [basic(f"c{i}") for i in range(60)]
    deck = make_deck(tmp_path, "d", cards, {"new_per_day": 30})
    advice = {}
    for first in (Rating.GOOD, Rating.AGAIN):
        clock = FakeClock()
        store = open_store(tmp_path / f"{first.name}.sqlite3", clock())
        if first is Rating.GOOD:
            new = advise(store, [deck], clock(), days=60)
            assert not new.own_habits and "an average learner's ratings" in chart(new)[-1]
        _study_a_day(store, deck, clock, first)
        clock.advance(days=1)
        _study_a_day(store, deck, clock, first)
        advice[first] = advise(store, [deck], clock(), days=60)
        assert advice[first].own_habits and "your ratings" in chart(advice[first])[-1]
        assert not advice[first].fitted  # the same default parameters for both
        store.close()
    for good, again in zip(advice[Rating.GOOD].options, advice[Rating.AGAIN].options, strict=True):
        assert again.minutes_per_day > 1.1 * good.minutes_per_day
        assert again.reviews_per_day > 1.1 * good.reviews_per_day


def test_the_habits_are_read_from_the_last_answers_kept(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic(f"c{i}") for i in range(5)])
    clock = FakeClock()
    store = open_store(tmp_path / "p.sqlite3", clock())
    session = open_session(store, [deck], now=clock)
    for rating in (Rating.AGAIN, Rating.GOOD, Rating.HARD, Rating.EASY):
        session.record(rating, elapsed=5.0)
    session.undo()  # the Easy answer is taken back: not a habit
    last = store.recent_ratings(2)
    assert [(r.item.card_id, r.state_before, r.rating) for r in last] == [
        ("c1", "new", Rating.GOOD),
        ("c2", "new", Rating.HARD),
    ]
    assert len(store.recent_ratings(10)) == 3
    store.close()
