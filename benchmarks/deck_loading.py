"""Deck loading: parse + validate a generated deck against a bare `yaml.load` of the same file,
the memory a very large deck takes, and the start-up of the commands that never open the TUI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml

from benchmarks.common import (
    MAXRSS_SNIPPET,
    ROOT,
    Figure,
    Result,
    Table,
    interleaved,
    median,
    python_env,
    run_python,
    time_process,
)
from benchmarks.deckgen import write_deck
from studydeck.deck.loader import load_deck

LOAD_TARGET = 1.5
CLI_TARGET = 1.5

_BIG_LOAD = (
    MAXRSS_SNIPPET + "import json, sys\n"
    "from pathlib import Path\n"
    "base = _peak_mb()\n"
    "if sys.argv[2] == 'studydeck':\n"
    "    from studydeck.deck.loader import load_deck\n"
    "    r = load_deck(Path(sys.argv[1]), max_bytes=1 << 31)\n"
    "    n = len(r.deck.cards) if r.deck else -1\n"
    "else:\n"
    "    import yaml\n"
    "    with open(sys.argv[1], 'rb') as f:\n"
    "        n = len(yaml.load(f, Loader=yaml.CSafeLoader)['cards'])\n"
    "print(json.dumps({'cards': n, 'peak_mb': _peak_mb(), 'start_mb': base}))\n"
)

# Runs a CLI command in-process and reports whether the TUI libraries were imported.
_IMPORT_CHECK = (
    "import contextlib, io, json, sys\n"
    "from studydeck.cli import main\n"
    "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
    "    try:\n"
    "        rc = main(sys.argv[1:])\n"
    "    except SystemExit as exc:\n"
    "        rc = exc.code\n"
    "mods = sorted({m.split('.')[0] for m in sys.modules})\n"
    "print(json.dumps({'rc': rc, 'textual': 'textual' in mods, 'rich': 'rich' in mods,\n"
    "                  'models': 'pydantic' in mods}))\n"
)


def _load_studydeck(path: Path) -> None:
    result = load_deck(path)
    assert result.deck is not None, result.problems[:3]


def _load_bare(path: Path) -> None:
    with path.open("rb") as fh:
        yaml.load(fh, Loader=yaml.CSafeLoader)


def _studydeck_argv() -> list[str]:
    # The console script users run; fall back to `-m` when not installed next to this Python.
    script = Path(sys.executable).parent / "studydeck"
    return [str(script)] if script.exists() else [sys.executable, "-m", "studydeck"]


def _commands() -> set[str]:
    from studydeck.cli import COMMANDS

    return set(COMMANDS)


def top_imports(argv: list[str], env: dict[str, str], count: int = 8) -> list[list[object]]:
    """The slowest imports (cumulative µs) of a command, from `python -X importtime`."""
    cmd = [sys.executable, "-X", "importtime", *argv]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)
    rows: list[tuple[int, int, str]] = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m and len(m.group(3)) <= 3:  # top-level imports and their direct children
            rows.append((int(m.group(2)), int(m.group(1)), m.group(4)))
    rows.sort(reverse=True)
    return [[name, round(cum / 1000, 1), round(own / 1000, 1)] for cum, own, name in rows[:count]]


def run(
    cards: int = 10_000,
    big_cards: int = 100_000,
    repeat: int = 7,
    cli_repeat: int = 9,
    diagnose: bool = True,
) -> Result:
    settings = {
        "cards": cards,
        "big_cards": big_cards,
        "repeat": repeat,
        "cli_repeat": cli_repeat,
        "card_types": "all 8, cycled; every card with explanation, source and tags",
        "baseline": "yaml.load(f, Loader=yaml.CSafeLoader) of the same file",
    }
    result = Result("deck loading", settings)
    with tempfile.TemporaryDirectory(prefix="studydeck-bench-") as tmp:
        path = write_deck(Path(tmp) / "deck.yaml", cards)
        settings["file_mb"] = round(path.stat().st_size / 1e6, 2)
        ours, bare = interleaved(lambda: _load_studydeck(path), lambda: _load_bare(path), repeat)
        ours_ms, bare_ms = median(ours) * 1000, median(bare) * 1000
        result.figures.append(
            Figure(
                f"load + validate {cards:,}-card deck",
                ours_ms,
                "ms",
                bare_ms,
                "yaml.load CSafeLoader",
                f"≤ {LOAD_TARGET}×",
                ours_ms <= LOAD_TARGET * bare_ms,
                f"{cards / (ours_ms / 1000):,.0f} cards/s",
            )
        )
        big = write_deck(Path(tmp) / "big.yaml", big_cards)
        settings["big_file_mb"] = round(big.stat().st_size / 1e6, 2)
        env = python_env()
        ours_big = run_python(_BIG_LOAD, str(big), "studydeck", env=env)
        bare_big = run_python(_BIG_LOAD, str(big), "yaml", env=env)
        assert ours_big["cards"] == big_cards, ours_big
        result.figures.append(
            Figure(
                f"peak RSS loading {big_cards:,}-card deck",
                ours_big["peak_mb"],
                "MB",
                bare_big["peak_mb"],
                "yaml.load CSafeLoader",
                note=f"file {settings['big_file_mb']} MB; "
                f"interpreter + imports {ours_big['start_mb']:.0f} MB",
            )
        )
        big.unlink()

    _cli(result, cli_repeat, diagnose)
    return result


def _cli(result: Result, repeat: int, diagnose: bool) -> None:
    env = python_env()
    with tempfile.TemporaryDirectory(prefix="studydeck-bench-data-") as data:
        env["STUDYDECK_DATA_DIR"] = data
        # The checks of unchanged deck files are remembered here, not in the user's cache: the
        # warm-up run checks the decks, and the timed runs then start as a learner's second
        # `stats` or an instructor's second `validate` does.
        env["STUDYDECK_CACHE_DIR"] = str(Path(data) / "cache")
        # Both sides run from compiled bytecode, as an installed studydeck does (see startup.py):
        # under PYTHONDONTWRITEBYTECODE a source checkout's modules would be compiled afresh at
        # every start, the baseline's come compiled from site-packages.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(data) / "bytecode")
        argv = _studydeck_argv()
        baseline_argv = [sys.executable, "-c", "import yaml, pydantic"]
        commands = {"validate decks/": ["validate", str(ROOT / "decks")]}
        if "stats" in _commands():
            commands["stats --json"] = ["stats", "--json"]
        else:
            result.notes.append(
                "`studydeck stats` does not exist yet: its start-up is not measured"
            )
        for label, args in commands.items():
            full = [*argv, *args]
            times, base = interleaved(
                lambda full=full: time_process(full, env),  # type: ignore[misc]
                lambda: time_process(baseline_argv, env),
                repeat,
            )
            ours_ms, base_ms = median(times) * 1000, median(base) * 1000
            check = run_python(_IMPORT_CHECK, *args, env=env)
            imported = [m for m in ("textual", "rich") if check[m]]
            met = ours_ms <= CLI_TARGET * base_ms and not check["textual"]
            result.figures.append(
                Figure(
                    f"`studydeck {label}` process",
                    ours_ms,
                    "ms",
                    base_ms,
                    'python -c "import yaml, pydantic"',
                    f"≤ {CLI_TARGET}×, no textual",
                    met,
                    ("imports " + ", ".join(imported) if imported else "textual not imported")
                    + ("" if check["models"] else ", nor pydantic")
                    + "; deck files unchanged since the warm-up run checked them",
                )
            )
            if not met and diagnose:
                cmd = ["-c", "import sys; from studydeck.cli import main; main(sys.argv[1:])"]
                result.tables.append(
                    Table(
                        f"slowest imports of `studydeck {label}` (python -X importtime)",
                        ["module", "cumulative ms", "own ms"],
                        top_imports([*cmd, *args], env),
                    )
                )
        for label, args in commands.items():
            result.figures.append(_cold(label, [*argv, *args], env, Path(data), repeat))
        if diagnose and any(f.met is False for f in result.figures if "process" in f.name):
            result.tables.append(_ladder(env, repeat, [*argv, "validate", str(ROOT / "decks")]))


def _cold(label: str, argv: list[str], env: dict[str, str], data: Path, repeat: int) -> Figure:
    """The same command when every deck file has just been edited: each run has an empty cache
    folder, so it checks (and remembers) every file. No target is claimed for it: checking
    needs the deck models, and importing pydantic's dataclass machinery alone costs more than
    the target allows; that import is timed in the same rounds to say so."""
    runs = iter(range(1_000_000))
    slug = re.sub(r"\W+", "-", label)  # each command its own folders: they share entries

    def cold() -> float:
        folder = data / f"cold-{slug}-{next(runs)}"
        assert not folder.exists()  # else this run would not check anything
        return time_process(argv, {**env, "STUDYDECK_CACHE_DIR": str(folder)})

    series = _round_robin(
        [
            cold,
            lambda: time_process([sys.executable, "-c", "import yaml, pydantic"], env),
            lambda: time_process([sys.executable, "-c", "import yaml, pydantic.dataclasses"], env),
        ],
        repeat,
    )
    ours_ms, base_ms, bound_ms = (median(times) * 1000 for times in series)
    return Figure(
        f"`studydeck {label}` process, cold cache",
        ours_ms,
        "ms",
        base_ms,
        'python -c "import yaml, pydantic"',
        note="every deck file checked, as after an edit (empty cache folder); bounded by "
        f"importing pydantic.dataclasses: {bound_ms / base_ms:.1f}× the baseline",
    )


def _round_robin(
    runs: list[Callable[[], float]], repeat: int, warmup: int = 1
) -> list[list[float]]:
    """Each callable's timings (seconds it returns), taken in turns so load changes hit all."""
    for _ in range(warmup):
        for run_once in runs:
            run_once()
    series: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for times, run_once in zip(series, runs, strict=True):
            times.append(run_once())
    return series


# What a process costs as it takes in more of what `validate` needs: where the time goes.
_LADDER = {
    "python -c pass": "pass",
    "import yaml, pydantic (the baseline)": "import yaml, pydantic",
    # the deck models are pydantic dataclasses: this import is most of their cost
    "+ import pydantic.dataclasses": "import yaml, pydantic.dataclasses",
    "+ import studydeck.deck.models (builds the schemas)": "import yaml, studydeck.deck.models",
    "+ import studydeck.deck.loader": "import studydeck.deck.loader",
}


def _ladder(env: dict[str, str], repeat: int, validate: list[str]) -> Table:
    runs: dict[str, list[float]] = {label: [] for label in [*_LADDER, "studydeck validate decks/"]}
    for _ in range(repeat):  # round-robin, so load changes hit every rung alike
        for label, code in _LADDER.items():
            runs[label].append(time_process([sys.executable, "-c", code], env))
        runs["studydeck validate decks/"].append(time_process(validate, env))
    base = median(runs["import yaml, pydantic (the baseline)"])
    rows: list[list[object]] = [
        [label, round(median(times) * 1000), f"{median(times) / base:.2f}×"]
        for label, times in runs.items()
    ]
    return Table(
        "start-up ladder (process wall time, median)", ["process", "ms", "× baseline"], rows
    )


if __name__ == "__main__":  # pragma: no cover - handy for a single run
    print(json.dumps(run(cards=1000, big_cards=2000, repeat=3, cli_repeat=3).to_json(), indent=2))
