"""`studydeck report` over a fixed class of 30 learners (tests/report_class.py), whose figures
were worked out by hand, and over real exports of real study sessions."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from report_class import DECK, LEARNERS, card_entry, learner_export
from studydeck.cli import main
from studydeck.instructor.item_analysis import cronbach_alpha, item_figures
from studydeck.instructor.progress import export_progress
from studydeck.instructor.pseudonym import pseudonym
from studydeck.study import Rating
from test_instructor_progress import Clock, Script, study, write_deck


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


def items_of(out: str) -> dict[str, dict[str, Any]]:
    return {i["card"]: i for i in json.loads(out)["items"]}


HAND = pytest.approx  # the figures below are exact fractions, compared within 0.001


def test_item_analysis_equals_the_hand_worked_figures(
    exports: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Worked by hand from the table in report_class.py. Rest scores: the share right first
    time on the learner's other items (e.g. learners 1-3 on B: A C M T D right, S wrong: 5/6).
    Covariances divide by n; the largest covariance pairs both lists sorted."""
    code, out, _ = run_report(capsys, *map(str, exports), "--format", "json")
    assert code == 0
    items = items_of(out)
    # B: 18 of 30 right, facility 3/5. cov(x, rest) = 307/4500, var x = 6/25,
    # var rest = 1979/50625, largest cov = 337/4500: D = 0.7043, E = 307/337 = 0.9110
    b = items["B"]
    assert (b["n"], b["facility"], b["n_discrimination"]) == (30, 0.6, 30)
    assert b["discrimination"] == HAND(0.7043, abs=0.001)
    assert b["efficiency"] == HAND(307 / 337, abs=0.001)
    assert b["flags"] == []
    # C (cloze part c1): facility 3/5; cov 163/4500, var rest 41669/810000, largest cov
    # 239/2250: D = 0.3260, E = 163/478 = 0.3410 (just above the 0.3 flag)
    c = items["C"]
    assert c["part"] == "c1" and c["facility"] == 0.6
    assert c["discrimination"] == HAND(0.3260, abs=0.001)
    assert c["efficiency"] == HAND(163 / 478, abs=0.001)
    # M: 12 of 30, facility 2/5; cov 29/500 = largest cov (every right answer has a higher
    # rest score than every wrong one): E = 1; var rest 2186/50625: D = 0.5697
    m = items["M"]
    assert m["facility"] == 0.4
    assert m["discrimination"] == HAND(0.5697, abs=0.001)
    assert m["efficiency"] == HAND(1.0, abs=0.001)
    assert [(o["text"], o["chosen"]) for o in m["options"]] == [
        ("Tashkent", 12),
        ("Moscow", 12),
        ("Minsk", 6),
        ("Almaty", 0),
    ]
    assert m["flags"] == ["option “Almaty” was chosen by nobody (of 30 first answers)"]
    # S: 16 of 30, facility 8/15; cov -301/2700, var x 56/225, var rest 2099/20250, largest
    # cov 92/675: D = -0.6941, E = -301/368 = -0.8179. Rest scores' median 3/5; above it:
    # learners 1-12 (rest 1), who all chose Dushanbe
    s = items["S"]
    assert s["facility"] == HAND(8 / 15, abs=0.001)
    assert s["discrimination"] == HAND(-0.6941, abs=0.001)
    assert s["efficiency"] == HAND(-301 / 368, abs=0.001)
    assert s["stronger_half_choices_known"] == 12
    assert [(o["text"], o["chosen"], o["chosen_by_stronger_half"]) for o in s["options"]] == [
        ("Yerevan", 16, 0),
        ("Dushanbe", 12, 12),
        ("Bishkek", 2, 0),
    ]
    assert s["flags"] == [
        "discrimination -0.69 is negative: weaker learners do better than stronger ones "
        "(check the answer)",
        "the stronger half chose the wrong “Dushanbe” more often (12 of 12) than the right "
        "option (0)",
    ]
    # T: the same scores as B; its wrong first answers grouped whatever the case and spaces
    t = items["T"]
    assert t["discrimination"] == HAND(0.7043, abs=0.001)
    assert t["wrong_answers"] == [
        {"text": "Minsk", "learners": 6},
        {"text": "Moscow", "learners": 6},
    ]
    # A: everyone right: facility 1, no spread to correlate
    a = items["A"]
    assert (a["facility"], a["discrimination"], a["efficiency"]) == (1.0, None, None)
    assert a["flags"] == ["facility 100% is over 95%: almost everybody is right the first time"]
    # D, reached by 10: five right (rest 1 or 5/6 … ), five wrong: cov 2/15 = largest cov,
    # var rest 11/150: D = 0.9847, E = 1
    d = items["D"]
    assert (d["n"], d["facility"]) == (10, 0.5)
    assert d["discrimination"] == HAND(0.9847, abs=0.001)
    assert d["efficiency"] == HAND(1.0, abs=0.001)
    # F, reached by 3: too few answers, no figures
    f = items["F"]
    assert f["n"] == 3 and f["too_few_answers"] is True
    assert (f["facility"], f["discrimination"], f["efficiency"], f["flags"]) == (
        None,
        None,
        None,
        [],
    )
    assert "never" not in items  # nobody reached it: no item to analyse


def test_cronbach_alpha_equals_the_hand_worked_value(
    exports: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Over the 6 items every learner reached (A B C M S T): Σ item variances 272/225,
    variance of the totals 374/225: alpha = 6/5 · (1 - 272/374) = 0.3273."""
    code, out, _ = run_report(capsys, *map(str, exports), "--format", "json")
    assert code == 0
    klass = json.loads(out)["class"]
    assert klass["learners"] == 30
    assert klass["alpha"] == HAND(6 / 5 * (1 - 272 / 374), abs=0.001)
    assert (klass["alpha_items"], klass["alpha_learners"]) == (6, 30)


def test_the_statistics_on_small_cases() -> None:
    """The functions alone: two items, five learners; too few learners; no spread."""
    scores = {
        "a": {"x": True, "y": True},
        "b": {"x": True, "y": True},
        "c": {"x": False, "y": True},
        "d": {"x": False, "y": False},
        "e": {"x": True, "y": False},
    }
    # x: 3/5 right; rest = y: cov = (1/5)·Σ(x-.6)(y-.6) = (1/5)(.16+.16-.24+.36-.24) = 0.04,
    # var x = var y = 0.24: D = 0.04/0.24 = 1/6; sorted pairs give cov 0.24: E = 1/6
    figures = item_figures(scores, "x")
    assert (figures.n, figures.facility) == (5, 0.6)
    assert figures.discrimination == HAND(1 / 6, abs=0.001)
    assert figures.efficiency == HAND(1 / 6, abs=0.001)
    # alpha = 2 · (1 - (0.24 + 0.24) / var(totals)); totals 2 2 1 0 1: var 0.56
    assert cronbach_alpha(scores).value == HAND(2 * (1 - 0.48 / 0.56), abs=0.001)
    four = {k: v for k, v in scores.items() if k != "e"}
    assert item_figures(four, "x").facility is None  # too few answers
    assert cronbach_alpha(four).value is None
    alike = {k: {"x": True, "y": v["y"]} for k, v in scores.items()}
    assert item_figures(alike, "x").discrimination is None  # no spread


def test_one_learner_counted_once(
    exports: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same file twice, and an older export of a learner beside a newer one, count once,
    and the files set aside are named with the reason."""
    older = tmp_path / "learner-00-monday.json"
    older.write_text(json.dumps(learner_export(0, "2025-03-10T09:00:00+00:00")))
    args = [str(exports[0]), str(exports[0]), str(older), *map(str, exports[1:])]
    code, out, err = run_report(capsys, *args, "--format", "json")
    assert code == 0
    klass = json.loads(out)["class"]
    assert klass["learners"] == 30
    assert klass["set_aside"] == [
        {"file": str(exports[0]), "reason": "given twice"},
        {
            "file": str(older),
            "reason": f"the same learner as {exports[0]}, and an export older than it "
            "(2025-03-10T09:00:00+00:00 vs 2025-03-12T09:00:00+00:00)",
        },
    ]
    assert f"set aside {older}: the same learner as {exports[0]}" in err
    assert items_of(out)["B"]["facility"] == 0.6  # figures as without the duplicates
    # the newer export is kept whatever order the files come in, and times in any zone compare
    later = tmp_path / "learner-00-zone.json"  # 08:00 UTC, before 09:00 UTC
    later.write_text(json.dumps(learner_export(0, "2025-03-12T10:00:00+02:00")))
    code, out, err = run_report(capsys, str(later), str(exports[0]), "--format", "json")
    assert json.loads(out)["class"]["files"] == [str(exports[0])]
    assert f"set aside {later}: the same learner as {exports[0]}, and an export older" in err
    code, out, _ = run_report(capsys, str(exports[0]), str(exports[0]))
    assert out.startswith("Class report: 1 learner, 9 cards in 1 deck; 1 file set aside")


def test_a_named_and_an_anonymous_export_of_one_learner_count_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    learner_id = "0123456789abcdef0123456789abcdef"
    named = learner_export(0, "2025-03-10T09:00:00+00:00")
    named["anonymous"] = False
    named["learner"] = {"id": learner_id, "name": "alice", "host": "h", "data_dir": "/d"}
    anonymous = learner_export(0, "2025-03-11T09:00:00+00:00")
    anonymous["learner"] = {"id": pseudonym(learner_id), "pseudonym": pseudonym(learner_id)}
    files = []
    for name, export in (("alice.json", named), ("anon.json", anonymous)):
        (tmp_path / name).write_text(json.dumps(export))
        files.append(str(tmp_path / name))
    code, out, err = run_report(capsys, *files, "--format", "json")
    assert code == 0 and json.loads(out)["class"]["learners"] == 1
    assert f"set aside {files[0]}: the same learner as {files[1]}" in err


def test_text_report_fits_a_screen(
    exports: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A new class with ~60 tags and 163 unreached cards: about 40 lines, the top 5 of each
    list, and one line saying how many more there are and how to see them all."""
    big = []
    for i in range(LEARNERS):
        export = learner_export(i)
        cards = export["decks"][0]["cards"]
        for n in range(163):
            extra = card_entry("never", i)
            extra["id"] = f"later-{n:03d}"
            extra["tags"] = [f"topic-{n % 60:02d}"]
            cards.append(extra)
        path = tmp_path / f"big-{i:02d}.json"
        path.write_text(json.dumps(export))
        big.append(str(path))
    code, out, _ = run_report(capsys, *big)
    assert code == 0
    lines = out.splitlines()
    assert len(lines) <= 40, out
    assert lines[0] == "Class report: 30 learners, 172 cards in 1 deck"
    assert lines[1] == (
        "Internal consistency (Cronbach's alpha): 0.33 over the 6 items every learner reached "
        "(30 learners)"
    )
    flagged = lines.index("Flagged items: 3 (facility, discrimination, n, why)")
    assert [row.split()[3] for row in lines[flagged + 1 : flagged + 4]] == [
        f"{DECK}/S",  # two flags first, then by facility
        f"{DECK}/M",
        f"{DECK}/A",
    ]
    hardest = next(i for i, line in enumerate(lines) if line.startswith("Hardest items"))
    assert lines[hardest].startswith("Hardest items: lowest facility of 7 with 5+ answers")
    assert [row.split()[:3] for row in lines[hardest + 1 : hardest + 3]] == [
        ["40%", "n=30", f"{DECK}/M"],
        ["50%", "n=10", f"{DECK}/D"],
    ]
    wrong = lines.index("Most-chosen wrong answers, first attempts (learners, item, answer)")
    assert [row.split() for row in lines[wrong + 1 : wrong + 3]] == [
        ["5/10", f"{DECK}/D", "Belarus"],  # the highest share first
        ["12/30", f"{DECK}/B", "False"],
    ]
    leeches = next(i for i, line in enumerate(lines) if line.startswith("Leeches"))
    assert lines[leeches + 1].split()[:4] == ["6/30", "12", "lapses", f"{DECK}/B"]
    assert lines[-2] == (
        "Not reached by anyone: 164 cards. Too few answers for figures (under 5 learners): 1 item."
    )
    assert lines[-1] == (
        "More: 2 hardest, 3 wrong answers, 59 tags, lists of both; `--full` shows them all."
    )
    code, full, _ = run_report(capsys, *big, "--full")
    assert code == 0 and len(full.splitlines()) > 250
    assert "Too few answers (under 5 learners): no figures" in full
    assert f"{DECK}/later-162" in full


def test_csv_carries_every_figure(exports: list[Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_report(capsys, *map(str, exports), "--format", "csv")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["card"], r["part"]) for r in rows] == [
        ("A", ""),
        ("B", ""),
        ("C", "c1"),
        ("M", ""),
        ("S", ""),
        ("T", ""),
        ("D", ""),
        ("F", ""),
        ("never", ""),
    ]
    b = rows[1]
    assert (b["n"], b["facility"], b["discrimination"]) == ("30", "0.6000", "0.7043")
    assert b["options_chosen_first"] == "True (right): 18/30 | False: 12/30"
    assert b["lapses"] == "12" and b["learners_lapsed"] == "6"
    f = rows[7]
    assert f["facility"] == f["discrimination"] == "too few answers"
    assert rows[-1]["n"] == "0" and rows[-1]["facility"] == ""


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
    assert "30 learners" in html and "learner(s)" not in html
    assert "too few answers" in html


def test_unreadable_files_are_skipped_and_none_readable_is_an_error(
    exports: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"hello": 1}))
    code, out, err = run_report(capsys, str(junk), str(other), *map(str, exports[:2]))
    assert code == 0
    assert out.startswith("Class report: 2 learners, 9 cards in 1 deck")
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
    assert report["class"]["learners"] == 2
    assert report["hardest"] == []  # two learners: too few answers for any figure
    items = {(i["card"], i["part"]): i for i in report["items"]}
    assert sorted(items) == [
        ("later", ""),
        ("members", ""),
        ("signed", "c1"),
        ("signed", "c2"),
        ("where", ""),
    ]
    assert all(i["n"] == 2 and i["too_few_answers"] for i in items.values())
    assert [(o["text"], o["chosen"]) for o in items[("where", "")]["options"]] == [
        ("Tashkent", 1),
        ("Moscow", 0),
        ("Minsk", 1),
    ]
    assert items[("signed", "c2")]["wrong_answers"] == [{"text": "1991", "learners": 1}]
    cards = {c["card"]: c for c in report["cards"]}
    assert cards["where"]["right_first_time_rate"] == 0.5
    assert cards["where"]["wrong_options"] == [
        {"option": 2, "text": "Minsk", "learners": 1, "times": 1}
    ]
    assert cards["members"]["right_first_time_rate"] == 1.0


def test_report_loads_no_deck_models_store_or_scheduler(exports: list[Path]) -> None:
    """`report` reads JSON files: it starts without fsrs, the deck models, the store or Textual
    (pydantic checks each export against the export format: instructor/export_format.py)."""
    code = (
        "import contextlib, io, sys\n"
        "from studydeck.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['report', *{[str(p) for p in exports]!r}]) == 0\n"
        "heavy = ('fsrs', 'textual', 'rich', 'studydeck.store', 'studydeck.deck')\n"
        "print(sorted(m for m in sys.modules if m.startswith(heavy)))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"
