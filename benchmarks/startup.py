"""Start-up: process start to the home screen's first frame, headless, with the bundled decks
and a progress file of many reviews, against a minimal Textual app that shows one label.

Both run under the same tiny driver: it makes `App.run` headless and stamps the wall-clock time
of the first frame the compositor hands to the display (studydeck: of the home screen; then,
separately, of the first frame listing the decks). No studydeck file is changed for this. Both
run from bytecode compiled in the warm-up run, whatever PYTHONDONTWRITEBYTECODE says.
"""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, Result, interleaved, median, python_env
from benchmarks.scale import NOW, _reviews, _states
from studydeck.deck.loader import load_decks
from studydeck.locations import bundled_decks_dir
from studydeck.store import open_store
from studydeck.store.schema import count_logged
from studydeck.study.items import deck_items

TARGET = 1.3
SIZE = (100, 30)

_DRIVER = """
import json, sys, time
from textual.app import App

WANT = sys.argv[1]  # "studydeck" or "minimal"
_stamps = {}
_display = App._display
_run = App.run


def display(self, screen, renderable):
    _display(self, screen, renderable)
    if renderable is None or self._exit_renderables:
        return
    name = type(screen).__name__
    if WANT == "minimal":
        _stamps.setdefault("first_frame", time.time())
        self.exit()
    elif name == "HomeScreen":
        if "first_frame" not in _stamps:
            _stamps["first_frame"] = time.time()
            self.set_timer(20, self.exit)  # never hang if the decks never show up
        table = screen.query("#decks")
        if table and table.first().row_count > 1:  # "study all due" plus at least one deck
            _stamps["decks_listed"] = time.time()
            self.exit()


def run(self, *args, **kwargs):
    kwargs.update(headless=True, size=SIZE)
    return _run(self, *args, **kwargs)


App._display = display
App.run = run
if WANT == "minimal":
    from textual.widgets import Label

    class Minimal(App[None]):
        def compose(self):
            yield Label("studydeck")

    Minimal().run()
else:
    from studydeck.cli import main

    main([])
print(json.dumps(_stamps))
""".replace("SIZE", repr(SIZE))


def _launch(which: str, env: dict[str, str]) -> dict[str, float]:
    start = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", _DRIVER, which],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{which} start-up failed ({proc.returncode}): {proc.stderr[-3000:]}")
    stamps: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    if "first_frame" not in stamps:
        raise RuntimeError(f"{which}: no frame was drawn; stdout={proc.stdout[-500:]!r}")
    return {k: v - start for k, v in stamps.items()}


def make_progress(folder: Path, reviews: int, seed: int = 5) -> int:
    """A progress file for the bundled decks with `reviews` answers (and their item states)."""
    items = []
    decks = [r.deck for r in load_decks([bundled_decks_dir()]) if r.deck is not None]
    for deck in decks:
        items += [(deck.id, k.card_id, k.part, c.type) for k, c in deck_items(deck)]
    rng = random.Random(seed)
    path = folder / "progress.sqlite3"
    open_store(path, NOW).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    per_deck = {d.id: [(c, p, t) for dd, c, p, t in items if dd == d.id] for d in decks}
    for deck_id, deck_items_ in per_deck.items():
        share = round(reviews * len(deck_items_) / len(items))
        conn.executemany(
            "INSERT INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?)", _states(deck_id, deck_items_, rng)
        )
        conn.executemany(
            "INSERT INTO reviews (deck_id, card_id, part, card_type, content_hash, shown_at,"
            " reviewed_at, answer, correct, rating, proposed, automatic, elapsed, state_before,"
            " state_after, step_after, stability_after, difficulty_after, due_after)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            _reviews(deck_id, deck_items_, share, rng),
        )
    count_logged(conn)  # the sums as a reader of the file left them
    conn.execute("COMMIT")
    conn.close()
    return len(items)


def run(repeat: int = 11, reviews: int = 10_000) -> Result:
    settings: dict[str, Any] = {
        "repeat": repeat,
        "reviews": reviews,
        "size": f"{SIZE[0]}x{SIZE[1]}",
        "decks": "bundled",
        "headless": True,
        "baseline": "App with one Label",
        "clock": "wall clock from spawn to the frame (includes interpreter start)",
        "bytecode": "compiled for both in the warm-up run",
    }
    result = Result("start-up", settings)
    with tempfile.TemporaryDirectory(prefix="studydeck-bench-start-") as tmp:
        env = python_env()
        env["STUDYDECK_DATA_DIR"] = tmp
        # Both sides run from compiled bytecode, as an installed studydeck does. Under
        # PYTHONDONTWRITEBYTECODE, Textual's modules came compiled from site-packages while
        # studydeck's (a source checkout) were compiled afresh at every start. The warm-up run
        # compiles both into this folder.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "bytecode")
        settings["items"] = make_progress(Path(tmp), reviews)
        runs: list[dict[str, float]] = []
        base: list[dict[str, float]] = []
        ours_t, base_t = interleaved(
            lambda: runs.append(_launch("studydeck", env)),
            lambda: base.append(_launch("minimal", env)),
            repeat,
        )
        del ours_t, base_t  # process wall times include teardown; the stamps do not
    runs, base = runs[1:], base[1:]  # the first run was the warm-up (and the daily backup)
    first = median([r["first_frame"] for r in runs]) * 1000
    minimal = median([r["first_frame"] for r in base]) * 1000
    result.figures.append(
        Figure(
            "start-up to home screen's first frame",
            first,
            "ms",
            minimal,
            "minimal Textual app, one Label",
            f"≤ {TARGET}×",
            first <= TARGET * minimal,
            f"{reviews:,} reviews in the progress file",
        )
    )
    listed = [r["decks_listed"] for r in runs if "decks_listed" in r]
    if listed:
        result.figures.append(
            Figure(
                "start-up to decks listed with counts",
                median(listed) * 1000,
                "ms",
                minimal,
                "minimal Textual app, one Label",
                note="home screen after its deck-loading worker",
            )
        )
    return result
