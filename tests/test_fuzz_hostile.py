"""Issue 18: random bytes and random structures fed to every reader of files from others (the
deck reader, the three importers, the report's export reader): each answers with its result or
its own located error, never a traceback, in bounded memory.

Hypothesis runs a fixed number of examples per reader, derandomized (the same examples every
run, so `make test` stays bounded and repeatable) and without its example database.
"""

from __future__ import annotations

import contextlib
import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studydeck.deck.loader import check_bytes, load_deck
from studydeck.instructor.export_format import ExportInputError, read_export
from studydeck.instructor.importers.anki import import_anki
from studydeck.instructor.importers.common import ImportFileError
from studydeck.instructor.importers.gift import import_gift
from studydeck.instructor.importers.quizlet import import_quizlet
from studydeck.instructor.report import build_report

EXAMPLES = 150
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    # the memory fixture runs once around the whole test, not per example: as meant
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
GROWTH_MB = 150  # peak memory one reader's run may add (a 10 MB deck's check: under 200 MB)

CARD_KEYS = ["id", "type", "front", "back", "text", "question", "answer", "answers", "options"]
CARD_KEYS += ["statement", "items", "pairs", "prompt", "tolerance", "source", "tags", "hint"]
CARD_TYPES = ["basic", "cloze", "mcq", "true_false", "typed", "numeric", "order", "match"]

# Scalars YAML and JSON both hold, with the edges that broke things: huge and non-finite
# numbers, control characters, braces, markup.
hostile_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["{{", "}}", "{{c1::", "::", "[b]x[/b]", "\x1b]0;t\x07", "\u202e", "\u2028"]),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    hostile_text,
)
structures = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=6), st.dictionaries(st.text(max_size=12), inner, max_size=6)
    ),
    max_leaves=40,
)
cards = st.lists(
    st.dictionaries(
        st.sampled_from(CARD_KEYS),
        st.one_of(st.sampled_from(CARD_TYPES), structures),
        max_size=8,
    ),
    max_size=5,
)
decks = st.fixed_dictionaries(
    {"studydeck": st.sampled_from([1, True, "1", 2]), "id": st.text(max_size=12), "cards": cards},
    optional={"title": hostile_text, "sources": structures, "settings": structures},
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


T = TypeVar("T")


def bounded(read: Callable[..., T], *args: Any) -> T:
    """`read(*args)`, whose own allocations at their peak stay under GROWTH_MB (tracemalloc,
    around this call alone: not Hypothesis' making of the example, nor what earlier tests left
    in the process, whose resident size moved by 200 MB between two runs of the same examples)."""
    tracemalloc.start()
    try:
        result = read(*args)
        peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()
    assert peak_mb < GROWTH_MB, f"the fuzzed reader took {peak_mb:.0f} MB at its peak"
    return result


def _yaml(data: Any) -> bytes:
    try:
        return yaml.safe_dump(data, allow_unicode=True).encode("utf-8", "surrogatepass")
    except (yaml.YAMLError, ValueError, OverflowError):
        return repr(data).encode("utf-8", "surrogatepass")


@FUZZ
@given(raw=st.binary(max_size=2_000))
def test_deck_reader_on_random_bytes(folder: Path, raw: bytes) -> None:
    result = bounded(check_bytes, folder / "fuzz.yaml", raw)
    assert result.deck is not None or result.errors


@FUZZ
@given(deck=st.one_of(decks, structures))
def test_deck_reader_on_random_structures(folder: Path, deck: Any) -> None:
    path = folder / "structure.yaml"
    path.write_bytes(_yaml(deck))
    result = bounded(load_deck, path)
    for problem in result.problems:
        str(problem)  # each says where and what, as one line
    assert result.deck is not None or result.errors


importers = {
    "anki": lambda path: import_anki(path),
    "quizlet": lambda path: import_quizlet(path, None, None),
    "gift": import_gift,
}
lines = st.lists(
    st.one_of(
        st.text(max_size=60),
        st.sampled_from(["#separator:tab", "#html:true", "#deck:\x1bx\u2028", "#columns:a\tb"]),
        st.sampled_from(["::Q:: What? {=a ~b}", "Q {#1..2}", "Q {#-1e400..1e400}", "{{c1::a}}"]),
        st.builds(lambda n: "{{c1::" * n, st.integers(0, 500)),
    ),
    max_size=12,
)


@FUZZ
@given(fmt=st.sampled_from(sorted(importers)), text=lines.map("\n".join))
def test_importers_on_random_text(folder: Path, fmt: str, text: str) -> None:
    path = folder / f"fuzz-{fmt}.txt"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    try:
        result = bounded(importers[fmt], path)
    except ImportFileError:
        return
    for notice in result.notices:
        notice.format(str(path))


@FUZZ
@given(fmt=st.sampled_from(sorted(importers)), raw=st.binary(max_size=2_000))
def test_importers_on_random_bytes(folder: Path, fmt: str, raw: bytes) -> None:
    path = folder / f"bytes-{fmt}.txt"
    path.write_bytes(raw)
    with contextlib.suppress(ImportFileError):
        bounded(importers[fmt], path)


card_entries = st.lists(
    st.dictionaries(
        st.sampled_from(["id", "type", "prompt", "tags", "reviews", "right", "wrong_options"]),
        structures,
    ),
    max_size=4,
)
exports = st.fixed_dictionaries(
    {
        "studydeck_progress": st.sampled_from([1, 1.0, True, "1"]),
        "decks": st.lists(
            st.fixed_dictionaries({"id": scalars, "cards": card_entries}), max_size=3
        ),
    }
)


def _json(data: Any) -> bytes:
    try:
        return json.dumps(data).encode("utf-8", "surrogatepass")
    except (ValueError, OverflowError):
        return b"{}"


@FUZZ
@given(data=st.one_of(exports, structures, st.binary(max_size=2_000)))
def test_export_reader_on_random_input(folder: Path, data: Any) -> None:
    path = folder / "export.json"
    path.write_bytes(data if isinstance(data, bytes) else _json(data))
    try:
        export = bounded(read_export, path)
    except ExportInputError as exc:
        assert str(path) in str(exc)
        return
    build_report([(str(path), export)])  # what passes the check, the report can count


answers = st.one_of(
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
)


@FUZZ
@given(answer=answers, tolerance=answers, typed=st.one_of(st.text(max_size=30), answers))
def test_a_numeric_card_that_passes_validate_grades_any_answer(
    folder: Path, answer: int | float, tolerance: int | float, typed: object
) -> None:
    """Point 6: whatever `validate` accepts, grading can compare (no OverflowError)."""
    from studydeck.study.grading import grade

    deck = {
        "studydeck": 1,
        "id": "numbers",
        "title": "Numbers",
        "cards": [
            {"id": "n", "type": "numeric", "question": "How many?", "answer": answer}
            | ({"tolerance": float(tolerance)} if isinstance(tolerance, float) else {})
        ],
    }
    path = folder / "numbers.yaml"
    path.write_bytes(_yaml(deck))
    result = load_deck(path)
    if result.deck is not None:
        grade(result.deck.cards[0], "", str(typed), hint_used=False, elapsed=2.0, usual=None)
