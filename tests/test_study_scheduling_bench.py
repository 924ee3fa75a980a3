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

    def spy(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(scheduling, "review", spy)
    policy = FsrsPolicy(0.9, cards=1, learning_steps=[])
    t = 0.4  # 09:36 UTC on the first day
    _, scheduled = policy.answer(0, t, recalled=True)
    assert not scheduled and len(calls) == 1
    settings, key, before, rating, now, days = calls[0]
    assert settings == Settings(learning_steps=[]) and before is None
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
