"""What is studied: an item is one card, or one side or cloze deletion of it."""

from __future__ import annotations

from dataclasses import dataclass

from studydeck.deck import text as card_text
from studydeck.deck.models import Card, Deck
from studydeck.store import ItemKey as ItemKey  # the one item key; also importable from here
from studydeck.study.grading import is_self_graded

# the index and the states live apart, without the deck models; here for the modules that
# import them from here
from studydeck.study.index import LEARNING as LEARNING
from studydeck.study.index import NEW as NEW
from studydeck.study.index import RELEARNING as RELEARNING
from studydeck.study.index import REVIEW as REVIEW
from studydeck.study.index import DeckIndex as DeckIndex
from studydeck.study.index import deck_index as deck_index


@dataclass(frozen=True, eq=False)
class StudyItem:
    """One thing to show the learner. All text is plain (never markup)."""

    key: ItemKey
    deck: Deck
    card: Card
    state: str  # new | learning | review | relearning

    @property
    def card_type(self) -> str:
        return self.card.type

    @property
    def self_graded(self) -> bool:
        return is_self_graded(self.card)

    @property
    def prompt_text(self) -> str:
        """The question side: front (back for reverse), cloze with "[…]", question, statement."""
        return card_text.prompt(self.card, self.key.part)

    @property
    def answer_text(self) -> str:
        """The answer side as plain text (the back of a basic card, the front when reversed)."""
        return card_text.answer(self.card, self.key.part)

    @property
    def full_text(self) -> str:
        """For cloze: the whole text with every deletion filled in; otherwise the prompt."""
        return card_text.full_text(self.card, self.key.part)


def deck_items(deck: Deck) -> list[tuple[ItemKey, Card]]:
    """Every item of a deck, in deck order."""
    parts = deck_index(deck).parts
    return [
        (ItemKey(deck_id=deck.id, card_id=c.id, part=part), c)
        for c, ps in zip(deck.cards, parts, strict=True)
        for part in ps
    ]
