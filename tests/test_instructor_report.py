"""`studydeck report` over 30 generated learner exports with known right/wrong patterns."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from studydeck.cli import main
from studydeck.instructor.progress import export_progress
from studydeck.study import Rating
from test_instructor_progress import Clock, Script, study, write_deck

LEARNERS = 30
DECK = "class-deck"


def entry(
    card_id: str,
    card_type: str,
    tags: list[str],
    reached: bool,
    right_first: bool,
    *,
    prompt: str | None = None,
    wrong_options: list[dict[str, Any]] | None = None,
    hashes: list[str] | None = None,
) -> dict[str, Any]:
    """One card in a learner's export. Recall: 0.8 if right first time, 0.4 if not, 0 unreached."""
    reviews = (1 if right_first else 3) if reached else 0
    right = 1 if reached else 0
    card: dict[str, Any] = {
        "id": card_id,
        "type": card_type,
        "prompt": prompt or f"Prompt of {card_id}",
        "tags": tags,
        "content_hash": "h-" + card_id,
        "studied_hashes": (hashes or ["h-" + card_id]) if reached else [],
        "parts": 1,
        "parts_studied": int(reached),
        "reviews": reviews,
        "right": right,
        "wrong": reviews - right,
        "right_first_time": right_first if reached else None,
        "recall_probability": (0.8 if right_first else 0.4) if reached else 0.0,
        "first_review": "2025-03-10T09:00:00+00:00" if reached else None,
        "last_review": "2025-03-11T09:00:00+00:00" if reached else None,
    }
    if card_type == "mcq":
        card["wrong_options"] = wrong_options or []
    return card


def learner_export(i: int) -> dict[str, Any]:
    """Learner i of 30. The patterns (right first time among those who reached the card):
    hard-mcq 3/30, typed-a 4/10, medium 15/30, tie-small 1/2, easy 27/30, solo 1/1, never 0/0.
    """
    hard_wrong: list[dict[str, Any]] = []
    if 3 <= i <= 22:  # 20 learners fall for Moscow (learner 3 five times)
        hard_wrong.append({"option": 2, "text": "Moscow", "count": 5 if i == 3 else 1})
    if i >= 23:  # 7 learners for Minsk
        hard_wrong.append({"option": 1, "text": "Minsk", "count": 1})
    medium_wrong = [{"option": 2, "text": "Belarus", "count": 1}] if i % 2 else []
    cards = [
        entry(
            "hard-mcq",
            "mcq",
            ["geo"],
            True,
            i < 3,
            wrong_options=hard_wrong,
            hashes=["h-old", "h-hard-mcq"] if i == 29 else None,
            prompt="Where was the <script>alert(1)</script> treaty signed?",
        ),
        entry("typed-a", "typed", ["history"], i < 10, i < 4),
        entry("medium", "mcq", ["history"], True, i % 2 == 0, wrong_options=medium_wrong),
        entry("tie-small", "basic", ["history"], i < 2, i == 0),
        entry("easy", "basic", ["geo"], True, i >= 3),
        entry("solo", "true_false", [], i == 5, True),
        entry("never", "basic", ["future"], False, False),
    ]
    return {
        "studydeck_progress": 1,
        "exported_at": "2025-03-12T09:00:00+00:00",
        "anonymous": True,
        "learner": {"id": f"anon-{i:02d}"},
        "decks": [{"id": DECK, "title": "Class deck", "found": True, "cards": cards}],
    }


@pytest.fixture
def exports(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "class"
    folder.mkdir()
    paths = []
    for i in range(LEARNERS):
        path = folder / f"learner-{i:02d}.json"
        path.write_text(json.dumps(learner_export(i)), encoding="utf-8")
        paths.append(path)
    return paths


def run_report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_json_report_rankings(exports: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_report(capsys, *map(str, exports), "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["learners"] == 30
    keys = [f"{DECK}/{c}" for c in ("hard-mcq", "typed-a", "medium", "tie-small", "easy", "solo")]
    assert report["hardest"] == keys
    cards = {c["card"]: c for c in report["cards"]}
    rates = [cards[k.split("/")[1]]["right_first_time_rate"] for k in keys]
    assert rates == [pytest.approx(r) for r in (0.1, 0.4, 0.5, 0.5, 0.9, 1.0)]
    assert [(cards[c]["reached"], cards[c]["learners"]) for c in ("typed-a", "solo", "never")] == [
        (10, 30),
        (1, 30),
        (0, 30),
    ]
    assert report["distractors"] == [f"{DECK}/hard-mcq", f"{DECK}/medium"]
    assert cards["hard-mcq"]["wrong_options"] == [
        {"option": 2, "text": "Moscow", "learners": 20, "times": 24},
        {"option": 1, "text": "Minsk", "learners": 7, "times": 7},
    ]
    assert cards["medium"]["wrong_options"] == [
        {"option": 2, "text": "Belarus", "learners": 15, "times": 15}
    ]
    assert cards["hard-mcq"]["versions"] == ["h-hard-mcq", "h-old"]
    # mastery: mean recall over learners × cards with the tag, unreached counted as 0
    assert report["tags"] == [
        {"tag": "future", "cards": 1, "mastery": 0.0, "reached": 0.0},
        {"tag": "history", "cards": 3, "mastery": round(24.8 / 90, 4), "reached": 0.4667},
        {"tag": "geo", "cards": 2, "mastery": 0.6, "reached": 1.0},
    ]
    assert report["unreached"] == [f"{DECK}/never"]


def test_text_report(exports: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_report(capsys, *map(str, exports), "--top", "3")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Class report: 30 learner(s), 7 card(s)"
    hardest = lines.index("Hardest cards (lowest right-first-time share, top 3)")
    rows = lines[hardest + 3 : hardest + 6]
    assert [r.split()[:3] for r in rows] == [
        ["10%", "30/30", f"{DECK}/hard-mcq"],
        ["40%", "10/30", f"{DECK}/typed-a"],
        ["50%", "30/30", f"{DECK}/medium"],
    ]
    assert lines[hardest + 6] == ""  # --top 3: three rows only
    wrong = lines.index("Most chosen wrong options (multiple choice)")
    assert lines[wrong + 3].split() == ["20/30", "24", f"{DECK}/hard-mcq", "Moscow"]
    assert lines[wrong + 4].split() == ["15/30", "15", f"{DECK}/medium", "Belarus"]
    tags = lines.index("Mastery per tag (mean recall probability; weakest first)")
    assert [line.split()[-1] for line in lines[tags + 3 : tags + 6]] == ["future", "history", "geo"]
    assert lines[tags + 5].split()[:2] == ["60%", "100%"]
    unreached = lines.index("Cards nobody has reached (1)")
    assert lines[unreached + 3].split()[0] == f"{DECK}/never"


def test_csv_report(exports: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_report(capsys, *map(str, exports), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["card"] for r in rows] == [
        "hard-mcq",
        "typed-a",
        "medium",
        "tie-small",
        "easy",
        "solo",
        "never",
    ]
    assert rows[0]["top_wrong_option"] == "Moscow" and rows[0]["top_wrong_option_learners"] == "20"
    assert rows[0]["right_first_time_rate"] == "0.1000" and rows[0]["versions"] == "2"
    assert rows[-1]["reached"] == "0" and rows[-1]["right_first_time_rate"] == ""


def test_html_report_is_self_contained_and_escaped(
    exports: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "report.html"
    code, _, err = run_report(capsys, *map(str, exports), "--html", str(page))
    assert code == 0 and f"wrote {page}" in err
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html  # neither ours (no JS) nor the export's
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # nothing is fetched: no external stylesheet, image or font
    assert not re.search(r"(?:src|href)\s*=", html)
    assert "@import" not in html and "url(" not in html
    svgs = re.findall(r"<svg.*?</svg>", html, re.DOTALL)
    assert len(svgs) == 4  # hardest, the two mcqs' wrong options, tags
    for svg in svgs:  # each chart is well-formed SVG a browser can draw
        root = ElementTree.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
    hardest = html.index("<h2>Hardest cards</h2>")
    first_chart = html[hardest : html.index("</svg>", hardest)]
    labels = re.findall(r'text-anchor="end">([^<]*)</text>', first_chart)
    assert labels[:3] == [
        "Where was the &lt;script&gt;alert(1)&lt;/script&gt; tre…",
        "Prompt of typed-a",
        "Prompt of medium",
    ]
    assert "Cards nobody has reached (1)" in html


def test_unreadable_files_are_skipped_and_none_readable_is_an_error(
    exports: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"hello": 1}))
    code, out, err = run_report(capsys, str(junk), str(other), *map(str, exports[:2]))
    assert code == 0
    assert "Class report: 2 learner(s)" in out
    assert f"skipped {junk}: not readable as JSON" in err
    assert f"skipped {other}: not a studydeck progress export" in err
    code, _, err = run_report(capsys, str(junk))
    assert code == 1 and "no progress export could be read" in err
    assert run_report(capsys, str(tmp_path / "missing.json"))[0] == 2


def test_real_exports_from_real_sessions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two learners study for real; their exports feed the report."""
    _, deck = write_deck(tmp_path)
    scripts: list[Script] = [
        {  # learner 0 gets everything right
            ("where", ""): [frozenset({0})],
            ("members", ""): [Rating.GOOD],
            ("signed", "c1"): ["Tashkent"],
            ("signed", "c2"): ["1992"],
            ("later", ""): [True],
        },
        {  # learner 1 picks Minsk first and forgets the year
            ("where", ""): [frozenset({2}), frozenset({0})],
            ("members", ""): [Rating.GOOD],
            ("signed", "c1"): ["Tashkent"],
            ("signed", "c2"): ["1991", "1992"],
            ("later", ""): [True],
        },
    ]
    files = []
    for i, script in enumerate(scripts):
        clock = Clock()
        progress = tmp_path / f"learner{i}" / "progress.sqlite3"
        study(progress, deck, clock, script, answers=40)
        # `signed` waits for a day without `where` (both answer Tashkent: kept apart)
        for _ in range(8):
            clock.now += timedelta(days=1)
            study(progress, deck, clock, script, answers=40)
        export = tmp_path / f"learner{i}.json"
        export.write_text(json.dumps(export_progress(progress, [deck], clock.now, anonymous=True)))
        files.append(str(export))
    code, out, _ = run_report(capsys, *files, "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["hardest"][:2] == ["csto-quiz/where", "csto-quiz/signed"]
    cards = {c["card"]: c for c in report["cards"]}
    assert cards["where"]["right_first_time_rate"] == 0.5
    assert cards["where"]["wrong_options"] == [
        {"option": 2, "text": "Minsk", "learners": 1, "times": 1}
    ]
    assert cards["members"]["right_first_time_rate"] == 1.0
