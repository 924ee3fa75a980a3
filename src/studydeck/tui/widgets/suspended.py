"""The stats screen's list of suspended leeches; `enter` on one puts it back into study."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from studydeck.deck.models import Deck
from studydeck.store import ItemKey
from studydeck.study.items import StudyItem
from studydeck.study.leeches import Suspended
from studydeck.tui.text import literal


def _label(item: Suspended, decks: dict[str, Deck]) -> Content:
    """The item's card id and the first line of its question, its lapses and since when."""
    deck = decks.get(item.deck_id)
    card = deck.card(item.card_id) if deck else None
    text = literal(item.card_id + (f" ({item.part})" if item.part else ""), "bold")
    if deck is not None and card is not None:
        key = ItemKey(item.deck_id, item.card_id, item.part)
        first = StudyItem(key, deck, card, "review").prompt_text.split("\n", 1)[0]
        text += Content(" · ") + literal(first if len(first) <= 60 else first[:59] + "…")
    when = item.suspended_at.astimezone().date().isoformat()
    return text + Content.styled(f"  {item.lapses} lapses, suspended {when}", "$text-muted")


class SuspendedList(OptionList):
    """Suspended items, one per line; the screen unsuspends the one chosen."""

    def __init__(self, items: Sequence[Suspended], decks: Sequence[Deck]) -> None:
        by_id = {d.id: d for d in decks}
        self.keys: dict[str, ItemKey] = {}
        options = []
        for n, item in enumerate(items):
            option_id = f"suspended-{n}"
            self.keys[option_id] = ItemKey(item.deck_id, item.card_id, item.part)
            options.append(Option(_label(item, by_id), id=option_id))
        super().__init__(*options, id="suspended")
