"""Nothing answered is lost: kill -9 in mid-session, and two sessions writing one file at once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from study_support import T0, basic, write_deck
from studydeck.store import open_store

# A learner answering as fast as the engine allows; prints each answer once `record` returned.
CHILD = """
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path
from studydeck.deck.loader import load_deck
from studydeck.store import open_store
from studydeck.study import Rating, open_session

progress, deck_file, go = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
deck = load_deck(deck_file).deck
assert deck is not None
t = [datetime(2025, 3, 10, 12, tzinfo=timezone.utc)]
def clock():
    t[0] += timedelta(seconds=1)
    return t[0]
store = open_store(progress, clock())
session = open_session(store, [deck], now=clock)
print("ready", flush=True)
while not go.exists():
    pass
while session.current is not None:
    key = session.current.key
    session.record(Rating.GOOD, elapsed=1.0)
    print(key.card_id, flush=True)
store.close()
"""


def _child(progress: Path, deck: Path, go: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(progress), str(deck), str(go)],
        stdout=subprocess.PIPE,
        text=True,
    )


def test_sigkill_mid_session_loses_no_committed_answer(tmp_path: Path) -> None:
    cards = [basic(f"c{i}") for i in range(3000)]
    deck = write_deck(tmp_path, "d", cards, {"new_per_day": 9999})
    progress = tmp_path / "progress.sqlite3"
    go = tmp_path / "go"
    go.touch()
    child = _child(progress, deck, go)
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    reported = [child.stdout.readline().strip() for _ in range(200)]
    os.kill(child.pid, signal.SIGKILL)  # while it keeps answering: any moment, mid-write too
    child.wait()
    reported += [line.strip() for line in child.stdout]  # answers printed before the kill
    assert child.returncode == -signal.SIGKILL
    assert len(reported) < len(cards)  # it really was killed in mid-session
    store = open_store(progress, T0)  # opens cleanly: the integrity check passes
    saved = [r.card_id for r in store.reviews()]
    # every answer reported recorded is there, in order; at most one more made it to disk
    assert saved[: len(reported)] == reported
    assert len(saved) - len(reported) in (0, 1)
    assert len(store.states("d")) == len(saved)
    store.close()


def test_two_sessions_on_one_file_keep_all_reviews(tmp_path: Path) -> None:
    count = 150
    settings = {"new_per_day": 9999, "learning_steps": [1440]}  # no repeats within the session
    deck = write_deck(tmp_path, "d", [basic(f"c{i}") for i in range(count)], settings)
    progress = tmp_path / "progress.sqlite3"
    open_store(progress, T0).close()
    go = tmp_path / "go"
    children = [_child(progress, deck, go) for _ in range(2)]
    for c in children:
        assert c.stdout is not None and c.stdout.readline() == "ready\n"
    go.touch()  # both start answering at the same moment
    outputs = [c.communicate(timeout=60)[0].split() for c in children]
    assert [c.returncode for c in children] == [0, 0]
    assert [len(o) for o in outputs] == [count, count]
    store = open_store(progress, T0)
    assert store.review_count() == 2 * count
    # each item was answered by both sessions, and each answer built on the other's
    assert sorted(s.reps for s in store.states("d").values()) == [2] * count
    store.close()
