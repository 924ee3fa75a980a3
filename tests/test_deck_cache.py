"""The cache of checked decks: `validate` and `stats` print the same bytes from it as without it,
never use an entry whose file (or checker) changed, shrug off damaged entries and unwritable
folders, and leave pydantic's models unimported when every file is unchanged."""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

from study_support import FakeClock
from studydeck import __version__
from studydeck.cli import main
from studydeck.deck import cache
from studydeck.deck.cache import DeckOutline, check_file
from studydeck.deck.loader import find_deck_files, load_deck
from studydeck.deck.models import FORMAT_VERSION
from studydeck.locations import CACHE_DIR_ENV, bundled_decks_dir
from studydeck.store import open_store
from studydeck.study import Rating, open_session
from studydeck.study.stats import deck_stats

GOOD = """\
studydeck: 1
id: good
title: Good deck
sources: [{id: s, title: A source}]
cards:
  - {id: a, type: basic, front: F, back: B, explanation: E, source: s}
  - {id: b, type: cloze, text: "{{one}} and {{two}}", explanation: E, source: s, tags: [x]}
  - {id: c, type: basic, front: G, back: C, reverse: true, explanation: E, source: s,
     previous_ids: [old-c]}
"""
# every kind of outcome: none, warnings only, errors and warnings, unreadable YAML, not a deck
BROKEN = {
    "clean.yaml": GOOD.replace("id: good", "id: clean"),
    "leak.yaml": GOOD.replace("id: good", "id: leaky").replace("front: G", "front: Is it B?"),
    "warn.yaml": GOOD.replace("id: good", "id: warned").replace(", explanation: E, source: s", ""),
    "errors.yaml": GOOD.replace("id: good", "id: erring")
    .replace("back: B", "bak: B")
    .replace("type: cloze", "type: clozed")
    .replace("reverse: true, explanation: E, source: s", "reverse: true, source: nope"),
    "syntax.yaml": "studydeck: 1\nid: [unclosed\n",
    "list.yml": "- just\n- a list\n",
    "mcq.yaml": """\
studydeck: 1
id: mcq
title: "Options: few and repeated"
cards:
  - id: q
    type: mcq
    question: Which?
    options:
      - {text: "Yes", correct: true}
      - {text: "yes", why: same}
""",
}
_MODULES = ("pydantic", "pydantic_core", "yaml", "textual", "rich", "fsrs")

# Runs one command as a user does and reports its output, exit status and what it imported.
_RUN = (
    "import contextlib, io, json, sys\n"
    "from studydeck.cli import main\n"
    "out, err = io.StringIO(), io.StringIO()\n"
    "with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):\n"
    "    rc = main(sys.argv[1:])\n"
    f"mods = sorted(m for m in sys.modules if m.split('.')[0] in {_MODULES!r}\n"
    "              or m == 'studydeck.deck.models')\n"
    "print(json.dumps({'rc': rc, 'out': out.getvalue(), 'err': err.getvalue(), 'mods': mods}))\n"
)


def run(args: list[str], data: Path) -> dict[str, Any]:
    env = {**os.environ, "STUDYDECK_DATA_DIR": str(data)}
    done = subprocess.run(
        [sys.executable, "-c", _RUN, *args], capture_output=True, text=True, env=env, check=True
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def entries(cache_dir: Path) -> list[Path]:
    folder = cache_dir / "checked-decks"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def studied(data: Path) -> None:
    """A progress file with answers to the first bundled deck: some due now, some not."""
    deck = load_deck(find_deck_files([bundled_decks_dir()])[0]).deck
    assert deck is not None
    clock = FakeClock(datetime.now(UTC) - timedelta(days=12))
    store = open_store(data / "progress.sqlite3", clock())
    session = open_session(store, [deck], now=clock)
    for rating in (Rating.EASY, Rating.AGAIN, Rating.GOOD, Rating.HARD, Rating.EASY):
        session.record(rating, elapsed=3)
    store.close()


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """A folder with the bundled decks and decks with every kind of problem."""
    folder = tmp_path / "decks"
    shutil.copytree(bundled_decks_dir(), folder)
    for name, text in BROKEN.items():
        write(folder / "broken", name, text)
    return folder


@pytest.mark.parametrize(
    "command",
    [
        ["validate", "{mixed}"],
        ["validate", "--format", "json", "{mixed}"],
        ["stats", "{mixed}"],
        ["stats", "--json", "{mixed}"],
        ["stats"],  # the bundled decks
        ["stats", "--json", "csto-members"],  # a bundled deck by id
    ],
)
def test_warm_output_is_the_cold_output_byte_for_byte(
    command: list[str], mixed: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    studied(data)
    args = [a.format(mixed=mixed) for a in command]
    cold = run(args, data)
    assert "studydeck.deck.models" in cold["mods"]  # an empty cache: every file was checked
    assert entries(Path(os.environ[CACHE_DIR_ENV]))
    warm = run(args, data)
    fresh = run([*args[:1], "--no-cache", *args[1:]], data)
    assert cold.pop("mods") and fresh.pop("mods")
    # unchanged files: nothing of pydantic, the YAML parser, FSRS or the TUI was imported
    assert warm.pop("mods") == []
    assert warm == cold == fresh
    assert cold["out"]  # and there was something to compare
    if "--json" in args or "json" in args:
        json.loads(cold["out"])


def test_the_bundled_and_broken_decks_give_every_kind_of_outcome(mixed: Path) -> None:
    checked = {f.name: check_file(f) for f in find_deck_files([mixed])}
    kinds = {(bool(c.errors), bool(c.warnings), c.deck is not None) for c in checked.values()}
    # (errors, warnings, a deck): none; warnings only; errors and warnings; errors only
    assert kinds == {
        (False, False, True),
        (False, True, True),
        (True, True, False),
        (True, False, False),
    }
    assert {p.card for p in checked["errors.yaml"].problems} == {"a", "b", "c"}
    assert checked["errors.yaml"].warnings and checked["warn.yaml"].warnings


def test_an_edited_file_is_checked_again_even_with_the_same_size_and_time(tmp_path: Path) -> None:
    store = tmp_path / "cache"
    deck = write(tmp_path, "d.yaml", GOOD)
    assert check_file(deck, cache_dir=store).problems == []
    before = deck.stat()
    deck.write_text(GOOD.replace("front: F", "frunt: F"), encoding="utf-8")
    os.utime(deck, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert deck.stat().st_size == before.st_size
    assert deck.stat().st_mtime_ns == before.st_mtime_ns
    again = check_file(deck, cache_dir=store)
    assert [p.code for p in again.errors] == ["missing-field", "unknown-field"]
    assert again.deck is None


def test_the_size_limit_is_part_of_the_key(tmp_path: Path) -> None:
    store = tmp_path / "cache"
    deck = write(tmp_path, "d.yaml", GOOD)
    size = deck.stat().st_size
    assert check_file(deck, size, cache_dir=store).deck is not None
    # an entry made under one limit does not answer for another
    _plant(store, deck, message="planted")
    assert check_file(deck, size, cache_dir=store).problems[0].message == "planted"
    assert check_file(deck, size + 1, cache_dir=store).problems == []
    too_small = check_file(deck, size - 1, cache_dir=store)
    assert [p.code for p in too_small.problems] == ["too-large"]


def _plant(store: Path, deck: Path, message: str) -> None:
    """Rewrite the deck's entry, key kept and hash redone, to say something the check would
    not: what is printed then shows whether the entry was used."""
    (entry,) = entries(store)
    data = entry.read_bytes()
    head = len(cache._MAGIC) + 32
    problems, outline = marshal.loads(data[head + 32 :])
    problems = [(1, 1, "warning", message, "ignore it", None, "planted", None)]
    payload = marshal.dumps((problems, outline))
    entry.write_bytes(data[:head] + hashlib.sha256(payload).digest() + payload)


def test_an_unchanged_file_is_answered_from_its_entry_and_no_cache_skips_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Path(os.environ[CACHE_DIR_ENV])
    deck = write(tmp_path, "d.yaml", GOOD)
    assert main(["validate", str(deck)]) == 0
    _plant(store, deck, message="from the cache")
    assert main(["validate", str(deck)]) == 0
    assert "from the cache" in capsys.readouterr().out
    before = entries(store)[0].read_bytes()
    assert main(["validate", "--no-cache", str(deck)]) == 0
    assert "from the cache" not in capsys.readouterr().out
    assert entries(store)[0].read_bytes() == before  # --no-cache did not write either
    shutil.rmtree(store)
    assert main(["stats", "--no-cache", str(deck)]) == 0
    assert not store.exists()


def test_an_entry_serves_every_spelling_of_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = write(tmp_path, "sub/w.yaml", BROKEN["warn.yaml"])
    assert main(["validate", str(deck)]) == 0
    cold = capsys.readouterr().out
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "sub/w.yaml"]) == 0
    warm = capsys.readouterr().out
    assert len(entries(Path(os.environ[CACHE_DIR_ENV]))) == 1
    assert warm == cold.replace(str(deck), "sub/w.yaml") and warm != cold


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"",
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # a bit flipped in the payload
        lambda data: data[:20] + bytes([data[20] ^ 1]) + data[21:],  # in the key
        lambda data: b"\x00" * len(data),
        lambda data: os.urandom(len(data)),
    ],
)
def test_a_damaged_entry_is_ignored_and_replaced(tmp_path: Path, damage: Any) -> None:
    store = tmp_path / "cache"
    deck = write(tmp_path, "w.yaml", BROKEN["warn.yaml"])
    first = check_file(deck, cache_dir=store)
    (entry,) = entries(store)
    whole = entry.read_bytes()
    entry.write_bytes(damage(whole))
    assert check_file(deck, cache_dir=store) == first
    assert entry.read_bytes() == whole
    assert check_file(deck, cache_dir=store) == first


def test_an_entry_of_another_layout_is_ignored(tmp_path: Path) -> None:
    store = tmp_path / "cache"
    deck = write(tmp_path, "d.yaml", GOOD)
    first = check_file(deck, cache_dir=store)
    (entry,) = entries(store)
    data = entry.read_bytes()
    head = len(cache._MAGIC) + 32
    payload = marshal.dumps({"something": "else"})  # whole, hashed, but not ours
    entry.write_bytes(data[:head] + hashlib.sha256(payload).digest() + payload)
    assert check_file(deck, cache_dir=store) == first


def test_an_unusable_cache_folder_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    deck = write(tmp_path, "w.yaml", BROKEN["warn.yaml"])
    assert main(["validate", str(deck)]) == 0
    expected = capsys.readouterr()
    blocked = write(tmp_path, "not-a-folder", "")  # the cache folder's place is taken
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocked))
    for _ in range(2):
        assert main(["validate", str(deck)]) == 0
        assert capsys.readouterr() == expected
    unreadable = tmp_path / "cache"
    monkeypatch.setenv(CACHE_DIR_ENV, str(unreadable))
    assert main(["validate", str(deck)]) == 0
    assert capsys.readouterr() == expected
    (entry,) = entries(unreadable)
    entry.unlink()
    entry.mkdir()  # an entry that cannot be read, nor replaced
    for _ in range(2):
        assert main(["validate", str(deck)]) == 0
        assert capsys.readouterr() == expected
    assert [p.name for p in entry.parent.iterdir()] == [entry.name]  # no temporary files left


def test_writes_leave_only_whole_entries(tmp_path: Path) -> None:
    store = tmp_path / "cache"
    deck = write(tmp_path, "d.yaml", GOOD)
    for i in range(5):
        deck.write_text(GOOD.replace("front: F", f"front: F{i}"), encoding="utf-8")
        check_file(deck, cache_dir=store)
    (entry,) = entries(store)  # one entry per deck file, replaced, and no temporary files
    assert entry.read_bytes().startswith(cache._MAGIC)


def test_the_key_names_what_the_check_depends_on() -> None:
    setting = cache._setting().decode()
    assert f"studydeck {__version__}\n" in setting
    assert f"format {FORMAT_VERSION}\n" in setting
    assert cache.FORMAT_VERSION == FORMAT_VERSION
    assert sys.version in setting
    for dist in ("pydantic", "pydantic_core", "PyYAML"):
        name = dist.lower().replace("-", "_")
        assert f"{name}-{metadata.version(dist)}.dist-info" in setting.lower(), setting
    code = hashlib.sha256()
    folder = Path(cache.__file__).parent
    for path in sorted(folder.glob("*.py")):
        code.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    assert f"code {code.hexdigest()}\n" in setting


def test_stats_of_the_outlines_are_the_stats_of_the_decks(tmp_path: Path) -> None:
    files = [*find_deck_files([bundled_decks_dir()]), write(tmp_path, "good.yaml", GOOD)]
    decks = [r.deck for r in map(load_deck, files) if r.deck is not None]
    # card c was answered when it was called old-c: its progress moves when stats are counted
    then = GOOD.replace("id: c,", "id: old-c,").replace(",\n     previous_ids: [old-c]", "")
    before = load_deck(write(tmp_path / "then", "good.yaml", then)).deck
    assert before is not None and len(decks) == len(files)
    first = tmp_path / "a" / "progress.sqlite3"
    clock = FakeClock(datetime(2025, 3, 10, 12, tzinfo=UTC))
    store = open_store(first, clock())
    for studied_deck in (before, decks[0]):
        session = open_session(store, [studied_deck], now=clock)
        for i in range(40):
            if session.current is None:
                break
            session.record([Rating.GOOD, Rating.AGAIN, Rating.EASY][i % 3], elapsed=3)
            clock.advance(minutes=7)
    store.close()
    second = tmp_path / "b" / "progress.sqlite3"
    second.parent.mkdir()
    shutil.copy(first, second)
    outlines = [c.deck for c in map(check_file, files) if c.deck is not None]
    now = clock.advance(days=3)
    with_decks = deck_stats(open_store(first, now), decks, now)
    with_outlines = deck_stats(open_store(second, now), outlines, now)
    assert with_outlines == with_decks
    assert with_decks[-1].reviews and with_decks[-1].states["new"] < 5  # old-c's progress moved
    assert with_decks[0].reviews and any(s.tags for s in with_decks)


def test_an_outline_holds_what_stats_reads(tmp_path: Path) -> None:
    deck = load_deck(write(tmp_path, "good.yaml", GOOD)).deck
    assert deck is not None
    outline = DeckOutline.of(deck)
    assert (outline.id, outline.title) == ("good", "Good deck")
    assert [(c.id, c.item_keys(), c.tags, c.previous_ids) for c in outline.cards] == [
        ("a", [""], (), ()),
        ("b", ["c1", "c2"], ("x",), ()),
        ("c", ["", "reverse"], (), ("old-c",)),
    ]


def test_help_says_that_unchanged_files_are_not_checked_again(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for command in ("validate", "stats"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = " ".join(capsys.readouterr().out.split())
        assert "--no-cache" in text
        assert "unchanged" in text or "not changed" in text
