"""Faults during a sync lose nothing: a sync killed mid-push, the hub stopped during a sync, the
hub down, the password changed. After each, the next sync finishes the job, and the hub is
compared with the learner's progress file row for row: nothing lost, nothing twice.

To catch a sync in the middle of its push every time, the instructor holds a lock on the answers
table: the push's insert waits on it (seen in pg_stat_activity), and the fault strikes then.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from studydeck.hub.status import read_status, status_line
from studydeck.locations import CONFIG_DIR_ENV, DATA_DIR_ENV

from .hub_support import DECK, T0, Hub, Learner, add_learner, cli, join_line


def class_of_one(hub: Hub, tmp_path: Path) -> Learner:
    deck_file = tmp_path / "class-quiz.yaml"
    deck_file.write_text(DECK, encoding="utf-8")
    code, _, err = cli("hub", "publish", str(deck_file), "--hub", hub.url)
    assert code == 0, err
    ann = add_learner(hub, "ann", tmp_path)
    later = ann.study(ann.deck(), T0, 2)
    ann.sync()
    ann.study(ann.deck(), later, 3, wrong=True)  # answers the hub does not have yet
    return ann


def start_sync(learner: Learner) -> subprocess.Popen[str]:
    """`studydeck sync` as a process of its own, as the learner runs it."""
    env = dict(os.environ, **{DATA_DIR_ENV: str(learner.data), CONFIG_DIR_ENV: str(learner.config)})
    env.pop("STUDYDECK_HUB", None)
    return subprocess.Popen(
        [sys.executable, "-m", "studydeck", "sync"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@contextmanager
def answers_locked(hub: Hub) -> Iterator[psycopg.Connection[tuple[object, ...]]]:
    """The instructor holds the answers table: pushes wait until the block ends."""
    conn = hub.instructor()
    try:
        conn.execute("BEGIN")
        conn.execute("LOCK TABLE studydeck.answers IN EXCLUSIVE MODE")
        yield conn
    finally:
        conn.close()  # ends the transaction and the lock, if the hub has not ended them


def wait_until_pushing(hub: Hub, role: str) -> None:
    """Until the learner's push waits on the lock (the sync is mid-push)."""
    deadline = time.monotonic() + 60
    with hub.admin() as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = %s"
                " AND wait_event_type = 'Lock'",
                (role,),
            ).fetchone()
            if waiting and waiting[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the sync never reached its push")


def assert_hub_matches(hub: Hub, learner: Learner) -> None:
    local = learner.local_rows()
    in_hub = [r[1:] for r in hub.rows(learner.role())]
    assert in_hub == local  # every answer once, in order, with its undone flag
    assert len({r[1] for r in in_hub}) == len(in_hub)


def test_a_sync_killed_mid_push_loses_nothing_and_the_next_finishes(
    hub: Hub, tmp_path: Path
) -> None:
    ann = class_of_one(hub, tmp_path)
    before = hub.rows(ann.role())
    assert len(before) == 2 and len(ann.local_rows()) > 2
    with answers_locked(hub):
        sync = start_sync(ann)
        try:
            wait_until_pushing(hub, ann.role())
            sync.send_signal(signal.SIGKILL)
        finally:
            sync.wait(30)
    assert sync.returncode == -signal.SIGKILL
    assert hub.rows(ann.role()) == before  # the killed push left nothing half-done
    out = ann.sync()
    assert f"pushed {len(ann.local_rows()) - 2} new answers" in out
    assert_hub_matches(hub, ann)
    assert "pushed 0 new answers" in ann.sync()
    assert_hub_matches(hub, ann)


def test_the_hub_stopped_during_a_sync_loses_nothing(hub: Hub, tmp_path: Path) -> None:
    ann = class_of_one(hub, tmp_path)
    try:
        with answers_locked(hub):
            sync = start_sync(ann)
            wait_until_pushing(hub, ann.role())
            hub.cluster.stop("fast")  # ends every session, the instructor's lock with them
            _, err = sync.communicate(timeout=60)
        assert sync.returncode == 1
        assert "nothing was lost" in err
        # the hub is down: the sync says so in words, and the home screen will too
        code, _, err = ann.cli("sync")
        assert code == 1 and "cannot reach the hub" in err
        status = read_status(ann.data)
        assert status is not None and status.error and "cannot reach the hub" in status.error
        assert "last sync failed" in status_line(status, datetime.now(UTC))
    finally:
        hub.cluster.start()
    ann.sync()
    assert_hub_matches(hub, ann)
    status = read_status(ann.data)
    assert status is not None and status.error is None
    assert status_line(status, datetime.now(UTC)) == "Class hub: synced just now"


def test_a_changed_password_fails_in_words_and_joining_again_finishes(
    hub: Hub, tmp_path: Path
) -> None:
    ann = class_of_one(hub, tmp_path)
    line = join_line(hub.url, "ann")  # the instructor gives ann a new password
    code, _, err = ann.cli("sync")
    assert code == 1 and "refused the password" in err and "nothing was lost" in err
    assert len(hub.rows(ann.role())) == 2
    later = ann.study(ann.deck(), T0.replace(day=T0.day + 1), 2)  # study goes on offline
    ann.undo_last(later)
    code, _, err = ann.cli(*line.split()[1:])
    assert code == 0, err
    ann.sync()
    assert_hub_matches(hub, ann)
    assert any(r[6] for r in ann.local_rows())  # the undone answer is marked in the hub too


def test_a_progress_file_put_back_from_a_backup_loses_no_new_answer(
    hub: Hub, tmp_path: Path
) -> None:
    deck_file = tmp_path / "class-quiz.yaml"
    deck_file.write_text(DECK, encoding="utf-8")
    code, _, err = cli("hub", "publish", str(deck_file), "--hub", hub.url)
    assert code == 0, err
    ann = add_learner(hub, "ann", tmp_path)
    later = ann.study(ann.deck(), T0, 2)
    backup = tmp_path / "backup.sqlite3"
    with sqlite3.connect(ann.progress) as source, sqlite3.connect(backup) as copy:
        source.backup(copy)  # as `studydeck restore` keeps them
    later = ann.study(ann.deck(), later, 3, wrong=True)
    ann.sync()
    assert len(hub.rows(ann.role())) == 5
    shutil.copyfile(backup, ann.progress)  # the learner puts the backup back: rows 3-5 go
    ann.study(ann.deck(), later, 2)  # new answers under row ids 3 and 4
    ann.sync()
    in_hub = [r[1:] for r in hub.rows(ann.role())]
    assert set(ann.local_rows()) <= set(in_hub)  # every answer of the file is in the hub
    assert len(in_hub) == 7 == len(set(in_hub))  # and the abandoned ones stay, once each
    assert "pushed 0 new answers" in ann.sync()


def test_syncs_of_one_progress_file_at_once_add_each_answer_once(hub: Hub, tmp_path: Path) -> None:
    ann = class_of_one(hub, tmp_path)
    syncs = [start_sync(ann) for _ in range(4)]  # the app's and the terminal's, say
    for sync in syncs:
        _, err = sync.communicate(timeout=120)
        assert sync.returncode == 0, err
    assert_hub_matches(hub, ann)
