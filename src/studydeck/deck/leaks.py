"""Leaks: one card's visible text holding another card's answer.

A learner who has just read "…under Article 51 of the UN Charter" and is then asked "Which
article of the UN Charter does Article 4 invoke?" answers from the screen, not from memory.
What a learner sees of a card is its question (front, text, statement, prompt), its options,
items and pairs, its hint, and the feedback shown after answering: the back, the explanation
and each option's `why`. A card's answers are a basic card's back, a typed card's accepted
answers, each cloze deletion, a numeric answer and the correct option of a single-answer
multiple choice.

Text is compared as typed answers are graded: without case, accents or punctuation, a leading
article dropped from the answer, and on word boundaries ("51" is in "Article 51", not in
"1951"). Answers too generic to give anything away are skipped (see `too_generic`).

The search is one pass over each visible text: one-word answers are found by a set
intersection, longer ones by their first two words, so a deck is checked in time linear in its
text, not in the square of its cards.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

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

FieldPath = tuple[str | int, ...]  # inside a card: ("explanation",), ("options", 1, "why")

_ARTICLES = frozenset({"the", "a", "an"})
_NON_WORD = re.compile(r"[\W_]+")
# One-word answers that say nothing on their own: yes/no, numbers under 10 in words, and the
# function words of English (what an answer like "all" or "none" is made of).
_GENERIC = """yes no true false none all both neither either zero one two three four five six seven
    eight nine first second third some any each every other only also not nor and or but if
    then than as at by for from in into of off on onto out over per to up upon with within
    without before after during since until till under above below between among against
    about across along around through this that these those it its he she they we you i me
    him her them us his hers their our your who whom whose which what when where why how is
    are was were be been being do does did has have had can could may might must shall should
    will would there here yet so very more most less least many much few"""
_GENERIC_WORDS = frozenset(_GENERIC.split())
# A card whose answer more than this share of the cards show asks for the deck's vocabulary
# ("Article 4" in a deck on Article 4, "CSTO" in a deck on the CSTO): meeting it once more gives
# nothing away.
COMMON_SHARE = 0.2
_COMMON_MIN_CARDS = 5  # and in at least this many cards (a small deck's share says little)


def words(text: str) -> tuple[str, ...]:
    """The text's words as typed answers are compared: no case, accents or punctuation."""
    decomposed = text if text.isascii() else unicodedata.normalize("NFKD", text)
    if decomposed == text:  # nothing decomposed (ASCII, most Cyrillic): no accents to drop
        plain = text.casefold()
    else:
        plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return tuple(_NON_WORD.sub(" ", plain).split())


def answer_words(text: str) -> tuple[str, ...]:
    found = words(text)
    if len(found) > 1 and found[0] in _ARTICLES:
        return found[1:]
    return found


def too_generic(answer: tuple[str, ...]) -> bool:
    """Whether an answer is too generic to leak: empty, a number under 10, yes/no, or one
    function word."""
    if not answer:
        return True
    if len(answer) > 1:
        return False
    word = answer[0]
    return word in _GENERIC_WORDS or (word.isdigit() and int(word) < 10)


@dataclass(frozen=True, slots=True)
class Seen:
    """A piece of text the learner sees of a card."""

    path: FieldPath
    text: str


@dataclass(frozen=True, slots=True)
class Answer:
    text: str  # as written in the deck
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Leak:
    """Card `card` (an index into the cards checked) shows, at `path`, the answer of card
    `other`."""

    card: int
    path: FieldPath
    other: int
    answer: str


def seen_text(card: Card) -> Iterator[Seen]:
    """What a learner sees of a card: its question side and its feedback."""
    match card:
        case BasicCard():
            yield Seen(("front",), card.front)
            yield Seen(("back",), card.back)
        case ClozeCard():
            yield Seen(("text",), parse_cloze(card.text).full_text())
        case McqCard():
            yield Seen(("question",), card.question)
            for j, option in enumerate(card.options):
                yield Seen(("options", j, "text"), option.text)
                if option.why is not None:
                    yield Seen(("options", j, "why"), option.why)
        case TrueFalseCard():
            yield Seen(("statement",), card.statement)
        case TypedCard() | NumericCard():
            yield Seen(("question",), card.question)
        case OrderCard():
            yield Seen(("prompt",), card.prompt)
            for j, item in enumerate(card.items):
                yield Seen(("items", j), item)
        case MatchCard():
            yield Seen(("prompt",), card.prompt)
            for j, (left, right) in enumerate(card.pairs):
                yield Seen(("pairs", j, 0), left)
                yield Seen(("pairs", j, 1), right)
    if card.hint is not None:
        yield Seen(("hint",), card.hint)
    if card.explanation is not None:
        yield Seen(("explanation",), card.explanation)


def answers(card: Card) -> list[Answer]:
    """What a card asks the learner to produce (or pick, when only one option is right)."""
    texts: list[str] = []
    match card:
        case BasicCard():
            texts.append(card.back)
        case ClozeCard():
            texts += (a for d in parse_cloze(card.text).deletions for a in d.answers)
        case TypedCard():
            texts += card.answers
        case NumericCard():
            texts.append(number_text(card.answer))
        case McqCard() if not card.multiple:
            texts += (o.text for o in card.options if o.correct)
    found: list[Answer] = []
    for text in texts:
        key = answer_words(text)
        if not too_generic(key) and all(a.words != key for a in found):
            found.append(Answer(text, key))
    return found


def number_text(value: float) -> str:
    """A numeric answer as it is written in text: 1992, 2.5."""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


_FOUND: dict[int, list[Leak]] = {}


def deck_leaks(deck: Deck) -> list[Leak]:
    """`find_leaks` over a deck's cards, worked out once while the deck object lives: the
    validator reports them and the study queue keeps the cards apart."""
    found = _FOUND.get(id(deck))
    if found is None:
        found = _FOUND[id(deck)] = find_leaks(deck.cards)
        weakref.finalize(deck, _FOUND.pop, id(deck), None)
    return found


_REMEMBERED: dict[int, list[tuple[str, str]]] = {}


def remember_leak_pairs(deck: Deck, pairs: list[tuple[str, str]]) -> None:
    """Record the leaks a check of the deck's file found, as (card id, other card id): the
    deck was made from an unchanged file whose check is remembered (deck/cache.py), so
    `leak_pairs` need not search its cards again."""
    _REMEMBERED[id(deck)] = pairs
    weakref.finalize(deck, _REMEMBERED.pop, id(deck), None)


def remembered_leak_pairs(deck: Deck) -> list[tuple[str, str]] | None:
    """The pairs recorded by `remember_leak_pairs`; None when the deck was checked now."""
    return _REMEMBERED.get(id(deck))


def leak_pairs(deck: Deck) -> list[tuple[str, str]]:
    """(card id, other card id) for each leak in the deck: as remembered from its file's check,
    or found now. Pairs declared `related` may be missing from those remembered (the check does
    not warn about them): callers treat `related` as linked anyway."""
    remembered = remembered_leak_pairs(deck)
    if remembered is not None:
        return remembered
    cards = deck.cards
    return [(cards[leak.card].id, cards[leak.other].id) for leak in deck_leaks(deck)]


def find_leaks(cards: Sequence[Card], decks: Sequence[int] | None = None) -> list[Leak]:
    """Every (card, other card) pair where the first shows the second's answer: one leak per
    pair, at the first place it shows (in the order of `seen_text`), in card order. An answer
    that more than COMMON_SHARE of a deck's cards show is the deck's vocabulary, not a leak.
    `decks` gives each card's deck when the cards are of several (all of one by default)."""
    owners: dict[tuple[str, ...], list[tuple[int, str]]] = {}  # answer words → (card, as written)
    for i, card in enumerate(cards):
        for answer in answers(card):
            owners.setdefault(answer.words, []).append((i, answer.text))
    search = _Search(owners)
    deck_of = decks if decks is not None else [0] * len(cards)
    # Two passes over the text: the first counts the cards showing each answer (to tell the
    # deck's vocabulary), the second finds the leaks. Keeping every card's finds for one pass
    # held 70 MB for a 10 MB deck, where most finds are vocabulary.
    shown_by: dict[tuple[int, tuple[str, ...]], int] = {}  # (deck, answer) → cards showing it
    for card, deck in zip(cards, deck_of, strict=True):
        for key in search.shown(card):
            shown_by[deck, key] = shown_by.get((deck, key), 0) + 1
    sizes = Counter(deck_of)
    vocabulary = {
        key
        for (deck, key), n in shown_by.items()
        if n > max(_COMMON_MIN_CARDS, COMMON_SHARE * sizes[deck])
    }
    del shown_by
    leaks: list[Leak] = []
    for i, card in enumerate(cards):
        given_away: set[int] = set()
        for key, path in search.shown(card).items():
            if key in vocabulary:
                continue
            for other, written in owners[key]:
                if other != i and other not in given_away:
                    given_away.add(other)
                    leaks.append(Leak(i, path, other, written))
    leaks.sort(key=lambda leak: (leak.card, leak.other))
    return leaks


class _Search:
    """Finds which of the answers a card's visible text shows. One-word answers are found by a
    set intersection, two-word ones by a set look-up per pair of words, longer ones by their
    first three words (many answers may share two: "Option 1 …")."""

    def __init__(self, owners: dict[tuple[str, ...], list[tuple[int, str]]]) -> None:
        self.singles = {key[0] for key in owners if len(key) == 1}
        self.doubles = {key for key in owners if len(key) == 2}
        self.by_three: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for key in owners:
            if len(key) > 2:
                self.by_three.setdefault(key[:3], []).append(key)

    def shown(self, card: Card) -> dict[tuple[str, ...], FieldPath]:
        """The answers the card shows, each with the first place it shows it."""
        found: dict[tuple[str, ...], FieldPath] = {}
        for seen in seen_text(card):
            text = words(seen.text)
            # in the order of the text (sets have none): the output is the same in every run
            for word in sorted(self.singles.intersection(text), key=text.index):
                found.setdefault((word,), seen.path)
            for at, pair in enumerate(pairwise(text)):
                if pair in self.doubles:
                    found.setdefault(pair, seen.path)
                for key in self.by_three.get(text[at : at + 3], ()):
                    if text[at : at + len(key)] == key:
                        found.setdefault(key, seen.path)
        return found


def describe_place(path: FieldPath) -> str:
    """Where in a card a piece of its text is, in words: "its explanation", "its option 2"."""
    match path:
        case ("options", int(j), "text"):
            return f"its option {j + 1}"
        case ("options", int(j), "why"):
            return f"the `why` of its option {j + 1}"
        case ("items", int(j)):
            return f"its item {j + 1}"
        case ("pairs", int(j), *_):
            return f"its pair {j + 1}"
    return f"its {path[0]}"
