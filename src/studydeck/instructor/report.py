"""`studydeck report`: what a class struggles with, from many learners' progress exports.

Each learner runs `studydeck progress export > name.json` and hands the file in; nothing needs a
server. Per card, across the learners whose export lists the card's deck:

- right first time: the share of learners who reached the card and got every part of it right
  the first time they answered (the hardest cards have the lowest share);
- wrong options: for multiple-choice cards, how many learners chose each wrong option at least
  once (which distractor fools the class), and how often;
- mastery per tag: the mean current recall probability over learners × cards with the tag,
  counting cards a learner has not reached as 0;
- not reached: cards no learner has answered yet.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studydeck.instructor import csv_cells


class ReportInputError(Exception):
    """A file is not a studydeck progress export."""


@dataclass
class OptionStats:
    text: str
    learners: int = 0  # learners who chose it at least once
    times: int = 0  # how often, all learners together


@dataclass
class CardStats:
    deck_id: str
    deck_title: str
    card_id: str
    type: str = ""
    prompt: str | None = None
    tags: list[str] = field(default_factory=list)
    learners: int = 0  # exports that list this card
    reached: int = 0  # of those, learners who answered it at least once
    right_first: int = 0
    reviews: int = 0
    right: int = 0
    recall_sum: float = 0.0
    versions: set[str] = field(default_factory=set)
    options: dict[int, OptionStats] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.deck_id}/{self.card_id}"

    @property
    def label(self) -> str:
        return self.prompt or self.card_id

    @property
    def right_first_rate(self) -> float | None:
        return self.right_first / self.reached if self.reached else None

    @property
    def mastery(self) -> float:
        return self.recall_sum / self.learners if self.learners else 0.0

    def wrong_options(self) -> list[tuple[int, OptionStats]]:
        """Wrong options by how many learners chose them, most first."""
        return sorted(self.options.items(), key=lambda kv: (-kv[1].learners, -kv[1].times, kv[0]))


@dataclass
class TagStats:
    tag: str
    cards: int
    pairs: int  # learners × cards
    reached_pairs: int
    recall_sum: float

    @property
    def mastery(self) -> float:
        return self.recall_sum / self.pairs if self.pairs else 0.0

    @property
    def reached_share(self) -> float:
        return self.reached_pairs / self.pairs if self.pairs else 0.0


@dataclass
class ClassReport:
    learners: int
    cards: list[CardStats]  # in deck order as first seen
    files: list[str]

    def hardest(self, top: int | None = None) -> list[CardStats]:
        """Reached cards, lowest right-first-time share first (more learners first on ties)."""
        reached = [c for c in self.cards if c.reached]
        ranked = sorted(
            reached,
            key=lambda c: (
                c.right_first_rate,
                -c.reached,
                c.right / c.reviews if c.reviews else 0.0,
                c.key,
            ),
        )
        return ranked[:top] if top else ranked

    def distractors(self) -> list[CardStats]:
        """Multiple-choice cards with wrong choices, most misled learners first."""
        with_wrong = [c for c in self.cards if c.options]
        return sorted(with_wrong, key=lambda c: (-c.wrong_options()[0][1].learners, c.key))

    def tags(self) -> list[TagStats]:
        """Tags, weakest mastery first."""
        by_tag: dict[str, list[CardStats]] = {}
        for card in self.cards:
            for tag in card.tags:
                by_tag.setdefault(tag, []).append(card)
        stats = [
            TagStats(
                tag,
                len(cards),
                sum(c.learners for c in cards),
                sum(c.reached for c in cards),
                sum(c.recall_sum for c in cards),
            )
            for tag, cards in by_tag.items()
        ]
        return sorted(stats, key=lambda t: (t.mastery, t.tag))

    def unreached(self) -> list[CardStats]:
        return [c for c in self.cards if c.learners and not c.reached]


def load_export(path: Path) -> dict[str, Any]:
    from studydeck.instructor.export_format import ExportInputError, read_export

    try:
        return read_export(path)
    except ExportInputError as exc:
        raise ReportInputError(str(exc)) from exc


def _number(value: Any, default: float = 0.0) -> float:
    return (
        float(value) if isinstance(value, int | float) and not isinstance(value, bool) else default
    )


def build_report(exports: Iterable[tuple[str, dict[str, Any]]]) -> ClassReport:
    """Aggregate (file name, export) pairs into one class report."""
    cards: dict[tuple[str, str], CardStats] = {}
    files: list[str] = []
    for name, export in exports:
        files.append(name)
        for deck in export["decks"]:
            if not isinstance(deck, dict) or not isinstance(deck.get("cards"), list):
                continue
            deck_id = str(deck.get("id", ""))
            for entry in deck["cards"]:
                if isinstance(entry, dict) and "id" in entry:
                    _add_card(cards, deck_id, str(deck.get("title", deck_id)), entry)
    return ClassReport(len(files), list(cards.values()), files)


def _add_card(
    cards: dict[tuple[str, str], CardStats], deck_id: str, title: str, entry: dict[str, Any]
) -> None:
    card_id = str(entry["id"])
    stats = cards.get((deck_id, card_id))
    if stats is None:
        stats = cards[(deck_id, card_id)] = CardStats(deck_id, title, card_id)
    stats.type = stats.type or str(entry.get("type") or "")
    if not stats.prompt and isinstance(entry.get("prompt"), str):
        stats.prompt = entry["prompt"]
    tags = entry.get("tags")
    if isinstance(tags, list):  # kept in order, each once: linear, however many
        stats.tags = list(dict.fromkeys([*stats.tags, *(t for t in tags if isinstance(t, str))]))
    stats.learners += 1
    reviews = int(_number(entry.get("reviews")))
    if reviews > 0:
        stats.reached += 1
        stats.right_first += entry.get("right_first_time") is True
    stats.reviews += reviews
    stats.right += int(_number(entry.get("right")))
    stats.recall_sum += min(1.0, max(0.0, _number(entry.get("recall_probability"))))
    hashes = entry.get("studied_hashes")
    if isinstance(hashes, list):
        stats.versions.update(h for h in hashes if isinstance(h, str))
    options = entry.get("wrong_options")
    for option in options if isinstance(options, list) else []:
        count = int(_number(option.get("count"))) if isinstance(option, dict) else 0
        if count <= 0 or not isinstance(option.get("option"), int):
            continue
        opt = stats.options.setdefault(option["option"], OptionStats(str(option.get("text", ""))))
        opt.learners += 1
        opt.times += count


def report_from_files(paths: Iterable[Path]) -> tuple[ClassReport, list[str]]:
    """The report over every readable export, and one line per file that was left out."""
    exports: list[tuple[str, dict[str, Any]]] = []
    problems: list[str] = []
    for path in paths:
        try:
            exports.append((str(path), load_export(path)))
        except ReportInputError as exc:
            problems.append(str(exc))
    return build_report(exports), problems


# ---- output -------------------------------------------------------------------------------


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    widths[-1] = 0  # the last column (text) is not padded
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()
    out = [line, "  ".join("-" * max(w, len(h)) for h, w in zip(headers, widths, strict=True))]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    return out


def _clip(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def text_report(report: ClassReport, top: int = 10) -> str:
    lines = [f"Class report: {report.learners} learner(s), {len(report.cards)} card(s)", ""]
    lines.append(f"Hardest cards (lowest right-first-time share, top {top})")
    rows = [
        [
            percent(c.right_first_rate),
            f"{c.reached}/{c.learners}",
            c.key,
            _clip(c.label),
        ]
        for c in report.hardest(top)
    ]
    lines += _table(["right 1st", "reached", "card", "prompt"], rows) if rows else ["  (none)"]
    lines += ["", "Most chosen wrong options (multiple choice)"]
    rows = []
    for card in report.distractors()[:top]:
        opt = card.wrong_options()[0][1]
        rows.append(
            [f"{opt.learners}/{card.reached}", str(opt.times), card.key, _clip(opt.text, 40)]
        )
    lines += _table(["learners", "times", "card", "wrong option"], rows) if rows else ["  (none)"]
    lines += ["", "Mastery per tag (mean recall probability; weakest first)"]
    rows = [
        [percent(t.mastery), percent(t.reached_share), str(t.cards), t.tag] for t in report.tags()
    ]
    lines += _table(["mastery", "reached", "cards", "tag"], rows) if rows else ["  (none)"]
    unreached = report.unreached()
    lines += ["", f"Cards nobody has reached ({len(unreached)})"]
    rows = [[c.key, f"{c.learners}", _clip(c.label)] for c in unreached]
    lines += _table(["card", "learners", "prompt"], rows) if rows else ["  (none)"]
    return "\n".join(lines) + "\n"


CSV_COLUMNS = [
    "deck",
    "card",
    "type",
    "prompt",
    "tags",
    "learners",
    "reached",
    "right_first_time_rate",
    "mastery",
    "reviews",
    "right",
    "wrong",
    "top_wrong_option",
    "top_wrong_option_learners",
    "versions",
]


def csv_report(report: ClassReport) -> str:
    """One row per card: the hardest (reached) cards first, then cards nobody reached."""
    buffer = io.StringIO()
    writer = csv_cells.Writer(buffer, lineterminator="\n")  # text that runs in no spreadsheet
    writer.writerow(CSV_COLUMNS)
    for c in [*report.hardest(), *report.unreached()]:
        top = c.wrong_options()[0][1] if c.options else None
        rate = c.right_first_rate
        writer.writerow(
            [
                c.deck_id,
                c.card_id,
                c.type,
                c.prompt or "",
                " ".join(c.tags),
                c.learners,
                c.reached,
                "" if rate is None else f"{rate:.4f}",
                f"{c.mastery:.4f}",
                c.reviews,
                c.right,
                c.reviews - c.right,
                top.text if top else "",
                top.learners if top else "",
                len(c.versions),
            ]
        )
    return buffer.getvalue()


def _card_json(c: CardStats) -> dict[str, Any]:
    return {
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
        "versions": sorted(c.versions),
        "wrong_options": [
            {"option": i, "text": o.text, "learners": o.learners, "times": o.times}
            for i, o in c.wrong_options()
        ],
    }


def json_report(report: ClassReport) -> dict[str, Any]:
    return {
        "learners": report.learners,
        "files": report.files,
        "hardest": [c.key for c in report.hardest()],
        "distractors": [c.key for c in report.distractors()],
        "tags": [
            {
                "tag": t.tag,
                "cards": t.cards,
                "mastery": round(t.mastery, 4),
                "reached": round(t.reached_share, 4),
            }
            for t in report.tags()
        ],
        "unreached": [c.key for c in report.unreached()],
        "cards": [_card_json(c) for c in report.cards],
    }
