"""How the learner rates, from their review log, for the workload advisor's simulation.

fsrs-rs-python's simulator (study/advisor.py) draws each simulated answer's rating from shares
that default to Anki's average user: a first answer is Easy 17 % of the time, a recalled review
Hard 22 % and Easy 15 %, and a learning step is failed again 37 % of the time. studydeck rates
most answers itself (Good when right, Again when wrong, Hard only after a hint, a slip or a slow
answer), so a studydeck learner's log looks nothing like that, and the simulated minutes came out
wrong even with the learner's own FSRS parameters: in the exam-planning benchmark (Good/Again
learners; the advisor given a first deck's log, asked about a second 300-card deck, 90 days at
r=0.9), the simulator with the learner's fitted parameters and Anki's shares predicted 9-35 %
more minutes a day than each learner then spent; with the shares of their own log, 0.85-1.12x
(1.05x and 0.95x on average for the two learner models). Anki's simulator takes the same shares
from the user's revlog.

The shares, each counted from the log, Anki's until there are `MIN_ANSWERS` of that kind:
- first answers (state `new`): Again, Hard, Good, Easy;
- recalled reviews (state `review`, not Again): Hard, Good, Easy;
- learning and relearning steps: the rating of an answer in a step, by the rating the same item
  had just before (Again, Hard or Good: a row each).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

MIN_ANSWERS = 20  # answers of a kind before their shares replace Anki's


@dataclass(frozen=True)
class Logged:
    """One answer of the log, as the habits need it: the item, its state before the answer
    (`new`, `learning`, `review` or `relearning`) and the rating given (1-4)."""

    item: Hashable
    state_before: str
    rating: int


@dataclass(frozen=True)
class Counts:
    """How often each rating was given, by kind of answer (see the module's comment)."""

    first: tuple[int, int, int, int] = (0, 0, 0, 0)
    review: tuple[int, int, int] = (0, 0, 0)  # Hard, Good, Easy of recalled reviews
    learning: tuple[tuple[int, int, int, int], ...] = ((0,) * 4,) * 3  # row: previous rating
    relearning: tuple[tuple[int, int, int, int], ...] = ((0,) * 4,) * 3


def count(answers: Iterable[Logged]) -> Counts:
    """Count the ratings of `answers` (oldest first) by kind."""
    first = [0] * 4
    review = [0] * 3
    steps = {"learning": [[0] * 4 for _ in range(3)], "relearning": [[0] * 4 for _ in range(3)]}
    previous: dict[Hashable, int] = {}
    for a in answers:
        if not 1 <= a.rating <= 4:
            continue
        if a.state_before == "new":
            first[a.rating - 1] += 1
        elif a.state_before == "review":
            if a.rating > 1:
                review[a.rating - 2] += 1
        elif a.state_before in steps:
            before = previous.get(a.item)
            if before is not None and before < 4:  # Easy leaves the steps
                steps[a.state_before][before - 1][a.rating - 1] += 1
        previous[a.item] = a.rating
    return Counts(
        (first[0], first[1], first[2], first[3]),
        (review[0], review[1], review[2]),
        tuple((r[0], r[1], r[2], r[3]) for r in steps["learning"]),
        tuple((r[0], r[1], r[2], r[3]) for r in steps["relearning"]),
    )


def shares(counts: Sequence[int], default: Sequence[float]) -> list[float]:
    """`counts` as shares once there are MIN_ANSWERS of them, else `default`."""
    total = sum(counts)
    if total < MIN_ANSWERS:
        return list(default)
    return [c / total for c in counts]


@dataclass(frozen=True)
class Habits:
    """The rating shares the advisor's simulation uses, and whether any came from the log."""

    first: list[float]
    review: list[float]
    learning: list[list[float]]
    relearning: list[list[float]]
    own: bool  # at least one kind of share is the learner's own


def habits(answers: Iterable[Logged]) -> Habits:
    """The learner's rating shares from their log, Anki's where the log has too few answers."""
    import fsrs_rs_python

    anki = fsrs_rs_python.default_simulator_config()
    c = count(answers)
    own = (
        sum(c.first) >= MIN_ANSWERS
        or sum(c.review) >= MIN_ANSWERS
        or any(sum(row) >= MIN_ANSWERS for row in (*c.learning, *c.relearning))
    )
    return Habits(
        shares(c.first, anki.first_rating_prob),
        shares(c.review, anki.review_rating_prob),
        [shares(r, d) for r, d in zip(c.learning, anki.learning_step_transitions, strict=True)],
        [shares(r, d) for r, d in zip(c.relearning, anki.relearning_step_transitions, strict=True)],
        own,
    )
