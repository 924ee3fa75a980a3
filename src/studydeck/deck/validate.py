"""Turn parsed deck data into a `Deck`, with every problem located and explained."""

from __future__ import annotations

import difflib
import heapq
import itertools
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from pydantic import ValidationError

from studydeck.deck.cloze import parse_cloze
from studydeck.deck.format import CARD_ADAPTER, CARD_TYPES, DECK_ADAPTER, checked_card, checked_deck
from studydeck.deck.leaks import Leak, deck_leaks, describe_place, find_leaks
from studydeck.deck.limits import MAX_PROBLEMS
from studydeck.deck.models import (
    Card,
    ClozeCard,
    Deck,
    MatchCard,
    McqCard,
    McqOption,
    NumericCard,
    OrderCard,
    Settings,
    Source,
    SourceRef,
    field_names,
)
from studydeck.deck.problems import Place, Problem, Severity
from studydeck.deck.writing import check_writing
from studydeck.deck.yaml_reader import HIDDEN, Path, ReadResult

_TYPE_ALIASES = {
    "flashcard": "basic",
    "front_back": "basic",
    "multiple_choice": "mcq",
    "multichoice": "mcq",
    "choice": "mcq",
    "truefalse": "true_false",
    "true-false": "true_false",
    "tf": "true_false",
    "boolean": "true_false",
    "short_answer": "typed",
    "text": "typed",
    "input": "typed",
    "number": "numeric",
    "numerical": "numeric",
    "ordering": "order",
    "sequence": "order",
    "matching": "match",
    "pairs": "match",
    "fill_in": "cloze",
    "gap": "cloze",
}
_DECK_FIELDS = field_names(Deck)
_SLUG_FIX = "use lowercase letters, digits and hyphens, e.g. `members-count`"


class _Locator:
    """Finds the line and column of a path in the parsed data."""

    def __init__(self, file: str, read: ReadResult) -> None:
        self.file = file
        self.read = read

    def card_id(self, path: Path) -> str | None:
        if len(path) >= 2 and path[0] == "cards" and isinstance(path[1], int):
            cards = self.read.data.get("cards") if isinstance(self.read.data, dict) else None
            if (
                isinstance(cards, list)
                and path[1] < len(cards)
                and isinstance(cards[path[1]], dict)
            ):
                card_id = cards[path[1]].get("id")
                return str(card_id) if card_id is not None else f"#{path[1] + 1}"
        return None

    def at(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        found = self.read.key_position(path) if key else None
        while found is None and path:
            found = self.read.position(path)
            path = path[:-1]
        return found or self.read.position(()) or (1, 1)

    def problem(
        self,
        path: Path,
        message: str,
        fix: str,
        *,
        severity: Severity = "error",
        code: str = "invalid",
        key: bool = False,
    ) -> Problem:
        line, col = self.at(path, key=key)
        return Problem(self.file, line, col, severity, message, fix, self.card_id(path), code)


def position(read: ReadResult, path: Path) -> tuple[int, int]:
    """The line and column of a path in the parsed data (of the nearest parent that has one)."""
    return _Locator("", read).at(path)


def check_deck(file: str, read: ReadResult) -> tuple[Deck | None, list[Problem]]:
    """Validate parsed data; return the deck (if it has no errors) and every problem."""
    where = _Locator(file, read)
    data = read.data
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        return None, [
            where.problem(
                (),
                f"the top level of the file is {kind}, not a mapping",
                "a deck is a mapping that starts with `studydeck: 1`, `id:`, `title:` and `cards:`",
                code="not-a-mapping",
            )
        ]
    if data.get("studydeck") is True:  # YAML's `true` equals 1 to the model: not a version
        return None, [
            where.problem(
                ("studydeck",),
                "`studydeck: true` is not a format version",
                "write `studydeck: 1`",
                code="format-version",
            )
        ]
    try:
        deck = checked_deck(data)
    except ValidationError as exc:
        # Explained one by one up to MAX_PROBLEMS (each costs a lookup of its line and maybe
        # a "did you mean"); the rest are only counted, and the rules not run: a 10 MB file can
        # hold a million mistakes, and explaining all of them took a minute and 2 GB.
        if exc.error_count() > MAX_PROBLEMS:  # the model's errors a card at a time, instead
            errors: Iterable[Any] = _errors_by_card(data)
            del exc
        else:
            errors = exc.errors()
        found = _explained(errors, data)
        problems = [_explain_one(*e, where) for e in itertools.islice(found, MAX_PROBLEMS)]
        more = sum(1 for _ in found)
        if more:
            return None, [*_sorted(problems), _more_problems(file, more, "error")]
        cards = _valid_cards(data)
        rules = _rules(cards, _source_ids(data), where)
        return None, _capped(file, itertools.chain(problems, rules))[0]
    checked: Iterable[Problem] = _rules(
        list(enumerate(deck.cards)), {s.id for s in deck.sources}, where, deck_leaks(deck)
    )
    if read.hidden_characters:
        checked = itertools.chain(checked, _hidden_characters(data, (), where))
    problems, has_errors = _capped(file, checked)
    return (None if has_errors else deck), problems


def _hidden_characters(node: Any, path: Path, where: _Locator) -> Iterator[Problem]:
    """Warn where text holds a character of yaml_reader.HIDDEN: a card could show one answer
    and grade another. As compilers warn of them."""
    if isinstance(node, str):
        found = HIDDEN.search(node)
        if found:
            yield where.problem(
                path,
                f"text holds the invisible character U+{ord(found.group()):04X}, which can"
                " make it show differently from what it is",
                "remove it (bidirectional controls and zero-width characters)",
                severity="warning",
                code="hidden-character",
            )
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _hidden_characters(value, (*path, key), where)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _hidden_characters(value, (*path, i), where)


def _capped(file: str, found: Iterable[Problem]) -> tuple[list[Problem], bool]:
    """The first MAX_PROBLEMS problems by place in the file (and a last one saying how many
    more there were), and whether any of all is an error. Streamed: only the first are kept."""
    counts = {"error": 0, "warning": 0}

    def counted(problems: Iterable[Problem]) -> Iterator[Problem]:
        for p in problems:
            counts[p.severity] += 1
            yield p

    first = heapq.nsmallest(MAX_PROBLEMS, counted(found), key=lambda p: (p.line, p.col))
    first = _sorted(first)  # stable: ties keep the order they were found in
    more = counts["error"] + counts["warning"] - len(first)
    if more:
        hidden_errors = counts["error"] - sum(p.severity == "error" for p in first)
        worst: Severity = "error" if hidden_errors else "warning"
        first.append(_more_problems(file, more, worst))
    return first, counts["error"] > 0


def _more_problems(file: str, more: int, severity: Severity) -> Problem:
    return Problem(
        file,
        1,
        1,
        severity,
        f"{more:,} more problem{'s' if more != 1 else ''} not listed",
        f"fix the {MAX_PROBLEMS} listed and check again",
        code="more-problems",
    )


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.line, p.col))


def _source_ids(data: dict[str, Any]) -> set[str]:
    sources = data.get("sources")
    if not isinstance(sources, list):
        return set()
    return {s["id"] for s in sources if isinstance(s, dict) and isinstance(s.get("id"), str)}


def _valid_cards(data: dict[str, Any]) -> list[tuple[int, Card]]:
    cards = data.get("cards")
    if not isinstance(cards, list):
        return []
    valid: list[tuple[int, Card]] = []
    for i, raw in enumerate(cards):
        try:
            valid.append((i, checked_card(raw)))
        except ValidationError:
            continue
    return valid


# --- pydantic errors, in the instructor's words -------------------------------------------------


def _data_path(loc: tuple[Any, ...], data: Any) -> tuple[Path, Any, bool]:
    """Map a pydantic loc onto the data, skipping union/tag names; return (path, value, found)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if in_dict or in_list:
            path.append(part)
            node = node[part]
        elif isinstance(part, str) and (part in CARD_TYPES or not isinstance(node, dict)):
            continue  # a discriminator tag or a union member's name
        elif isinstance(part, str) and part in ("SourceRef", "constrained-str", "int", "float"):
            continue
        else:
            return tuple(path), part, False
    return tuple(path), node, True


def _owner_fields(loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed where an unknown field was found."""
    for part in reversed(loc[:-1]):
        if part in CARD_TYPES:
            return field_names(CARD_TYPES[part])
        if part == "options":
            return field_names(McqOption)
        if part == "SourceRef" or part == "source":
            return field_names(SourceRef)
        if part == "sources":
            return field_names(Source)
        if part == "settings":
            return field_names(Settings)
    return _DECK_FIELDS


def _did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return match[0] if match else None


# The models are pydantic dataclasses: an unknown field is an unexpected keyword argument to
# them, a value that is not a mapping fails as a dataclass type, and a card's tags and previous
# ids are tuples. Same meaning, same wording.
_SAME_AS = {
    "unexpected_keyword_argument": "extra_forbidden",
    "dataclass_type": "model_type",
    "tuple_type": "list_type",
}


_Explained = tuple[str, tuple[Any, ...], Path, Any, bool, Any]


def _errors_by_card(data: dict[str, Any]) -> Iterator[Any]:
    """The deck model's errors as `ValidationError.errors()` lists them, from the deck without
    its cards and then one card at a time: the whole list of a file with a million mistakes
    took 1.3 GB as dicts, and all but the first MAX_PROBLEMS are only counted."""
    cards = data.get("cards")
    try:
        DECK_ADAPTER.validate_python(
            {k: v for k, v in data.items() if k != "cards"} if isinstance(cards, list) else data
        )
    except ValidationError as exc:
        yield from exc.errors()
    for i, card in enumerate(cards if isinstance(cards, list) else []):
        try:
            CARD_ADAPTER.validate_python(card)
        except ValidationError as exc:
            for error in exc.errors():
                yield {**error, "loc": ("cards", i, *error["loc"])}


def _explained(errors: Iterable[Any], data: dict[str, Any]) -> Iterator[_Explained]:
    """Each error worth a problem, with what `_explain_one` needs to word it (cheap: no line
    lookups, no suggestions)."""
    seen: set[Path] = set()
    for error in errors:
        loc = tuple(error["loc"])
        kind = _SAME_AS.get(error["type"], error["type"])
        value = error.get("input")
        # `source` may be an id or a mapping: report only the branch that fits what was written
        if "constrained-str" in loc and isinstance(value, dict):
            continue
        written = _data_path(loc[:-1], data)[1]
        if "SourceRef" in loc and not isinstance(written, dict) and kind != "extra_forbidden":
            continue
        path, node, found = _data_path(loc, data)
        if kind == "extra_forbidden":
            path = (*path, loc[-1]) if not found else path
        if path in seen and kind not in ("missing", "extra_forbidden"):
            continue
        seen.add(path)
        yield kind, loc, path, node, found, error


def _explain_one(
    kind: str,
    loc: tuple[Any, ...],
    path: Path,
    node: Any,
    found: bool,
    error: Any,
    where: _Locator,
) -> Problem:
    named = [p for p in path if isinstance(p, str)]
    field = named[-1] if found and named else (str(loc[-1]) if loc else "file")
    if kind == "missing":
        card_type = next((p for p in loc if p in CARD_TYPES), None)
        what = f"the `{card_type}` card" if card_type else "this mapping"
        return where.problem(
            path,
            f"missing required field `{field}`",
            f"add `{field}:` to {what}",
            code="missing-field",
        )
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = _owner_fields(loc)
        guess = _did_you_mean(name, allowed)
        fix = (
            f"did you mean `{guess}`?"
            if guess
            else f"remove it; allowed here: {', '.join(allowed)}"
        )
        return where.problem(path, f"unknown field `{name}`", fix, code="unknown-field", key=True)
    if kind == "union_tag_invalid":
        tag = str(error.get("ctx", {}).get("tag", node))
        guess = _TYPE_ALIASES.get(tag.lower()) or _did_you_mean(tag, CARD_TYPES)
        types = ", ".join(CARD_TYPES)
        fix = f"did you mean `{guess}`? (types: {types})" if guess else f"use one of: {types}"
        return where.problem(
            (*path, "type"), f"unknown card type `{tag}`", fix, code="unknown-type"
        )
    if kind == "union_tag_not_found":
        return where.problem(
            path,
            "card has no `type`",
            f"add `type:` with one of: {', '.join(CARD_TYPES)}",
            code="missing-field",
        )
    plain = where.read.plain_scalars.get(path)
    if kind == "string_type" and plain is not None:
        shown = (
            "true/false"
            if plain.kind == "bool"
            else ("empty" if plain.kind == "null" else "a number")
        )
        return where.problem(
            path,
            f"`{plain.source}` is read by YAML as {shown}, not text",
            f'quote it: {field}: "{plain.source}"',
            code="needs-quotes",
        )
    if kind == "string_type":
        return where.problem(
            path, f"`{field}` must be text, not {_kind(node)}", "write it as text", code="type"
        )
    if kind == "bool_type":
        return where.problem(
            path, f"`{field}` must be true or false", f"write `{field}: true` or `{field}: false`"
        )
    if kind in ("int_type", "float_type", "int_from_float"):
        return where.problem(path, f"`{field}` must be a number", "write a number without quotes")
    if kind in ("list_type",):
        return where.problem(
            path, f"`{field}` must be a list", f"write it as a list, e.g. `{field}: [a, b]`"
        )
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return where.problem(path, f"`{field}` must be a mapping", "write `key: value` lines")
    if kind == "string_pattern_mismatch":
        if field == "language":
            return where.problem(path, f"`{node}` is not a language code", "use e.g. `en`, `fr`")
        return where.problem(path, f"`{node}` is not a valid id", _SLUG_FIX, code="bad-id")
    if kind == "string_too_short":
        return where.problem(path, f"`{field}` is empty", "write the text, or remove the field")
    if kind == "literal_error" and field == "studydeck":
        return where.problem(
            path,
            f"unsupported format version `{node}`",
            "this studydeck reads `studydeck: 1`",
            code="version",
        )
    return where.problem(path, f"`{field}`: {error['msg']}", "see decks/README.md for the format")


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return type(value).__name__


# --- rules that need the whole deck ---------------------------------------------------------------


def normalize(text: str) -> str:
    """Case- and accent-insensitive text with collapsed whitespace, for duplicate checks."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped).strip()


def _rules(
    cards: list[tuple[int, Card]],
    sources: set[str],
    where: _Locator,
    leaks: list[Leak] | None = None,
) -> Iterator[Problem]:
    """The rules that need the whole deck; `leaks` found already (a valid deck's, kept for the
    queue) or None to find them among `cards`."""
    first_seen: dict[str, int] = {}
    for i, card in cards:
        if card.id in first_seen:
            line = where.at(("cards", first_seen[card.id]))[0]
            yield where.problem(
                ("cards", i, "id"),
                f"duplicate card id `{card.id}` (first used at line {line})",
                "give each card its own id; progress is keyed by it",
                code="duplicate-id",
            )
        else:
            first_seen[card.id] = i
    owners: dict[str, int] = {}
    for i, card in cards:
        for j, old in enumerate(card.previous_ids):
            if old in first_seen:
                yield where.problem(
                    ("cards", i, "previous_ids", j),
                    f"previous id `{old}` is also the id of a card in this deck",
                    "an id can belong to one card only; remove it from `previous_ids` "
                    "or rename the other card",
                    code="previous-id-clash",
                )
            elif old in owners:
                yield where.problem(
                    ("cards", i, "previous_ids", j),
                    f"previous id `{old}` is also claimed by card `{cards_id(cards, owners[old])}`",
                    "progress can follow only one card; keep it in one `previous_ids`",
                    code="previous-id-clash",
                )
            else:
                owners[old] = i
    yield from _related_rules(cards, _raw_card_ids(where.read.data), owners, where)
    for i, card in cards:
        yield from _card_rules(i, card, sources, where)
    if leaks is None:
        leaks = find_leaks([card for _, card in cards])
    yield from _leak_rules(cards, leaks, where)
    yield from _writing_rules(cards, where)


def _writing_rules(cards: list[tuple[int, Card]], where: _Locator) -> Iterator[Problem]:
    """Item-writing warnings: questions that can be answered without knowing the fact."""
    for found in check_writing([card for _, card in cards]):
        i = cards[found.card][0]
        problem = where.problem(
            ("cards", i, *found.path), found.message, found.fix, severity="warning", code=found.code
        )
        if found.other is not None:
            j, other = cards[found.other]
            line = where.at(("cards", j))[0]
            message = found.message.format(other=f"{other.id} (line {line})")
            problem = replace(problem, message=message, other=Place(other.id, line))
        yield problem


def _leak_rules(
    cards: list[tuple[int, Card]], leaks: list[Leak], where: _Locator
) -> Iterator[Problem]:
    """A warning for each pair of cards where one shows the other's answer, unless the two are
    declared `related` (then the queue keeps them apart)."""
    declared = {(a.id, b) for _, a in cards for b in a.related}
    for leak in leaks:
        (i, card), (j, other) = cards[leak.card], cards[leak.other]
        if (card.id, other.id) in declared or (other.id, card.id) in declared:
            continue
        line = where.at(("cards", j))[0]
        yield where.problem(
            ("cards", i, *leak.path),
            f"{describe_place(leak.path)} gives away the answer of card {other.id} "
            f"(line {line}): {json.dumps(leak.answer, ensure_ascii=False)}",
            "reword one of the two cards so the answer is not shown, or keep them apart "
            f"with `related: [{other.id}]`",
            severity="warning",
            code="leak",
        ).with_other(Place(other.id, line))


def _raw_card_ids(data: Any) -> set[str]:
    """Every card id written in the file, valid card or not (a `related` id naming a card
    with an error of its own is not unknown)."""
    cards = data.get("cards") if isinstance(data, dict) else None
    if not isinstance(cards, list):
        return set()
    return {c["id"] for c in cards if isinstance(c, dict) and isinstance(c.get("id"), str)}


def _related_rules(
    cards: list[tuple[int, Card]], ids: set[str], renamed: dict[str, int], where: _Locator
) -> Iterator[Problem]:
    """`related` names other cards of this deck, each once."""
    for i, card in cards:
        seen: set[str] = set()
        for j, other in enumerate(card.related):
            at: Path = ("cards", i, "related", j)
            if other == card.id:
                yield where.problem(
                    at,
                    "a card cannot be related to itself",
                    f"remove `{other}` from `related`",
                    code="related",
                )
            elif other in seen:
                yield where.problem(
                    at,
                    f"`{other}` is listed twice in `related`",
                    "list each related card once",
                    code="related",
                )
            elif other not in ids:
                if other in renamed:
                    new_id = cards_id(cards, renamed[other])
                    fix = f"`{other}` was renamed: use its new id `{new_id}`"
                else:
                    guess = _did_you_mean(other, ids - {card.id})
                    fix = (
                        f"did you mean `{guess}`?"
                        if guess
                        else "use the id of a card in this deck (cards in other decks are "
                        "never studied together)"
                    )
                yield where.problem(
                    at, f"`related` names an unknown card `{other}`", fix, code="related"
                )
            seen.add(other)


def _numeric_rules(base: Path, card: NumericCard, where: _Locator) -> Iterator[Problem]:
    """Grading compares floats: a number that is no float (.nan, .inf, past 1.8e308) would
    match no answer, or every one, or crash at the first answer."""
    for name in ("answer", "tolerance"):
        value = getattr(card, name)
        try:
            finite = math.isfinite(float(value))
        except OverflowError:
            finite = False
        if not finite:
            yield where.problem(
                (*base, name),
                f"`{name}` is {_short(value)}, which no typed answer can be compared with",
                "give a finite number (at most about 1.8e308)",
                code="not-comparable",
            )


def _short(value: float) -> str:
    text = repr(value) if isinstance(value, float) else f"{value}"
    return text if len(text) <= 20 else f"a {len(text)}-digit number"


def cards_id(cards: list[tuple[int, Card]], index: int) -> str:
    return next(c.id for i, c in cards if i == index)


def _card_rules(i: int, card: Card, sources: set[str], where: _Locator) -> Iterator[Problem]:
    base: Path = ("cards", i)
    if card.source_id is not None and card.source_id not in sources:
        guess = _did_you_mean(card.source_id, sources)
        fix = (
            f"did you mean `{guess}`?"
            if guess
            else "declare it under `sources:` with an `id`, or cite one that is declared"
        )
        yield where.problem(
            (*base, "source"), f"source `{card.source_id}` is not declared", fix, code="source"
        )
    if card.source is None:
        yield where.problem(
            base,
            "no `source`",
            "add `source:` with the id of a declared source, so learners can check the fact",
            severity="warning",
            code="no-source",
        )
    if card.explanation is None:
        yield where.problem(
            base,
            "no `explanation`",
            "add `explanation:` saying why the answer is right",
            severity="warning",
            code="no-explanation",
        )
    if isinstance(card, NumericCard):
        yield from _numeric_rules(base, card, where)
    if isinstance(card, McqCard):
        yield from _mcq_rules(base, card, where)
    elif isinstance(card, ClozeCard):
        cloze = parse_cloze(card.text)
        if not cloze.deletions:
            yield where.problem(
                (*base, "text"),
                "cloze text has no deletion",
                "mark the answer with double braces, e.g. `signed in {{Tashkent}}`",
                code="cloze",
            )
        for d in cloze.deletions:
            if not all(d.answers):
                yield where.problem(
                    (*base, "text"),
                    "cloze deletion has an empty answer",
                    "write the answer inside the braces: `{{answer}}` or `{{answer|other}}`",
                    code="cloze",
                )
                break
    elif isinstance(card, OrderCard):
        if len(card.items) < 2:
            yield where.problem(
                (*base, "items"),
                "an `order` card needs at least 2 items",
                "list two or more items in their correct order",
                code="order",
            )
        yield from _repeats((*base, "items"), card.items, "item", where)
    elif isinstance(card, MatchCard):
        if len(card.pairs) < 2:
            yield where.problem(
                (*base, "pairs"),
                "a `match` card needs at least 2 pairs",
                "add more `[left, right]` pairs",
                code="match",
            )
        lefts = [p[0] for p in card.pairs]
        rights = [p[1] for p in card.pairs]
        yield from _repeats((*base, "pairs"), lefts, "left side", where, column=0)
        yield from _repeats((*base, "pairs"), rights, "right side", where, column=1)


def _mcq_rules(base: Path, card: McqCard, where: _Locator) -> Iterator[Problem]:
    if not any(o.correct for o in card.options):
        yield where.problem(
            (*base, "options"),
            "no option is marked correct",
            "add `correct: true` to the right option (or to each, for pick-all-that-apply)",
            code="mcq-no-correct",
        )
    if all(o.correct for o in card.options):
        yield where.problem(
            (*base, "options"),
            "every option is marked correct",
            "a question needs at least one wrong option",
            code="mcq-all-correct",
        )
    seen: dict[str, int] = {}
    for j, option in enumerate(card.options):
        key = normalize(option.text)
        if key in seen:
            yield where.problem(
                (*base, "options", j, "text"),
                f"option `{option.text}` repeats option {seen[key] + 1}",
                "make each option different, or remove the repeat",
                code="mcq-duplicate",
            )
        else:
            seen[key] = j
    if len(card.options) < 3:
        yield where.problem(
            (*base, "options"),
            f"only {len(card.options)} options",
            "give at least three options so guessing is harder",
            severity="warning",
            code="mcq-few-options",
        )


def _repeats(
    path: Path, values: list[str], what: str, where: _Locator, column: int | None = None
) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for j, value in enumerate(values):
        key = normalize(value)
        if key in seen:
            at: Path = (*path, j) if column is None else (*path, j, column)
            yield where.problem(
                at,
                f"{what} `{value}` is repeated",
                f"each {what} must be different, or the answer is ambiguous",
                code="repeated",
            )
        else:
            seen[key] = j
