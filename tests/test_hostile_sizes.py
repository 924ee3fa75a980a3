"""Issue 18, point 10: a file within the size limit costs bounded memory and output: problems are
listed up to a cap per file (and the rest counted), no mapping holds more keys than a deck
could use, and no file holds more YAML nodes than a real deck of the size limit could."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from benchmarks.deckgen import write_deck

from memory_support import PRINT_PEAK_KB
from studydeck.cli import main
from studydeck.deck.limits import DEFAULT_MAX_BYTES, MAX_PROBLEMS, max_nodes
from studydeck.deck.loader import load_deck

PEAK_MB = 200  # the bound on a check's peak memory (it was 1.9 GB)


def _validate_in_a_child(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """`studydeck validate --no-cache ARGS` in a process of its own, and its peak RSS in MB
    (which it says on stderr when it ends). The peak is VmHWM, its own memory's: ru_maxrss
    keeps the pytest process's peak across the exec that starts the child."""
    script = (
        "import sys; from studydeck.cli import main; code = main(sys.argv[1:]);"
        f"{PRINT_PEAK_KB}; sys.exit(code)"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "validate", "--no-cache", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    return done, int(done.stderr.split()[-1]) / 1024


def test_a_card_with_700000_unknown_keys_is_one_located_error(tmp_path: Path) -> None:
    """9.8 MB: took ~45 s and 2 GB, and printed 115 MB of problems."""
    lines = ["studydeck: 1", "id: big", "title: Big", "cards:", "  - id: c1", "    type: basic"]
    lines += ["    front: F", "    back: B", *(f"    k{i:05x}: 1" for i in range(700_000))]
    deck = tmp_path / "keys.yaml"
    deck.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done, peak_mb = _validate_in_a_child(str(deck))
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        f"{deck}:1005:5: error: a mapping with more than 1,000 keys — no deck mapping has this "
        "many fields: check the indentation"
    )
    assert len(done.stdout) < 1_000
    assert peak_mb < PEAK_MB, f"{peak_mb:.0f} MB"


@pytest.mark.parametrize("broken", [True, False], ids=["errors", "warnings"])
def test_problems_past_the_cap_are_counted_not_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], broken: bool
) -> None:
    cards = 300
    card = "  - {{id: c{i}, type: basic, front: F{i}, back: B{extra}}}\n"  # no two alike
    extra = ", oops: 1" if broken else ""  # an unknown field (error); else two warnings each
    deck = tmp_path / "many.yaml"
    deck.write_text(
        "studydeck: 1\nid: many\ntitle: Many\ncards:\n"
        + "".join(card.format(i=i, extra=extra) for i in range(cards)),
        encoding="utf-8",
    )
    result = load_deck(deck)
    assert len(result.problems) == MAX_PROBLEMS + 1
    last = result.problems[-1]
    hidden = cards - MAX_PROBLEMS if broken else 2 * cards - MAX_PROBLEMS
    assert last.message == f"{hidden:,} more problems not listed"
    assert last.severity == ("error" if broken else "warning")
    assert (result.deck is None) is broken  # warnings alone still load the deck
    main(["validate", "--no-cache", str(deck)])
    assert f"{hidden:,} more problems not listed" in capsys.readouterr().out


_HEAD = "studydeck: 1\nid: big\ntitle: Big\ncards:\n"
_NODES = (
    "YAML nodes (keys, values, lists and mappings), the bound that goes with the size limit of"
    " 10,485,760 bytes (one per 16 bytes; real decks use under half as many)"
)
_COLLECTIONS = (
    "YAML lists and mappings, the bound that goes with the size limit of 10,485,760 bytes (one"
    " per 64 bytes; real decks use under half as many)"
)
_FIX = (
    "check what wrote so many tiny entries, split the deck into several files, or raise the"
    " limit with --max-bytes (the bound grows with it)"
)


# Each file's cards are written a line at a time: built whole in the pytest process, they would
# take its memory (and that of every test after it) up by tens of MB.
@pytest.mark.parametrize(
    ("card", "count", "where", "found"),
    [
        # 10.3 MB: took 10 s and 930 MB (1.1 GB for 600k, as many as fit in 9.6 MB)
        ("  - {{id: c{i}}}\n", 580_000, "163843:5", "163,840 " + _COLLECTIONS),
        # 10.1 MB: 14.5 s and 730 MB
        (
            "  - {{id: a, type: basic, front: F, back: B}}\n",
            230_000,
            "72821:36",
            "655,360 " + _NODES,
        ),
        # 10.2 MB: 13 s and 1.2 GB
        ("  - {{}}\n", 1_450_000, "163843:5", "163,840 " + _COLLECTIONS),
        # 9.6 MB in one flow list: 16 s and 1.2 GB
        ("a,", 4_800_000, "5:1310706", "655,360 " + _NODES),
    ],
    ids=["tiny-cards", "shared-id", "empty-cards", "flow-list"],
)
def test_a_file_with_more_nodes_than_a_deck_of_the_limit_is_refused_where_they_pass_it(
    tmp_path: Path, card: str, count: int, where: str, found: str
) -> None:
    deck = tmp_path / "many.yaml"
    with deck.open("w", encoding="utf-8") as out:
        out.write(_HEAD)
        flow = card == "a,"
        out.write("  - [" if flow else "")
        out.writelines(card.format(i=i) for i in range(count))
        out.write("a]\n" if flow else "")
    assert deck.stat().st_size <= DEFAULT_MAX_BYTES
    done, peak_mb = _validate_in_a_child(str(deck))
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        f"{deck}:{where}: error: the file holds more than {found} — {_FIX}"
    )
    assert peak_mb < PEAK_MB, f"{peak_mb:.0f} MB"


def test_the_node_bound_grows_with_max_bytes(tmp_path: Path) -> None:
    deck = tmp_path / "cards.yaml"
    deck.write_text(_HEAD + "".join(f"  - {{id: c{i}}}\n" for i in range(3_000)), "utf-8")
    refused = load_deck(deck, max_bytes=100_000)  # 62 KB: 2,500 lists and mappings at most
    assert [(p.line, p.message.split(",")[0]) for p in refused.problems] == [
        (2503, "the file holds more than 2")
    ]
    assert "the size limit of 100,000 bytes" in refused.problems[0].message
    read = load_deck(deck)  # the default limit lets it be read, and its cards checked
    assert "card has no `type`" in read.problems[0].message


def _nodes(path: Path) -> tuple[int, int]:
    """How many YAML nodes, and of them lists and mappings, the file holds."""
    nodes = collections = 0
    for event in yaml.parse(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            collections += isinstance(event, yaml.CollectionStartEvent)
    return nodes, collections


BUNDLED = sorted((Path(__file__).parent.parent / "decks").glob("*.yaml"))


@pytest.mark.parametrize("deck", [*BUNDLED, None], ids=[*(p.stem for p in BUNDLED), "deckgen"])
def test_real_decks_grown_to_the_size_limit_stay_well_inside_the_node_bound(
    tmp_path: Path, deck: Path | None
) -> None:
    """The bundled decks use 21-24 bytes a node, 130-160 a list or mapping; deckgen's too (a
    10 MB deck: 420k nodes, 71k lists and mappings, against bounds of 655k and 164k)."""
    deck = deck or write_deck(tmp_path / "generated.yaml", 2_000)
    nodes, collections = _nodes(deck)
    grown = DEFAULT_MAX_BYTES / deck.stat().st_size
    node_bound, collection_bound = max_nodes(DEFAULT_MAX_BYTES)
    assert nodes * grown < 0.8 * node_bound
    assert collections * grown < 0.5 * collection_bound
    assert not [p for p in load_deck(deck).problems if p.severity == "error"]


def test_the_costliest_file_the_bound_lets_in_stays_within_the_peak(tmp_path: Path) -> None:
    """Tiny broken cards, as many as the bound on lists and mappings lets in (2.8 MB): read in
    full, every node's place found for the problems. It peaked at 290 MB while places were a
    dict of tuples and the second reading kept a copy of the data."""
    cards = max_nodes(DEFAULT_MAX_BYTES)[1] - 3  # the top mapping and `cards` count too
    deck = tmp_path / "tiny.yaml"
    with deck.open("w", encoding="utf-8") as out:
        out.write(_HEAD)
        out.writelines(f"  - {{id: c{i}}}\n" for i in range(cards))
    done, peak_mb = _validate_in_a_child(str(deck))
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        f"{deck}:5:5: error: card c0: card has no `type` — add `type:` with one of: basic, cloze,"
        " mcq, true_false, typed, numeric, order, match"
    )
    assert f"{cards - MAX_PROBLEMS:,} more problems not listed" in done.stdout
    assert peak_mb < PEAK_MB, f"{peak_mb:.0f} MB"
