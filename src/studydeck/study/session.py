"""A study session: the queue, checking answers, recording them durably, undo."""

from __future__ import annotations

import json
from bisect import insort
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from studydeck.deck.models import Deck
from studydeck.store import ItemState, Review, Store
from studydeck.store.keys import deck_item
from studydeck.store.times import from_text, to_text
from studydeck.study.apart import kept_apart
from studydeck.study.days import DEFAULT_DAY_STARTS_AT, Days
from studydeck.study.exam import exam_queue
from studydeck.study.grading import (
    SLOW_MINIMUM_S,
    Answer,
    Grade,
    Rating,
    grade,
    is_self_graded,
)
from studydeck.study.items import LEARNING, RELEARNING, StudyItem, deck_index, deck_items
from studydeck.study.leeches import Leech, leech_of
from studydeck.study.matching import parse_number
from studydeck.study.queue import Entry, today_so_far
from studydeck.study.renames import carry_renames
from studydeck.study.scheduling import preview, review

Clock = Callable[[], datetime]
LEARN_AHEAD = timedelta(minutes=20)  # when nothing else is left, learning steps due this soon


@dataclass(frozen=True)
class SessionSummary:
    studied: int  # answers given in the session (a question answered twice counts twice)
    right: int
    wrong: int
    seconds: float  # time spent answering: from each question shown to its answer
    due_tomorrow: int  # questions due during tomorrow's study day
    due_next_week: int  # questions due from tomorrow to the end of the 7th study day from today
    again_today: int = 0  # questions due again later in today's study day (learning steps)
    next_today: datetime | None = None  # when the first of those is due
    length: float = 0.0  # seconds from the session's start to this summary (wall time)


@dataclass
class _Done:
    entry: Entry
    from_learning: bool
    review_id: int | None  # None in cram mode
    before: ItemState | None
    after: ItemState | None
    correct: bool
    elapsed: float


def _due_text(e: Entry) -> str:
    return e.due_text


def encode_answer(answer: Answer) -> str | None:
    """The answer as JSON text for the log (sets as sorted lists, match pairs as an object)."""
    if answer is None:
        return None
    if isinstance(answer, frozenset | set):
        return json.dumps(sorted(answer))
    if isinstance(answer, dict):
        return json.dumps({str(k): v for k, v in answer.items()}, sort_keys=True)
    return json.dumps(answer, ensure_ascii=False)


class Session:
    """One study session over some decks. `current` is what to show; None when it is over."""

    def __init__(
        self,
        store: Store,
        decks: Sequence[Deck],
        clock: Clock,
        *,
        cram: bool = False,
        days: Days | None = None,
    ) -> None:
        self.store = store
        self.decks = list(decks)
        self.cram = cram
        self.days = days or Days()
        self._clock = clock
        self._main: list[Entry] = []
        self._learning: list[Entry] = []
        self._done: list[_Done] = []
        self._current: Entry | None = None
        self._current_from_learning = False
        self._last_grade: Grade | None = None
        self._hashes: dict[tuple[str, str], str] = {}  # (deck id, card id) → content hash
        self._day: tuple[date, datetime] | None = None  # a study day and when it ends
        now = self._now()
        self._shown_at = self._started_at = now
        # the learner's FSRS parameters as of when the current item was shown: a fit saved
        # meanwhile (the app fits in the background) applies from the next item on, so what
        # `intervals` showed is what `record` saves, and rebuild_state replays the same
        self._parameters: tuple[float, ...] | None = None
        # leeches the learner suspended or kept (none asked about in cram mode)
        self._leech_choices = {} if cram else store.leech_choices(d.id for d in self.decks)
        if cram:
            entries = [Entry(k, d, c, None) for d in self.decks for k, c in deck_items(d)]
            self._main = kept_apart(entries)  # no card right after its sibling or a linked card
        else:
            start, _ = self.days.bounds(now)
            today = today_so_far(store, start, [d.id for d in self.decks])
            plan = exam_queue(store, self.decks, today, now, self.days)  # as plan_queue, or
            # by the exam plan for decks with one (study/exam.py)
            self._main, self._learning = plan.main, plan.learning
        self._advance()

    # ---- what to show ------------------------------------------------------------------------

    @property
    def current(self) -> StudyItem | None:
        e = self._current
        if e is None:
            return None
        return StudyItem(e.key, e.deck, e.card, e.state_name)

    @property
    def shown_early(self) -> datetime | None:
        """When the current item is a learning step shown before it is due (nothing else is
        left and it is due within LEARN_AHEAD): the time it was due; otherwise None."""
        e = self._current
        if e is None or not self._current_from_learning:
            return None
        due = e.due
        return due if due is not None and due > self._shown_at else None

    @property
    def started_at(self) -> datetime:
        return self._started_at

    @property
    def done(self) -> int:
        return len(self._done)

    @property
    def remaining(self) -> int:
        """Items still to show, the current one included (0 once the session is over, even if
        learning steps fall due later today)."""
        if self._current is None:
            return 0
        return len(self._main) + len(self._learning) + 1

    def unreadable(self, answer: Answer) -> str | None:
        """Why `answer` cannot be graded on the current item (and should be asked again), or
        None when it can. Only a numeric card has such answers: text that is not a number
        (an empty answer is "I don't know", and graded)."""
        e = self._require_current()
        if e.card.type != "numeric" or not isinstance(answer, str) or not answer.strip():
            return None
        if parse_number(answer) is not None:
            return None
        return (
            f"“{answer.strip()}” is not a number. Type a number, such as 1992, 3.5 or 3,5 "
            "(an empty answer means I don't know)."
        )

    def check(self, answer: Answer, *, hint_used: bool, elapsed: float) -> Grade:
        """Grade the current item's answer without recording it."""
        e = self._require_current()
        # the learner's usual time only counts for answers this slow (grade's rule)
        slow = elapsed >= SLOW_MINIMUM_S
        usual = self.store.median_elapsed(e.card.type) if slow else None
        self._last_grade = grade(
            e.card, e.key.part, answer, hint_used=hint_used, elapsed=elapsed, usual=usual
        )
        return self._last_grade

    def intervals(self) -> dict[Rating, timedelta]:
        """What each rating would schedule for the current item (empty in cram mode)."""
        e = self._require_current()
        if self.cram:
            return {}
        return preview(
            e.deck.settings,
            e.key,
            e.state,
            self._shown_at,
            self.days,
            parameters=self._parameters,
        )

    @property
    def leech(self) -> Leech | None:
        """Whether the current item is a leech the learner should decide about (`suspend_current`
        or `keep_current`); None otherwise, and always in cram mode."""
        e = self._current
        if e is None or self.cram:
            return None
        return leech_of(e.state, e.deck.settings, self._leech_choices.get(e.key))

    # ---- what the learner did ----------------------------------------------------------------

    def suspend_current(self) -> None:
        """Suspend the current item (a leech): it leaves every queue, its state kept, until
        unsuspended (study/leeches.py). The session moves to the next item."""
        self._choose_leech(suspended=True)
        self._advance()

    def keep_current(self) -> None:
        """Keep the current leech in study: not asked about again until it lapses more."""
        self._choose_leech(suspended=False)

    def _choose_leech(self, *, suspended: bool) -> None:
        e = self._require_current()
        state = e.state
        key = e.key
        lapses = state.lapses if state else 0
        self.store.choose_leech(key, suspended=suspended, lapses=lapses, now=self._now())
        self._leech_choices = self.store.leech_choices(d.id for d in self.decks)

    def record(
        self,
        rating: Rating,
        *,
        answer: Answer = None,
        grade: Grade | None = None,
        elapsed: float,
    ) -> None:
        """Store the answer (committed before returning), then move to the next item.

        `grade` is the result of `check` (taken from the last `check` when omitted); `rating`
        may differ from its proposal: both are stored. Cram mode stores nothing.
        Raises ProgressFileError when the answer could not be saved; `current` stays the same.
        """
        e = self._require_current()
        rating = rating if type(rating) is Rating else Rating(rating)
        if is_self_graded(e.card):
            grade = None
        elif grade is None:
            grade = self._last_grade
        correct = grade.correct if grade else rating != Rating.AGAIN
        now = self._now()
        if self.cram:
            self._done.append(_Done(e, False, None, None, None, correct, elapsed))
            self._advance()
            return
        k = e.key
        with self.store.writing():
            before = self.store.item_state(k)  # not e.state: another session may have moved it
            # scheduled as of when the item was shown, so it is what `intervals` previewed
            after = review(
                e.deck.settings,
                k,
                before,
                rating,
                self._shown_at,
                self.days,
                parameters=self._parameters,
            )
            review_id = self.store.save_answer(
                Review(
                    deck_id=k.deck_id,
                    card_id=k.card_id,
                    part=k.part,
                    card_type=e.card.type,
                    content_hash=self._content_hash(e),
                    shown_at=self._shown_at,
                    reviewed_at=now,
                    answer=encode_answer(answer),
                    correct=correct,
                    rating=int(rating),
                    proposed=int(grade.proposed) if grade else None,
                    automatic=grade is not None and rating == grade.proposed,
                    elapsed=float(elapsed),
                    state_before=before.state if before else "new",
                    after=after,
                )
            )
        self._done.append(
            _Done(e, self._current_from_learning, review_id, before, after, correct, elapsed)
        )
        if after.state in (LEARNING, RELEARNING) and after.due < self._day_end(now):
            # the learning list is kept in due order: in it goes after those due no later
            insort(self._learning, Entry(k, e.deck, e.card, after), key=_due_text)
        self._advance(just_written=True)

    def undo(self) -> bool:
        """Take back the last answer of this session and show its item again."""
        if not self._done:
            return False
        last = self._done[-1]
        if last.review_id is not None:
            key = last.entry.key
            with self.store.writing():
                self.store.mark_undone(last.review_id, self._now())
                self.store.put_state(key, last.before)
            self._learning = [x for x in self._learning if x.key != last.entry.key]
        self._done.pop()
        self._put_back_current()
        restored = last.entry
        if last.review_id is not None:
            restored = Entry(restored.key, restored.deck, restored.card, last.before)
        self._current = restored
        self._current_from_learning = last.from_learning
        self._last_grade = None
        self._shown_at = self._now()
        self._parameters_as_shown(just_written=last.review_id is not None)
        return True

    def summary(self) -> SessionSummary:
        right = sum(d.correct for d in self._done)
        now = self._now()
        today_end = self._day_end(now)
        _, tomorrow_end = self.days.bounds(now, 1)
        _, week_end = self.days.bounds(now, 7)
        due_tomorrow = due_week = again_today = 0
        next_today: datetime | None = None
        if not self.cram:
            today_text, tomorrow_text = to_text(today_end), to_text(tomorrow_end)
            suspended = {k for k, c in self._leech_choices.items() if c.suspended}
            for deck in self.decks:
                keys = deck_index(deck).keys
                for row in self.store.items_due_before(deck.id, week_end):
                    if (deck.id, row.card_id, row.part) in suspended:
                        continue  # a leech set aside: not due
                    if deck_item(row.card_id, row.part) not in keys:  # one gone from the deck
                        continue
                    due = row.due
                    if due < today_text and row.state in (LEARNING, RELEARNING):
                        # a learning step due before the day ends: today's, not tomorrow's
                        again_today += 1
                        moment = from_text(due)
                        next_today = moment if next_today is None else min(next_today, moment)
                        continue
                    # (a review due today and left undone is still due tomorrow)
                    due_tomorrow += due < tomorrow_text
                    due_week += 1
        return SessionSummary(
            studied=len(self._done),
            right=right,
            wrong=len(self._done) - right,
            seconds=sum(d.elapsed for d in self._done),
            due_tomorrow=due_tomorrow,
            due_next_week=due_week,
            again_today=again_today,
            next_today=next_today,
            length=max((now - self._started_at).total_seconds(), 0.0),
        )

    # ---- inside ------------------------------------------------------------------------------

    def _now(self) -> datetime:
        return self._clock().astimezone(UTC)

    def _day_end(self, now: datetime) -> datetime:
        """When the study day of `now` ends (worked out once a day)."""
        day = self.days.day_of(now)
        if self._day is None or self._day[0] != day:
            self._day = (day, self.days.bounds(now)[1])
        return self._day[1]

    def _content_hash(self, e: Entry) -> str:
        """The card's content hash, worked out once per card (cards are frozen)."""
        key = (e.deck.id, e.card.id)
        found = self._hashes.get(key)
        if found is None:
            found = self._hashes[key] = e.card.content_hash()
        return found

    def _require_current(self) -> Entry:
        if self._current is None:
            raise RuntimeError("the session is over: there is no current item")
        return self._current

    def _put_back_current(self) -> None:
        e = self._current
        if e is None:
            return
        if self._current_from_learning:
            self._learning.insert(0, e)
        else:
            self._main.insert(0, e)

    def _parameters_as_shown(self, *, just_written: bool = False) -> None:
        """`just_written`: an answer (or its undoing) was committed this moment, and whether
        another process saved a fit was seen inside that transaction (Store.parameters_in_use)."""
        if not self.cram:
            self._parameters = self.store.parameters_in_use(
                self._shown_at, just_written=just_written
            )

    def _advance(self, *, just_written: bool = False) -> None:
        self._last_grade = None
        now = self._shown_at = self._now()
        self._parameters_as_shown(just_written=just_written)
        nxt = self._learning[0] if self._learning else None
        due = nxt.due if nxt else None
        if nxt and due is not None and due <= now:
            self._current, self._current_from_learning = self._learning.pop(0), True
        elif self._main:
            self._current, self._current_from_learning = self._main.pop(0), False
        elif nxt and due is not None and due <= now + LEARN_AHEAD:
            # nothing else left: a learning step due soon is shown early (as Anki's learn
            # ahead), not waited for; `shown_early` says so
            self._current, self._current_from_learning = self._learning.pop(0), True
        else:
            self._current, self._current_from_learning = None, False


def open_session(
    store: Store,
    decks: Sequence[Deck],
    now: Clock | datetime,
    cram: bool = False,
    deck_ids: Sequence[str] | None = None,
    *,
    day_starts_at: int = DEFAULT_DAY_STARTS_AT,
    tz: tzinfo | None = None,
) -> Session:
    """Start a session over `decks` (or those of them named in `deck_ids`).

    `now` is a clock (called for every answer) or a fixed time. Renamed cards' progress is
    carried over first.
    """
    clock: Clock = (lambda: now) if isinstance(now, datetime) else now
    chosen = [d for d in decks if deck_ids is None or d.id in deck_ids]
    if not cram:
        carry_renames(store, chosen, clock())
    return Session(store, chosen, clock, cram=cram, days=Days(day_starts_at, tz))
