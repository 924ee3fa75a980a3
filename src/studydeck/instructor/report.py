"""`studydeck report`: what a class struggles with, from many learners' progress exports.

Each learner runs `studydeck progress export > name.json` and hands the file in; nothing needs a
server. The figures are computed once here, into plain data; report_formats.py and
report_html.py only render them.

- One learner is counted once: exports carry the progress file's random learner id (anonymous
  ones a pseudonym made from it), and of several exports of one learner the newest is kept; the
  others are set aside with the reason.
- Item analysis (item_analysis.py) on each item's first attempts: facility, discrimination,
  discriminative efficiency, per option how many chose it first, the most common wrong answers,
  flags with their reason; Cronbach's alpha for the class.
- Mastery per tag: the mean current recall probability over learners × cards with the tag,
  counting cards a learner has not reached as 0.
- Leeches: cards that many learners keep forgetting after learning them (lapses).
- Not reached: cards no learner has answered yet.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studydeck.instructor.item_analysis import (
    MIN_LEARNERS,
    Alpha,
    ItemFigures,
    cronbach_alpha,
    item_figures,
    learner_totals,
    rest_scores,
    stronger_half,
)
from studydeck.instructor.pseudonym import pseudonym

LOW_DISCRIMINATION = 0.3
LOW_FACILITY = 0.1
HIGH_FACILITY = 0.95
# A learner keeps failing a card when they forgot it after learning it (a lapse) this often;
# a card is a class leech when this share of the learners who reached it (and at least this
# many) keep failing it.
LEECH_LAPSES = 2
LEECH_SHARE = 0.2
LEECH_LEARNERS = 2


class ReportInputError(Exception):
    """A file is not a studydeck progress export."""


@dataclass
class OptionStats:
    """A wrong option of a multiple-choice card, over all answers (not only first ones)."""

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
    lapses: int = 0  # all learners together
    lapsing: int = 0  # learners who lapsed at least once
    failing: int = 0  # learners who lapsed at least LEECH_LAPSES times
    versions: set[str] = field(default_factory=set)
    options: dict[int, OptionStats] = field(default_factory=dict)
    # the options the first choices are counted against, and the card version they belong to
    choices: list[tuple[str, bool]] = field(default_factory=list)
    choices_hash: str | None = None

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


@dataclass(frozen=True)
class OptionCount:
    """One option of a multiple-choice or true/false item: who chose it on their first answer."""

    index: int
    text: str
    correct: bool
    chosen: int  # learners whose first answer included it
    chosen_by_stronger: int


@dataclass(frozen=True)
class Flag:
    """Why an item deserves a look: a few words for a list, and the reason in full."""

    short: str
    reason: str
    severity: (
        int  # 3: the key may be wrong, 2: the item tells learners apart badly, 1: worth a look
    )


@dataclass(frozen=True)
class WrongAnswer:
    text: str  # the commonest spelling of it
    learners: int


@dataclass
class ItemStats:
    """One item (a card, or one part of a card with several) and its first attempts."""

    card: CardStats
    part: str
    first: dict[str, bool] = field(default_factory=dict)  # learner -> right first time
    choices: dict[str, list[int]] = field(default_factory=dict)  # learner -> options chosen
    wrong_texts: dict[str, str] = field(default_factory=dict)  # learner -> wrong answer given
    figures: ItemFigures = field(default_factory=lambda: ItemFigures(0, None, 0, None, None))
    option_counts: list[OptionCount] = field(default_factory=list)
    stronger: int = 0  # learners in the stronger half whose first choice is known
    wrong_answers: list[WrongAnswer] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    @property
    def id(self) -> tuple[str, str, str]:
        return (self.card.deck_id, self.card.card_id, self.part)

    @property
    def key(self) -> str:
        return self.card.key + (f"#{self.part}" if self.part else "")

    @property
    def too_few(self) -> bool:
        return self.figures.facility is None

    @property
    def choices_known(self) -> int:
        return len(self.choices)


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


@dataclass(frozen=True)
class SetAside:
    file: str
    reason: str


@dataclass
class ClassReport:
    learners: int
    cards: list[CardStats]  # in deck order as first seen
    files: list[str]  # the files counted, one per learner
    items: list[ItemStats] = field(default_factory=list)  # in card order
    alpha: Alpha = field(default_factory=lambda: Alpha(None, 0, 0))
    set_aside: list[SetAside] = field(default_factory=list)

    def hardest(self, top: int | None = None) -> list[ItemStats]:
        """Items with enough answers, lowest facility first (more learners first on ties)."""
        ranked = sorted(
            (i for i in self.items if not i.too_few),
            key=lambda i: (i.figures.facility, -i.figures.n, i.key),
        )
        return ranked[:top] if top else ranked

    def flagged(self) -> list[ItemStats]:
        """Items with at least one flag: the gravest flag first, then the most flags, then
        the lowest facility."""
        return sorted(
            (i for i in self.items if i.flags),
            key=lambda i: (
                -max(f.severity for f in i.flags),
                -len(i.flags),
                i.figures.facility or 0.0,
                i.key,
            ),
        )

    def too_few(self) -> list[ItemStats]:
        """Items someone reached, but fewer than MIN_LEARNERS learners."""
        return [i for i in self.items if i.too_few and i.figures.n]

    def wrong_choices(self) -> list[tuple[ItemStats, str, int, int]]:
        """(item, wrong option or answer, learners who gave it first, learners it is out of),
        the commonest share first: options of multiple-choice and true/false items, wrong
        answers of typed, numeric, cloze, order and match items."""
        rows: list[tuple[ItemStats, str, int, int]] = []
        for item in self.items:
            if item.too_few:
                continue
            for option in item.option_counts:
                if not option.correct and option.chosen:
                    rows.append((item, option.text, option.chosen, item.choices_known))
            for wrong in item.wrong_answers:
                rows.append((item, wrong.text, wrong.learners, item.figures.n))
        return sorted(rows, key=lambda r: (-r[2] / r[3], -r[2], r[0].key, r[1]))

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

    def leeches(self) -> list[CardStats]:
        """Cards that at least LEECH_SHARE of the learners who reached them (and at least
        LEECH_LEARNERS) keep failing; most such learners first."""
        leeches = [
            c
            for c in self.cards
            if c.failing >= LEECH_LEARNERS and c.failing >= LEECH_SHARE * c.reached
        ]
        return sorted(leeches, key=lambda c: (-c.failing, -c.lapses, c.key))

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


def learner_key(name: str, export: dict[str, Any]) -> str:
    """Who an export is from, as the report tells learners apart: the pseudonym, which named
    and anonymous exports of one progress file share (the file name when there is no id)."""
    learner = export.get("learner")
    if not isinstance(learner, dict):
        return f"file:{name}"
    alias, learner_id = learner.get("pseudonym"), learner.get("id")
    if isinstance(alias, str) and alias:
        return alias
    if isinstance(learner_id, str) and learner_id:
        return learner_id if learner_id.startswith("anon-") else pseudonym(learner_id)
    return f"file:{name}"


def _moment(text: str) -> datetime:
    """An export's time, for telling the newer one (an unreadable time counts as oldest)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def one_per_learner(
    exports: Iterable[tuple[str, dict[str, Any]]],
) -> tuple[list[tuple[str, str, dict[str, Any]]], list[SetAside]]:
    """(learner key, file, export) for the newest export of each learner, in the order given,
    and the files set aside with the reason."""
    kept: dict[str, tuple[str, dict[str, Any]]] = {}
    set_aside: list[SetAside] = []
    for name, export in exports:
        key = learner_key(name, export)
        when = str(export.get("exported_at") or "")
        if key not in kept:
            kept[key] = (name, export)
            continue
        other, other_export = kept[key]
        other_when = str(other_export.get("exported_at") or "")
        if other == name:
            set_aside.append(SetAside(name, "given twice"))
            continue
        later = _moment(when) >= _moment(other_when)  # on a tie the file given last is kept
        older, newer = (other, name) if later else (name, other)
        if later:
            kept[key] = (name, export)
        older_when, newer_when = (other_when, when) if later else (when, other_when)
        relation = "older than" if _moment(older_when) < _moment(newer_when) else "as old as"
        set_aside.append(
            SetAside(
                older,
                f"the same learner as {newer}, and an export {relation} it "
                f"({older_when or 'no date'} vs {newer_when or 'no date'})",
            )
        )
    return [(key, name, export) for key, (name, export) in kept.items()], set_aside


def build_report(exports: Iterable[tuple[str, dict[str, Any]]]) -> ClassReport:
    """Aggregate (file name, export) pairs into one class report, one export per learner."""
    kept, set_aside = one_per_learner(exports)
    cards: dict[tuple[str, str], CardStats] = {}
    items: dict[tuple[str, str, str], ItemStats] = {}
    for learner, _, export in kept:
        for deck in export["decks"]:
            if not isinstance(deck, dict) or not isinstance(deck.get("cards"), list):
                continue
            deck_id = str(deck.get("id", ""))
            for entry in deck["cards"]:
                if isinstance(entry, dict) and "id" in entry:
                    card = _add_card(cards, deck_id, str(deck.get("title", deck_id)), entry)
                    _add_first_attempts(items, card, learner, entry)
    ordered = _in_card_order(items, cards)
    scores: dict[str, dict[tuple[str, str, str], bool]] = {key: {} for key, _, _ in kept}
    for item in ordered:
        for learner, right in item.first.items():
            scores[learner][item.id] = right
    totals = learner_totals(scores)
    for item in ordered:
        _analyse(item, scores, totals)
    return ClassReport(
        len(kept),
        list(cards.values()),
        [name for _, name, _ in kept],
        ordered,
        cronbach_alpha(scores),
        set_aside,
    )


def _in_card_order(
    items: dict[tuple[str, str, str], ItemStats], cards: dict[tuple[str, str], CardStats]
) -> list[ItemStats]:
    position = {key: i for i, key in enumerate(cards)}
    return sorted(items.values(), key=lambda i: (position[i.id[:2]], i.part))


def _add_card(
    cards: dict[tuple[str, str], CardStats], deck_id: str, title: str, entry: dict[str, Any]
) -> CardStats:
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
    lapses = int(_number(entry.get("lapses")))
    if lapses > 0:
        stats.lapses += lapses
        stats.lapsing += 1
        stats.failing += lapses >= LEECH_LAPSES
    hashes = entry.get("studied_hashes")
    if isinstance(hashes, list):
        stats.versions.update(h for h in hashes if isinstance(h, str))
    options = entry.get("options")
    if not stats.choices and isinstance(options, list) and options:
        stats.choices = [
            (str(o.get("text", "")), o.get("correct") is True)
            if isinstance(o, dict)
            else ("", False)
            for o in options
        ]
        content_hash = entry.get("content_hash")
        stats.choices_hash = content_hash if isinstance(content_hash, str) else None
    wrong = entry.get("wrong_options")
    for option in wrong if isinstance(wrong, list) else []:
        count = int(_number(option.get("count"))) if isinstance(option, dict) else 0
        if count <= 0 or not isinstance(option.get("option"), int):
            continue
        opt = stats.options.setdefault(option["option"], OptionStats(str(option.get("text", ""))))
        opt.learners += 1
        opt.times += count
    return stats


def _add_first_attempts(
    items: dict[tuple[str, str, str], ItemStats],
    card: CardStats,
    learner: str,
    entry: dict[str, Any],
) -> None:
    attempts = entry.get("first_attempts")
    if not isinstance(attempts, list):
        # an export from before first attempts were exported: the card as one item
        right = entry.get("right_first_time")
        attempts = [{"part": "", "correct": right}] if isinstance(right, bool) else []
    for attempt in attempts:
        if not isinstance(attempt, dict) or not isinstance(attempt.get("correct"), bool):
            continue
        part = str(attempt.get("part") or "")
        item = items.get((card.deck_id, card.card_id, part))
        if item is None:
            item = items[(card.deck_id, card.card_id, part)] = ItemStats(card, part)
        item.first[learner] = attempt["correct"]
        choice = attempt.get("choice")
        if (
            card.choices
            and isinstance(choice, list)
            and attempt.get("content_hash") == card.choices_hash
            and all(isinstance(i, int) and 0 <= i < len(card.choices) for i in choice)
        ):
            item.choices[learner] = choice
        elif not attempt["correct"] and isinstance(attempt.get("answer"), str) and not card.choices:
            item.wrong_texts[learner] = attempt["answer"]


def _analyse(
    item: ItemStats,
    scores: dict[str, dict[tuple[str, str, str], bool]],
    totals: dict[str, tuple[int, int]],
) -> None:
    item.figures = figures = item_figures(scores, item.id, totals)
    rest = rest_scores(scores, item.id, totals)
    stronger = stronger_half(rest)
    item.stronger = sum(1 for learner in item.choices if learner in stronger)
    item.option_counts = [
        OptionCount(
            index,
            text,
            correct,
            sum(1 for chosen in item.choices.values() if index in chosen),
            sum(
                1
                for learner, chosen in item.choices.items()
                if learner in stronger and index in chosen
            ),
        )
        for index, (text, correct) in enumerate(item.card.choices)
    ]
    item.wrong_answers = _commonest(item.wrong_texts.values())
    if figures.facility is None:
        return
    item.flags = _flags(item)


def _commonest(answers: Iterable[str], top: int = 5) -> list[WrongAnswer]:
    """Wrong answers grouped regardless of case and outer spaces, most learners first."""
    spellings: dict[str, Counter[str]] = {}
    for answer in answers:
        text = " ".join(answer.split())
        if text:
            spellings.setdefault(text.casefold(), Counter())[text] += 1
    groups = [
        WrongAnswer(counter.most_common(1)[0][0], sum(counter.values()))
        for counter in spellings.values()
    ]
    return sorted(groups, key=lambda w: (-w.learners, w.text.casefold()))[:top]


def _flags(item: ItemStats) -> list[Flag]:
    figures = item.figures
    facility = figures.facility
    assert facility is not None
    flags: list[Flag] = []
    d = figures.discrimination
    if d is not None and d < 0:
        flags.append(
            Flag(
                "negative discrimination",
                f"discrimination {d:.2f} is negative: weaker learners do better than stronger "
                "ones (check the answer)",
                3,
            )
        )
    elif d is not None and d < LOW_DISCRIMINATION:
        flags.append(
            Flag(
                "low discrimination",
                f"discrimination {d:.2f} is under {LOW_DISCRIMINATION}: stronger learners do "
                "hardly better than weaker ones",
                2,
            )
        )
    if facility < LOW_FACILITY:
        flags.append(
            Flag(
                "too hard",
                f"facility {facility:.0%} is under {LOW_FACILITY:.0%}: almost nobody is right "
                "the first time",
                1,
            )
        )
    elif facility > HIGH_FACILITY:
        flags.append(
            Flag(
                "too easy",
                f"facility {facility:.0%} is over {HIGH_FACILITY:.0%}: almost everybody is "
                "right the first time",
                1,
            )
        )
    if item.choices_known >= MIN_LEARNERS:
        for option in item.option_counts:
            if option.chosen == 0:
                flags.append(
                    Flag(
                        f"nobody chose “{option.text}”",
                        f"option “{option.text}” was chosen by nobody "
                        f"(of {item.choices_known} first answers)",
                        1,
                    )
                )
    if item.stronger:
        right = max((o.chosen_by_stronger for o in item.option_counts if o.correct), default=0)
        for option in item.option_counts:
            if not option.correct and option.chosen_by_stronger > right:
                flags.append(
                    Flag(
                        f"stronger half prefer “{option.text}”",
                        f"the stronger half chose the wrong “{option.text}” more often "
                        f"({option.chosen_by_stronger} of {item.stronger}) than the right "
                        f"option ({right})",
                        3,
                    )
                )
    return flags


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


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"


def plural(count: int, word: str, words: str | None = None) -> str:
    """`1 learner`, `2 learners`."""
    return f"{count} {word if count == 1 else (words or word + 's')}"
