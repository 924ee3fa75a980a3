"""Studying toward an exam: what to study each day so that as much as possible is recalled on
the exam day, within the minutes the learner can give each day.

What the planner optimises, and what it assumes (the README says the same in words):
- The goal is the expected number of items recalled on the exam day: the sum over items of
  their recall probability then, by the learner's FSRS forgetting curve and parameters (fitted
  to their answers once there are enough, fsrs's defaults before).
- A review now changes an item's memory as FSRS says (fsrs-rs-python's `next_states`): right
  (Good, with the probability the item is recalled now) or wrong (Again). Its value is the rise
  in the item's expected recall on the exam day if it is not reviewed again before then:
      gain = r·R(exam | Good now) + (1 − r)·R(exam | Again now) − R(exam | no review)
  Each day, after the new cards the schedule asks for, the reviews with the most gain per second
  of the learner's own answer time come first, until the day's budget is spent; a review that
  would raise the item's recall on the exam day by less than `MIN_GAIN` waits (it would not
  change the exam). Time left goes to more new cards. Choosing day by day is greedy: it does not
  plan which day a review is best spent on, but a review the day before the exam gains more than
  one weeks ahead of it, so reviews drift towards the exam by themselves. A review is counted
  as one answer: budgeting its relearning step too (when forgotten) left minutes unspent and
  recalled less in the benchmark (0.856 against 0.875 at 4 minutes a day), so a day with many
  lapses can run a little over its budget.
- New cards: every card is introduced early enough to be reviewed several times before the exam:
  by `LEAD_DAYS` (a week) before it, or by halfway through the days left when fewer than two
  weeks remain. A card learned a week ahead (stability ~2-3 days with the default parameters)
  is then reviewed about three times before the exam. New cards a day rise above the deck's
  `new_per_day` only as far as the budget allows: each costs about `ANSWERS_PER_NEW` answers
  before the exam. When the budget cannot take every card, the plan says how many it can.
- Learning steps and relearning steps are answered as usual, the same day, and count against
  the budget first. The memory model and every state saved are FSRS's as always: the plan only
  chooses which items are shown, so after the exam the decks go back to ordinary scheduling
  with every item's memory state as it is.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace

MIN_GAIN = 0.01  # a review that raises exam-day recall by less than this waits
LEAD_DAYS = 7  # new cards are introduced at least this many days before the exam…
# a new card's answers on its first day: the first, and a learning step when the first is wrong
# (right first, an auto-graded card is rated Good and with one step leaves learning at once)
FIRST_DAY_ANSWERS = 1.5
ANSWERS_PER_NEW = 5  # …and cost about this many answers before it: the first day's and 3 reviews
DEFAULT_SECONDS = 10.0  # an answer's time until the learner has `MIN_TIMES` answers of the type
MIN_TIMES = 20
FORECAST_ITEMS = 1000  # the forecast plays the plan on at most this many items (a sample)
_RETENTION = 0.9  # next_states wants one; it only sets the intervals it returns, not stability


@dataclass(frozen=True)
class Memory:
    """An item's memory as the planner sees it."""

    stability: float
    difficulty: float
    elapsed: int  # study days since its last review
    seconds: float  # what one answer to it costs the learner


class Model:
    """The learner's memory by FSRS, with their parameters (None: the defaults)."""

    def __init__(self, parameters: Sequence[float] | None = None) -> None:
        import fsrs_rs_python

        w = list(parameters) if parameters is not None else list(fsrs_rs_python.DEFAULT_PARAMETERS)
        self._fsrs = fsrs_rs_python.FSRS(w)
        self._state = fsrs_rs_python.MemoryState
        self.decay = -w[20]
        self.factor = 0.9 ** (1 / self.decay) - 1
        first = self._fsrs.next_states(None, _RETENTION, 0)
        # a new card learned the usual way: wrong or right first, then right at its step
        self.learned = (first.good.memory.stability, first.good.memory.difficulty)

    def recall(self, days: float, stability: float) -> float:
        """The chance of recalling an item `days` after its last review (FSRS's curve)."""
        return float((1 + self.factor * max(days, 0.0) / stability) ** self.decay)

    def after(self, m: Memory, recalled: bool) -> tuple[float, float]:
        """(stability, difficulty) after answering the item now, right (Good) or wrong."""
        states = self._fsrs.next_states(
            self._state(m.stability, m.difficulty), _RETENTION, m.elapsed
        )
        memory = (states.good if recalled else states.again).memory
        return memory.stability, memory.difficulty

    def gain(self, m: Memory, days_to_exam: int) -> float:
        """How much reviewing the item now raises its expected recall on the exam day."""
        now = self.recall(m.elapsed, m.stability)
        keep = self.recall(m.elapsed + days_to_exam, m.stability)
        good = self.recall(days_to_exam, self.after(m, True)[0])
        again = self.recall(days_to_exam, self.after(m, False)[0])
        return now * good + (1 - now) * again - keep


def choose_reviews(
    model: Model, items: Sequence[Memory], days_to_exam: int, seconds: float
) -> list[int]:
    """Which of `items` to review today within `seconds`, best first: the most exam-day recall
    gained per second of answering; none whose gain is under MIN_GAIN."""
    scored = []
    for i, m in enumerate(items):
        gain = model.gain(m, days_to_exam)
        if gain >= MIN_GAIN:
            scored.append((-gain / m.seconds, i))
    scored.sort()
    chosen: list[int] = []
    left = seconds
    for _, i in scored:
        cost = items[i].seconds
        if cost > left:
            break
        chosen.append(i)
        left -= cost
    return chosen


@dataclass(frozen=True)
class NewCards:
    """How many new cards to introduce today, and whether the budget can take them all."""

    today: int
    unseen: int  # cards not yet seen
    affordable: int  # of those, how many the budget can take before the exam
    intro_days: int  # days left to introduce them in

    @property
    def budget_too_small(self) -> bool:
        return self.affordable < self.unseen


def intro_days(days_left: int) -> int:
    """Days, from today, in which new cards are introduced: all but the last LEAD_DAYS before
    the exam, or the first half of the days left when fewer than two weeks remain."""
    return max(1, math.ceil(days_left / 2), days_left - LEAD_DAYS)


def new_cards(
    unseen: int,
    seen: int,
    days_left: int,
    setting: int,
    budget_seconds: float,
    seconds: float,
) -> NewCards:
    """Today's new cards for an exam `days_left` days ahead (0: today), with `budget_seconds` a
    day and `seconds` an answer; `seen` items already need reviews from the same budget."""
    days = max(days_left, 0) + 1  # today counts: the learner studies before the exam
    total = budget_seconds * days
    # items already seen: about one review each every few days until the exam
    upkeep = seen * seconds * min(3.0, days / 4)
    affordable = min(unseen, max(0, math.floor((total - upkeep) / (seconds * ANSWERS_PER_NEW))))
    spread = intro_days(days_left)
    needed = math.ceil(affordable / spread)
    today_cap = math.floor(budget_seconds / (seconds * FIRST_DAY_ANSWERS))
    # the deck's setting, or more when the cards need it, as far as a day's budget goes
    count = min(max(setting, needed), today_cap)
    return NewCards(min(count, unseen), unseen, affordable, spread)


@dataclass(frozen=True)
class DayPlan:
    """One day of the plan: which of the items to review (best first) and how many new cards."""

    reviews: list[int]
    new: int
    schedule: NewCards


def plan_day(
    model: Model,
    items: Sequence[Memory],
    unseen: int,
    days_left: int,
    setting: int,
    budget_seconds: float,
    seconds: float,
    *,
    new_done: int = 0,
    spent: float = 0.0,
) -> DayPlan:
    """Today's study within what is left of the budget after `spent`: first the new cards the
    schedule asks for (`new_cards`, less `new_done` already introduced today), then reviews by
    exam-day recall gained per second (`choose_reviews`), then more new cards with the time
    left, as long as a card learned today is worth MIN_GAIN on the exam day. (Ranking extra new
    cards against the reviews instead, by their exam-day recall once learned, put off reviews
    the benchmark's learners needed: 0.934 against 0.946 at 6 minutes a day.)"""
    schedule = new_cards(unseen, len(items), days_left, setting, budget_seconds, seconds)
    room = budget_seconds - spent
    per_new = seconds * FIRST_DAY_ANSWERS
    count = max(0, min(schedule.today - new_done, unseen, math.floor(max(room, 0) / per_new)))
    room -= count * per_new
    chosen = choose_reviews(model, items, days_left, max(room, 0.0))
    room -= sum(items[i].seconds for i in chosen)
    if model.recall(days_left, model.learned[0]) >= MIN_GAIN:
        more = max(0, min(unseen - count, math.floor(max(room, 0) / per_new)))
        count += more
    return DayPlan(chosen, count, schedule)


@dataclass(frozen=True)
class Forecast:
    """What keeping to the plan should give on the exam day."""

    recalled: float  # expected share of the items recalled, 0..1
    items: int
    new: NewCards


def forecast(
    model: Model,
    seen: Sequence[Memory],
    unseen: int,
    days_left: int,
    setting: int,
    budget_seconds: float,
    seconds: float,
    spent_today: float = 0.0,
    seed: int = 0,
) -> Forecast:
    """Play the plan forward day by day until the exam, the learner answering right with the
    model's recall probability (a seeded draw), and give the expected share of all items
    recalled at the start of the exam day (what was studied that morning is not counted).
    Cards never seen count as not recalled. Above FORECAST_ITEMS items the play is on an even
    sample of them, with the budget and new cards a day cut to the sample's share (10,000
    items took a second: the home screen shows this)."""
    total = len(seen) + unseen
    today = plan_day(
        model, seen, unseen, days_left, setting, budget_seconds, seconds, spent=spent_today
    )
    first = replace(today.schedule, today=today.new)  # today: the schedule's and the room's
    share = min(1.0, FORECAST_ITEMS / total) if total else 1.0
    items = [seen[int(k / share)] for k in range(round(len(seen) * share))]
    left = round(unseen * share)
    budget, spent_today = budget_seconds * share, spent_today * share
    setting = max(1, round(setting * share)) if setting else 0
    rng = random.Random(seed)
    # study days before the exam (today the first); the exam is at the start of its day
    for day in range(max(days_left, 0)):
        to_exam = days_left - day
        spent = spent_today if day == 0 else 0.0
        plan = plan_day(model, items, left, to_exam, setting, budget, seconds, spent=spent)
        for i in plan.reviews:
            m = items[i]
            right = rng.random() < model.recall(m.elapsed, m.stability)
            stability, difficulty = model.after(m, right)
            items[i] = Memory(stability, difficulty, 0, m.seconds)
        stability, difficulty = model.learned
        items += [Memory(stability, difficulty, 0, seconds)] * plan.new
        left -= plan.new
        items = [Memory(m.stability, m.difficulty, m.elapsed + 1, m.seconds) for m in items]
    played = len(items) + left
    recalled = sum(model.recall(m.elapsed, m.stability) for m in items)
    return Forecast(recalled / played if played else 0.0, total, first)
