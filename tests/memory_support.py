"""Peak memory of a test's own process, read from Linux's /proc.

`resource.getrusage(...).ru_maxrss` will not do: it is the highest mark the process ever had,
and Linux carries it across `exec`, so a child started from a large pytest process reports
pytest's size as its own. VmHWM in /proc/self/status belongs to the running program, and
writing 5 to /proc/self/clear_refs sets it back to what is resident now."""

from __future__ import annotations

from pathlib import Path

_STATUS = Path("/proc/self/status")

# the same, as a line a child process runs last: its own peak in kB on standard error
PRINT_PEAK_KB = (
    "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')),"
    " file=sys.stderr)"
)


def _kb(field: str) -> int:
    for line in _STATUS.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(f"{field} not in {_STATUS}: these tests need Linux's /proc")


def reset_peak() -> None:
    """From now on the peak is measured from what is resident now."""
    Path("/proc/self/clear_refs").write_text("5")


def peak_mb() -> float:
    return _kb("VmHWM") / 1024


def resident_mb() -> float:
    return _kb("VmRSS") / 1024
