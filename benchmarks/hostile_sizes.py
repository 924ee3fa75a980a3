"""Hostile deck files within the size limit (issue 18, point 10): `validate`'s time and peak
memory on each shape, against a real deck of the same size (benchmarks/deckgen.py's).

Targets from the issue: under 200 MB and a few seconds (3 s here) for any file within the limit.
The shapes hold far more YAML nodes than a real deck of their size, and are refused when the
count passes the bound (deck/limits.py); "under the bound" is the costliest shape that is read
in full: tiny broken cards, as many as the bound on lists and mappings lets in.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from benchmarks.common import MAXRSS_SNIPPET, Figure, Result, python_env, run_python
from benchmarks.deckgen import write_deck
from studydeck.deck.limits import DEFAULT_MAX_BYTES, max_nodes

PEAK_TARGET_MB = 200
TIME_TARGET_S = 3.0
_HEAD = "studydeck: 1\nid: big\ntitle: Big\ncards:\n"

# `validate --no-cache FILE` in a fresh interpreter, timed from before its imports
_VALIDATE = (
    "import time\n"
    "started = time.perf_counter()\n" + MAXRSS_SNIPPET + "import contextlib, io, json\n"
    "from studydeck.cli import main\n"
    "out = io.StringIO()\n"
    "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):\n"
    "    code = main(['validate', '--no-cache', sys.argv[1]])\n"
    "first = out.getvalue().splitlines()[0]\n"
    "print(json.dumps({'seconds': time.perf_counter() - started, 'peak_mb': _peak_mb(),\n"
    "                  'code': code, 'first': first}))\n"
)


def _repeated(line: str, size: int) -> Iterator[str]:
    """Numbered copies of `line` (a format string with {i}) up to about `size` bytes."""
    count = size // len(line.format(i=10**5))
    return (line.format(i=i) for i in range(count))


def _shapes(size: int) -> dict[str, Callable[[], Iterator[str]]]:
    under = max_nodes(DEFAULT_MAX_BYTES)[1] - 100
    return {
        "tiny broken cards": lambda: _repeated("  - {{id: c{i}}}\n", size),
        "cards sharing an id": lambda: _repeated(
            "  - {{id: a, type: basic, front: F, back: B}}\n", size
        ),
        "unknown keys": lambda: iter(
            ["  - id: c1\n    type: basic\n", *_repeated("    k{i:06x}: 1\n", size)]
        ),
        "empty cards": lambda: _repeated("  - {{}}\n", size),
        "one flow list": lambda: iter(["  - [", "a," * (size // 2), "a]\n"]),
        "deep nesting": lambda: iter(["  - ", "[" * size, "\n"]),
        "long string": lambda: iter(
            ["  - {id: c1, type: basic, front: '", "x" * size, "', back: B}\n"]
        ),
        "under the bound": lambda: (f"  - {{id: c{i}}}\n" for i in range(min(under, size // 8))),
    }


def _measure(path: Path) -> dict[str, object]:
    result: dict[str, object] = run_python(_VALIDATE, str(path), env=python_env())
    return result


def run(size: int = DEFAULT_MAX_BYTES * 95 // 100) -> Result:
    settings: dict[str, object] = {"file_bytes": size, "limit_bytes": DEFAULT_MAX_BYTES}
    result = Result("hostile deck sizes", settings)
    with tempfile.TemporaryDirectory(prefix="studydeck-bench-") as tmp:
        real = write_deck(Path(tmp) / "real.yaml", max(size // 530, 1))
        base = _measure(real)
        real.unlink()
        for name, lines in _shapes(size).items():
            path = Path(tmp) / "hostile.yaml"
            with path.open("w", encoding="utf-8") as out:
                out.write(_HEAD)
                out.writelines(lines())
            got = _measure(path)
            path.unlink()
            seconds, peak = float(str(got["seconds"])), float(str(got["peak_mb"]))
            message = re.sub(r"^.*?: (error|warning): ", "", str(got["first"]))
            said = json.dumps(message[:70], ensure_ascii=False)
            result.figures.append(
                Figure(
                    f"validate: {name}",
                    seconds,
                    "s",
                    float(str(base["seconds"])),
                    "a real deck of the same size",
                    f"≤ {TIME_TARGET_S} s",
                    seconds <= TIME_TARGET_S,
                    f"says {said}",
                )
            )
            result.figures.append(
                Figure(
                    f"peak RSS: {name}",
                    peak,
                    "MB",
                    float(str(base["peak_mb"])),
                    "a real deck of the same size",
                    f"≤ {PEAK_TARGET_MB} MB",
                    peak <= PEAK_TARGET_MB,
                )
            )
    return result
