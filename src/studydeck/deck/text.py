"""A card's text, in one place: what the learner is asked, the answer, the answers accepted, the
cloze parts and the citation of the source. Study, the TUI and the instructor's exports all
take their text from here, so a card type added to the format is given its text once; each
switch over the card types ends in assert_never, so mypy names any type a change forgets.

All text is plain: whoever shows it escapes it for its medium (tui/text.py's `literal`, HTML).
"""

from __future__ import annotations

from functools import lru_cache
from typing import assert_never

from studydeck.deck import models
from studydeck.deck.cloze import Cloze, Deletion, parse_cloze, part_index
from studydeck.deck.models import Card, Deck

REVERSE = "reverse"  # the part of a basic card studied back → front
LETTERS = "ABCDEFGHI"  # an mcq has at most nine options


# ---- one item (a card, or one side or cloze deletion of it), as studied ------------------------


def prompt(card: Card, part: str = "") -> str:
    """What the learner is asked: the front (the back when reversed), the cloze text with this
    part's deletion blanked as "[…]", the question, the statement."""
    match card:
        case models.BasicCard():
            return card.back if part == REVERSE else card.front
        case models.ClozeCard():
            return cloze(card.text).prompt(_index(card, part))
        case models.McqCard() | models.TypedCard() | models.NumericCard():
            return card.question
        case models.TrueFalseCard():
            return card.statement
        case models.OrderCard() | models.MatchCard():
            return card.prompt
        case _:
            assert_never(card)


def answer(card: Card, part: str = "") -> str:
    """The correct answer as one line of text, for feedback."""
    match card:
        case models.BasicCard():
            return card.front if part == REVERSE else card.back
        case models.ClozeCard():
            return deletion(card, part).answers[0]
        case models.McqCard():
            return "; ".join(o.text for o in card.options if o.correct)
        case models.TrueFalseCard():
            return "True" if card.answer else "False"
        case models.TypedCard():
            return card.answers[0]
        case models.NumericCard():
            value = number(card.answer)
            return f"{value} ± {number(card.tolerance)}" if card.tolerance else value
        case models.OrderCard():
            return " → ".join(card.items)
        case models.MatchCard():
            return "; ".join(f"{left} → {right}" for left, right in card.pairs)
        case _:
            assert_never(card)


def accepted_answers(card: models.TypedCard | models.ClozeCard, part: str = "") -> tuple[str, ...]:
    """Every answer a typed card or a cloze deletion accepts, the one shown first."""
    if isinstance(card, models.TypedCard):
        return tuple(card.answers)
    return deletion(card, part).answers


def full_text(card: Card, part: str = "") -> str:
    """A cloze's whole text with every deletion filled in; any other card's prompt."""
    if isinstance(card, models.ClozeCard):
        return cloze(card.text).full_text()
    return prompt(card, part)


@lru_cache(maxsize=1024)
def cloze(text: str) -> Cloze:
    """A cloze text's deletions, parsed once for the answers that follow (Cloze is frozen)."""
    return parse_cloze(text)


def deletion(card: models.ClozeCard, part: str) -> Deletion:
    """The deletion a cloze part ("c1", "c2", …) asks for."""
    return cloze(card.text).deletions[_index(card, part)]


def _index(card: models.ClozeCard, part: str) -> int:
    try:
        index = part_index(part)
    except ValueError:
        index = -1
    if not 0 <= index < len(cloze(card.text).deletions):
        raise ValueError(f"card {card.id!r} has no cloze deletion {part!r}")
    return index


# ---- a whole card at once, for tools that only know "question and answer" (Anki, CSV) -----------


def card_prompt(card: Card) -> str:
    """The whole card as one question. Lists that studydeck shuffles are shown in a fixed,
    non-revealing order (options as written, order items and match sides sorted)."""
    match card:
        case models.BasicCard():
            return card.front
        case models.ClozeCard():
            return cloze(card.text).blanked()
        case models.McqCard():
            options = "\n".join(f"{LETTERS[i]}. {o.text}" for i, o in enumerate(card.options))
            # the deck's own question often says so already ("(Pick all that apply.)")
            said = "all that apply" in card.question.casefold()
            pick = " (choose all that apply)" if card.multiple and not said else ""
            return f"{card.question}{pick}\n{options}"
        case models.TrueFalseCard():
            return f"True or false? {card.statement}"
        case models.TypedCard() | models.NumericCard():
            return card.question
        case models.OrderCard():
            items = "\n".join(f"- {item}" for item in sorted(card.items, key=str.casefold))
            return f"{card.prompt}\n{items}"
        case models.MatchCard():
            lefts = "\n".join(f"- {p[0]}" for p in card.pairs)
            rights = ", ".join(sorted((p[1] for p in card.pairs), key=str.casefold))
            return f"{card.prompt}\n{lefts}\n(choose from: {rights})"
        case _:
            assert_never(card)


def card_answer(card: Card) -> str:
    """The whole card's right answer, in words (every deletion, every accepted answer)."""
    match card:
        case models.BasicCard():
            return card.back
        case models.ClozeCard():
            return "; ".join(" / ".join(d.answers) for d in cloze(card.text).deletions)
        case models.McqCard():
            chosen = enumerate(card.options)
            return "; ".join(f"{LETTERS[i]}. {o.text}" for i, o in chosen if o.correct)
        case models.TrueFalseCard():
            return "True" if card.answer else "False"
        case models.TypedCard():
            return " / ".join(card.answers)
        case models.NumericCard():
            tolerance = f" (± {number(card.tolerance)})" if card.tolerance else ""
            return f"{number(card.answer)}{tolerance}"
        case models.OrderCard():
            return "\n".join(f"{i}. {item}" for i, item in enumerate(card.items, start=1))
        case models.MatchCard():
            return "\n".join(f"{left} → {right}" for left, right in card.pairs)
        case _:
            assert_never(card)


def option_notes(card: Card) -> str:
    """An mcq's per-option `why`, which the learner sees after answering."""
    if not isinstance(card, models.McqCard):
        return ""
    return "\n".join(
        f"{LETTERS[i]}. {o.text}: {o.why}" for i, o in enumerate(card.options) if o.why
    )


# ---- pieces ------------------------------------------------------------------------------------


def citation(deck: Deck, card: Card) -> str:
    """The card's source as a citation: title, author, publisher, year, place in the source,
    then the URL in <…>; a source the deck does not list is cited by its id ("" for none)."""
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


def number(value: float) -> str:
    """A number as a deck author wrote it: whole numbers in full, others without trailing 0s."""
    return f"{value:g}" if isinstance(value, float) else str(value)
