"""Start-up as a learner sees it, in a real terminal (tmux): from process start to the first
card's text on screen (`studydeck study DECK`), and to the home screen with its deck counts
filled in (`studydeck`), each against a minimal Textual app showing one label, timed the same
way in the same run, the runs interleaved.

A run starts a tmux session running the command and polls the pane's text until the expected
words are there; the time is from just before tmux is asked to start the command to the first
poll that sees them. tmux's own start and the polling (a few ms) are in both sides alike. The
deck files are unchanged since they were last checked (the warm-up run checks them).
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, Result, median
from benchmarks.startup import make_progress
from studydeck.locations import bundled_decks_dir

TARGET = 1.5
SIZE = (100, 30)
DECK = "csto-members"

_MINIMAL = """
from textual.app import App
from textual.widgets import Label


class Minimal(App[None]):
    def compose(self):
        yield Label("minimal app ready")


Minimal().run()
"""


def _first_prompt(data: Path) -> str:
    """The first words of the first question `studydeck study DECK` shows, on a copy of the
    progress file (a session started now opens the same queue)."""
    from datetime import UTC, datetime

    from studydeck.deck.loader import load_deck
    from studydeck.store import open_store
    from studydeck.study.session import open_session

    with tempfile.TemporaryDirectory(prefix="studydeck-bench-copy-") as tmp:
        copy = Path(tmp) / "progress.sqlite3"
        shutil.copy(data / "progress.sqlite3", copy)
        deck = load_deck(bundled_decks_dir() / f"{DECK}.yaml").deck
        assert deck is not None
        store = open_store(copy, datetime.now(UTC))
        try:
            item = open_session(store, [deck], datetime.now(UTC)).current
            assert item is not None, "nothing to study in the benchmark's progress file"
            return item.prompt_text[:30]
        finally:
            store.close()


def _tmux(server: str, *args: str, check: bool = True) -> str:
    done = subprocess.run(
        ["tmux", "-L", server, *args], capture_output=True, text=True, check=check
    )
    return done.stdout


def _shown(server: str, session: str, command: str, words: str, env: dict[str, str]) -> float:
    """Seconds from starting `command` in a new tmux session to `words` on its screen."""
    width, height = SIZE
    env_words = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    start = time.perf_counter()
    # Both sides run from bytecode compiled in the warm-up round (PYTHONPYCACHEPREFIX), as an
    # installed studydeck does: under a PYTHONDONTWRITEBYTECODE inherited by the tmux server
    # none was ever written, and every run compiled every module it imported afresh.
    _tmux(
        server,
        *("new-session", "-d", "-s", session, "-x", str(width), "-y", str(height)),
        f"env -u PYTHONDONTWRITEBYTECODE {env_words} {command}; sleep 30",
    )
    try:
        deadline = start + 60
        while time.perf_counter() < deadline:
            pane = _tmux(server, "capture-pane", "-p", "-t", session, check=False)
            if words in pane:
                return time.perf_counter() - start
            time.sleep(0.003)
        raise RuntimeError(f"{words!r} never showed up; the screen was:\n{pane}")
    finally:
        _tmux(server, "kill-session", "-t", session, check=False)


def run(repeat: int = 15, reviews: int = 10_000) -> Result:
    settings: dict[str, Any] = {
        "repeat": repeat,
        "reviews": reviews,
        "size": f"{SIZE[0]}x{SIZE[1]}",
        "terminal": "tmux (real pseudo-terminal), pane polled every ~3 ms",
        "baseline": "App with one Label, started the same way",
        "bytecode": "compiled for both in the warm-up round",
    }
    result = Result("first card", settings)
    if shutil.which("tmux") is None:
        result.notes.append("tmux is not installed: these start-up figures need it")
        return result
    # A child the app started (the scheduler's fit, in a session of its own) may still be
    # writing its bytecode into the folder as it is removed: what it leaves is not an error.
    with tempfile.TemporaryDirectory(
        prefix="studydeck-bench-first-", ignore_cleanup_errors=True
    ) as tmp:
        folder = Path(tmp)
        make_progress(folder, reviews)
        env = {
            "STUDYDECK_DATA_DIR": str(folder),
            "STUDYDECK_CACHE_DIR": str(folder / "cache"),
            "TERM": os.environ.get("TERM", "xterm-256color"),
            "PYTHONPYCACHEPREFIX": str(folder / "bytecode"),
        }
        python = shlex.quote(sys.executable)
        minimal = folder / "minimal.py"
        minimal.write_text(_MINIMAL, encoding="utf-8")
        prompt = _first_prompt(folder)
        commands = {
            "minimal": (f"{python} {minimal}", "minimal app ready"),
            "study": (f"{python} -m studydeck study {DECK}", prompt),
            "home": (f"{python} -m studydeck", "★"),  # the "all due" row: counts are in
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        # a tmux server of our own, kept up by an idle session for the whole run
        server = f"studydeck-bench-{os.getpid()}"
        _tmux(server, "new-session", "-d", "-s", "idle", "sleep 3600")
        try:
            for round_ in range(repeat + 1):  # the first round warms up (bytecode, deck cache)
                for name, (command, words) in commands.items():
                    seconds = _shown(server, name, command, words, env)
                    if round_:
                        times[name].append(seconds)
        finally:
            _tmux(server, "kill-server", check=False)
    base = median(times["minimal"]) * 1000
    for name, label in (
        ("study", f"`studydeck study {DECK}`: first card on screen (tmux)"),
        ("home", "`studydeck`: home screen with deck counts on screen (tmux)"),
    ):
        value = median(times[name]) * 1000
        result.figures.append(
            Figure(
                label,
                value,
                "ms",
                base,
                "minimal Textual app, one Label on screen",
                f"≤ {TARGET}×",
                value <= TARGET * base,
                f"{reviews:,} reviews in the progress file; deck files unchanged since checked",
            )
        )
    return result
