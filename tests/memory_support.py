"""Peak memory of a child process, read from Linux's /proc.

`resource.getrusage(...).ru_maxrss` will not do: Linux carries it across `exec`, so a child
started from a large pytest process reports pytest's size as its own (316 MB for a check that
takes 63 MB, after a full test run). VmHWM in /proc/self/status belongs to the running program.
"""

from __future__ import annotations

# a line a child process runs last: its own peak in kB, on standard error
PRINT_PEAK_KB = (
    "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')),"
    " file=sys.stderr)"
)
