"""The deck format, version 1, as pydantic dataclasses: what a deck file must be.

These models are the contract with instructors: field names here are the YAML keys, and
`studydeck schema` publishes them as JSON Schema for editors. Unknown fields are errors, and every
text, number and true/false field is strict so that YAML's quiet conversions (`no` → false,
`1.10` → 1.1) are caught. Strictness sits on each leaf type, not in the config: a strict pydantic
dataclass accepts only instances of itself, never the mappings a deck file is made of.

They only check: a file they accept is built into the deck the app works with by
`models.deck_from_data` (deck/models.py says why), and the instances made here are dropped.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    TypeAdapter,
)
from pydantic.dataclasses import dataclass

from studydeck.deck import models
from studydeck.deck.models import SLUG_PATTERN

Slug = Annotated[str, StringConstraints(strict=True, pattern=SLUG_PATTERN, max_length=100)]
Text = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=10_000)]
ShortText = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=500)]

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

    id: Slug
    locator: ShortText | None = Field(
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
    source: Slug | SourceRef | None = Field(
        default=None, description="A source id from `sources`.", kw_only=True
    )
    tags: tuple[Slug, ...] = Field(default_factory=tuple, kw_only=True)
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


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class BasicCard(_CardBase):
    """A flashcard: front, back, and optionally studied in reverse too."""

    type: Literal["basic"]
    front: Text
    back: Text
    reverse: StrictBool = Field(default=False, description="Also study back → front.", kw_only=True)


@dataclass(frozen=True, slots=True, kw_only=True, config=_CONFIG)
class ClozeCard(_CardBase):
    """A text with deletions `{{answer}}` or `{{answer|alternative}}`, each studied alone."""

    type: Literal["cloze"]
    text: Text


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


DECK_ADAPTER: TypeAdapter[Deck] = TypeAdapter(Deck)

CARD_ADAPTER: TypeAdapter[Card] = TypeAdapter(Card)


def checked_deck(data: Any) -> models.Deck:
    """The deck `data` describes, built once the format accepts it (else a ValidationError)."""
    DECK_ADAPTER.validate_python(data)
    return models.deck_from_data(data)


def checked_card(data: Any) -> models.Card:
    """The card `data` describes, built once the format accepts it (else a ValidationError)."""
    CARD_ADAPTER.validate_python(data)
    return models.card_from_data(data)
