"""Leave the app when its terminal goes away (the window closed, tmux killed, ssh dropped).

Textual's Linux driver (8.x) reads the terminal in a thread that does not notice a hang-up: a
hung-up terminal is readable at once and forever, each read returns nothing, and the thread loops
on it at ~100% CPU while the app waits for keys that never come (Textualize/textual PR #6690).
SIGHUP would end the process, but only one that has this terminal as its controlling terminal
gets it, and its default action kills the process without closing the progress file. So the app
asks itself to exit, closing the file on the way out, on either sign:
- SIGHUP (unless it was ignored on purpose, as `nohup` does);
- POLLHUP on the terminal, which a thread waits for without waking on ordinary input.
"""

from __future__ import annotations

import asyncio
import contextlib
import select
import signal
import threading
from collections.abc import Callable


def exit_on_hangup(fd: int, leave: Callable[[], None]) -> None:
    """Call `leave` in the running event loop once the terminal on `fd` hangs up.

    Call it from the loop's thread; a SIGHUP handler, if installed, goes when the loop closes.
    """
    loop = asyncio.get_running_loop()
    if signal.getsignal(signal.SIGHUP) is signal.SIG_DFL:
        with contextlib.suppress(ValueError, RuntimeError):  # not the main thread: no signals
            loop.add_signal_handler(signal.SIGHUP, leave)

    def hung_up() -> None:
        with contextlib.suppress(RuntimeError):  # the loop has already closed: nothing to leave
            loop.call_soon_threadsafe(leave)

    threading.Thread(
        target=_wait_for_hangup, args=(fd, hung_up), name="studydeck-hangup", daemon=True
    ).start()


def _wait_for_hangup(fd: int, hung_up: Callable[[], None]) -> None:
    poller = select.poll()
    poller.register(fd, 0)  # no events asked for: poll reports only POLLHUP, POLLERR, POLLNVAL
    while True:
        for _fd, mask in poller.poll():
            if mask & select.POLLNVAL:
                return  # fd closed, or a system that cannot poll terminals: nothing to watch
            if mask & (select.POLLHUP | select.POLLERR):
                hung_up()
                return
