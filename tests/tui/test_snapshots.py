"""The look of the main screens at 80×24, pinned as SVG snapshots.

Plain (sync) tests, as pytest-textual-snapshot needs. A still clock, a fake timer and no cursor
blink keep every frame the same from run to run. Update with `pytest --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot

from studydeck.deck.models import Deck
from studydeck.store import Store

from .conftest import FakeClock, build_app, read_deck, study_for_days, write_deck

SnapCompare = Callable[..., bool]


def deck_of(tmp_path: Path, kinds: list[str]) -> Deck:
    return read_deck(write_deck(tmp_path, "snap", kinds, title="Collective security"))


def test_home(
    snap_compare: SnapCompare, all_kinds_deck: Deck, store: Store, clock: FakeClock
) -> None:
    app = build_app([all_kinds_deck], store, clock)
    assert snap_compare(app, press=["down"])


def test_study_flashcard_front(
    snap_compare: SnapCompare, tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    app = build_app([deck_of(tmp_path, ["basic"])], store, clock, study_on_start=True)
    assert snap_compare(app, press=["h"])


def test_study_flashcard_revealed(
    snap_compare: SnapCompare, tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    app = build_app([deck_of(tmp_path, ["basic"])], store, clock, study_on_start=True)
    assert snap_compare(app, press=["space"])


def test_study_pick_all_that_apply(
    snap_compare: SnapCompare, tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    app = build_app([deck_of(tmp_path, ["mcq_many"])], store, clock, study_on_start=True)
    assert snap_compare(app, press=["1"])


def test_feedback_for_a_wrong_choice(
    snap_compare: SnapCompare, tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    app = build_app([deck_of(tmp_path, ["mcq"])], store, clock, study_on_start=True)
    assert snap_compare(app, press=["2"])


def test_study_typed_answer(
    snap_compare: SnapCompare, tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    app = build_app([deck_of(tmp_path, ["cloze"])], store, clock, study_on_start=True)
    assert snap_compare(app, press=[*"15 Mai", "enter"])


def test_study_order(
    snap_compare: SnapCompare, tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    app = build_app([deck_of(tmp_path, ["order"])], store, clock, study_on_start=True)
    assert snap_compare(app, press=["down", "space", "down"])


def test_study_match(
    snap_compare: SnapCompare, tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    app = build_app([deck_of(tmp_path, ["match"])], store, clock, study_on_start=True)
    assert snap_compare(app, press=["1", "3", "2"])


def test_summary(snap_compare: SnapCompare, tmp_path: Path, store: Store, clock: FakeClock) -> None:
    app = build_app([deck_of(tmp_path, ["true_false", "mcq"])], store, clock, study_on_start=True)
    assert snap_compare(app, press=["t", "4", "2", "4"])


def test_help_on_the_study_screen(
    snap_compare: SnapCompare, tmp_path: Path, store: Store, clock: FakeClock
) -> None:
    app = build_app([deck_of(tmp_path, ["basic"])], store, clock, study_on_start=True)
    assert snap_compare(app, press=["space", "question_mark"])


def test_too_small(
    snap_compare: SnapCompare, all_kinds_deck: Deck, store: Store, clock: FakeClock
) -> None:
    async def settle(pilot: Pilot[None]) -> None:
        await pilot.pause()

    app = build_app([all_kinds_deck], store, clock)
    assert snap_compare(app, terminal_size=(64, 20), run_before=settle)


def test_stats(
    snap_compare: SnapCompare, all_kinds_deck: Deck, store: Store, clock: FakeClock
) -> None:
    study_for_days(store, [all_kinds_deck], clock, 24)
    app = build_app([all_kinds_deck], store, clock)
    assert snap_compare(app, run_before=_stats_settled(["s", "down"]))


def test_stats_lower_half(
    snap_compare: SnapCompare, all_kinds_deck: Deck, store: Store, clock: FakeClock
) -> None:
    study_for_days(store, [all_kinds_deck], clock, 24)
    app = build_app([all_kinds_deck], store, clock)
    assert snap_compare(app, run_before=_stats_settled(["s", "down", "pagedown"]))


def _stats_settled(keys: list[str]) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Press `keys`, then wait for the stats screen's advisor simulation (a worker thread)."""

    async def run(pilot: Pilot[None]) -> None:
        for key in keys:
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()

    return run
