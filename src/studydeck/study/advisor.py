"""The workload advisor: which desired retention to pick, and what it costs a day.

For each desired retention from 0.70 to 0.97, fsrs-rs-python's simulator (the one Anki's FSRS
uses for the same question) studies the decks' items for `days` days with the learner's FSRS
parameters (fitted to their answers once there are enough; fsrs's defaults before), the decks'
new cards a day and learning steps, and the learner's own answer time (the median per card type
from the review log, weighted by the decks' cards; DEFAULT_SECONDS until a type has MIN_TIMES
answers). It reports the reviews and minutes a day and the items remembered at the end (the
sum of their recall probabilities), and marks the retention with the least time per item
remembered. The simulator's learner answers by FSRS's model with these parameters, and rates as
the learner's log shows (study/habits.py: how often a first answer, a recalled review and a
learning step get each rating, in the last `HABIT_ANSWERS` answers; Anki's average user's shares
until there are enough answers of a kind): the advice is as good as that model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from studydeck.deck.models import Deck
from studydeck.store import Store
from studydeck.study.exam import answer_seconds
from studydeck.study.habits import Habits, Logged, habits
from studydeck.study.words import plural

RETENTIONS = tuple(round(0.70 + 0.03 * i, 2) for i in range(10))  # 0.70, 0.73, … 0.97
SEEDS = (1, 2, 3)  # each retention is simulated this many times and averaged
DEFAULT_DAYS = 365
LOW, HIGH = 0.80, 0.95  # Anki warns outside these
# the log's last answers whose ratings stand for the learner's habits: a few weeks of study,
# read and counted in 0.03 s on the app's thread (90 days of a log of a million answers a
# year, read whole: ~1.5 s, from 0.3 s measured for 50,000)
HABIT_ANSWERS = 20_000


@dataclass(frozen=True)
class Option:
    """What studying at one desired retention would cost and give."""

    retention: float
    reviews_per_day: float  # answers a day: reviews, new cards and their steps
    minutes_per_day: float
    remembered: float  # items remembered at the end (sum of recall probabilities)
    days: int = DEFAULT_DAYS  # simulated

    @property
    def seconds_per_item(self) -> float:
        """Study time for each item remembered at the end."""
        return self.minutes_per_day * 60 * self.days / self.remembered if self.remembered else 0


@dataclass(frozen=True)
class Advice:
    options: list[Option]
    items: int
    seconds_per_answer: float
    fitted: bool  # the learner's own parameters (else fsrs's defaults)
    warnings: list[str]
    own_habits: bool = False  # rating shares from the learner's log (else Anki's)

    @property
    def best(self) -> Option:
        return min(self.options, key=lambda o: o.seconds_per_item)


def simulate_options(
    parameters: Sequence[float] | None,
    items: int,
    new_per_day: int,
    seconds: float,
    *,
    learning_steps: int = 1,
    relearning_steps: int = 1,
    days: int = DEFAULT_DAYS,
    retentions: Sequence[float] = RETENTIONS,
    rating: Habits | None = None,
) -> list[Option]:
    """Each retention's cost and yield, simulated (see the module's comment); `rating`: the
    learner's rating shares (None: Anki's)."""
    import fsrs_rs_python

    w = list(parameters) if parameters is not None else list(fsrs_rs_python.DEFAULT_PARAMETERS)
    config = fsrs_rs_python.default_simulator_config()
    config.deck_size = items
    config.learn_span = days
    config.learn_limit = new_per_day
    config.max_cost_perday = 1e12  # no cap: what the learner would spend
    config.state_rating_costs = [[seconds] * 4 for _ in range(3)]
    config.learning_step_count = learning_steps
    config.relearning_step_count = relearning_steps
    if rating is not None:
        config.first_rating_prob = rating.first
        config.review_rating_prob = rating.review
        config.learning_step_transitions = rating.learning
        config.relearning_step_transitions = rating.relearning
    out: list[Option] = []
    for retention in retentions:
        reviews = cost = remembered = 0.0
        for seed in SEEDS:
            result = fsrs_rs_python.simulate(w, retention, config, seed=seed)
            # every answer costs `seconds`: the cost counts learning and relearning steps too,
            # which the simulator's review and learn counts leave out
            cost += sum(result.cost_per_day)
            reviews += sum(result.cost_per_day) / seconds
            remembered += result.memorized_cnt_per_day[-1]
        runs = len(SEEDS) * days
        out.append(
            Option(retention, reviews / runs, cost / 60 / runs, remembered / len(SEEDS), days)
        )
    return out


def retention_warnings(decks: Sequence[Deck]) -> list[str]:
    """Anki's advice on desired retention, per deck."""
    out = []
    for deck in decks:
        r = deck.settings.desired_retention
        if r < LOW:
            out.append(
                f"{deck.id}: desired retention {r:.2f} is below {LOW:.2f}: you would forget"
                " much between reviews, and relearning costs more than reviewing"
            )
        elif r > HIGH:
            out.append(
                f"{deck.id}: desired retention {r:.2f} is above {HIGH:.2f}: reviews grow fast"
                " for little more remembered"
            )
    return out


@dataclass(frozen=True)
class Inputs:
    """What the simulation needs, read from the store and the decks (on the thread that owns
    the store's connection); `run` then needs neither and can go to a worker thread."""

    parameters: tuple[float, ...] | None
    items: int
    new_per_day: int
    seconds: float
    learning_steps: int
    relearning_steps: int
    warnings: list[str]
    days: int = DEFAULT_DAYS
    rating: Habits | None = None

    def run(self) -> Advice:
        options = (
            simulate_options(
                self.parameters,
                self.items,
                self.new_per_day,
                self.seconds,
                learning_steps=self.learning_steps,
                relearning_steps=self.relearning_steps,
                days=self.days,
                rating=self.rating,
            )
            if self.items
            else []
        )
        fitted = self.parameters is not None
        own = self.rating is not None and self.rating.own
        return Advice(options, self.items, self.seconds, fitted, self.warnings, own)


def inputs(store: Store, decks: Sequence[Deck], now: datetime, days: int = DEFAULT_DAYS) -> Inputs:
    """The learner's parameters, answer time and rating habits (study/habits.py), and the
    decks' items and settings (the first deck's learning steps stand for all)."""
    from studydeck.study.index import deck_index

    recent = store.recent_ratings(HABIT_ANSWERS)
    rating = habits(Logged(r.item, r.state_before, r.rating) for r in recent)

    first = decks[0].settings if decks else None
    return Inputs(
        store.parameters_in_use(now),
        sum(deck_index(d).items for d in decks),
        sum(d.settings.new_per_day for d in decks),
        answer_seconds(store, decks),
        len(first.learning_steps) if first else 1,
        len(first.relearning_steps) if first else 1,
        retention_warnings(decks),
        days,
        rating,
    )


def advise(store: Store, decks: Sequence[Deck], now: datetime, days: int = DEFAULT_DAYS) -> Advice:
    """The advisor's figures for these decks, with the learner's parameters and answer times."""
    return inputs(store, decks, now, days).run()


def chart(advice: Advice, width: int = 30) -> list[str]:
    """The advice as a text chart: minutes a day as bars `width` cells at most, items kept and
    time per item, the best retention marked. Plain text: the CLI prints it, the stats screen
    shows it literally (41 columns and the bars)."""
    if not advice.options:
        return ["No questions to simulate."]
    best = advice.best
    top = max(o.minutes_per_day for o in advice.options) or 1.0
    lines = [f"{'r':>4} {'ans/day':>7} {'min/day':>7}  {'':{width}} {'kept':>5} {'s/q':>6}"]
    for o in advice.options:
        bar = "█" * max(1, round(width * o.minutes_per_day / top))
        mark = " ◀ best" if o is best else ""
        lines.append(
            f"{o.retention:>4.2f} {o.reviews_per_day:>7.1f} {o.minutes_per_day:>7.1f}  "
            f"{bar:<{width}} {o.remembered:>5.0f} {o.seconds_per_item:>6.0f}{mark}"
        )
    source = "your fitted parameters" if advice.fitted else "FSRS default parameters"
    source += ", your ratings" if advice.own_habits else ", an average learner's ratings"
    lines += [
        f"ans/day: answers a day; kept: questions remembered after {best.days} days; s/q: study"
        " time for each question kept. ◀ best: the least time per question kept.",
        f"{plural(advice.items, 'question')}, {advice.seconds_per_answer:.0f} s an answer,"
        f" {source}.",
    ]
    return lines
