"""Store.writing: one transaction, committed on leaving, rolled back on any error, and usable
again after a failure."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from study_support import T0
from studydeck.store import ItemKey, ItemState, ProgressFileError, open_store

KEY = ItemKey("d", "c", "")
STATE = ItemState("review", None, 3.0, 5.0, T0 + timedelta(days=3), T0, 1, 0)


def test_commits_on_leaving(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store = open_store(path, T0)
    with store.writing():
        store.put_state(KEY, STATE)
    with open_store(path, T0) as other:
        assert other.item_state(KEY) == STATE
    store.close()


def test_an_error_inside_rolls_back_and_goes_on_as_it_was(tmp_path: Path) -> None:
    store = open_store(tmp_path / "progress.sqlite3", T0)
    with pytest.raises(KeyError, match="inside"), store.writing():
        store.put_state(KEY, STATE)
        raise KeyError("inside")
    assert store.item_state(KEY) is None
    with store.writing():  # and the next transaction starts afresh
        store.put_state(KEY, STATE)
    assert store.item_state(KEY) == STATE
    store.close()


def test_an_sqlite_error_inside_is_told_in_words(tmp_path: Path) -> None:
    store = open_store(tmp_path / "progress.sqlite3", T0)
    # a table the schema lacks: named as such (issue 18 point 15), not "check the disk"
    with pytest.raises(ProgressFileError, match="tables are not the ones") as info, store.writing():
        store.put_state(KEY, STATE)
        store._conn.execute("INSERT INTO no_such_table VALUES (1)")
    assert isinstance(info.value.__cause__, sqlite3.OperationalError)
    assert store.item_state(KEY) is None
    store.close()


def test_transactions_do_not_nest(tmp_path: Path) -> None:
    store = open_store(tmp_path / "progress.sqlite3", T0)
    with pytest.raises(RuntimeError, match="do not nest"), store.writing():
        store.put_state(KEY, STATE)
        with store.writing():
            pass
    assert store.item_state(KEY) is None  # the outer one was rolled back
    store.close()


def test_a_file_another_connection_keeps_locked(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    store = open_store(path, T0)
    store._conn.execute("PRAGMA busy_timeout = 50")  # not the 5 s a learner would wait
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(ProgressFileError, match="locked"), store.writing():
        pytest.fail("the transaction cannot have started")
    other.execute("ROLLBACK")
    other.close()
    with store.writing():  # once the lock is gone, writing works again
        store.put_state(KEY, STATE)
    assert store.item_state(KEY) == STATE
    store.close()
