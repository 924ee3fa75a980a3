"""The deck format, version 1, as pydantic models.

These models are the contract with instructors: field names here are the YAML keys, and
`studydeck schema` publishes them as JSON Schema for editors. Unknown fields are errors, and text
fields are strict so that YAML's quiet conversions (`no` → false, `1.10` → 1.1) are caught.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from studydeck.deck.cloze import parse_cloze

FORMAT_VERSION = 1

SLUG_PATTERN = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=100)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=10_000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Source(_Strict):
    """A work that cards cite by its `id`."""

    id: Slug = Field(description="Short id that cards use in `source`.")
    title: ShortText
    author: ShortText | None = None
    publisher: ShortText | None = None
    year: int | None = None
    url: ShortText | None = Field(default=None, description="Where the source can be read.")


class SourceRef(_Strict):
    """A citation with a place in the source (`{id: forster, locator: "para 2"}`)."""

    id: Slug
    locator: ShortText | None = Field(default=None, description="Page, paragraph or section.")


class Settings(_Strict):
    """Scheduling defaults for this deck."""

    desired_retention: float = Field(default=0.9, ge=0.7, le=0.99)
    new_per_day: int = Field(default=20, ge=0, le=9999)
    reviews_per_day: int = Field(default=200, ge=0, le=99999)
    learning_steps: list[Annotated[int, Field(ge=1, le=1440)]] = Field(
        default=[10], description="Minutes between steps for new items."
    )
    relearning_steps: list[Annotated[int, Field(ge=1, le=1440)]] = Field(
        default=[10], description="Minutes between steps for forgotten items."
    )
    maximum_interval: int = Field(default=36500, ge=1, le=36500, description="Days.")


class _CardBase(_Strict):
    id: Slug = Field(description="Unique in the deck and stable for ever: progress is keyed by it.")
    explanation: Text | None = Field(default=None, description="Why the answer is right.")
    source: Slug | SourceRef | None = Field(default=None, description="A source id from `sources`.")
    tags: list[Slug] = Field(default_factory=list)
    hint: Text | None = None
    previous_ids: list[Slug] = Field(
        default_factory=list, description="Ids this card had before a rename; progress follows."
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
        """A short hash of what the learner sees, so the log shows when a card changed."""
        content = self.model_dump(mode="json", exclude={"id", "previous_ids", "tags"})
        blob = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(blob).hexdigest()[:16]

    def item_keys(self) -> list[str]:
        """The separately scheduled parts of this card ("" is the card itself)."""
        return [""]


class BasicCard(_CardBase):
    """A flashcard: front, back, and optionally studied in reverse too."""

    type: Literal["basic"]
    front: Text
    back: Text
    reverse: bool = Field(default=False, description="Also study back → front.")

    def item_keys(self) -> list[str]:
        return ["", "reverse"] if self.reverse else [""]


class ClozeCard(_CardBase):
    """A text with deletions `{{answer}}` or `{{answer|alternative}}`, each studied alone."""

    type: Literal["cloze"]
    text: Text

    def item_keys(self) -> list[str]:
        return [f"c{i + 1}" for i in range(len(parse_cloze(self.text).deletions))]


class McqOption(_Strict):
    text: ShortText
    correct: bool = False
    why: Text | None = Field(default=None, description="Why this option is right or wrong.")


class McqCard(_CardBase):
    """Multiple choice: one correct option is single choice, several is pick-all-that-apply."""

    type: Literal["mcq"]
    question: Text
    options: list[McqOption] = Field(min_length=2, max_length=9)
    shuffle: bool = True

    @property
    def multiple(self) -> bool:
        return sum(o.correct for o in self.options) > 1


class TrueFalseCard(_CardBase):
    type: Literal["true_false"]
    statement: Text
    answer: bool


class TypedCard(_CardBase):
    """A typed answer, matched leniently against every accepted answer."""

    type: Literal["typed"]
    question: Text
    answers: list[ShortText] = Field(min_length=1)


class NumericCard(_CardBase):
    type: Literal["numeric"]
    question: Text
    answer: int | float
    tolerance: float = Field(default=0, ge=0)


class OrderCard(_CardBase):
    """Put the items in order; they are listed here in the correct order."""

    type: Literal["order"]
    prompt: Text
    items: list[ShortText] = Field(max_length=12)


class MatchCard(_CardBase):
    """Pair each left side with its right side."""

    type: Literal["match"]
    prompt: Text
    pairs: list[Annotated[list[ShortText], Field(min_length=2, max_length=2)]] = Field(
        max_length=12, description="Each pair is `[left, right]`."
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


class Deck(_Strict):
    """One deck file."""

    studydeck: Literal[1] = Field(description="Format version; this is version 1.")
    id: Slug = Field(description="Deck id, stable for ever: progress is keyed by it.")
    title: ShortText
    description: Text | None = None
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$")] = "en"
    authors: list[ShortText] = Field(default_factory=list)
    tags: list[Slug] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    settings: Settings = Field(default_factory=Settings)
    cards: list[Card] = Field(default_factory=list)

    def source(self, source_id: str | None) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def card(self, card_id: str) -> Card | None:
        return next((c for c in self.cards if c.id == card_id), None)
