"""Exam planning: plan storage, the new-card schedule, the day's ordering, the return to ordinary
scheduling after the exam, through the real store and session."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from study_support import T0, FakeClock, basic, make_deck, write_deck
from studydeck.cli import main
from studydeck.store import ExamPlan, open_store
from studydeck.study import Days, Rating, deck_counts, open_session
from studydeck.study.exam import exam_status
from studydeck.study.plan import (
    MIN_GAIN,
    Memory,
    Model,
    choose_reviews,
    forecast,
    intro_days,
    new_cards,
    plan_day,
)
from studydeck.study.queue import plan_queue, today_so_far

DAYS = Days(4, UTC)


def test_plan_command_stores_shows_and_removes_the_plan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deck_file = write_deck(tmp_path, "geo", [basic(f"c{i}") for i in range(30)])
    data = tmp_path / "data"
    exam = (datetime.now(UTC) + timedelta(days=20)).date()
    args = ["--data-dir", str(data), "plan", str(deck_file), "--exam", exam.isoformat()]
    assert main([*args, "--minutes", "15"]) == 0
    out = capsys.readouterr().out
    assert f"Exam on {exam.isoformat()} (in " in out and "15 min a day" in out
    assert "of 30 questions" in out and "0 of 15 min studied" in out
    assert "a day for now, 30 not seen yet." in out  # "up to": related cards may wait
    store = open_store(data / "progress.sqlite3", datetime.now(UTC))
    (plan,) = store.exam_plans()
    assert (plan.deck_id, plan.exam_day, plan.minutes) == ("geo", exam, 15)
    store.close()
    assert main(["--data-dir", str(data), "plan", str(deck_file)]) == 0  # shows it
    assert "15 min a day" in capsys.readouterr().out
    assert main(["--data-dir", str(data), "plan", str(deck_file), "--remove"]) == 0
    assert "removed from 1 deck." in capsys.readouterr().out
    store = open_store(data / "progress.sqlite3", datetime.now(UTC))
    assert store.exam_plans() == []
    store.close()


def test_plan_command_refuses_bad_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deck_file = write_deck(tmp_path, "geo", [basic("a")])
    base = ["--data-dir", str(tmp_path / "data"), "plan", str(deck_file)]
    assert main([*base, "--exam", "31/12/2030"]) == 2
    assert "not a date" in capsys.readouterr().err
    assert main([*base, "--exam", "2001-01-01"]) == 2
    assert "has passed" in capsys.readouterr().err
    assert main([*base, "--exam", "2099-01-01", "--minutes", "0"]) == 2
    assert not (tmp_path / "data").exists()  # nothing stored, no file made


def test_new_cards_are_introduced_a_week_ahead_within_the_budget() -> None:
    # when they are due: by a week before the exam, or halfway when under two weeks are left
    assert intro_days(30) == 23 and intro_days(10) == 5 and intro_days(1) == 1
    # ample time: the deck's own setting
    ample = new_cards(300, 0, 30, 20, budget_seconds=1800, seconds=8)
    assert ample.today == 20 and not ample.budget_too_small
    # 200 cards in 5 days of introduction: 40 a day, above the setting of 10, as the budget allows
    rushed = new_cards(200, 0, 10, 10, budget_seconds=3600, seconds=8)
    assert rushed.today == 40 and not rushed.budget_too_small
    # the same with 5 minutes a day: 11 days of 300 s take 82 cards at 5 answers of 8 s each,
    # too few to see every card before the exam (the plan says so); those 82 over 5 days
    small = new_cards(200, 0, 10, 10, budget_seconds=300, seconds=8)
    assert small.budget_too_small and small.affordable == 82
    assert small.today == 17
    # and never more than a day's budget takes (1.5 answers a new card: 25 here), even when the
    # deck's own setting asks for more
    assert new_cards(200, 0, 30, 40, budget_seconds=300, seconds=8).today == 25


def test_reviews_are_chosen_by_exam_day_gain_per_second() -> None:
    model = Model()
    # a: reviewed 3 days ago with 2-day stability: low recall on the exam day, much to gain
    # b: very stable: the exam is safe without a review (gain under MIN_GAIN: it waits)
    # c: reviewed yesterday, 10-day stability: a review now adds a little
    # d: like a, but its answers take three times as long
    a = Memory(2.0, 5.0, 3, 8.0)
    b = Memory(400.0, 3.0, 2, 8.0)
    c = Memory(10.0, 5.0, 1, 8.0)
    d = Memory(2.0, 5.0, 3, 24.0)
    assert model.gain(b, 5) < MIN_GAIN
    assert model.gain(a, 5) > 3 * model.gain(c, 5) > 3 * MIN_GAIN
    assert model.gain(Memory(3.0, 5.0, 0, 8.0), 5) < MIN_GAIN  # answered today already
    assert choose_reviews(model, [b, c, d, a], 5, seconds=8) == [3]  # a only: one answer's time
    assert choose_reviews(model, [b, c, d, a], 5, seconds=1000) == [3, 2, 1]  # a, d, c; not b


def test_a_day_takes_the_scheduled_new_cards_then_reviews_then_more_new_cards() -> None:
    model = Model()
    a = Memory(2.0, 5.0, 3, 8.0)  # worth reviewing
    b = Memory(400.0, 3.0, 2, 8.0)  # waits
    # 100 unseen cards, 20 days: 8 a day to have them in by a week before; 12 s a new card
    day = plan_day(model, [b, a], 100, 20, 2, budget_seconds=300, seconds=8.0)
    assert day.schedule.today == 8
    # 8 new (96 s), the review of a (8 s), then 196 s left: 16 more new cards
    assert (day.reviews, day.new) == ([1], 24)
    # with 200 s spent already, the 8 scheduled new cards take 96 of the 100 left: no review
    later = plan_day(model, [b, a], 100, 20, 2, budget_seconds=300, seconds=8.0, spent=200.0)
    assert (later.reviews, later.new) == ([], 8)
    # with 10 s left no new card fits, the review does
    last = plan_day(model, [b, a], 100, 20, 2, budget_seconds=300, seconds=8.0, spent=290.0)
    assert (last.reviews, last.new) == ([1], 0)


def test_forecast_counts_unseen_cards_as_not_recalled() -> None:
    model = Model()
    roomy = forecast(model, [], 100, 20, 20, budget_seconds=1200, seconds=8)
    tight = forecast(model, [], 100, 20, 20, budget_seconds=60, seconds=8)
    assert roomy.items == tight.items == 100
    assert 0.8 < roomy.recalled <= 1.0
    assert tight.recalled < roomy.recalled


def _plan(deck_id: str, exam: date, minutes: int = 30) -> ExamPlan:
    return ExamPlan(deck_id, exam, minutes, T0)


def test_planned_session_introduces_more_new_cards_than_the_setting(tmp_path: Path) -> None:
    deck = make_deck(tmp_path, "d", [basic(f"c{i}") for i in range(60)], {"new_per_day": 5})
    clock = FakeClock()
    store = open_store(tmp_path / "p.sqlite3", clock())
    today = DAYS.day_of(clock())
    plain = open_session(store, [deck], now=clock, tz=UTC)
    assert plain.remaining == 5
    # 2 minutes a day, 10 s an answer (the default until there are enough of the learner's
    # own), 1.5 answers a new card on its first day: 8 new cards a day, above the setting of 5
    # (60 cards in the first 5 of the 10 days would be 12 a day: the budget does not allow it)
    store.save_exam_plan([_plan("d", today + timedelta(days=10), minutes=2)])
    planned = open_session(store, [deck], now=clock, tz=UTC)
    assert planned.remaining == 8
    (status,) = exam_status(store, [deck], clock(), DAYS)
    assert status.days_left == 10 and status.new.today == 8 and status.minutes_today == 0
    assert status.new.budget_too_small
    # with an hour a day the budget allows them all at once: the time the reviews leave (there
    # are none yet) goes to more new cards
    store.save_exam_plan([_plan("d", today + timedelta(days=10), minutes=60)])
    assert open_session(store, [deck], now=clock, tz=UTC).remaining == 60
    store.close()


def test_plan_reviews_what_raises_exam_recall_then_returns_to_normal(tmp_path: Path) -> None:
    deck = make_deck(
        tmp_path, "d", [basic(f"c{i}") for i in range(6)], {"new_per_day": 6, "learning_steps": []}
    )
    clock = FakeClock()
    store = open_store(tmp_path / "p.sqlite3", clock())
    session = open_session(store, [deck], now=clock, tz=UTC)
    while session.current is not None:
        session.record(Rating.GOOD, elapsed=5.0)  # all six learned today, in review state
    before = {k: s for k, s in store.states("d").items()}
    exam = DAYS.day_of(clock()) + timedelta(days=4)
    store.save_exam_plan([_plan("d", exam)])
    clock.advance(days=1)
    # nothing is due today under plain FSRS (intervals of days), but the exam is in 3 days:
    # the plan reviews the items whose exam-day recall a review raises
    start, end = DAYS.bounds(clock())
    plain = plan_queue(store, [deck], today_so_far(store, start, ["d"]), clock(), end)
    assert plain.main == plain.learning == []
    planned = open_session(store, [deck], now=clock, tz=UTC)
    assert planned.remaining == 6
    while planned.current is not None:
        assert planned.current.state == "review"
        planned.record(Rating.GOOD, elapsed=5.0)
    studied = store.states("d")
    assert all(studied[k].reps == before[k].reps + 1 for k in before)  # reviewed early, by FSRS
    # after the exam day: back to the FSRS schedule, every state as the answers left it
    clock.now = min(s.due for s in studied.values()) + timedelta(hours=1)
    assert DAYS.day_of(clock()) > exam
    assert exam_status(store, [deck], clock(), DAYS) == []
    start, end = DAYS.bounds(clock())
    plain = plan_queue(store, [deck], today_so_far(store, start, ["d"]), clock(), end)
    after = open_session(store, [deck], now=clock, tz=UTC)
    shown = []
    while after.current is not None:
        shown.append(after.current.key)
        after.record(Rating.GOOD, elapsed=5.0)
    assert shown == [e.key for e in plain.learning + plain.main]  # the FSRS queue, as it was
    assert shown  # and some are due by now
    for key, state in store.states("d").items():  # no memory state lost or reset
        assert state.reps == studied[key].reps + (key[1] in {k.card_id for k in shown})
    store.close()


def test_stats_shows_the_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    deck_file = write_deck(tmp_path, "geo", [basic(f"c{i}") for i in range(10)])
    data = tmp_path / "data"
    exam = (datetime.now(UTC) + timedelta(days=8)).date()
    main(["--data-dir", str(data), "plan", str(deck_file), "--exam", exam.isoformat()])
    capsys.readouterr()
    assert main(["--data-dir", str(data), "stats", "--json", str(deck_file)]) == 0
    (status,) = json.loads(capsys.readouterr().out)["exams"]
    assert status["decks"] == ["geo"] and status["exam_day"] == exam.isoformat()
    assert status["minutes_a_day"] == 20 and status["minutes_today"] == 0
    assert status["items"] == 10 and 0 < status["predicted_recalled"] <= 1
    assert main(["--data-dir", str(data), "stats", str(deck_file)]) == 0
    out = capsys.readouterr().out
    assert f"Exam on {exam.isoformat()}" in out and "Predicted recalled on the exam day" in out


def test_forecast_of_many_items_plays_a_sample_in_proportion() -> None:
    model = Model()
    small = forecast(model, [], 500, 20, 20, budget_seconds=300, seconds=8)
    # ten times the cards, ten times the minutes and new cards a day: played on 1,000 of them
    large = forecast(model, [], 5000, 20, 200, budget_seconds=3000, seconds=8)
    assert large.items == 5000 and large.new.unseen == 5000
    assert large.recalled == pytest.approx(small.recalled, abs=0.03)


def test_decks_planned_together_share_the_budget_in_their_counts(tmp_path: Path) -> None:
    a = make_deck(tmp_path, "a", [basic(f"a{i}") for i in range(30)], {"new_per_day": 20})
    b = make_deck(tmp_path, "b", [basic(f"b{i}") for i in range(30)], {"new_per_day": 20})
    clock = FakeClock()
    store = open_store(tmp_path / "p.sqlite3", clock())
    exam = DAYS.day_of(clock()) + timedelta(days=10)
    # 2 minutes a day for both: 120 s at 15 s a new card (10 s an answer, 1.5 answers)
    store.save_exam_plan([_plan("a", exam, minutes=2), _plan("b", exam, minutes=2)])
    session = open_session(store, [a, b], now=clock, tz=UTC)
    assert session.remaining == 8
    alone = [deck_counts(store, d, clock(), tz=UTC) for d in (a, b)]
    assert [c.new for c in alone] == [8, 8]  # each as if it had the minutes to itself
    shared = [deck_counts(store, d, clock(), tz=UTC, others=[a, b]) for d in (a, b)]
    assert [c.new for c in shared] == [8, 0]  # what a session over both shows: the budget once
    store.close()


def test_a_planned_session_keeps_related_cards_apart_too(tmp_path: Path) -> None:
    # the exam's queue treats linked cards as the ordinary queue does: one of them a day
    cards = [basic("a"), basic("b", related=["a"]), basic("c")]
    deck = make_deck(tmp_path, "d", cards, {"new_per_day": 5})
    clock = FakeClock()
    store = open_store(tmp_path / "p.sqlite3", clock())
    today = DAYS.day_of(clock())
    store.save_exam_plan([_plan("d", today + timedelta(days=10), minutes=60)])
    session = open_session(store, [deck], now=clock, tz=UTC)
    shown = []
    while session.current is not None:
        shown.append(session.current.key.card_id)
        session.record(Rating.GOOD, elapsed=2.0)
    assert sorted(shown) == ["a", "c"]
    store.close()
