"""FSRS parameters fitted to the learner's own answers: training items counted in study days,
a fit on a real progress file of simulated answers, the refit rule, and where fitted parameters
apply (from each item's next showing; item states are never rewritten)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import fsrs_rs_python as F
import pytest

from fit_support import DAYS, FORGETFUL, simulate
from study_support import T0, FakeClock, basic, make_deck
from studydeck.store import ItemKey, SavedFit, open_store
from studydeck.study import Rating, open_session, rebuild_state
from studydeck.study.days import Days
from studydeck.study.optimizer import (
    DEFAULT_PARAMETERS,
    MIN_REVIEWS,
    REFIT_GROWTH,
    Answer,
    _DayNumbers,
    fit,
    refit_due,
    reviews_needed,
    training_items,
)
from studydeck.study.refit import fit_progress, log_items, save

A = ItemKey("d", "a", "")
B = ItemKey("d", "b", "")


def item(*reviews: tuple[int, int]) -> str:
    """How fsrs-rs shows a training item with these (rating, days since the last answer)."""
    return repr(F.FSRSItem([F.FSRSReview(rating, days) for rating, days in reviews]))


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 3, day, hour, minute, tzinfo=UTC)


def test_training_items_count_study_days_not_24_hour_periods() -> None:
    answers = [
        Answer(A, 1, at(10, 9)),
        Answer(B, 3, at(10, 9, 1)),  # another item, in between: grouped apart
        Answer(A, 3, at(10, 9, 10)),  # the learning step, the same day
        Answer(A, 3, at(11, 3)),  # 18 h later but before 4 a.m.: the same study day
        Answer(A, 3, at(11, 5)),  # 2 h later, but the next study day: one day
        Answer(B, 3, at(13, 20)),
        Answer(A, 1, at(14, 9)),
        Answer(A, 3, at(14, 9, 10)),
    ]
    items = training_items(answers, Days(4, UTC))
    assert [repr(i) for i in items] == [
        item((1, 0), (3, 0), (3, 0), (3, 1)),
        item((3, 0), (3, 3)),
        item((1, 0), (3, 0), (3, 0), (3, 1), (1, 3)),
    ]


def test_training_items_use_the_learners_zone() -> None:
    # 07:00 and 09:00 UTC on one date are 03:00 and 05:00 in New York: two study days there
    answers = [Answer(A, 3, at(10, 7)), Answer(A, 3, at(10, 9))]
    assert training_items(answers, Days(4, UTC)) == []
    (only,) = training_items(answers, Days(4, ZoneInfo("America/New_York")))
    assert repr(only) == item((3, 0), (3, 1))


@pytest.mark.parametrize(
    "zone",
    [
        ZoneInfo("Europe/Berlin"),
        ZoneInfo("America/St_Johns"),  # half-hour offset
        ZoneInfo("Australia/Lord_Howe"),  # daylight saving moves the clock by half an hour
        None,  # the computer's zone
    ],
)
def test_day_numbers_equal_days_number_across_clock_changes(zone: ZoneInfo | None) -> None:
    for starts_at in (0, 4):
        days = Days(starts_at, zone)
        day_number = _DayNumbers(days)
        for start in (at(29, 0), datetime(2025, 10, 3, tzinfo=UTC)):  # spring and autumn
            for minutes in range(0, 6 * 24 * 60, 7):
                when = start + timedelta(minutes=minutes, microseconds=minutes % 3)
                assert day_number(when) == days.number(when), when


def test_a_clock_set_back_counts_as_the_same_day() -> None:
    answers = [Answer(A, 3, at(12, 9)), Answer(A, 3, at(10, 9)), Answer(A, 3, at(11, 9))]
    (only,) = training_items(answers, Days(4, UTC))
    assert repr(only) == item((3, 0), (3, 0), (3, 1))


def test_fit_without_reviews_keeps_the_parameters_in_use() -> None:
    result = fit([Answer(A, 3, at(10, 9))], DAYS, None)
    assert result.reviews == 0 and not result.better and result.current is None
    assert result.parameters == DEFAULT_PARAMETERS
    assert fit([], DAYS, FORGETFUL).parameters == FORGETFUL


@pytest.mark.parametrize(
    ("now", "fitted_on", "due"),
    [
        (0, None, False),
        (MIN_REVIEWS - 1, None, False),
        (MIN_REVIEWS, None, True),
        (1000, 1000, False),
        (1199, 1000, False),  # 20 % more is 1200
        (1200, 1000, True),
        (int(MIN_REVIEWS * (1 + REFIT_GROWTH)) - 1, MIN_REVIEWS, False),
        (int(MIN_REVIEWS * (1 + REFIT_GROWTH)), MIN_REVIEWS, True),
        (MIN_REVIEWS - 1, 10, False),  # never below the minimum, whatever was fitted before
    ],
)
def test_refit_due(now: int, fitted_on: int | None, due: bool) -> None:
    assert refit_due(now, fitted_on) is due


def test_reviews_needed() -> None:
    assert reviews_needed(0) == MIN_REVIEWS
    assert reviews_needed(MIN_REVIEWS - 30) == 30
    assert reviews_needed(MIN_REVIEWS + 30) == 0


def test_fitting_a_forgetful_learner_changes_the_parameters_and_predicts_better(
    tmp_path: Path,
) -> None:
    store = open_store(tmp_path / "progress.sqlite3", T0)
    simulate(store, cards=150, days=60)
    items = log_items(store, DAYS)
    assert len(items) >= MIN_REVIEWS
    result = fit_progress(store, items)
    assert result.reviews == len(items)
    assert result.current is not None and result.fitted is not None
    assert result.better and result.parameters == result.fitted_parameters
    assert result.fitted.log_loss < result.current.log_loss
    assert result.fitted.rmse < result.current.rmse
    assert result.parameters != DEFAULT_PARAMETERS
    # the same answers through the plain function give the same fit
    again = fit(store.kept_answers(Answer), DAYS, None)
    assert again.parameters == result.parameters and again.reviews == result.reviews
    store.close()


def test_fitted_parameters_bring_recall_at_review_to_the_desired_retention(
    tmp_path: Path,
) -> None:
    """The scheduler's promise: at desired retention 0.9, the forgetful learner recalls far
    less at review under the default parameters, and close to 0.9 once they are fitted."""
    store = open_store(tmp_path / "progress.sqlite3", T0)
    first = simulate(store, cards=200, days=60)
    result = fit_progress(store, log_items(store, DAYS))
    assert result.better
    fitted = simulate(
        store,
        cards=200,
        days=60,
        deck_id="later",
        start=first.start + timedelta(days=60),
        parameters=result.parameters,
        seed=2,
    )
    defaults = simulate(
        store, cards=200, days=60, deck_id="control", start=first.start + timedelta(days=60)
    )
    # from day 20 on, when most reviews are of items past their first intervals
    assert defaults.recall_at_review(20) < 0.87
    assert abs(fitted.recall_at_review(20) - 0.9) < 0.025
    assert fitted.recall_at_review(20) > defaults.recall_at_review(20) + 0.03
    store.close()


def test_a_fit_sees_only_kept_answers_under_current_ids(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic("a"), basic("b")])
    store = open_store(tmp_path / "progress.sqlite3", T0)
    clock = FakeClock()
    session = open_session(store, [deck], now=clock)
    session.record(Rating.GOOD, elapsed=2)  # a
    session.record(Rating.GOOD, elapsed=2)  # b
    clock.advance(days=3)
    session = open_session(store, [deck], now=clock)
    session.record(Rating.AGAIN, elapsed=2)
    assert session.undo()  # taken back: not in the log for fitting
    session.record(Rating.GOOD, elapsed=2)
    with store.writing():
        store.rename_card("d", "b", "b2", clock())
    kept = list(store.kept_answers(Answer))
    assert [(a.key, a.rating) for a in kept] == [
        (("d", "a", ""), 3),
        (("d", "b2", ""), 3),  # answered as b, now the card is b2
        (("d", "a", ""), 3),
    ]
    assert kept[2].at == clock.now
    store.close()


def test_a_fit_changes_no_state_and_applies_from_each_items_next_showing(
    tmp_path: Path,
) -> None:
    deck = make_deck(tmp_path, "d", [basic(f"c{i}") for i in range(6)])
    store = open_store(tmp_path / "progress.sqlite3", T0)
    clock = FakeClock()
    session = open_session(store, [deck], now=clock)
    while session.current is not None:
        session.record(Rating.GOOD, elapsed=2)
        clock.advance(minutes=11)
    clock.advance(days=30)
    session = open_session(store, [deck], now=clock)
    assert session.current is not None and session.current.state == "review"
    shown_with_defaults = session.intervals()
    states = store.states()
    with store.writing():
        store.save_fit(SavedFit(clock.now, 500, FORGETFUL, True, 0.4, 0.1, 0.3, 0.05))
    assert store.states() == states  # nothing rewritten
    assert session.intervals() == shown_with_defaults  # the item on screen keeps its preview
    session.record(Rating.GOOD, elapsed=2)
    clock.advance(seconds=1)
    session.undo()  # shown again: now with the fitted parameters
    shown_fitted = session.intervals()
    assert shown_fitted[Rating.GOOD] < shown_with_defaults[Rating.GOOD]
    store.close()


def test_a_fit_another_process_saves_applies_from_the_next_item_shown(tmp_path: Path) -> None:
    # the app's background fit, or `studydeck optimize` in another terminal, writes through a
    # connection of its own while an item is on screen
    path = tmp_path / "progress.sqlite3"
    deck = make_deck(tmp_path, "d", [basic(f"c{i}") for i in range(6)])
    store = open_store(path, T0)
    clock = FakeClock()
    session = open_session(store, [deck], now=clock)
    while session.current is not None:
        session.record(Rating.GOOD, elapsed=2)
        clock.advance(minutes=11)
    clock.advance(days=30)
    session = open_session(store, [deck], now=clock)
    session.record(Rating.GOOD, elapsed=2)
    second = session.current
    assert second is not None and second.state == "review"
    second_with_defaults = session.intervals()
    assert session.undo()  # the first item again, still with the defaults
    clock.advance(seconds=5)
    with open_store(path, T0) as other, other.writing():
        other.save_fit(SavedFit(clock.now, 500, FORGETFUL, True, 0.4, 0.1, 0.3, 0.05))
    clock.advance(seconds=5)
    session.record(Rating.GOOD, elapsed=2)
    assert session.current is not None and session.current.key == second.key
    assert session.intervals()[Rating.GOOD] < second_with_defaults[Rating.GOOD]
    store.close()


def test_rebuild_replays_with_the_parameters_in_use_when_each_item_was_shown(
    tmp_path: Path,
) -> None:
    deck = make_deck(tmp_path, "d", [basic(f"c{i}") for i in range(8)])
    store = open_store(tmp_path / "progress.sqlite3", T0)
    clock = FakeClock()
    for day in range(6):
        if day == 3:
            with store.writing():
                store.save_fit(SavedFit(clock.now, 500, FORGETFUL, True, 0.4, 0.1, 0.3, 0.05))
        session = open_session(store, [deck], now=clock)
        n = 0
        while session.current is not None:
            session.record(Rating.AGAIN if n % 4 == 0 else Rating.GOOD, elapsed=2)
            clock.advance(minutes=11)
            n += 1
        clock.advance(days=2)
    assert store.parameters_in_use() == FORGETFUL
    assert rebuild_state(store, [deck]) == store.states()
    store.close()


def test_saved_fits_keep_their_figures(tmp_path: Path) -> None:
    store = open_store(tmp_path / "progress.sqlite3", T0)
    simulate(store, cards=150, days=60)
    result = fit_progress(store, log_items(store, DAYS))
    save(store, result, T0 + timedelta(days=61))
    (saved,) = store.fits()
    assert result.current is not None and result.fitted is not None
    assert saved.reviews == result.reviews and saved.accepted
    assert saved.parameters == pytest.approx(result.parameters)
    assert saved.log_loss_before == pytest.approx(result.current.log_loss)
    assert saved.rmse_after == pytest.approx(result.fitted.rmse)
    assert store.parameters_in_use() == pytest.approx(result.parameters)
    store.close()
