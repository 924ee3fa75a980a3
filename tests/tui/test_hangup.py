"""The real app in a real terminal (a pty) leaves when the terminal goes away.

Closing the pty's master side is what closing a terminal window or killing tmux does. Before the
fix, a process without the terminal as its controlling terminal (no SIGHUP) kept running at ~100%
CPU, and one with it was killed by SIGHUP without closing its progress file.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from .conftest import write_deck

ESCAPES = re.compile(
    r"\x1b(\[[0-9;?<>=$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|.)"
)


class Terminal:
    """The master side of a pty, reading what the app draws as plain text."""

    def __init__(self) -> None:
        self.master, self.slave = os.openpty()
        fcntl.ioctl(self.slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.raw = b""

    def shows(self, text: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while text not in ESCAPES.sub("", self.raw.decode("utf-8", "replace")):
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} never shown"
            if select.select([self.master], [], [], left)[0]:
                self.raw += os.read(self.master, 65536)

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def hang_up(self) -> None:
        if self.master >= 0:
            os.close(self.master)
            self.master = -1


def take_the_terminal() -> None:
    # In a session of its own (start_new_session): the pty becomes its controlling terminal.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


def study(
    deck: Path, data: Path, terminal: Terminal, *, controlling: bool
) -> subprocess.Popen[bytes]:
    app = subprocess.Popen(
        [sys.executable, "-m", "studydeck", "--data-dir", str(data), "study", str(deck)],
        stdin=terminal.slave,
        stdout=terminal.slave,
        stderr=terminal.slave,
        env={**os.environ, "TERM": "xterm-256color", "TZ": "UTC"},
        start_new_session=True,
        preexec_fn=take_the_terminal if controlling else None,
    )
    os.close(terminal.slave)
    return app


def test_the_app_leaves_when_its_terminal_hangs_up_and_keeps_the_answer(tmp_path: Path) -> None:
    """Both ways a terminal goes: with SIGHUP (its controlling terminal) and without.

    The two apps run side by side, to keep the test short.
    """
    deck = write_deck(tmp_path, "one", ["true_false"])
    runs = {
        controlling: (tmp_path / f"data-{controlling}", Terminal()) for controlling in (True, False)
    }
    apps = {c: study(deck, data, terminal, controlling=c) for c, (data, terminal) in runs.items()}
    try:
        for controlling, (data, terminal) in runs.items():
            app = apps[controlling]
            terminal.shows("signed in Tashkent")
            terminal.type("t")
            terminal.shows("✓ Right")
            terminal.type("4")
            terminal.shows("Time answering")  # the summary: the answer has been recorded
            terminal.hang_up()
            assert app.wait(timeout=3) == 0, f"controlling terminal: {controlling}"
            progress = data / "progress.sqlite3"
            # Closed, not killed: closing the last connection checkpoints and removes the WAL.
            assert not progress.with_name("progress.sqlite3-wal").exists()
            with contextlib.closing(sqlite3.connect(progress)) as db:
                reviews = db.execute("SELECT count(*) FROM reviews WHERE undone = 0").fetchone()
            assert reviews == (1,)
    finally:
        for app in apps.values():
            if app.poll() is None:
                app.kill()
                app.wait()
        for _data, terminal in runs.values():
            terminal.hang_up()
