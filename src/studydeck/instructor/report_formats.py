"""The class report as text (a screenful by default), JSON and CSV (every figure)."""

from __future__ import annotations

import io
from typing import Any

from studydeck.instructor import csv_cells
from studydeck.instructor.item_analysis import MIN_LEARNERS, Alpha
from studydeck.instructor.report import ClassReport, ItemStats, percent, plural

TOO_FEW = "too few answers"
DEFAULT_TOP = 5


def alpha_text(alpha: Alpha) -> str:
    """Cronbach's alpha with what it rests on, or why there is none."""
    rests = (
        f"over the {plural(alpha.items, 'item')} every learner reached "
        f"({plural(alpha.learners, 'learner')})"
    )
    if alpha.value is not None:
        return f"{alpha.value:.2f} {rests}"
    if alpha.items < 2:
        return f"not computed: {rests}; it needs 2 or more"
    if alpha.learners < MIN_LEARNERS:
        return f"{TOO_FEW}: {rests}"
    return f"not computed: no spread in the scores {rests}"


def _figure(value: float | None, item: ItemStats) -> str:
    if item.too_few:
        return TOO_FEW
    return "-" if value is None else f"{value:.2f}"


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rows(rows: list[list[str]]) -> list[str]:
    """Rows indented, columns padded to their widest cell (the last one is not)."""
    if not rows:
        return ["  (none)"]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return [
        "  " + "  ".join([*(c.ljust(w) for c, w in zip(r[:-1], widths, strict=True)), r[-1]])
        for r in rows
    ]


def text_report(report: ClassReport, top: int | None = DEFAULT_TOP) -> str:
    """The report for a terminal: the class, then the first `top` rows of each list and how
    many more there are (`top=None`: every row, and the lists the short report leaves out)."""
    decks = {c.deck_id for c in report.cards}
    head = (
        f"Class report: {plural(report.learners, 'learner')}, {plural(len(report.cards), 'card')}"
        f" in {plural(len(decks), 'deck')}"
    )
    if report.set_aside:
        head += f"; {plural(len(report.set_aside), 'file')} set aside (listed above)"
    lines = [head, f"Internal consistency (Cronbach's alpha): {alpha_text(report.alpha)}", ""]
    more: list[str] = []

    def section(title: str, rows: list[list[str]], what: str) -> None:
        shown = rows if top is None else rows[:top]
        lines.append(title)
        lines.extend(_rows(shown))
        lines.append("")
        if len(rows) > len(shown):
            more.append(f"{len(rows) - len(shown)} {what}")

    flagged = report.flagged()
    section(
        f"Flagged items: {len(flagged)} (facility, discrimination, n, why)",
        [
            [
                percent(i.figures.facility),
                _figure(i.figures.discrimination, i),
                f"n={i.figures.n}",
                i.key,
                _clip("; ".join(f.short for f in i.flags), 80),
            ]
            for i in flagged
        ],
        "flagged",
    )
    hardest = report.hardest()
    section(
        f"Hardest items: lowest facility of {len(hardest)} with {MIN_LEARNERS}+ answers "
        "(facility, n, prompt)",
        [
            [percent(i.figures.facility), f"n={i.figures.n}", i.key, _clip(i.card.label, 50)]
            for i in hardest
        ],
        "hardest",
    )
    wrong = report.wrong_choices()
    section(
        "Most-chosen wrong answers, first attempts (learners, item, answer)",
        [[f"{chosen}/{out_of}", item.key, _clip(text, 50)] for item, text, chosen, out_of in wrong],
        "wrong answers",
    )
    tags = report.tags()
    section(
        "Weakest tags (mean recall probability now, share of learner × card reached, cards)",
        [
            [
                percent(t.mastery),
                f"reached {percent(t.reached_share)}",
                plural(t.cards, "card"),
                t.tag,
            ]
            for t in tags
        ],
        "tags",
    )
    leeches = report.leeches()
    section(
        "Leeches: cards learners keep forgetting (learners with 2+ lapses, all lapses)",
        [
            [f"{c.failing}/{c.reached}", plural(c.lapses, "lapse"), c.key, _clip(c.label, 50)]
            for c in leeches
        ],
        "leeches",
    )
    unreached = report.unreached()
    too_few = report.too_few()
    if top is None:
        section(
            f"Too few answers (under {MIN_LEARNERS} learners): no figures",
            [[f"n={i.figures.n}", i.key, _clip(i.card.label, 50)] for i in too_few],
            "",
        )
        section(
            "Cards nobody has reached",
            [[c.key, _clip(c.label, 60)] for c in unreached],
            "",
        )
    else:
        lines.append(
            f"Not reached by anyone: {plural(len(unreached), 'card')}. "
            f"Too few answers for figures (under {MIN_LEARNERS} learners): "
            f"{plural(len(too_few), 'item')}."
        )
        if too_few or unreached:
            more.append("lists of both")
        lines.append(
            f"More: {', '.join(more)}; `--full` shows them all."
            if more
            else "Every list is shown in full."
        )
    return "\n".join(lines).rstrip("\n") + "\n"


def _item_json(item: ItemStats) -> dict[str, Any]:
    f = item.figures
    return {
        "deck": item.card.deck_id,
        "card": item.card.card_id,
        "part": item.part,
        "type": item.card.type,
        "prompt": item.card.prompt,
        "n": f.n,
        "too_few_answers": item.too_few,
        "facility": None if f.facility is None else round(f.facility, 4),
        "n_discrimination": f.n_rest,
        "discrimination": None if f.discrimination is None else round(f.discrimination, 4),
        "efficiency": None if f.efficiency is None else round(f.efficiency, 4),
        "flags": [f.reason for f in item.flags],
        "flags_short": [f.short for f in item.flags],
        "first_choices_known": item.choices_known,
        "stronger_half_choices_known": item.stronger,
        "options": [
            {
                "option": o.index,
                "text": o.text,
                "correct": o.correct,
                "chosen": o.chosen,
                "chosen_by_stronger_half": o.chosen_by_stronger,
            }
            for o in item.option_counts
        ],
        "wrong_answers": [{"text": w.text, "learners": w.learners} for w in item.wrong_answers],
    }


def json_report(report: ClassReport) -> dict[str, Any]:
    """Every figure: the class, each item's analysis, each card's counts, tags, leeches."""
    alpha = report.alpha
    return {
        "class": {
            "learners": report.learners,
            "alpha": None if alpha.value is None else round(alpha.value, 4),
            "alpha_items": alpha.items,
            "alpha_learners": alpha.learners,
            "files": report.files,
            "set_aside": [{"file": s.file, "reason": s.reason} for s in report.set_aside],
        },
        "learners": report.learners,
        "items": [_item_json(i) for i in report.items],
        "flagged": [i.key for i in report.flagged()],
        "hardest": [i.key for i in report.hardest()],
        "tags": [
            {
                "tag": t.tag,
                "cards": t.cards,
                "mastery": round(t.mastery, 4),
                "reached": round(t.reached_share, 4),
            }
            for t in report.tags()
        ],
        "leeches": [c.key for c in report.leeches()],
        "unreached": [c.key for c in report.unreached()],
        "cards": [
            {
                "deck": c.deck_id,
                "card": c.card_id,
                "type": c.type,
                "prompt": c.prompt,
                "tags": c.tags,
                "learners": c.learners,
                "reached": c.reached,
                "right_first_time_rate": c.right_first_rate,
                "mastery": round(c.mastery, 4),
                "reviews": c.reviews,
                "right": c.right,
                "wrong": c.reviews - c.right,
                "lapses": c.lapses,
                "learners_lapsed": c.lapsing,
                "learners_failing": c.failing,
                "versions": sorted(c.versions),
                "wrong_options": [
                    {"option": i, "text": o.text, "learners": o.learners, "times": o.times}
                    for i, o in c.wrong_options()
                ],
            }
            for c in report.cards
        ],
    }


CSV_COLUMNS = [
    "deck",
    "card",
    "part",
    "type",
    "prompt",
    "tags",
    "learners",
    "n",
    "facility",
    "n_discrimination",
    "discrimination",
    "efficiency",
    "flags",
    "options_chosen_first",
    "wrong_answers",
    "mastery",
    "reviews",
    "right",
    "wrong",
    "lapses",
    "learners_lapsed",
    "learners_failing",
    "versions",
]


def csv_report(report: ClassReport) -> str:
    """One row per item in card order, then one per card nobody reached; figures an item has
    too few answers for read "too few answers"."""
    buffer = io.StringIO()
    writer = csv_cells.Writer(buffer, lineterminator="\n")  # no cell runs in a spreadsheet
    writer.writerow(CSV_COLUMNS)
    for item in report.items:
        c, f = item.card, item.figures
        writer.writerow(
            [
                c.deck_id,
                c.card_id,
                item.part,
                c.type,
                c.prompt or "",
                " ".join(c.tags),
                c.learners,
                f.n,
                TOO_FEW if item.too_few else f"{f.facility:.4f}",
                f.n_rest,
                _csv_figure(f.discrimination, item),
                _csv_figure(f.efficiency, item),
                " | ".join(f.reason for f in item.flags),
                " | ".join(
                    f"{o.text}{' (right)' if o.correct else ''}: {o.chosen}/{item.choices_known}"
                    for o in item.option_counts
                ),
                " | ".join(f"{w.text}: {w.learners}" for w in item.wrong_answers),
                f"{c.mastery:.4f}",
                c.reviews,
                c.right,
                c.reviews - c.right,
                c.lapses,
                c.lapsing,
                c.failing,
                len(c.versions),
            ]
        )
    for c in report.unreached():
        writer.writerow(
            [c.deck_id, c.card_id, "", c.type, c.prompt or "", " ".join(c.tags), c.learners, 0]
            + [""] * 7
            + [f"{c.mastery:.4f}", 0, 0, 0, c.lapses, c.lapsing, c.failing, len(c.versions)]
        )
    return buffer.getvalue()


def _csv_figure(value: float | None, item: ItemStats) -> str:
    if item.too_few:
        return TOO_FEW
    return "" if value is None else f"{value:.4f}"
