"""`studydeck validate --watch`: re-validate whenever a watched deck file is saved.

Polls modification times every half second with the standard library, so it needs no
file-system-events dependency and works the same on every OS and network drive.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from studydeck.study.words import plural

POLL_SECONDS = 0.5
_CLEAR = "\x1b[2J\x1b[H"

Snapshot = dict[Path, tuple[int, int] | None]


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Each deck file's (mtime, size), None when missing; folders are expanded every time so
    that new files are picked up."""
    from studydeck.deck.loader import find_deck_files

    state: Snapshot = {}
    for path in find_deck_files([p for p in paths if p.exists()]):
        try:
            st = path.stat()
        except OSError:
            state[path] = None
        else:
            state[path] = (st.st_mtime_ns, st.st_size)
    for path in paths:
        if not path.exists():
            state[path] = None
    return state


def watch(
    paths: list[Path],
    check: Callable[[], int],
    *,
    sleep: Callable[[float], None] = time.sleep,
    clear: bool | None = None,
) -> int:
    """Run `check` now and after every change until Ctrl-C; returns 0 (stopping is not an error).

    `clear` defaults to whether stdout is a terminal: redirected output keeps every report.
    """
    if clear is None:
        clear = sys.stdout.isatty()
    try:
        last: Snapshot | None = None
        while True:
            current = snapshot(paths)
            if current != last:
                last = current
                if clear:
                    sys.stdout.write(_CLEAR)
                check()
                stamp = datetime.now().strftime("%H:%M:%S")
                print(
                    f"[{stamp}] watching {plural(len(current), 'file')}; Ctrl-C to stop", flush=True
                )
                sys.stderr.flush()
            sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        print()
        return 0
