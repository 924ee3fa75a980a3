"""Where the answer-to-next-card time goes: the key-to-frame run of benchmarks/next_card.py with
timestamps around its parts, for the real app and the card-change baseline.

python -m benchmarks.next_card_parts [--answers N] [--headless]

Not part of `make bench` (its figures are the split of a time `next_card` already reports). The
child runs benchmarks/key_to_frame.py in a tmux pane as next_card does, with the methods below
wrapped to stamp when they start and end; each key's time, from the key to the frame that shows
the next card, is then split into what ran innermost at each moment:
- key → action: the key's way through the pilot, the driver and the bindings to the action;
- record: the session's `record` (grade, schedule, commit durably; the study screen only);
- remove / mount: the screen's body emptied, the next card's widgets composed, styled, mounted;
- action, other: the rest of the action (the screen's own labels, focus, bindings);
- layout / render / write: the screen's reflow, the compositor's render of the changed lines,
  and the driver's write of them to the terminal;
- garbage collection: Python's collector, whenever it ran;
- waiting: nothing of the above ran: the event loop between messages, and the screen's update
  timer waiting for its next tick (Textual draws at most 60 frames a second).
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import gc
import itertools
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import median, percentile, python_env
from benchmarks.deckgen import write_deck
from benchmarks.next_card import WARMUP, _in_tmux

PARTS = [
    "key → action",
    "record",
    "remove",
    "mount",
    "action, other",
    "layout",
    "render",
    "write",
    "garbage collection",
    "waiting",
]
_OUTSIDE = ("key → action", "waiting")  # before the action starts, after it ends


class Spans:
    """(name, start, end) of every wrapped call, in the order they ended."""

    def __init__(self) -> None:
        self.spans: list[tuple[str, float, float]] = []

    def wrap_sync(self, owner: type[Any], attr: str, name: str) -> None:
        original = getattr(owner, attr)

        @functools.wraps(original)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.spans.append((name, start, time.perf_counter()))

        setattr(owner, attr, timed)

    def wrap_async(self, owner: type[Any], attr: str, name: str) -> None:
        original = getattr(owner, attr)

        @functools.wraps(original)
        async def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                self.spans.append((name, start, time.perf_counter()))

        setattr(owner, attr, timed)

    def wrap_awaitable(
        self, owner: type[Any], attr: str, name: str, when: Callable[..., bool]
    ) -> None:
        """A method that returns an awaitable (mount, remove_children): timed until awaited to
        its end, for the calls where when(self) holds (the screen's body)."""
        original = getattr(owner, attr)

        @functools.wraps(original)
        def timed(widget: Any, *args: Any, **kwargs: Any) -> Any:
            awaitable = original(widget, *args, **kwargs)
            if not when(widget):
                return awaitable
            start = time.perf_counter()

            async def done() -> Any:
                try:
                    return await awaitable
                finally:
                    self.spans.append((name, start, time.perf_counter()))

            return done()

        setattr(owner, attr, timed)

    def time_collections(self) -> None:
        started: list[float] = []

        def collected(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                started.append(time.perf_counter())
            elif started:
                self.spans.append(("garbage collection", started.pop(), time.perf_counter()))

        gc.callbacks.append(collected)


def split(spans: list[tuple[str, float, float]], start: float, end: float) -> dict[str, float]:
    """Seconds of [start, end] by the innermost span running (the latest started of those
    covering the moment); outside every span, before or after the action."""
    inside = [s for s in spans if s[2] > start and s[1] < end]
    cuts = sorted({start, end, *(t for s in inside for t in s[1:] if start < t < end)})
    out = dict.fromkeys(PARTS, 0.0)
    action_start = min((s[1] for s in inside if s[0] == "action, other"), default=end)
    for a, b in itertools.pairwise(cuts):
        covering = [s for s in inside if s[1] <= a and s[2] >= b]
        if covering:
            name = max(covering, key=lambda s: s[1])[0]
        else:
            name = _OUTSIDE[0] if b <= action_start else _OUTSIDE[1]
        out[name] += b - a
    return out


def child(which: str, answers: int, deck: Path, data: Path, out: Path, headless: bool) -> None:
    from textual.app import App
    from textual.screen import Screen
    from textual.widget import Widget

    from benchmarks import key_to_frame

    spans = Spans()

    def in_body(widget: Any) -> bool:
        return getattr(widget, "id", None) == "body"

    spans.wrap_awaitable(Widget, "remove_children", "remove", in_body)
    spans.wrap_awaitable(Widget, "mount", "mount", in_body)
    spans.wrap_sync(Screen, "_refresh_layout", "layout")
    spans.wrap_sync(Screen, "_compositor_refresh", "render")
    spans.wrap_sync(App, "_display", "write")
    spans.time_collections()
    if which == "studydeck":
        from studydeck.tui.screens.study import StudyScreen

        spans.wrap_async(StudyScreen, "action_rate", "action, other")
        spans.wrap_sync(StudyScreen, "record", "record")
        run = key_to_frame.run_studydeck(answers, deck, data, headless)
    else:
        spans.wrap_async(key_to_frame.MinimalCard, "action_next", "action, other")
        run = key_to_frame.run_minimal_card(answers, headless)
    windows: list[tuple[float, float]] = []
    press = key_to_frame.FrameStamps.press

    async def windowed(stamps: Any, pilot: Any, key: str, shows: Any) -> float:
        taken = await press(stamps, pilot, key, shows)
        windows.append((stamps.shown_at - taken, stamps.shown_at))
        return taken

    key_to_frame.FrameStamps.press = windowed  # type: ignore[method-assign,assignment]
    asyncio.run(run)
    splits = [split(spans.spans, a, b) for a, b in windows]
    out.write_text(json.dumps({"splits": splits[WARMUP:]}), encoding="utf-8")


def run(answers: int = 100, cards: int = 400, *, headless: bool = False) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="studydeck-bench-parts-") as tmp:
        folder = Path(tmp)
        deck = write_deck(folder / "deck.yaml", cards, new_per_day=9999)
        env = python_env()
        env["STUDYDECK_DATA_DIR"] = str(folder / "data")
        for which in ("studydeck", "minimal-card"):
            data = folder / f"data-{which}"
            data.mkdir()
            out = folder / "out.json"
            argv = [sys.executable, "-m", "benchmarks.next_card_parts", "--child", which]
            argv += [str(answers + WARMUP), str(deck), str(data), str(out)]
            if headless:
                import subprocess

                subprocess.run([*argv, "--headless"], env=env, check=True, timeout=600)
            else:
                _in_tmux(argv, env, out)
            results[which] = json.loads(out.read_text(encoding="utf-8"))["splits"]
            out.unlink()
    return results


def table(results: dict[str, Any]) -> str:
    lines = ["| part | " + " | ".join(f"{w} median | {w} p99" for w in results) + " |"]
    lines.append("|---" * (1 + 2 * len(results)) + "|")
    for part in [*PARTS, "total"]:
        cells = []
        for splits in results.values():
            values = [sum(s.values()) if part == "total" else s[part] for s in splits]
            cells += [f"{median(values) * 1000:.2f} ms", f"{percentile(values, 99) * 1000:.1f} ms"]
        lines.append(f"| {part} | " + " | ".join(cells) + " |")
    counts = ", ".join(f"{w}: {len(s)} keys" for w, s in results.items())
    return "\n".join(
        [*lines, f"({counts}; each part's median and p99 are its own: they need not add up)"]
    )


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        which, answers, deck, data, out = argv[1:6]
        from benchmarks.key_to_frame import failures_to_log

        failures_to_log(Path(out))
        child(which, int(answers), Path(deck), Path(data), Path(out), "--headless" in argv[6:])
        return
    parser = argparse.ArgumentParser(prog="python -m benchmarks.next_card_parts")
    parser.add_argument("--answers", type=int, default=100)
    parser.add_argument("--headless", action="store_true")
    args = parser.parse_args(argv)
    print(table(run(args.answers, headless=args.headless)))


if __name__ == "__main__":
    main(sys.argv[1:])
