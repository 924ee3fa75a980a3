"""A simulated learner whose memory is FSRS with parameters of its own, studying daily through
studydeck's scheduler and store: real answers in a real progress file, for the fitting tests."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fsrs import Card as FsrsCard
from fsrs import Rating as FsrsRating
from fsrs import Scheduler

from study_support import T0, self_graded
from studydeck.deck.models import Settings
from studydeck.store import ItemKey, ItemState, Store
from studydeck.study.days import Days
from studydeck.study.grading import Rating
from studydeck.study.optimizer import DEFAULT_PARAMETERS
from studydeck.study.scheduling import review

# A learner who forgets much faster than FSRS's average learner: first stabilities a third of
# the defaults, and less growth at each recall (w8).
FORGETFUL = (
    *(w / 3 for w in DEFAULT_PARAMETERS[:4]),
    *DEFAULT_PARAMETERS[4:8],
    DEFAULT_PARAMETERS[8] - 0.6,
    *DEFAULT_PARAMETERS[9:],
)
DAYS = Days(4)  # the app's study days: from 4 a.m. in the computer's zone
SESSION = timedelta(hours=9)  # studies at 09:00 UTC, well inside a study day in any zone ±4 h


@dataclass
class Simulation:
    start: datetime  # midnight UTC of the first day
    # (day, the learner's true recall) at each answer to an item in review state
    recalls: list[tuple[int, float]] = field(default_factory=list)

    def recall_at_review(self, from_day: int = 0) -> float:
        late = [p for day, p in self.recalls if day >= from_day]
        return sum(late) / len(late)


def simulate(
    store: Store,
    cards: int,
    days: int,
    *,
    learner: tuple[float, ...] = FORGETFUL,
    parameters: tuple[float, ...] | None = None,
    deck_id: str = "sim",
    start: datetime = T0,
    new_per_day: int = 20,
    seed: int = 1,
) -> Simulation:
    """Study `cards` cards over `days` days from `start`'s date: every day at SESSION, all due
    items (learning steps answered again 10 minutes later), then up to `new_per_day` new ones,
    scheduled with `parameters` (None: the defaults). Ratings are Good or Again, drawn from the
    learner's true recall."""
    rng = random.Random(seed)
    truth = Scheduler(parameters=learner, learning_steps=(), enable_fuzzing=False)
    settings = Settings()
    true_cards: dict[int, FsrsCard] = {}
    states: dict[int, ItemState] = {}
    introduced = 0
    day0 = datetime.combine(start.date(), datetime.min.time(), start.tzinfo)
    out = Simulation(day0)
    for day in range(days):
        now = day0 + timedelta(days=day) + SESSION
        due = [i for i, s in states.items() if s.due <= now + timedelta(hours=12)]
        fresh = list(range(introduced, min(cards, introduced + new_per_day)))
        introduced += len(fresh)
        with store.writing():
            for i in sorted(due) + fresh:
                while True:
                    state = states.get(i)
                    if i in true_cards:
                        recall = truth.get_card_retrievability(true_cards[i], now)
                    else:
                        recall = 0.6  # a card never seen before
                    rating = Rating.GOOD if rng.random() < recall else Rating.AGAIN
                    if state is not None and state.state == "review":
                        out.recalls.append((day, recall))
                    true_cards[i] = truth.review_card(
                        true_cards.get(i) or FsrsCard(card_id=i + 1, due=now),
                        FsrsRating(int(rating)),
                        now,
                    )[0]
                    key = ItemKey(deck_id, f"c{i}", "")
                    after = review(settings, key, state, rating, now, DAYS, parameters=parameters)
                    logged = self_graded(
                        key,
                        now,
                        after,
                        rating=int(rating),
                        correct=rating == Rating.GOOD,
                        elapsed=3.0,
                        before=state.state if state else "new",
                    )
                    store.insert_review(logged)
                    store.put_state(key, after)
                    states[i] = after
                    now += timedelta(seconds=10)
                    if after.state == "review":
                        break
                    now += timedelta(minutes=10)  # the learning step, answered when due
    return out
