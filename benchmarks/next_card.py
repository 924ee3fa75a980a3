"""Answer to next card, as the learner feels it: from the key that rates a card to the frame
that shows the next card, in the real app in a real terminal (a tmux pane), against a minimal
Textual app's key to a changed label in the same kind of pane; and, for information, a minimal
Textual app whose key replaces a card-sized tree of plain widgets (what the framework itself
costs for a card change: benchmarks/key_to_frame.py's `minimal-card`).

Both sides run benchmarks/key_to_frame.py under Textual's pilot with the terminal's own
driver, so a frame is timed when the compositor hands it to the terminal (what the terminal
then takes to paint it is the same for both). The app works on a generated deck of every card
type with a progress file of its own; each answer's grading and the learner's reading are not
timed, only the rating key: recording the answer durably, scheduling it and drawing the next
card. The sides alternate in rounds so that a busy machine weighs on all alike.
benchmarks/next_card_parts.py splits the time into its parts (not part of `make bench`).
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, Result, median, percentile, python_env
from benchmarks.deckgen import write_deck
from benchmarks.key_to_frame import SIZE

MEDIAN_TARGET = 1.5
ROUND = 50  # answers per child run; rounds of the two sides alternate
WARMUP = 5  # first answers of each run not counted: first queries, first mounts of each view


def _child(
    which: str, answers: int, deck: Path, data: Path, out: Path, *, terminal: bool, env: Any
) -> list[float]:
    argv = [sys.executable, "-m", "benchmarks.key_to_frame", which, str(answers)]
    argv += [str(deck), str(data), str(out)]
    if not terminal:
        argv.append("--headless")
        subprocess.run(argv, env=env, check=True, capture_output=True, timeout=600)
    else:
        _in_tmux(argv, env, out)
    latencies: list[float] = json.loads(out.read_text(encoding="utf-8"))["latencies"]
    out.unlink()
    return latencies[WARMUP:]


def _in_tmux(argv: list[str], env: dict[str, str], out: Path) -> None:
    """Run argv in a detached tmux pane of SIZE and wait for it to write `out`."""
    if shutil.which("tmux") is None:
        raise RuntimeError("this benchmark needs tmux (apt-get install tmux) for a real terminal")
    session = f"studydeck-bench-{out.parent.name}"
    # Textual draws on stderr: it stays the pane's, and the child writes a failure to `log`
    log = out.with_suffix(".log")
    command = " ".join(shlex.quote(a) for a in argv)
    env_args = [f"{k}={env[k]}" for k in ("PYTHONPATH", "STUDYDECK_DATA_DIR") if k in env]
    size = ["-x", str(SIZE[0]), "-y", str(SIZE[1])]
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, *size, "env", *env_args, "sh", "-c", command],
        check=True,
        env=env,
    )
    try:
        deadline = time.monotonic() + 600
        while not out.exists():
            alive = subprocess.run(["tmux", "has-session", "-t", session], capture_output=True)
            if alive.returncode != 0 and not out.exists():
                detail = log.read_text(encoding="utf-8")[-3000:] if log.exists() else ""
                raise RuntimeError(f"the benchmark's child ended without figures: {detail}")
            if time.monotonic() > deadline:
                raise RuntimeError("the benchmark's child took over 10 minutes")
            time.sleep(0.2)
        time.sleep(0.2)  # the file is written whole before the child exits
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)


def run(answers: int = 200, cards: int = 400, *, terminal: bool = True) -> Result:
    settings = {
        "answers": answers,
        "deck_cards": cards,
        "terminal": f"tmux pane {SIZE[0]}x{SIZE[1]}" if terminal else "headless (pilot only)",
        "timed": "rating key pressed → first frame showing the next card handed to the terminal",
        "baseline": "minimal Textual app: key → first frame showing the changed Label",
        "card baseline": "minimal Textual app: key → first frame showing a new card-sized tree"
        " of plain widgets (information)",
        "warm-up": f"first {WARMUP} answers of each run of {ROUND}",
    }
    result = Result("answer to next card", settings)
    ours: list[float] = []
    base: list[float] = []
    card_base: list[float] = []
    with tempfile.TemporaryDirectory(prefix="studydeck-bench-next-") as tmp:
        folder = Path(tmp)
        deck = write_deck(folder / "deck.yaml", cards, new_per_day=9999)
        env = python_env()
        env["STUDYDECK_DATA_DIR"] = str(folder / "data")
        left = answers
        round_no = 0
        while left > 0:
            count = min(ROUND, left)
            data = folder / f"data-{round_no}"  # a fresh progress file: every item new
            data.mkdir()
            out = folder / "out.json"
            ours += _child("studydeck", count + WARMUP, deck, data, out, terminal=terminal, env=env)
            base += _child("minimal", count + WARMUP, deck, data, out, terminal=terminal, env=env)
            card_base += _child(
                "minimal-card", count + WARMUP, deck, data, out, terminal=terminal, env=env
            )
            left -= count
            round_no += 1
    ours_ms = [t * 1000 for t in ours]
    base_ms = [t * 1000 for t in base]
    card_ms = [t * 1000 for t in card_base]
    med, base_med = median(ours_ms), median(base_ms)
    result.figures.append(
        Figure(
            "answer: rating key → next card on screen (median)",
            med,
            "ms",
            base_med,
            "minimal Textual app: key → changed Label",
            f"≤ {MEDIAN_TARGET}×",
            med <= MEDIAN_TARGET * base_med,
            f"{len(ours_ms)} answers, {settings['terminal']}",
        )
    )
    result.figures.append(
        Figure(
            "answer: rating key → next card on screen (p99)",
            percentile(ours_ms, 99),
            "ms",
            percentile(base_ms, 99),
            "minimal app p99",
            note=f"max {max(ours_ms):.0f} ms (minimal app's {max(base_ms):.0f} ms)",
        )
    )
    for which, values in (("median", median(card_ms)), ("p99", percentile(card_ms, 99))):
        result.figures.append(
            Figure(
                f"information: minimal Textual app, key → new card-sized widget tree ({which})",
                values,
                "ms",
                median(ours_ms) if which == "median" else percentile(ours_ms, 99),
                f"studydeck's rating key → next card ({which})",
                note="what Textual itself takes to remove a card's widgets and mount the next",
            )
        )
    return result
