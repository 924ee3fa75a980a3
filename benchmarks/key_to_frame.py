"""The child process of the answer-to-next-card benchmark (benchmarks/next_card.py).

python -m benchmarks.key_to_frame studydeck|minimal|minimal-card ANSWERS DECK_FILE DATA_DIR OUT_JSON
    [--headless]

Drives one app with Textual's pilot, in the terminal it was started in (a tmux pane), and
stamps the moment the compositor hands the frame that answers each key to the terminal's
driver:
- studydeck: the real app (make_app, the store, the study screen) on DECK_FILE; each item is
  answered without timing (space on a flashcard, the answer message on an auto-graded card),
  then the key that rates it (1-4) is timed until the first frame that shows the next card;
- minimal: an App with one Label whose text a key changes, timed until the first frame that
  shows the changed label;
- minimal-card: an App of plain Textual widgets shaped like the study screen, whose key removes
  the card on screen (a multiple-choice card's widgets and its feedback) and mounts the next
  one in one batch of updates, as the study screen does, timed until the first frame that
  shows the new card: what the framework itself costs for a card change.
Writes {"latencies": [seconds, ...]} to OUT_JSON.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Label, Static

SIZE = (100, 30)
TIMEOUT_S = 30.0


class FrameStamps:
    """Stamps the first frame after a key that satisfies `shows`: wraps App._display, the one
    place every frame passes on its way to the terminal."""

    def __init__(self) -> None:
        self.pressed_at: float | None = None
        self.shown_at: float | None = None
        self.shows: Any = None
        display = App._display

        def stamped(app: App[Any], screen: Screen[Any], renderable: Any) -> None:
            display(app, screen, renderable)
            waiting = self.pressed_at is not None and self.shown_at is None
            if renderable is not None and waiting and self.shows(app):
                self.shown_at = time.perf_counter()

        App._display = stamped  # type: ignore[method-assign,assignment]

    async def press(self, pilot: Any, key: str, shows: Any) -> float:
        """Press `key`; seconds until a frame for which shows(app) holds was displayed."""
        self.shows, self.shown_at = shows, None
        self.pressed_at = time.perf_counter()
        await pilot.press(key)
        deadline = time.monotonic() + TIMEOUT_S
        while self.shown_at is None:
            if time.monotonic() > deadline:
                raise RuntimeError(f"no frame answered the key {key!r} in {TIMEOUT_S} s")
            await asyncio.sleep(0.001)
        taken = self.shown_at - self.pressed_at
        self.pressed_at = None
        return taken


class Minimal(App[None]):
    """The baseline: a key changes a label."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("n", "next", "Next")]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        yield Label("card 0", id="card")

    def action_next(self) -> None:
        self.count += 1
        self.query_one("#card", Label).update(f"card {self.count}")


async def run_minimal(answers: int, headless: bool) -> list[float]:
    stamps = FrameStamps()
    app = Minimal()
    out: list[float] = []
    async with app.run_test(headless=headless, size=SIZE) as pilot:
        await pilot.pause()
        label = app.query_one("#card", Label)
        for _ in range(answers):
            want = f"card {app.count + 1}"
            out.append(await stamps.press(pilot, "n", lambda _app, w=want: label.content == w))
    return out


class Card(Vertical):
    """A card of plain widgets, as big as a multiple-choice card: its kind, the prompt, and
    four options of a mark column and a text column each."""

    def __init__(self, number: int) -> None:
        super().__init__(id=f"card-{number}")
        self.number = number

    def compose(self) -> ComposeResult:
        yield Static("Pick one", classes="kind")
        yield Static(f"Question {self.number}: which of these is the capital of the country?")
        with Vertical():
            for n in range(1, 5):
                with Horizontal(classes="row"):
                    yield Static(f"{n} ○ ", classes="mark")
                    yield Static(f"Option {n} of question {self.number}", classes="text")


class MinimalCard(App[None]):
    """The card-change baseline: the study screen's layout in plain widgets; `n` replaces the
    card (and the feedback under it) with the next one, `f` shows feedback (not timed)."""

    CSS = """
    #top { height: 1; }
    #body { height: 1fr; }
    .row { height: auto; }
    .mark { width: 5; }
    .text { width: 1fr; }
    #ratings { height: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next", "Next"),
        Binding("f", "feedback", "Feedback"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Static("Deck title", id="title")
            yield Static("review", id="state")
        yield Static("0 done", id="progress")
        with VerticalScroll(id="body"):
            yield Card(0)
        yield Static(id="ratings")
        yield Footer()

    async def action_next(self) -> None:
        self.count += 1
        self.query_one("#progress", Static).update(f"{self.count} done")
        body = self.query_one("#body", VerticalScroll)
        with self.batch_update():  # one frame for the change, as the study screen draws it
            await body.remove_children()
            await body.mount(Card(self.count), Static(id="hint"))
            self.query_one("#hint").display = False
            self.query_one("#ratings").display = False

    async def action_feedback(self) -> None:
        body = self.query_one("#body", VerticalScroll)
        feedback = Vertical(
            Static("✓ Right"), Static("Why: a line of explanation."), Static("Source: a book")
        )
        await body.mount(feedback)
        ratings = self.query_one("#ratings", Static)
        ratings.update("1 Again  2 Hard  ▸3 Good◂  4 Easy\nspace/enter: Good")
        ratings.display = True


async def run_minimal_card(answers: int, headless: bool) -> list[float]:
    stamps = FrameStamps()
    app = MinimalCard()
    out: list[float] = []
    async with app.run_test(headless=headless, size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(answers):
            await pilot.press("f")  # the learner's side: not timed
            await pilot.pause()
            want = f"card-{app.count + 1}"

            def shows(_app: Any, w: str = want) -> bool:
                return bool(app.query(f"#{w}"))

            out.append(await stamps.press(pilot, "n", shows))
    return out


async def run_studydeck(
    answers: int, deck_file: Path, data_dir: Path, headless: bool
) -> list[float]:
    from benchmarks.answers import answer_for
    from studydeck.deck.loader import load_deck
    from studydeck.study import open_store
    from studydeck.tui.app import make_app
    from studydeck.tui.screens.study import StudyScreen
    from studydeck.tui.widgets.card_view import CardView

    stamps = FrameStamps()
    deck = load_deck(deck_file).deck
    assert deck is not None

    def clock() -> datetime:
        return datetime.now(UTC)

    store = open_store(data_dir / "progress.sqlite3", clock())
    app = make_app([deck], store, clock, study_on_start=True, cursor_blink=False)
    rng = random.Random(11)
    out: list[float] = []
    try:
        async with app.run_test(headless=headless, size=SIZE) as pilot:
            for _ in range(answers):
                screen = await _wait_for(pilot, lambda: _study_screen(app, StudyScreen))
                view = await _wait_for(pilot, lambda s=screen: _view(s, CardView))
                item = view.item
                # the learner's side (reading, answering) is not timed
                right = rng.random() < 0.85
                if item.self_graded:
                    await pilot.press("space")
                else:
                    view.post_message(CardView.Answered(answer_for(item, right)))
                await _wait_for(pilot, lambda s=screen: s.phase == "rating" or None)
                # the learner reads the feedback: the screen has finished drawing it (and its
                # footer) before the rating key, as in the minimal apps
                await pilot.pause()
                key = "3" if right else "1"

                def next_card(_app: Any, s: Any = screen, old: Any = view) -> bool:
                    if not s.is_current:  # the session is over: the summary is the next frame
                        return True
                    shown = _view(s, CardView)
                    return shown is not None and shown is not old

                out.append(await stamps.press(pilot, key, next_card))
                if not screen.is_current:
                    break
    finally:
        store.close()
    return out


def _study_screen(app: App[Any], kind: type[Any]) -> Any:
    return app.screen if isinstance(app.screen, kind) else None


def _view(screen: Screen[Any], kind: type[Any]) -> Any:
    found = screen.query(kind)
    return found.first() if found else None


async def _wait_for(pilot: Any, found: Any) -> Any:
    deadline = time.monotonic() + TIMEOUT_S
    while (value := found()) is None:
        if time.monotonic() > deadline:
            raise RuntimeError("the study screen did not get there in time")
        await pilot.pause(0.001)
    return value


def failures_to_log(out: Path) -> None:
    """Write the traceback of an exception that ends the child beside OUT_JSON (`.log`): in a
    tmux pane, stderr is the terminal Textual draws on, gone when the pane closes."""
    hook = sys.excepthook

    def to_log(kind: type[BaseException], error: BaseException, tb: Any) -> None:
        text = "".join(traceback.format_exception(kind, error, tb))
        out.with_suffix(".log").write_text(text, encoding="utf-8")
        hook(kind, error, tb)

    sys.excepthook = to_log


def main(argv: list[str]) -> None:
    which, answers, deck_file, data_dir, out = argv[:5]
    headless = "--headless" in argv[5:]
    failures_to_log(Path(out))
    if which == "minimal":
        latencies = asyncio.run(run_minimal(int(answers), headless))
    elif which == "minimal-card":
        latencies = asyncio.run(run_minimal_card(int(answers), headless))
    else:
        latencies = asyncio.run(
            run_studydeck(int(answers), Path(deck_file), Path(data_dir), headless)
        )
    Path(out).write_text(json.dumps({"latencies": latencies}), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
