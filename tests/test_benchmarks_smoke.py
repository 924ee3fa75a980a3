"""Each benchmark still runs on a tiny size and returns sane figures (no timing targets here)."""

from __future__ import annotations

import math

from benchmarks import (
    answer_latency,
    deck_loading,
    hostile_sizes,
    next_card,
    next_card_parts,
    scale,
    scheduling,
    startup,
)
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
    result = deck_loading.run(cards=40, big_cards=200, repeat=1, cli_repeat=1, diagnose=False)
    _sane(result)
    names = [f.name for f in result.figures]
    assert any("load + validate" in n for n in names)
    assert any("peak RSS" in n for n in names)
    cli = [f for f in result.figures if "process" in f.name]
    warm = [f for f in cli if "cold" not in f.name]
    cold = [f for f in cli if "cold" in f.name]
    assert warm and all("textual not imported, nor pydantic" in f.note for f in warm)
    # the cold cache is reported beside the warm one, with its bound and no target claimed
    assert [f.name.replace(", cold cache", "") for f in cold] == [f.name for f in warm]
    assert all(f.met is None and not f.target for f in cold)
    assert all("bounded by importing pydantic.dataclasses" in f.note for f in cold)


def test_scheduling_runs() -> None:
    result = scheduling.run(cards=30, days=20, learners=1)
    _sane(result)
    for fig in result.figures:
        if "true recall" in fig.name:
            assert 0 < fig.value <= 1
            # the learners scheduled with their own parameters are found and reported
            assert "with their own parameters: 0." in fig.note


def test_answer_latency_runs() -> None:
    result = answer_latency.run(answers=20, cards=40)
    _sane(result)
    assert all(f.value > 0 for f in result.figures)
    assert all(f.met is None for f in result.figures)  # information: next_card has the target


def test_next_card_runs() -> None:
    # headless here (no tmux on a bare CI machine); `make bench` runs it in a tmux pane
    result = next_card.run(answers=6, cards=40, terminal=False)
    _sane(result)
    median = result.figures[0]
    assert median.target and median.met is not None
    assert "6 answers" in median.note
    card_change = result.figures[2]  # the card-change baseline: information, no target
    assert card_change.name.startswith("information") and card_change.met is None


def test_next_card_parts_splits_a_key_by_what_ran_innermost() -> None:
    spans = [
        ("action, other", 1.0, 5.0),
        ("record", 1.5, 2.0),
        ("mount", 2.0, 4.0),
        ("layout", 3.0, 3.5),  # ran while the mount was awaited: counted as layout
        ("render", 6.0, 7.0),
    ]
    split = next_card_parts.split(spans, 0.5, 8.0)
    assert split["key → action"] == 0.5
    assert split["action, other"] == 0.5 + 1.0
    assert (split["record"], split["mount"], split["layout"]) == (0.5, 1.5, 0.5)
    assert (split["render"], split["waiting"]) == (1.0, 1.0 + 1.0)
    assert math.isclose(sum(split.values()), 7.5)


def test_scale_runs() -> None:
    result = scale.run(sizes=(100, 200), decks=2, reviews_per_card=2, repeat=1)
    _sane(result)
    assert len(result.tables[0].rows) == 2


def test_startup_runs() -> None:
    result = startup.run(repeat=1, reviews=50)
    _sane(result)
    assert result.figures[0].name.startswith("start-up")


def test_hub_load_runs() -> None:
    from benchmarks import hub_load

    result = hub_load.run(learners=4, answers=5, cards=6, repeat=1, small=2)
    _sane(result)
    by_name = {f.name: f for f in result.figures}
    assert by_name["hub: answers lost (4 learners)"].value == 0
    assert by_name["hub: answers duplicated (4 learners)"].value == 0
    assert len(result.tables[0].rows) == 2


def test_hostile_sizes_runs() -> None:
    result = hostile_sizes.run(size=100_000)
    _sane(result)
    assert len(result.figures) == 2 * 8
    assert all(f.baseline for f in result.figures)
