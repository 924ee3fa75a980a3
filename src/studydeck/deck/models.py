"""The deck in memory: what a checked deck file holds, as plain frozen dataclasses.

The deck format itself, with every rule a file must meet and the JSON Schema editors read, is
`deck/format.py` (pydantic). A file is checked there; its data is then built into these classes by
`deck_from_data`, with their ordinary constructors. A study session starts from deck files whose
check is remembered (deck/cache.py) and builds its decks here without importing pydantic: that
import and the format's models took ~100 ms of the ~300 ms before the first card was on screen.

The two must describe the same fields with the same defaults: tests/test_deck_models.py compares
them class by class, and builds the bundled and generated decks both ways.

Slotted, because a loaded deck keeps every card in memory (a slotted instance holds only its field
pointers). Tuples rather than lists for the per-card id and tag lists: no card then has a list of
its own for an empty `previous_ids`, and tuples of text drop out of the garbage collector's scans.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from studydeck.deck.cloze import parse_cloze, part_name

FORMAT_VERSION = 1
SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    """A work that cards cite by its `id`."""

    id: str
    title: str
    author: str | None = None
    publisher: str | None = None
    year: int | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceRef:
    """A citation with a place in the source (`{id: forster, locator: "para 2"}`)."""

    id: str
    locator: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Scheduling defaults for this deck."""

    desired_retention: float = 0.9
    new_per_day: int = 20
    reviews_per_day: int = 200
    learning_steps: list[int] = field(default_factory=lambda: [10])  # minutes
    relearning_steps: list[int] = field(default_factory=lambda: [10])
    maximum_interval: int = 36500  # days
    leech_lapses: int = 8


@dataclass(frozen=True, slots=True, kw_only=True)
class _CardBase:
    id: str
    explanation: str | None = None
    source: str | SourceRef | None = None
    tags: tuple[str, ...] = ()
    hint: str | None = None
    previous_ids: tuple[str, ...] = ()
    related: tuple[str, ...] = ()

    @property
    def source_id(self) -> str | None:
        if self.source is None:
            return None
        return self.source if isinstance(self.source, str) else self.source.id

    @property
    def source_locator(self) -> str | None:
        return self.source.locator if isinstance(self.source, SourceRef) else None

    def content_hash(self) -> str:
        """A short hash of what the learner sees, so the log shows when a card changed. Every
        review row keeps it and the instructor's report compares it with the card's: the text
        hashed must never change by a byte (tests/test_content_hash.py pins it)."""
        text = json.dumps(dump(self, exclude=_NOT_HASHED), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def item_keys(self) -> list[str]:
        """The separately scheduled parts of this card ("" is the card itself)."""
        return [""]


@dataclass(frozen=True, slots=True, kw_only=True)
class BasicCard(_CardBase):
    """A flashcard: front, back, and optionally studied in reverse too."""

    type: Literal["basic"]
    front: str
    back: str
    reverse: bool = False

    def item_keys(self) -> list[str]:
        return ["", "reverse"] if self.reverse else [""]


@dataclass(frozen=True, slots=True, kw_only=True)
class ClozeCard(_CardBase):
    """A text with deletions `{{answer}}` or `{{answer|alternative}}`, each studied alone."""

    type: Literal["cloze"]
    text: str

    def item_keys(self) -> list[str]:
        return [part_name(i) for i in range(len(parse_cloze(self.text).deletions))]


@dataclass(frozen=True, slots=True, kw_only=True)
class McqOption:
    text: str
    correct: bool = False
    why: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class McqCard(_CardBase):
    """Multiple choice: one correct option is single choice, several is pick-all-that-apply."""

    type: Literal["mcq"]
    question: str
    options: list[McqOption]
    shuffle: bool = True

    @property
    def multiple(self) -> bool:
        return sum(o.correct for o in self.options) > 1


@dataclass(frozen=True, slots=True, kw_only=True)
class TrueFalseCard(_CardBase):
    type: Literal["true_false"]
    statement: str
    answer: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class TypedCard(_CardBase):
    """A typed answer, matched leniently against every accepted answer."""

    type: Literal["typed"]
    question: str
    answers: list[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class NumericCard(_CardBase):
    type: Literal["numeric"]
    question: str
    answer: int | float
    tolerance: float = 0.0


@dataclass(frozen=True, slots=True, kw_only=True)
class OrderCard(_CardBase):
    """Put the items in order; they are listed here in the correct order."""

    type: Literal["order"]
    prompt: str
    items: list[str]


@dataclass(frozen=True, slots=True, kw_only=True)
class MatchCard(_CardBase):
    """Pair each left side with its right side."""

    type: Literal["match"]
    prompt: str
    pairs: list[list[str]]  # each `[left, right]`


Card = (
    BasicCard
    | ClozeCard
    | McqCard
    | TrueFalseCard
    | TypedCard
    | NumericCard
    | OrderCard
    | MatchCard
)
CARD_TYPES: dict[str, type[Card]] = {
    "basic": BasicCard,
    "cloze": ClozeCard,
    "mcq": McqCard,
    "true_false": TrueFalseCard,
    "typed": TypedCard,
    "numeric": NumericCard,
    "order": OrderCard,
    "match": MatchCard,
}
AUTO_GRADED = frozenset(CARD_TYPES) - {"basic"}


# Not slotted: there is one per file, and the study layer ties caches to it by weak reference.
@dataclass(frozen=True, kw_only=True)
class Deck:
    """One deck file."""

    studydeck: Literal[1]
    id: str
    title: str
    description: str | None = None
    language: str = "en"
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    cards: list[Card] = field(default_factory=list)

    def source(self, source_id: str | None) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def card(self, card_id: str) -> Card | None:
        return next((c for c in self.cards if c.id == card_id), None)


# Building from checked data. The data is what deck/format.py accepted, so nothing is checked
# again; what its validation would have made of the data is made here: nested classes, tuples,
# floats for float fields given as whole numbers, and text kept once (see `_fresh`, `_shared`).


def _fresh(value: str) -> str:
    """`value`, or for non-ASCII text a copy with no UTF-8 copy of itself attached.
    pydantic-core checks a string's length and pattern on its UTF-8 form, and CPython keeps that
    form inside the string for good: for text that is not pure ASCII (Cyrillic names,
    typographic quotes and dashes) that is a second copy, 29 MB of a 100,000-card library's
    230. A copy made by decoding has none."""
    return value if value.isascii() else value.encode().decode()


def _fresh_or_none(value: str | None) -> str | None:
    return None if value is None else _fresh(value)


def _shared(value: str) -> str:
    """Strings that repeat across thousands of cards (source ids, locators, tags) kept once."""
    return sys.intern(value)


def _source_ref(value: str | Mapping[str, Any] | None) -> str | SourceRef | None:
    if value is None or isinstance(value, str):
        return None if value is None else _shared(value)
    locator = value.get("locator")
    return SourceRef(id=_shared(value["id"]), locator=None if locator is None else _shared(locator))


def _each(convert: Callable[[Any], Any], values: list[Any]) -> list[Any]:
    """`[convert(v) for v in values]`, in a list allocated to its length, as the format's
    validation made them: a comprehension or `list(map(…))` keeps the room it grew into,
    4 MB more at 100,000 cards."""
    converted = values.copy()
    for i, value in enumerate(converted):
        converted[i] = convert(value)
    return converted


def _texts(values: list[str]) -> list[str]:
    return _each(_fresh, values)


def _option(value: Mapping[str, Any]) -> McqOption:
    return McqOption(
        text=_fresh(value["text"]),
        correct=value.get("correct", False),
        why=_fresh_or_none(value.get("why")),
    )


# How each card field's checked value becomes the field's value (fields not named: as they are).
_CARD_FIELDS: dict[str, Callable[[Any], Any]] = {
    "type": _shared,  # one "basic" for every basic card, as the format's Literal gave
    "explanation": _fresh_or_none,
    "hint": _fresh_or_none,
    "source": _source_ref,
    "tags": lambda tags: tuple(_shared(t) for t in tags),
    "previous_ids": tuple,
    "related": tuple,
    "front": _fresh,
    "back": _fresh,
    "text": _fresh,
    "question": _fresh,
    "statement": _fresh,
    "prompt": _fresh,
    "options": lambda options: _each(_option, options),
    "answers": _texts,
    "items": _texts,
    "pairs": lambda pairs: _each(_texts, pairs),
    "tolerance": float,
}


def card_from_data(data: Mapping[str, Any]) -> Card:
    """A card from checked data (one entry of a deck's `cards`)."""
    values = {name: _CARD_FIELDS.get(name, _same)(value) for name, value in data.items()}
    return CARD_TYPES[data["type"]](**values)


def _same(value: Any) -> Any:
    return value


def _settings(data: Mapping[str, Any]) -> Settings:
    values = dict(data)
    if "desired_retention" in values:
        values["desired_retention"] = float(values["desired_retention"])
    for steps in ("learning_steps", "relearning_steps"):
        if steps in values:
            values[steps] = list(values[steps])
    return Settings(**values)


def _source(data: Mapping[str, Any]) -> Source:
    return Source(
        id=data["id"],
        title=_fresh(data["title"]),
        author=_fresh_or_none(data.get("author")),
        publisher=_fresh_or_none(data.get("publisher")),
        year=data.get("year"),
        url=_fresh_or_none(data.get("url")),
    )


def deck_from_data(data: Mapping[str, Any]) -> Deck:
    """A deck from data that deck/format.py accepted (the parsed file, or the deck cache's copy
    of it)."""
    settings = data.get("settings")
    return Deck(
        studydeck=data["studydeck"],
        id=data["id"],
        title=_fresh(data["title"]),
        description=_fresh_or_none(data.get("description")),
        language=data.get("language", "en"),
        authors=_texts(data.get("authors", [])),
        tags=list(data.get("tags", [])),
        sources=_each(_source, data.get("sources", [])),
        settings=Settings() if settings is None else _settings(settings),
        cards=_each(card_from_data, data.get("cards", [])),
    )


def field_names(cls: type[Any]) -> list[str]:
    """A class's field names in declaration order (base class fields first)."""
    return [f.name for f in dataclasses.fields(cls)]


# in the log, or not what the learner sees
_NOT_HASHED = frozenset({"id", "previous_ids", "tags", "related"})


def dump(
    obj: Any, *, exclude: frozenset[str] | set[str] = frozenset(), exclude_defaults: bool = False
) -> dict[str, Any]:
    """An instance as JSON-ready data: nested instances as dicts, tuples as lists, fields in
    declaration order; `exclude_defaults` leaves out fields (nested ones too) at their default."""
    data: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if f.name in exclude or (exclude_defaults and _is_default(f, value)):
            continue
        data[f.name] = _plain(value, exclude_defaults)
    return data


def _is_default(f: dataclasses.Field[Any], value: Any) -> bool:
    if f.default is not dataclasses.MISSING:
        return bool(value == f.default)
    if f.default_factory is not dataclasses.MISSING:
        return bool(value == f.default_factory())
    return False


def _plain(value: Any, exclude_defaults: bool) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dump(value, exclude_defaults=exclude_defaults)
    if isinstance(value, list | tuple):
        return [_plain(v, exclude_defaults) for v in value]
    return value
