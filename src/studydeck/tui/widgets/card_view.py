"""What every card view shares: the item it shows, the answer message, the shuffled order."""

from __future__ import annotations

import random
import zlib

from textual.message import Message
from textual.widget import Widget

from studydeck.study import Answer, Grade, StudyItem


class CardView(Widget):
    """Shows one study item and collects the learner's answer.

    A view posts `CardView.Answered` when the answer is complete; the study screen grades it
    and calls `show_result`. After that the view ignores its keys, so `1`–`4` fall through to
    the screen's ratings.
    """

    class Answered(Message):
        """The learner has given a complete answer."""

        def __init__(self, answer: Answer) -> None:
            super().__init__()
            self.answer = answer

    def __init__(self, item: StudyItem, seed: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.item = item
        self.seed = seed
        self.answered = False

    def tell(self, text: str) -> None:
        """A short message about this card, shown by the screen under it (a toast elsewhere)."""
        say = getattr(self.screen, "say", None)
        if callable(say):
            say(text)
        else:
            self.notify(text, markup=False)

    def show_result(self, grade: Grade, answer: Answer) -> None:
        """Mark the answer as graded (views add right/wrong marks)."""
        self.answered = True
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Once graded, every key of the view goes to the screen (ratings, accept).
        return not self.answered

    def shuffled(self, count: int, *, never_identity: bool = False) -> list[int]:
        """A display order for `count` things, the same for the same item and seed."""
        key = f"{self.item.key.deck_id}/{self.item.key.card_id}/{self.item.key.part}"
        rng = random.Random(zlib.crc32(key.encode()) ^ self.seed)
        order = list(range(count))
        rng.shuffle(order)
        if never_identity and count > 1 and order == sorted(order):
            order = order[1:] + order[:1]  # a list already in order would be no question
        return order


def item_seed(moment_seconds: float) -> int:
    """A shuffle seed from the time the item is shown: a new order on each showing."""
    return int(moment_seconds) & 0xFFFFFFFF
