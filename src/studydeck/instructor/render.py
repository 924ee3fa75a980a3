"""Cards as plain text for tools that only know "question and answer" (Anki notes, CSV rows)."""

from __future__ import annotations

from studydeck.deck.cloze import parse_cloze
from studydeck.deck.models import (
    BasicCard,
    Card,
    ClozeCard,
    Deck,
    MatchCard,
    McqCard,
    NumericCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)

LETTERS = "ABCDEFGHI"  # an mcq has at most nine options


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def prompt(card: Card) -> str:
    """What the learner is asked. Lists that studydeck shuffles are shown in a fixed,
    non-revealing order (options as written, order items and match sides sorted)."""
    if isinstance(card, BasicCard):
        return card.front
    if isinstance(card, ClozeCard):
        return parse_cloze(card.text).blanked()
    if isinstance(card, McqCard):
        options = "\n".join(f"{LETTERS[i]}. {o.text}" for i, o in enumerate(card.options))
        # the deck's own question often says so already ("(Pick all that apply.)")
        said = "all that apply" in card.question.casefold()
        pick = " (choose all that apply)" if card.multiple and not said else ""
        return f"{card.question}{pick}\n{options}"
    if isinstance(card, TrueFalseCard):
        return f"True or false? {card.statement}"
    if isinstance(card, TypedCard | NumericCard):
        return card.question
    if isinstance(card, OrderCard):
        items = "\n".join(f"- {item}" for item in sorted(card.items, key=str.casefold))
        return f"{card.prompt}\n{items}"
    lefts = "\n".join(f"- {p[0]}" for p in card.pairs)
    rights = ", ".join(sorted((p[1] for p in card.pairs), key=str.casefold))
    return f"{card.prompt}\n{lefts}\n(choose from: {rights})"


def answer(card: Card) -> str:
    """The right answer, in words."""
    if isinstance(card, BasicCard):
        return card.back
    if isinstance(card, ClozeCard):
        return "; ".join(" / ".join(d.answers) for d in parse_cloze(card.text).deletions)
    if isinstance(card, McqCard):
        return "; ".join(f"{LETTERS[i]}. {o.text}" for i, o in enumerate(card.options) if o.correct)
    if isinstance(card, TrueFalseCard):
        return "True" if card.answer else "False"
    if isinstance(card, TypedCard):
        return " / ".join(card.answers)
    if isinstance(card, NumericCard):
        tolerance = f" (± {_number(card.tolerance)})" if card.tolerance else ""
        return f"{_number(card.answer)}{tolerance}"
    if isinstance(card, OrderCard):
        return "\n".join(f"{i}. {item}" for i, item in enumerate(card.items, start=1))
    assert isinstance(card, MatchCard)
    return "\n".join(f"{left} → {right}" for left, right in card.pairs)


def option_notes(card: Card) -> str:
    """An mcq's per-option `why`, which the learner sees after answering."""
    if not isinstance(card, McqCard):
        return ""
    return "\n".join(
        f"{LETTERS[i]}. {o.text}: {o.why}" for i, o in enumerate(card.options) if o.why
    )


def source_text(deck: Deck, card: Card) -> str:
    """The card's source as a citation: title, author, publisher, year, place, URL."""
    source = deck.source(card.source_id)
    if source is None:
        return card.source_id or ""
    parts = [source.title]
    parts += [p for p in (source.author, source.publisher) if p]
    if source.year:
        parts.append(str(source.year))
    if card.source_locator:
        parts.append(card.source_locator)
    text = ", ".join(parts)
    return f"{text} <{source.url}>" if source.url else text
