"""The scheduling benchmark drives studydeck's own scheduling wrapper, study days included."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

import pytest
from benchmarks.scheduling import FsrsPolicy, _dt

import studydeck.study.scheduling as scheduling
from studydeck.deck.models import Settings
from studydeck.study import Days, Rating


def test_the_fsrs_policy_calls_studydecks_review_with_the_simulated_study_day(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[tuple[Any, ...]] = []
    real = scheduling.review

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append((*args, kwargs))
        return real(*args, **kwargs)

    monkeypatch.setattr(scheduling, "review", spy)
    policy = FsrsPolicy(0.9, cards=1, learning_steps=[])
    t = 0.4  # 09:36 UTC on the first day
    _, scheduled = policy.answer(0, t, recalled=True)
    assert not scheduled and len(calls) == 1
    settings, key, before, rating, now, days, options = calls[0]
    assert settings == Settings(learning_steps=[]) and before is None
    assert options == {"parameters": None}  # FSRS defaults until a fit is due
    assert (rating, now, days) == (Rating.GOOD, _dt(t), Days(4, UTC))
    # the next answer 20 h later, on the next study day, is a one-day review for the policy
    first = policy.states[0]
    assert first is not None
    later = t + 20 / 24
    policy.answer(0, later, recalled=True)
    expected = real(settings, key, first, Rating.GOOD, _dt(later), Days(4, UTC))
    assert policy.states[0] == expected
    assert _dt(later) - _dt(t) < timedelta(days=1)
    # had the day started at 6 a.m., both answers would fall in one study day: short-term
    same_day = real(settings, key, first, Rating.GOOD, _dt(later), Days(6, UTC))
    assert same_day.stability is not None and expected.stability is not None
    assert expected.stability > 2 * same_day.stability


def test_the_fsrs_like_learner_counts_same_day_by_study_day() -> None:
    import random

    from benchmarks.scheduling import FSRS_LIKE_24H, LEARNERS

    def after_review(model: str, gap: float) -> float:
        learner = LEARNERS[model](1, random.Random(7))
        learner.learn(0, 0.4, recalled=True)  # 09:36 on day 0
        learner.review(0, 0.4 + gap, recalled=True)
        return learner.s[0]  # type: ignore[attr-defined,no-any-return]

    # 20 h later is 05:36 the next morning: a new study day (it starts at 04:00), so a
    # long-term review for the learner, as for the scheduler; under the 24-hour rule, same-day
    assert after_review("fsrs-like", 20 / 24) != after_review(FSRS_LIKE_24H, 20 / 24)
    # within one study day both rules agree
    assert after_review("fsrs-like", 3 / 24) == after_review(FSRS_LIKE_24H, 3 / 24)


def test_the_fsrs_policy_fits_parameters_once_enough_reviews_are_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import random

    from benchmarks.scheduling import ExponentialLearner, simulate

    used: list[Any] = []
    real = scheduling.review

    def spy(*args: Any, **kwargs: Any) -> Any:
        used.append(kwargs["parameters"])
        return real(*args, **kwargs)

    monkeypatch.setattr(scheduling, "review", spy)
    policy = FsrsPolicy(0.9, cards=120)
    simulate(ExponentialLearner(120, random.Random(3)), policy, 120, 60, seed=4)
    assert policy.fits >= 1 and policy.parameters is not None
    assert used[0] is None and used[-1] == policy.parameters  # defaults first, then the fit
