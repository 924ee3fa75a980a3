"""The deck format, version 1, as pydantic dataclasses.

These models are the contract with instructors: field names here are the YAML keys, and
`studydeck schema` publishes them as JSON Schema for editors. Unknown fields are errors, and every
text, number and true/false field is strict so that YAML's quiet conversions (`no` → false,
`1.10` → 1.1) are caught.

They are slotted dataclasses rather than `BaseModel`s because a loaded deck keeps every card in
memory: a `BaseModel` instance carries a `__dict__` and a fields-set `set` (~740 bytes for each
card and nested option), a slotted instance only its field pointers. Strictness sits on each
leaf type, not in the config: a strict pydantic dataclass accepts only instances of itself, never
the mappings a deck file is made of.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sys
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    TypeAdapter,
)
from pydantic.dataclasses import dataclass

from studydeck.deck.cloze import parse_cloze, part_name

FORMAT_VERSION = 1


def _fresh(value: str) -> str:
    """`value`, or for non-ASCII text a copy with no UTF-8 copy of itself attached.
    pydantic-core checks a string's length and pattern on its UTF-8 form, and CPython keeps that
    form inside the string for good: for text that is not pure ASCII (Cyrillic names,
    typographic quotes and dashes) that is a second copy, 29 MB of a 100,000-card library's
    230. A copy made by decoding has none."""
    return value if value.isascii() else value.encode().decode()


SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(strict=True, pattern=SLUG_PATTERN, max_length=100)]
Text = Annotated[
    str, StringConstraints(strict=True, min_length=1, max_length=10_000), AfterValidator(_fresh)
]
ShortText = Annotated[
    str, StringConstraints(strict=True, min_length=1, max_length=500), AfterValidator(_fresh)
]
# Strings that repeat across thousands of cards (source ids, locators, tags) are kept once, not
# once per card.
SharedSlug = Annotated[Slug, AfterValidator(sys.intern)]
SharedText = Annotated[ShortText, AfterValidator(sys.intern)]

_CONFIG = ConfigDict(extra="forbid")
# Every field is keyword-only (`kw_only=True` on the class, so that a card type's required fields
# may follow the base's optional ones). `Field(...)` repeats it because pydantic 2.14 takes a
# `Field` without it as positional and moves it to the front: the JSON Schema's property order and
# the order of validation errors would change.


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class Source:
    """A work that cards cite by its `id`."""

    id: Slug = Field(description="Short id that cards use in `source`.", kw_only=True)
    title: ShortText
    author: ShortText | None = None
    publisher: ShortText | None = None
    year: StrictInt | None = None
    url: ShortText | None = Field(
        default=None, description="Where the source can be read.", kw_only=True
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class SourceRef:
    """A citation with a place in the source (`{id: forster, locator: "para 2"}`)."""

    id: SharedSlug
    locator: SharedText | None = Field(
        default=None, description="Page, paragraph or section.", kw_only=True
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class Settings:
    """Scheduling defaults for this deck."""

    desired_retention: StrictFloat = Field(default=0.9, ge=0.7, le=0.99, kw_only=True)
    new_per_day: StrictInt = Field(default=20, ge=0, le=9999, kw_only=True)
    reviews_per_day: StrictInt = Field(default=200, ge=0, le=99999, kw_only=True)
    learning_steps: list[Annotated[StrictInt, Field(ge=1, le=1440)]] = Field(
        default=[10], description="Minutes between steps for new items.", kw_only=True
    )
    relearning_steps: list[Annotated[StrictInt, Field(ge=1, le=1440)]] = Field(
        default=[10], description="Minutes between steps for forgotten items.", kw_only=True
    )
    maximum_interval: StrictInt = Field(
        default=36500, ge=1, le=36500, description="Days.", kw_only=True
    )
    leech_lapses: StrictInt = Field(
        default=8,
        ge=1,
        le=1000,
        description="Lapses (forgotten after being learned) that make an item a leech.",
        kw_only=True,
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class _CardBase:
    id: Slug = Field(
        description="Unique in the deck and stable for ever: progress is keyed by it.", kw_only=True
    )
    explanation: Text | None = Field(
        default=None, description="Why the answer is right.", kw_only=True
    )
    source: SharedSlug | SourceRef | None = Field(
        default=None, description="A source id from `sources`.", kw_only=True
    )
    # Tuples, not lists: no card then has a list of its own for empty `previous_ids`, and
    # tuples of text drop out of the garbage collector's scans (100,000 cards: 200,000 fewer
    # objects tracked, 9 MB less).
    tags: tuple[SharedSlug, ...] = Field(default_factory=tuple, kw_only=True)
    hint: Text | None = None
    previous_ids: tuple[Slug, ...] = Field(
        default_factory=tuple,
        description="Ids this card had before a rename; progress follows.",
        kw_only=True,
    )
    related: tuple[Slug, ...] = Field(
        default_factory=tuple,
        description="Ids of cards in this deck that give this card's answer away, or whose "
        "answer this card gives away: once one is studied, the others wait for another day.",
        kw_only=True,
    )

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
        text = json.dumps(dump(self, exclude=set(_NOT_HASHED)), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def item_keys(self) -> list[str]:
        """The separately scheduled parts of this card ("" is the card itself)."""
        return [""]


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class BasicCard(_CardBase):
    """A flashcard: front, back, and optionally studied in reverse too."""

    type: Literal["basic"]
    front: Text
    back: Text
    reverse: StrictBool = Field(default=False, description="Also study back → front.", kw_only=True)

    def item_keys(self) -> list[str]:
        return ["", "reverse"] if self.reverse else [""]


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class ClozeCard(_CardBase):
    """A text with deletions `{{answer}}` or `{{answer|alternative}}`, each studied alone."""

    type: Literal["cloze"]
    text: Text

    def item_keys(self) -> list[str]:
        return [part_name(i) for i in range(len(parse_cloze(self.text).deletions))]


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class McqOption:
    text: ShortText
    correct: StrictBool = False
    why: Text | None = Field(
        default=None, description="Why this option is right or wrong.", kw_only=True
    )


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class McqCard(_CardBase):
    """Multiple choice: one correct option is single choice, several is pick-all-that-apply."""

    type: Literal["mcq"]
    question: Text
    options: list[McqOption] = Field(min_length=2, max_length=9, kw_only=True)
    shuffle: StrictBool = True

    @property
    def multiple(self) -> bool:
        return sum(o.correct for o in self.options) > 1


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class TrueFalseCard(_CardBase):
    type: Literal["true_false"]
    statement: Text
    answer: StrictBool


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class TypedCard(_CardBase):
    """A typed answer, matched leniently against every accepted answer."""

    type: Literal["typed"]
    question: Text
    answers: list[ShortText] = Field(min_length=1, kw_only=True)


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class NumericCard(_CardBase):
    type: Literal["numeric"]
    question: Text
    answer: StrictInt | StrictFloat
    tolerance: StrictFloat = Field(default=0, ge=0, kw_only=True)


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class OrderCard(_CardBase):
    """Put the items in order; they are listed here in the correct order."""

    type: Literal["order"]
    prompt: Text
    items: list[ShortText] = Field(max_length=12, kw_only=True)


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class MatchCard(_CardBase):
    """Pair each left side with its right side."""

    type: Literal["match"]
    prompt: Text
    pairs: list[Annotated[list[ShortText], Field(min_length=2, max_length=2)]] = Field(
        max_length=12, description="Each pair is `[left, right]`.", kw_only=True
    )


Card = Annotated[
    BasicCard
    | ClozeCard
    | McqCard
    | TrueFalseCard
    | TypedCard
    | NumericCard
    | OrderCard
    | MatchCard,
    Field(discriminator="type"),
]
CARD_TYPES: dict[str, type[_CardBase]] = {
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
@dataclass(frozen=True, kw_only=True, config=_CONFIG)
class Deck:
    """One deck file."""

    studydeck: Literal[1] = Field(description="Format version; this is version 1.", kw_only=True)
    id: Slug = Field(description="Deck id, stable for ever: progress is keyed by it.", kw_only=True)
    title: ShortText
    description: Text | None = None
    language: Annotated[
        str, StringConstraints(strict=True, pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")
    ] = "en"
    authors: list[ShortText] = Field(default_factory=list, kw_only=True)
    tags: list[Slug] = Field(default_factory=list, kw_only=True)
    sources: list[Source] = Field(default_factory=list, kw_only=True)
    settings: Settings = Field(default_factory=Settings, kw_only=True)
    cards: list[Card] = Field(default_factory=list, kw_only=True)

    def source(self, source_id: str | None) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def card(self, card_id: str) -> Card | None:
        return next((c for c in self.cards if c.id == card_id), None)


DECK_ADAPTER: TypeAdapter[Deck] = TypeAdapter(Deck)


def field_names(cls: type[Any]) -> list[str]:
    """A model's field names in declaration order (base class fields first)."""
    return [f.name for f in dataclasses.fields(cls)]


_ADAPTERS: dict[type[Any], TypeAdapter[Any]] = {Deck: DECK_ADAPTER}
# in the log, or not what the learner sees
_NOT_HASHED = frozenset({"id", "previous_ids", "tags", "related"})


def dump(
    obj: Any, *, exclude: set[str] | None = None, exclude_defaults: bool = False
) -> dict[str, Any]:
    """An instance as JSON-ready data (nested models as dicts), fields in declaration order."""
    cls = type(obj)
    adapter = _ADAPTERS.get(cls) or _ADAPTERS.setdefault(cls, TypeAdapter(cls))
    data: dict[str, Any] = adapter.dump_python(
        obj, mode="json", exclude=exclude, exclude_defaults=exclude_defaults
    )
    return data
