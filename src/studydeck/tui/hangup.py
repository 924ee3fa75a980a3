"""Leave the app when its terminal goes away (the window closed, tmux killed, ssh dropped).

Textual's Linux driver (8.x) does not notice a hang-up, and parts of it go wrong on one:
- its input thread finds the hung-up terminal readable at once and forever, reads nothing, and
  loops on it at ~100% CPU while the app waits for keys that never come (Textualize/textual
  PR #6690);
- its output thread dies at the first write that fails (EIO) and leaves its bounded queue behind:
  once 30 writes are queued, the next one blocks the app for good, shutting down included;
- a process whose controlling terminal it was gets SIGHUP and SIGCONT, and the driver answers
  SIGCONT (meant for resuming after Ctrl+Z) by setting the terminal up again: a burst of writes
  that fills that queue.
SIGHUP alone would end the process, but only if the terminal was its controlling terminal, and
without closing the progress file. So on a hang-up the standard streams are moved off the dead
terminal (to /dev/null), which leaves Textual nothing to fail or block on, and the app is asked
to exit, closing the file on the way out. Signs of a hang-up: POLLHUP on the terminal, which a
thread waits for without waking on ordinary input, and SIGHUP (unless it was ignored on purpose,
as `nohup` does). Should the exit still stall, the process ends anyway a few seconds later:
every answer is committed when given, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import select
import signal
import threading
from collections.abc import Callable
from types import FrameType

GRACE_S = 5.0  # how long a clean exit may take after a hang-up before the process just ends
EXIT_HUNG_UP = 128 + signal.SIGHUP  # the status SIGHUP's default action would have given

_detached = threading.Lock()


def exit_on_hangup(fd: int, leave: Callable[[], None]) -> None:
    """Call `leave` in the running event loop once the terminal on `fd` hangs up.

    Call it from the loop's thread; a SIGHUP handler, if installed, goes when the loop closes.
    """
    loop = asyncio.get_running_loop()

    def hung_up() -> None:
        with contextlib.suppress(RuntimeError):  # the loop has already closed: nothing to leave
            loop.call_soon_threadsafe(leave)

    def on_sighup() -> None:
        if _is_hung_up(fd):
            _detach_from_terminal()
        leave()

    if signal.getsignal(signal.SIGHUP) is signal.SIG_DFL:
        with contextlib.suppress(ValueError, RuntimeError):  # not the main thread: no signals
            loop.add_signal_handler(signal.SIGHUP, on_sighup)
    textual_sigcont = signal.getsignal(signal.SIGCONT)
    if callable(textual_sigcont):

        def on_sigcont(signum: int, frame: FrameType | None) -> None:
            # Runs before anything else in the main thread: the streams leave the dead terminal
            # before the driver could set it up again (and it is never set up on /dev/null).
            if _detached.locked() or _is_hung_up(fd):
                _detach_from_terminal()
                hung_up()
            else:
                textual_sigcont(signum, frame)

        with contextlib.suppress(ValueError):
            signal.signal(signal.SIGCONT, on_sigcont)
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
                _detach_from_terminal()
                hung_up()
                return


def _is_hung_up(fd: int) -> bool:
    poller = select.poll()
    poller.register(fd, 0)
    return any(mask & (select.POLLHUP | select.POLLERR) for _fd, mask in poller.poll(0))


def _detach_from_terminal() -> None:
    """Give stdin, stdout and stderr harmless files in place of the dead terminal (once), and
    make sure the process ends even if the exit stalls."""
    if not _detached.acquire(blocking=False):
        return
    # Not a pipe that never delivers: the input thread may be about to read, and a read that
    # blocks would keep the app from joining it. /dev/null answers at once, with end of file.
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    last_resort = threading.Timer(GRACE_S, os._exit, args=(EXIT_HUNG_UP,))
    last_resort.daemon = True
    last_resort.start()
