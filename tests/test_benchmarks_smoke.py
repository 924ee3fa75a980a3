"""Each benchmark still runs on a tiny size and returns sane figures (no timing targets here)."""

from __future__ import annotations

import math

from benchmarks import deck_loading, scheduling
from benchmarks.common import Result
from benchmarks.report import render


def _sane(result: Result) -> None:
    assert result.figures, result.name
    for fig in result.figures:
        assert math.isfinite(fig.value) and fig.value >= 0, fig
        if fig.baseline is not None:
            assert math.isfinite(fig.baseline) and fig.baseline > 0, fig
    assert result.name in render([result], _INFO, {})


_INFO = {
    "cpus": 1,
    "python": "3",
    "sqlite": "3",
    "textual": "8",
    "pydantic": "2",
    "pyyaml": "6",
    "fsrs": "6",
}


def test_deck_loading_runs() -> None:
    result = deck_loading.run(cards=40, big_cards=200, repeat=1, cli_repeat=1)
    _sane(result)
    names = [f.name for f in result.figures]
    assert any("load + validate" in n for n in names)
    assert any("peak RSS" in n for n in names)
    cli = [f for f in result.figures if "process" in f.name]
    assert cli and all("textual not imported" in f.note for f in cli)


def test_scheduling_runs() -> None:
    result = scheduling.run(cards=30, days=20, learners=1)
    _sane(result)
    for fig in result.figures:
        if "true recall" in fig.name:
            assert 0 < fig.value <= 1
