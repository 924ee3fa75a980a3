"""Shared pieces of the benchmark suite: results, timing, subprocess helpers, the machine.

Every timed figure is reported next to a baseline measured in the same run, with the runs of the
two interleaved, so that the ratio holds on a busy machine even when the absolute times do not.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Figure:
    """One measured figure, its same-run baseline and its target."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""  # as written in the issue, e.g. "≤ 1.5×" or "≤ 100 ms"
    met: bool | None = None  # None: reported, no target
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline


@dataclass
class Table:
    """A detail table (e.g. the scheduling simulation's per-policy results)."""

    title: str
    columns: list[str]
    rows: list[list[Any]]


@dataclass
class Result:
    """What one benchmark module returns."""

    name: str
    settings: dict[str, Any]
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for fig, raw in zip(self.figures, data["figures"], strict=True):
            raw["ratio"] = fig.ratio
        return data


def ratio_target(value: float, baseline: float, limit: float) -> bool:
    return value <= baseline * limit


def interleaved(
    subject: Callable[[], object], baseline: Callable[[], object], repeat: int, warmup: int = 1
) -> tuple[list[float], list[float]]:
    """Time `subject` and `baseline` alternately; return both lists of seconds."""
    for _ in range(warmup):
        subject()
        baseline()
    times_s: list[float] = []
    times_b: list[float] = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subject()
        t1 = time.perf_counter()
        baseline()
        t2 = time.perf_counter()
        times_s.append(t1 - t0)
        times_b.append(t2 - t1)
    return times_s, times_b


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) by linear interpolation."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def python_env() -> dict[str, str]:
    """The environment for child Pythons: this checkout's src first, no user data dir leaks."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    env.pop("PYTHONSTARTUP", None)
    return env


def run_python(
    code: str, *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> dict[str, Any]:
    """Run `code` in a fresh interpreter; it must print one JSON object as its last line."""
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env or python_env(),
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    last = proc.stdout.strip().splitlines()[-1]
    result: dict[str, Any] = json.loads(last)
    return result


def time_process(argv: Sequence[str], env: dict[str, str] | None = None) -> float:
    """Wall-clock seconds from spawn to exit of one process (output discarded)."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        list(argv),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env or python_env(),
        timeout=120,
        check=False,
    )
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):  # validate exits 1 on deck errors, which still ran
        raise RuntimeError(f"{argv} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return elapsed


# Child snippet: peak RSS in MB. On Linux, VmHWM from /proc: ru_maxrss survives exec, so a
# child spawned by a large parent would report at least the parent's size; VmHWM starts anew
# with the child's own address space. ru_maxrss elsewhere (KiB on Linux, bytes on macOS).
MAXRSS_SNIPPET = (
    "import resource, sys\n"
    "def _peak_mb():\n"
    "    try:\n"
    "        with open('/proc/self/status') as fh:\n"
    "            for line in fh:\n"
    "                if line.startswith('VmHWM:'):\n"
    "                    return int(line.split()[1]) / 1024\n"
    "    except OSError:\n"
    "        pass\n"
    "    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "    return r / (1024 * 1024) if sys.platform == 'darwin' else r / 1024\n"
)


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "textual": _version("textual"),
        "pydantic": _version("pydantic"),
        "pyyaml": _version("PyYAML"),
        "fsrs": _version("fsrs"),
        "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
    }
