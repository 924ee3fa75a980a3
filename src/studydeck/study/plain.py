"""Plain mode: the same study session as the app, one line at a time (`studydeck study --plain`).

For screen readers, scripts and terminals without a full-screen UI (`TERM=dumb`, output to a
pipe or file). It prints each question as plain lines and reads each answer from standard input
as one line; grading, scheduling and storing are the Session's, exactly as in the app (each
answer committed before the next question). No colour, no cursor movement, no box drawing, and
no Textual: every line reads well aloud.

Input, per question:
- flashcard: an empty line shows the answer
- multiple choice: the option's number or letter (several separated by spaces or commas)
- true/false: t or f
- typed, numeric, cloze: the answer as text (an empty line: I don't know)
- order: the item numbers in the right order, e.g. `3 1 2`
- match: pairs of a number and a letter, e.g. `1c 2a 3b`
Then the rating: 1 Again, 2 Hard, 3 Good, 4 Easy; an empty line accepts the proposed one.
At any prompt: `?` hint, `u` undo (takes back the last answer), `q` ends the session. The end of
input ends it too; every answer given is saved already (an answer graded and not yet rated is
kept with its proposed rating, as the app does when a session is ended).
"""

from __future__ import annotations

import random
import re
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import TextIO

from studydeck.deck.models import (
    BasicCard,
    Deck,
    MatchCard,
    McqCard,
    NumericCard,
    OrderCard,
    TrueFalseCard,
)
from studydeck.store import ProgressFileError, Store
from studydeck.study.exact import exact_value
from studydeck.study.grading import Answer, Grade, Rating
from studydeck.study.items import StudyItem
from studydeck.study.labels import LETTERS, option_labels
from studydeck.study.session import Clock, Session, open_session
from studydeck.study.words import clock_time, summary_rows

RATING_NAMES = {
    Rating.AGAIN: "Again",
    Rating.HARD: "Hard",
    Rating.GOOD: "Good",
    Rating.EASY: "Easy",
}
Timer = Callable[[], float]


class EndOfInput(Exception):
    """Standard input is closed: the session ends, as with `q`."""


@dataclass
class Asked:
    """One question as shown: how its options or items were ordered, what the labels mean."""

    item: StudyItem
    order: list[int]  # mcq: option indexes as listed; order: item indexes as listed; match:
    # right-side indexes as listed (lettered)
    labels: list[str]  # mcq: the label of each listed option


def short_duration(span: timedelta) -> str:
    """`under a minute`, `10 minutes`, `3 hours`, `4 days`, `2 months`, `1.5 years`."""
    seconds = span.total_seconds()
    if seconds < 60:
        return "under a minute"
    for size, unit in ((60, "minute"), (3600, "hour"), (86400, "day")):
        amount = round(seconds / size)
        limit = {"minute": 60, "hour": 24, "day": 31}[unit]
        if seconds / size < limit:
            return f"{amount} {unit}" + ("" if amount == 1 else "s")
    days = seconds / 86400
    if days < 365:
        months = round(days / 30.4)
        return f"{months} month" + ("" if months == 1 else "s")
    years = f"{days / 365:.1f}".removesuffix(".0")
    return f"{years} year" + ("" if years == "1" else "s")


def shuffled(item: StudyItem, count: int, seed: int, *, never_identity: bool = False) -> list[int]:
    """A display order for `count` things (as the app's card views shuffle them)."""
    key = f"{item.key.deck_id}/{item.key.card_id}/{item.key.part}"
    rng = random.Random(zlib.crc32(key.encode()) ^ seed)
    order = list(range(count))
    rng.shuffle(order)
    if never_identity and count > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


class PlainSession:
    """Runs a Session over text streams."""

    def __init__(
        self,
        session: Session,
        clock: Clock,
        lines_in: TextIO,
        out: TextIO,
        *,
        timer: Timer = time.monotonic,
    ) -> None:
        self.session = session
        self.clock = clock
        self.lines_in = lines_in
        self.out = out
        self.timer = timer

    # ---- input and output ------------------------------------------------------------------

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def read(self, prompt: str) -> str:
        self.out.write(prompt)
        self.out.flush()
        line = self.lines_in.readline()
        if not line:
            self.say()
            raise EndOfInput
        return line.rstrip("\r\n")

    # ---- the session -----------------------------------------------------------------------

    def run(self) -> int:
        """Study until the queue is empty, `q`, or the end of input. Exit status: 0, or 1 when
        an answer could not be saved."""
        session = self.session
        if session.current is None:
            self.say("Nothing is due right now. Use --cram to go through a deck anyway.")
            return 0
        self.say(
            f"Studying {self.decks_text()}: {session.remaining} questions now. "
            "At any prompt: ? hint, u undo, q end. Each answer is saved as soon as it is rated."
        )
        status = 0
        try:
            while session.current is not None:
                if not self.one_question(session.current):
                    break
        except EndOfInput:
            pass
        except ProgressFileError as error:
            self.say(f"The answer was not saved: {error.message}. {error.advice}")
            status = 1
        self.show_summary()
        return status

    def decks_text(self) -> str:
        decks = self.session.decks
        return decks[0].title if len(decks) == 1 else f"{len(decks)} decks"

    def one_question(self, item: StudyItem) -> bool:
        """Ask the current question, grade, rate and record it; False when the learner ends."""
        seed = int(self.clock().timestamp()) & 0xFFFFFFFF  # a new order on each showing
        asked = self.ask(item, seed)
        shown_at = self.timer()
        hint_used = False
        while True:
            line = self.read("Your answer: ")
            command = line.strip().lower()
            if command == "q":
                return False
            if command == "?":
                hint_used = self.hint(item) or hint_used
                continue
            if command == "u":
                if self.session.undo():
                    self.say("The last answer was taken back: that question comes again.")
                    return True
                self.say("Nothing to undo in this session.")
                continue
            answer, problem = self.parse(asked, line)
            if problem is None:
                problem = self.session.unreadable(answer)
            if problem is not None:
                self.say(problem)
                continue
            break
        elapsed = max(self.timer() - shown_at, 0.0)
        grade: Grade | None = None
        if isinstance(item.card, BasicCard):
            self.say(f"Answer: {item.answer_text}")
            proposed = Rating.GOOD
        else:
            grade = self.session.check(answer, hint_used=hint_used, elapsed=elapsed)
            proposed = grade.proposed
        self.feedback(asked, grade, answer)
        return self.rate(item, grade, answer, proposed, elapsed)

    def rate(
        self, item: StudyItem, grade: Grade | None, answer: Answer, proposed: Rating, elapsed: float
    ) -> bool:
        intervals = self.session.intervals()
        choices = ", ".join(
            f"{int(r)} {RATING_NAMES[r]}"
            + (f" ({short_duration(intervals[r])})" if r in intervals else "")
            for r in Rating
        )
        self.say(f"Rate it: {choices}.")
        while True:
            try:
                line = self.read(
                    f"Rating (enter for {int(proposed)} {RATING_NAMES[proposed]}): "
                ).strip()
            except EndOfInput:
                self.keep_graded(grade, answer, elapsed)
                raise
            if line == "":
                rating = proposed
            elif line in ("1", "2", "3", "4"):
                rating = Rating(int(line))
            elif line.lower() == "q":
                self.keep_graded(grade, answer, elapsed)
                return False
            elif line.lower() == "u":
                self.say("Answer taken back: try this one again.")
                return True  # nothing was saved: the same question is asked again
            else:
                self.say("Type 1, 2, 3 or 4, or press enter to accept the proposed rating.")
                continue
            self.session.record(rating, answer=answer, grade=grade, elapsed=elapsed)
            self.say(f"Saved: {RATING_NAMES[rating]}.")
            return True

    def keep_graded(self, grade: Grade | None, answer: Answer, elapsed: float) -> None:
        """An auto-graded answer is a real answer: ended before its rating, it is kept with the
        proposed one (a revealed flashcard has no rating yet, and is left as it was)."""
        if grade is not None:
            self.session.record(grade.proposed, answer=answer, grade=grade, elapsed=elapsed)
            self.say(f"Saved: {RATING_NAMES[grade.proposed]} (the proposed rating).")

    def hint(self, item: StudyItem) -> bool:
        if not item.card.hint:
            self.say("This question has no hint.")
            return False
        self.say(f"Hint: {item.card.hint}")
        return True

    # ---- what is printed -------------------------------------------------------------------

    def ask(self, item: StudyItem, seed: int) -> Asked:
        session = self.session
        number = session.done + 1
        total = session.done + session.remaining
        where = f" · {item.deck.title}" if len(session.decks) > 1 else ""
        state = "cram" if session.cram else item.state
        self.say()
        self.say(f"Question {number} of {total}{where} ({state})")
        early = session.shown_early
        if early is not None:
            self.say(
                f"Shown early: nothing else is left, and this one is due again at "
                f"{clock_time(early)}."
            )
        card = item.card
        asked = Asked(item, [], [])
        match card:
            case BasicCard():
                side = "Flashcard, reversed" if item.key.part == "reverse" else "Flashcard"
                self.say(f"{side}. Press enter to show the answer.")
                self.say(item.prompt_text)
            case McqCard():
                count = len(card.options)
                asked.order = shuffled(item, count, seed) if card.shuffle else list(range(count))
                asked.labels = option_labels([card.options[i].text for i in asked.order])
                how = "all that apply, separated by spaces" if card.multiple else "one"
                self.say(f"Multiple choice: pick {how}.")
                self.say(item.prompt_text)
                for label, index in zip(asked.labels, asked.order, strict=True):
                    self.say(f"{label}. {card.options[index].text}")
            case TrueFalseCard():
                self.say("True or false? Type t or f.")
                self.say(item.prompt_text)
            case NumericCard():
                self.say("Type a number.")
                self.say(item.prompt_text)
            case OrderCard():
                asked.order = shuffled(item, len(card.items), seed, never_identity=True)
                self.say("Put these in order: type their numbers in the right order.")
                self.say(item.prompt_text)
                for n, index in enumerate(asked.order, start=1):
                    self.say(f"{n}. {card.items[index]}")
            case MatchCard():
                asked.order = shuffled(item, len(card.pairs), seed, never_identity=True)
                self.say("Match each numbered item with a lettered one: type pairs like 1b 2a.")
                self.say(item.prompt_text)
                for n, (left, _) in enumerate(card.pairs, start=1):
                    self.say(f"{n}. {left}")
                for letter, index in zip(LETTERS, asked.order, strict=False):
                    self.say(f"{letter}. {card.pairs[index][1]}")
            case _:
                kind = "Fill in the blank" if card.type == "cloze" else "Type the answer"
                self.say(f"{kind}. An empty answer means I don't know.")
                self.say(item.prompt_text.replace("[…]", "[blank]"))
        return asked

    def parse(self, asked: Asked, line: str) -> tuple[Answer, str | None]:
        """The answer typed on `line`, or why it cannot be read (then it is asked again)."""
        card = asked.item.card
        words = [w for w in re.split(r"[\s,;]+", line.strip().lower()) if w]
        match card:
            case BasicCard():
                return None, None
            case TrueFalseCard():
                if words in (["t"], ["true"]):
                    return True, None
                if words in (["f"], ["false"]):
                    return False, None
                return None, "Type t for true or f for false."
            case McqCard():
                labels = asked.labels
                if not words or any(w not in labels for w in words):
                    return None, f"Type an option's label: {', '.join(labels)}."
                if not card.multiple and len(words) != 1:
                    return None, "Pick one option."
                return frozenset(asked.order[labels.index(w)] for w in words), None
            case OrderCard():
                count = len(card.items)
                expected = [str(n) for n in range(1, count + 1)]
                if sorted(words, key=lambda w: (len(w), w)) != expected:
                    return None, f"Type each number from 1 to {count} once, in the right order."
                return [asked.order[int(w) - 1] for w in words], None
            case MatchCard():
                return self.parse_pairs(asked, card, words)
            case _:
                return line.strip(), None

    def parse_pairs(
        self, asked: Asked, card: MatchCard, words: list[str]
    ) -> tuple[Answer, str | None]:
        count = len(card.pairs)
        letters = LETTERS[:count]
        pairs: dict[int, int] = {}
        for word in words:
            found = re.fullmatch(r"(\d+)([a-i])", word)
            if not found or not 1 <= int(found[1]) <= count or found[2] not in letters:
                return None, f"Type pairs like 1{letters[0]} 2{letters[-1]}: a number, a letter."
            pairs[int(found[1]) - 1] = asked.order[letters.index(found[2])]
        if len(pairs) != count or len(set(pairs.values())) != count:
            return None, f"Pair each of the {count} numbered items with a different letter."
        return pairs, None

    def feedback(self, asked: Asked, grade: Grade | None, answer: Answer) -> None:
        item, card = asked.item, asked.item.card
        if grade is not None:
            if grade.correct:
                self.say("Right" + (" (almost)." if grade.almost else "."))
            else:
                self.say("Wrong.")
            if grade.detail:
                self.say(grade.detail)
            if not grade.correct or grade.almost:
                self.expected(card, grade)
            exact = exact_value(card, grade, answer)
            if exact:
                self.say(exact)
            if isinstance(card, McqCard):
                for index in grade.wrong_choices:
                    option = card.options[index]
                    if option.why:
                        self.say(f"Not “{option.text}”: {option.why}")
                if grade.correct:
                    for option in card.options:
                        if option.correct and option.why:
                            self.say(f"“{option.text}”: {option.why}")
        if card.explanation:
            self.say(f"Why: {card.explanation}")
        source = source_line(item.deck, card.source_id, card.source_locator)
        if source:
            self.say(f"Source: {source}")

    def expected(self, card: object, grade: Grade) -> None:
        if isinstance(card, OrderCard):
            self.say("The right order:")
            for n, text in enumerate(card.items, start=1):
                self.say(f"{n}. {text}")
        elif isinstance(card, MatchCard):
            self.say("The right pairs:")
            for left, right in card.pairs:
                self.say(f"{left}: {right}")
        else:
            self.say(f"Answer: {grade.expected}")

    def show_summary(self) -> None:
        summary = self.session.summary()
        self.say()
        self.say("Cram session over." if self.session.cram else "Session over.")
        for label, value in summary_rows(summary, cram=self.session.cram):
            self.say(f"{label}: {value}")


def source_line(deck: Deck, source_id: str | None, locator: str | None) -> str | None:
    """A card's source as one line: title, author, place in the source."""
    source = deck.source(source_id)
    if source is None:
        return None
    return ", ".join(part for part in (source.title, source.author, locator) if part)


def run_plain(
    store: Store,
    decks: Sequence[Deck],
    clock: Clock,
    lines_in: TextIO,
    out: TextIO,
    *,
    cram: bool = False,
    timer: Timer = time.monotonic,
) -> int:
    """A whole plain-mode session over `decks`; the exit status."""
    session = open_session(store, decks, now=clock, cram=cram)
    return PlainSession(session, clock, lines_in, out, timer=timer).run()
