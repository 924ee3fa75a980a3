"""Scheduling quality: simulated learners with a known memory model, studying daily under
studydeck's FSRS scheduling and under two baselines (SM-2 and a doubling ladder).

Each learner's true memory is hidden from the scheduler. The simulation draws every answer from
the learner's true recall probability at that moment, tells the policy only right/wrong (as
studydeck's auto-grading does: Good or Again), and measures what the learner really knows.

Two learner models:
- "fsrs-like": power forgetting curve, stability and difficulty evolving by the FSRS-6 formulas,
  with the learner's true parameters drawn around the FSRS defaults (log-normal, sigma below) and
  a hidden difficulty offset per item. The scheduler starts from the default parameters, so it is
  wrong about this learner, as it is about a real one, until it has fitted parameters to the
  learner's answers (study/optimizer.py, as the app does).
  Two answers count as "same day" (FSRS's short-term rule) when they fall in one study day
  (04:00 to 04:00), because that is how FSRS's parameters are fitted: fsrs-rs (Anki's FSRS) counts
  the time between reviews in the collection's days, which start at the rollover hour. A first
  version of this benchmark used raw py-fsrs's 24-hour rule instead; that learner differs from the
  model at every next-morning review under 24 h, and stays as a diagnostic row.
- "exponential": exponential forgetting (half-life h), a per-item growth factor, and growth that
  depends on the spacing relative to h (reviewing early grows h less, growth saturates once the
  gap reaches h): a different shape and growth rule from FSRS's.

Everything below marked ASSUMPTION was fixed before the first run and is not tuned to the result.
"""

from __future__ import annotations

import heapq
import math
import os
import random
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from benchmarks.common import Figure, Result, Table

SECONDS_PER_REVIEW = 8.0  # ASSUMPTION: every answer (new, review, relearning step) costs 8 s
FIRST_RECALL = 0.65  # ASSUMPTION: chance the learner answers a never-seen card right (guess/known)
PARAM_SIGMA = 0.15  # ASSUMPTION: log-normal spread of the fsrs-like learner's true parameters
ITEM_DIFFICULTY_SD = 1.0  # ASSUMPTION: hidden per-item offset to FSRS difficulty (scale 1-10)
NEW_PER_DAY = 20  # studydeck's deck default (Settings.new_per_day)
SESSION_HOUR = 9.0  # ASSUMPTION: the learner studies once a day, starting 09:00 ± 1 h
SESSION_JITTER = 1.0  # hours, uniform
DAY_STARTS_AT = 4  # studydeck's study day starts at 04:00 (study/days.py)
LEARN_AHEAD = 20 / 1440  # studydeck shows a learning step up to 20 min early (study/session.py)
RELEARN_MINUTES = 10.0  # baselines re-show a failed card after 10 min, like FSRS relearning
RETENTIONS = (0.8, 0.9, 0.95)
DIAGNOSTIC_RETENTION = 0.9  # the deck default, where the diagnostic variants run
# learning steps to compare with the deck default [10] (one 10-minute step, as the FSRS guide
# advises: steps done the same day, a single one of 10-30 min being reasonable): none, and
# Anki's and py-fsrs's default [1, 10]; a variant equal to the deck default is skipped
DIAGNOSTIC_STEPS: tuple[list[int], ...] = ([], [1, 10])
RECALL_TOLERANCE = 0.03
# reviews from this day on show the fitted scheduler in steady state (reported, not the target)
STEADY_FROM_DAY = 60

_EPOCH = datetime(2026, 1, 5, tzinfo=UTC)


# --- learners ------------------------------------------------------------------------------------


class Learner(Protocol):
    name: str

    def recall(self, item: int, t: float) -> float:
        """True probability of recalling `item` at time `t` (days)."""
        ...

    def learn(self, item: int, t: float, recalled: bool) -> None:
        """The first exposure: the learner sees the card (and its answer) for the first time."""
        ...

    def review(self, item: int, t: float, recalled: bool) -> None:
        """A later answer: memory changes by the learner's own rule."""
        ...


# FSRS-6 default parameters (fsrs 6.x DEFAULT_PARAMETERS) and their bounds, copied so that the
# learner model stays fixed even if the library's defaults move.
FSRS6_DEFAULTS = (
    0.212, 1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001, 1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
)  # fmt: skip
_LOWER = (0.001,) * 4 + (1.0, 0.001, 0.001, 0.001, 0.0, 0.0, 0.001, 0.001, 0.001, 0.001) + (
    0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.1,
)  # fmt: skip
_UPPER = (100.0,) * 4 + (10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5, 5.0, 0.25, 0.9, 4.0, 1.0) + (
    6.0, 2.0, 2.0, 0.8, 0.8,
)  # fmt: skip


class FsrsLikeLearner:
    """Power forgetting, FSRS-6 state updates with the learner's own (hidden) parameters."""

    def __init__(
        self,
        cards: int,
        rng: random.Random,
        sigma: float = PARAM_SIGMA,
        item_sd: float = ITEM_DIFFICULTY_SD,
        name: str = "fsrs-like",
        day_rule: str = "study day",
    ) -> None:
        self.name = name
        self.day_rule = day_rule
        w = [
            min(max(p * math.exp(rng.gauss(0, sigma)), lo), hi)
            for p, lo, hi in zip(FSRS6_DEFAULTS, _LOWER, _UPPER, strict=True)
        ]
        self.w = w
        self.decay = -w[20]
        self.factor = 0.9 ** (1 / self.decay) - 1
        self.offset = [rng.gauss(0, item_sd) for _ in range(cards)]
        self.s = [0.0] * cards
        self.d = [0.0] * cards
        self.last = [0.0] * cards

    def _d0(self, grade: int) -> float:
        return self.w[4] - math.exp(self.w[5] * (grade - 1)) + 1

    def recall(self, item: int, t: float) -> float:
        gap = max(t - self.last[item], 0.0)
        return float((1 + self.factor * gap / self.s[item]) ** self.decay)

    def _same_day(self, earlier: float, later: float) -> bool:
        if self.day_rule == "24 h":
            return later - earlier < 1
        return _study_day(earlier) == _study_day(later)

    def learn(self, item: int, t: float, recalled: bool) -> None:
        grade = 3 if recalled else 1
        self.s[item] = self.w[grade - 1]
        self.d[item] = min(max(self._d0(grade) + self.offset[item], 1.0), 10.0)
        self.last[item] = t

    def review(self, item: int, t: float, recalled: bool) -> None:
        w, s, d = self.w, self.s[item], self.d[item]
        grade = 3 if recalled else 1
        r = self.recall(item, t)
        if self._same_day(self.last[item], t):  # FSRS-6 short-term stability
            inc = math.exp(w[17] * (grade - 3 + w[18])) * s ** -w[19]
            s = s * (max(inc, 1.0) if recalled else inc)
        elif recalled:
            s = s * (1 + math.exp(w[8]) * (11 - d) * s ** -w[9] * (math.exp((1 - r) * w[10]) - 1))
        else:
            long = w[11] * d ** -w[12] * ((s + 1) ** w[13] - 1) * math.exp((1 - r) * w[14])
            s = min(long, s / math.exp(w[17] * w[18]))
        d_new = d + (10 - d) * (-w[6] * (grade - 3)) / 9
        target = self._d0(4) + self.offset[item]  # mean reversion keeps the item's own difficulty
        d_new = w[7] * target + (1 - w[7]) * d_new
        self.s[item] = max(s, 0.001)
        self.d[item] = min(max(d_new, 1.0), 10.0)
        self.last[item] = t


class ExponentialLearner:
    """Exponential forgetting; half-life grows by a per-item factor, scaled by gap / half-life."""

    name = "exponential"

    def __init__(self, cards: int, rng: random.Random) -> None:
        # ASSUMPTION: first half-life ~1.5 days and growth factor ~2.5 per well-spaced success.
        self.h0 = [math.exp(rng.gauss(math.log(1.5), 0.5)) for _ in range(cards)]
        self.growth = [math.exp(rng.gauss(math.log(2.5), 0.3)) for _ in range(cards)]
        self.h = [0.0] * cards
        self.last = [0.0] * cards

    def recall(self, item: int, t: float) -> float:
        gap = max(t - self.last[item], 0.0)
        return float(0.5 ** (gap / self.h[item]))

    def learn(self, item: int, t: float, recalled: bool) -> None:
        self.h[item] = self.h0[item] if recalled else self.h0[item] / 2
        self.last[item] = t

    def review(self, item: int, t: float, recalled: bool) -> None:
        h = self.h[item]
        gap = t - self.last[item]
        if recalled:
            h *= 1 + (self.growth[item] - 1) * min(1.0, gap / h)
        else:
            # seeing the answer again re-encodes the item at least as well as the first time
            h = max(h * 0.5, self.h0[item])
        self.h[item] = h
        self.last[item] = t


def _study_day(t: float) -> int:
    return math.floor(t - DAY_STARTS_AT / 24)


def _exact(cards: int, rng: random.Random) -> Learner:
    # Control: memory follows the scheduler's own model and default parameters, so a gap to
    # the target here comes from the harness or from whole-day intervals, not from the learner.
    return FsrsLikeLearner(cards, rng, sigma=0.0, item_sd=0.0, name=CONTROL)


def _fsrs_like_24h(cards: int, rng: random.Random) -> Learner:
    return FsrsLikeLearner(cards, rng, name=FSRS_LIKE_24H, day_rule="24 h")


CONTROL = "control: fsrs-exact"
FSRS_LIKE_24H = "fsrs-like, 24-h same-day rule (diagnostic)"
LEARNERS: dict[str, Callable[[int, random.Random], Learner]] = {
    "fsrs-like": FsrsLikeLearner,
    "exponential": ExponentialLearner,
    CONTROL: _exact,
    FSRS_LIKE_24H: _fsrs_like_24h,
}
# studied under FSRS only, no target of their own; the 24-h learner at the default retention only
CONTROLS = {CONTROL, FSRS_LIKE_24H}


# --- policies ------------------------------------------------------------------------------------


class Policy(Protocol):
    name: str

    def answer(self, item: int, t: float, recalled: bool) -> tuple[float, bool]:
        """Record an answer at `t`; return (next due time, whether this was a scheduled review).

        A scheduled review is an answer to a card in the review state (not a new card, not a
        learning or relearning step): those are the answers whose recall the target is about.
        """
        ...


def _fsrs_name(r: float) -> str:
    return f"studydeck FSRS r={r}"


def _oracle_name(r: float) -> str:
    return f"{_fsrs_name(r)}, the learner's own parameters (diagnostic)"


def _dt(t: float) -> datetime:
    # whole seconds, as a store would keep them
    return _EPOCH + timedelta(seconds=round(t * 86400))


def _days(when: datetime) -> float:
    return (when - _EPOCH).total_seconds() / 86400


class FsrsPolicy:
    """studydeck's scheduling, through its own code: `studydeck.study.scheduling.review` (FSRS
    with the deck's settings, elapsed time counted in study days, the simulation's day starting
    at 04:00 UTC, seeded fuzz, state bookkeeping) and `studydeck.study.optimizer` (parameters
    fitted to the learner's answers, refitted when `refit_due` says so, checked at the first
    answer of each study day as the app checks when it opens).

    Diagnostic variants (not what ships) help explain the results: `learning_steps` overrides
    the deck default; `fitting=False` keeps the FSRS default parameters throughout.
    """

    def __init__(
        self,
        retention: float,
        cards: int,
        learning_steps: list[int] | None = None,
        fitting: bool = True,
    ) -> None:
        from studydeck.deck.models import Settings
        from studydeck.store import ItemKey, ItemState
        from studydeck.study.days import Days
        from studydeck.study.optimizer import Answer
        from studydeck.study.scheduling import review

        self.name = _fsrs_name(retention)
        options: dict[str, Any] = {"desired_retention": retention}
        if learning_steps is not None:
            options["learning_steps"] = learning_steps
            self.name += f", learning steps {learning_steps} (diagnostic)"
        if not fitting:
            self.name += ", default parameters, no fitting (diagnostic)"
        self.settings = Settings(**options)
        self.days = Days(DAY_STARTS_AT, UTC)
        self._review = review
        self.fitting = fitting
        self.states: list[ItemState | None] = [None] * cards
        self.keys = [ItemKey("bench", f"card-{i}", "") for i in range(cards)]
        self.answers: list[Answer] = []
        self.states_before: list[str] = []  # each answer's item state before it, as the log has
        self.parameters: tuple[float, ...] | None = None
        self.fits = 0
        self._long_term = 0  # answers on a later study day than the item's previous one
        self._fitted_on: int | None = None
        self._checked_day = -1

    def new_deck(self, name: str) -> None:
        """The same learner takes up another deck of as many cards: new items under the deck
        `name`, while the parameters and the log (the app's one progress file) carry on."""
        from studydeck.store import ItemKey

        self.states = [None] * len(self.states)
        self.keys = [ItemKey(name, f"card-{i}", "") for i in range(len(self.keys))]

    def _maybe_refit(self, t: float) -> None:
        from studydeck.study.optimizer import fit, refit_due

        day = _study_day(t)
        if day == self._checked_day:
            return
        self._checked_day = day
        if not refit_due(self._long_term, self._fitted_on):
            return
        result = fit(self.answers, self.days, self.parameters)
        self._fitted_on = self._long_term
        if result.better:
            self.parameters = tuple(result.parameters)
            self.fits += 1

    def answer(self, item: int, t: float, recalled: bool) -> tuple[float, bool]:
        from studydeck.study.grading import Rating
        from studydeck.study.optimizer import Answer

        if self.fitting:
            self._maybe_refit(t)
        before = self.states[item]
        scheduled = before is not None and before.state == "review"
        rating = Rating.GOOD if recalled else Rating.AGAIN
        now = _dt(t)
        after = self._review(
            self.settings,
            self.keys[item],
            before,
            rating,
            now,
            self.days,
            parameters=self.parameters,
        )
        if before is not None and before.last_review is not None:
            self._long_term += self.days.number(now) > self.days.number(before.last_review)
        self.answers.append(Answer(self.keys[item], int(rating), now))
        self.states_before.append(before.state if before is not None else "new")
        self.states[item] = after
        return _days(after.due), scheduled


class Sm2Policy:
    """SuperMemo-2 (Wozniak 1990): intervals 1, 6, then × E-factor; Good = q4, Again = q1.

    A failed card restarts its repetitions and, as SM-2's step 7 asks, is repeated the same day
    until recalled (every `RELEARN_MINUTES`).
    """

    name = "SM-2"

    def __init__(self, cards: int) -> None:
        self.ef = [2.5] * cards
        self.reps = [0] * cards
        self.interval = [0.0] * cards
        self.relearning = [True] * cards  # new cards count as not yet scheduled

    def answer(self, item: int, t: float, recalled: bool) -> tuple[float, bool]:
        scheduled = not self.relearning[item]
        if not recalled:
            q = 1
            self.ef[item] = max(1.3, self.ef[item] + 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02))
            self.reps[item] = 0
            self.relearning[item] = True
            return t + RELEARN_MINUTES / 1440, scheduled
        self.relearning[item] = False
        # q = 4 leaves the E-factor unchanged: 0.1 - 1 * (0.08 + 0.02) = 0
        self.reps[item] += 1
        if self.reps[item] == 1:
            self.interval[item] = 1
        elif self.reps[item] == 2:
            self.interval[item] = 6
        else:
            self.interval[item] = round(self.interval[item] * self.ef[item])
        return t + self.interval[item], scheduled


class LadderPolicy:
    """Fixed doubling ladder: 1, 2, 4, 8… days after each success; back to 1 day on a miss."""

    name = "ladder 1,2,4,8…"

    def __init__(self, cards: int) -> None:
        self.step = [0] * cards
        self.relearning = [True] * cards

    def answer(self, item: int, t: float, recalled: bool) -> tuple[float, bool]:
        scheduled = not self.relearning[item]
        if not recalled:
            self.step[item] = 0
            self.relearning[item] = True
            return t + RELEARN_MINUTES / 1440, scheduled
        self.relearning[item] = False
        interval = 2.0 ** self.step[item]
        self.step[item] += 1
        return t + interval, scheduled


# --- the simulation ------------------------------------------------------------------------------


@dataclass
class Outcome:
    learner: str
    policy: str
    target: float | None
    review_recall: list[float] = field(default_factory=list)  # true p at scheduled reviews
    review_gaps: list[float] = field(default_factory=list)  # days since the previous answer
    review_days: list[float] = field(default_factory=list)  # when each scheduled review came
    review_right: int = 0
    answers: int = 0
    knowledge: list[float] = field(default_factory=list)  # per day, sum of true recall
    fits: int = 0  # parameter fits the scheduler accepted

    @property
    def steady_recall(self) -> float:
        late = [
            p
            for t, p in zip(self.review_days, self.review_recall, strict=True)
            if t >= STEADY_FROM_DAY
        ]
        return sum(late) / len(late) if late else 0.0

    @property
    def true_recall(self) -> float:
        return sum(self.review_recall) / len(self.review_recall) if self.review_recall else 0.0

    @property
    def minutes(self) -> float:
        return self.answers * SECONDS_PER_REVIEW / 60

    @property
    def average_knowledge(self) -> float:
        return sum(self.knowledge) / len(self.knowledge)

    @property
    def knowledge_per_minute(self) -> float:
        # card-days of knowledge bought per minute of study
        return sum(self.knowledge) / self.minutes if self.answers else 0.0


def simulate(
    learner: Learner, policy: Policy, cards: int, days: int, seed: int, start_day: int = 0
) -> Outcome:
    """Study once a day the way studydeck's session does (study/session.py, study/queue.py):
    everything due before the study day ends (04:00) is shown, reviews then the day's new
    cards; a learning step comes back when due, or up to 20 min early when nothing else is
    left; steps still ahead when the session ends wait for the next day's session. The days
    are numbered from `start_day` (a later deck of a learner who has studied before)."""
    rng = random.Random(seed)
    out = Outcome(learner.name, policy.name, None)
    due_at: list[float] = [math.inf] * cards  # inf: not introduced yet
    last: list[float] = [0.0] * cards
    introduced = 0
    step = SECONDS_PER_REVIEW / 86400
    for day in range(start_day, start_day + days):
        day_end = day + 1 + DAY_STARTS_AT / 24
        now = day + (SESSION_HOUR + rng.uniform(-SESSION_JITTER, SESSION_JITTER)) / 24
        out.knowledge.append(sum(learner.recall(i, now) for i in range(introduced)))
        waiting = [i for i in range(introduced) if due_at[i] < day_end]
        learning = sorted((due_at[i], i) for i in waiting if due_at[i] - last[i] < 0.5)
        in_steps = {i for _, i in learning}
        main = sorted((i for i in waiting if i not in in_steps), key=lambda i: due_at[i])
        main += range(introduced, min(cards, introduced + NEW_PER_DAY))
        introduced = min(cards, introduced + NEW_PER_DAY)
        main.reverse()  # pop() from the end
        while True:
            if learning and learning[0][0] <= now:
                item = heapq.heappop(learning)[1]
            elif main:
                item = main.pop()
            elif learning and learning[0][0] <= now + LEARN_AHEAD:
                item = heapq.heappop(learning)[1]
            else:
                break
            if due_at[item] == math.inf:
                recalled = rng.random() < FIRST_RECALL
                learner.learn(item, now, recalled)
                next_due, _ = policy.answer(item, now, recalled)
            else:
                p = learner.recall(item, now)
                gap = now - last[item]
                recalled = rng.random() < p
                next_due, scheduled = policy.answer(item, now, recalled)
                learner.review(item, now, recalled)
                if scheduled:
                    out.review_recall.append(p)
                    out.review_gaps.append(gap)
                    out.review_days.append(now)
                    out.review_right += recalled
            out.answers += 1
            last[item] = now
            due_at[item] = next_due
            if next_due < day_end and next_due - now < 0.5:
                heapq.heappush(learning, (next_due, item))
            now += step
    return out


@dataclass(frozen=True)
class PolicySpec:
    """What to build in a worker process (lambdas do not cross process boundaries)."""

    kind: str  # "fsrs", "sm2" or "ladder"
    retention: float = 0.0
    learning_steps: tuple[int, ...] | None = None
    fitting: bool = True
    oracle: bool = False  # scheduled with the learner's own (hidden) parameters

    def build(self, cards: int) -> Policy:
        if self.kind == "sm2":
            return Sm2Policy(cards)
        if self.kind == "ladder":
            return LadderPolicy(cards)
        steps = None if self.learning_steps is None else list(self.learning_steps)
        fitting = self.fitting and not self.oracle
        policy = FsrsPolicy(self.retention, cards, learning_steps=steps, fitting=fitting)
        if self.oracle:
            policy.name = _oracle_name(self.retention)
        return policy


def _policies(model: str) -> list[PolicySpec]:
    if model == FSRS_LIKE_24H:
        return [PolicySpec("fsrs", DIAGNOSTIC_RETENTION)]
    specs = [PolicySpec("fsrs", r) for r in RETENTIONS]
    if model not in CONTROLS:
        specs += [PolicySpec("sm2"), PolicySpec("ladder")]
    specs.append(PolicySpec("fsrs", DIAGNOSTIC_RETENTION, fitting=False))
    if model != "fsrs-like":  # step variants on one model only: the run must stay under a minute
        return specs
    if model == "fsrs-like":
        # what the best possible fit would give: bounds what fitting can reach
        specs += [PolicySpec("fsrs", r, oracle=True) for r in RETENTIONS]
    default_steps = _default_learning_steps()
    specs += [
        PolicySpec("fsrs", DIAGNOSTIC_RETENTION, learning_steps=tuple(steps))
        for steps in DIAGNOSTIC_STEPS
        if list(steps) != default_steps
    ]
    return specs


def _default_learning_steps() -> list[int]:
    from studydeck.deck.models import Settings

    return list(Settings().learning_steps)


# learner model → the index its seeds are drawn from: the 24-h diagnostic learners are the same
# people as the fsrs-like ones, so that the rule is the only difference
_SEED_INDEX = {"fsrs-like": 0, "exponential": 1, CONTROL: 2, FSRS_LIKE_24H: 0}


def _one_run(job: tuple[str, int, PolicySpec, int, int]) -> tuple[str, str, Outcome]:
    model, learner_seed, spec, cards, days = job
    learner = LEARNERS[model](cards, random.Random(learner_seed))
    policy = spec.build(cards)
    if spec.oracle and isinstance(learner, FsrsLikeLearner) and isinstance(policy, FsrsPolicy):
        policy.parameters = tuple(learner.w)
    out = simulate(learner, policy, cards, days, learner_seed + 1)
    out.fits = getattr(policy, "fits", 0)
    return model, policy.name, out


def run(
    cards: int = 500,
    days: int = 180,
    learners: int = 3,
    seed: int = 20260105,
    workers: int | None = None,
) -> Result:
    settings: dict[str, Any] = {
        "cards": cards,
        "days": days,
        "learners_per_model": learners,
        "seed": seed,
        "seconds_per_review": SECONDS_PER_REVIEW,
        "new_per_day": NEW_PER_DAY,
        "first_recall": FIRST_RECALL,
        "param_sigma": PARAM_SIGMA,
        "item_difficulty_sd": ITEM_DIFFICULTY_SD,
        "grades": "Good if recalled, Again if not",
        "scheduler": "studydeck.study.scheduling.review, deck default settings, study days",
        "parameters": "FSRS defaults, then fitted by studydeck.study.optimizer when refit_due",
        "learning_steps": _default_learning_steps(),
        "session": "studydeck's queue rules; starts 09:00 ± 1 h; study day ends 04:00",
        "reviews_per_day_cap": "none",
        "steady_state_from_day": STEADY_FROM_DAY,
    }
    result = Result("scheduling quality", settings)
    jobs = [
        (model, seed + 1000 * n + 100 * _SEED_INDEX[model], spec, cards, days)
        for model in LEARNERS
        for n in range(learners)
        for spec in _policies(model)
    ]
    # the exponential learners' runs take ~5x the others' (they forget fast, so answer more):
    # they start first so that no CPU sits idle at the end; the table keeps the order above
    order = sorted(range(len(jobs)), key=lambda i: jobs[i][0] != "exponential")
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        done = [_one_run(jobs[i]) for i in order]
    else:
        # independent seeded runs: spread over the CPUs
        with ProcessPoolExecutor(max_workers=workers) as pool:
            done = list(pool.map(_one_run, [jobs[i] for i in order]))
    by_job = dict(zip(order, done, strict=True))
    summary: dict[tuple[str, str], list[Outcome]] = {}
    for i in range(len(jobs)):
        model, name, out = by_job[i]
        summary.setdefault((model, name), []).append(out)
    rows: list[list[Any]] = []
    for (model, policy_name), outs in summary.items():
        target = next((r for r in RETENTIONS if policy_name == _fsrs_name(r)), None)
        right = sum(o.review_right for o in outs) / max(1, sum(len(o.review_recall) for o in outs))
        recalls = [o.true_recall for o in outs]
        rows.append(
            [
                model,
                policy_name,
                f"{target:.2f}" if target else "",
                f"{_mean(recalls):.3f}",
                f"{min(recalls):.3f}–{max(recalls):.3f}",
                ", ".join(f"{o.steady_recall:.3f}" for o in outs),
                f"{right:.3f}",
                round(_mean(len(o.review_recall) for o in outs)),
                round(_mean(o.answers for o in outs)),
                round(_mean(o.minutes for o in outs)),
                round(_mean(o.average_knowledge for o in outs), 1),
                round(_mean(o.knowledge_per_minute for o in outs), 1),
                ", ".join(str(o.fits) for o in outs) if policy_name.startswith("studydeck") else "",
            ]
        )
    result.tables.append(
        Table(
            f"{cards} cards, {days} days, mean of {learners} learner(s) per model",
            [
                "learner",
                "policy",
                "target",
                "true recall at review",
                "per learner",
                f"per learner, from day {STEADY_FROM_DAY}",
                "answered right",
                "scheduled reviews",
                "answers (all)",
                "minutes",
                "avg knowledge (cards)",
                "knowledge-days / min",
                "fits accepted",
            ],
            rows,
        )
    )
    _figures(result, summary)
    result.notes += _day_granularity(summary)
    return result


def _day_granularity(summary: dict[tuple[str, str], list[Outcome]]) -> list[str]:
    """Split the control learner's recall into 1-day and longer gaps: FSRS cannot schedule a
    card sooner than a day, so cards with stability below a day's worth miss the target."""
    notes = []
    for r in RETENTIONS:
        outs = summary.get((CONTROL, _fsrs_name(r)), [])
        pairs = [(g, p) for o in outs for g, p in zip(o.review_gaps, o.review_recall, strict=True)]
        short = [p for g, p in pairs if g < 1.5]
        longer = [p for g, p in pairs if g >= 1.5]
        if short and longer:
            notes.append(
                f"control learner r={r}: true recall {_mean(short):.3f} at 1-day reviews "
                f"({len(short) / len(pairs):.0%} of reviews), {_mean(longer):.3f} at longer gaps"
            )
    for model in LEARNERS:
        outs = summary.get((model, _fsrs_name(DIAGNOSTIC_RETENTION)), [])
        gaps = [g for o in outs for g in o.review_gaps]
        if gaps:
            notes.append(
                f"{model} r={DIAGNOSTIC_RETENTION}: {sum(g < 1 for g in gaps) / len(gaps):.0%} of "
                "scheduled reviews came under 24 h after the previous answer (the next "
                "morning's session): one study day for studydeck and for FSRS's fitted model, "
                "a same-day review under raw py-fsrs's 24-hour rule (the diagnostic learner)"
            )
    return notes


def _mean(values: Any) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0


def _figures(result: Result, summary: dict[tuple[str, str], list[Outcome]]) -> None:
    for r in RETENTIONS:
        outs = summary[("fsrs-like", _fsrs_name(r))]
        recalls = [o.true_recall for o in outs]
        mean = _mean(recalls)
        control = _mean(o.true_recall for o in summary[(CONTROL, _fsrs_name(r))])
        oracle = summary.get(("fsrs-like", _oracle_name(r)), [])
        result.figures.append(
            Figure(
                f"fsrs-like learners: true recall at review, r={r}",
                mean,
                "",
                r,
                "desired retention",
                f"±{RECALL_TOLERANCE} (the fsrs-like model: mean of its learners)",
                abs(mean - r) <= RECALL_TOLERANCE,
                "per learner "
                + ", ".join(f"{x:.3f}" for x in recalls)
                + f" (from day {STEADY_FROM_DAY}: "
                + ", ".join(f"{o.steady_recall:.3f}" for o in outs)
                + "; with their own parameters: "
                + ", ".join(f"{o.true_recall:.3f}" for o in oracle)
                + f"); control {control:.3f}",
            )
        )
    for model in LEARNERS:
        if model in CONTROLS:
            continue
        sm2_outs = summary[(model, "SM-2")]
        sm2 = _mean(o.knowledge_per_minute for o in sm2_outs)
        sm2_recall = _mean(o.true_recall for o in sm2_outs)
        sm2_knowledge = _mean(o.average_knowledge for o in sm2_outs)
        for r in RETENTIONS:
            outs = summary[(model, _fsrs_name(r))]
            ours = _mean(o.knowledge_per_minute for o in outs)
            knowledge = _mean(o.average_knowledge for o in outs)
            recall = _mean(o.true_recall for o in outs)
            note = (
                f"card-days per minute; avg knowledge {knowledge:.0f} cards at recall "
                f"{recall:.3f} vs SM-2's "
                f"{sm2_knowledge:.0f} at {sm2_recall:.3f}"
            )
            oracle = summary.get((model, _oracle_name(r)), [])
            if oracle:
                best = _mean(o.knowledge_per_minute for o in oracle)
                note += f"; with the learners' own parameters {best:.1f}/min"
            result.figures.append(
                Figure(
                    f"{model} learners: knowledge per minute, r={r}",
                    ours,
                    "",
                    sm2,
                    "SM-2",
                    "> SM-2",
                    ours > sm2,
                    note,
                )
            )


if __name__ == "__main__":  # pragma: no cover
    import time

    t0 = time.perf_counter()
    res = run()
    from benchmarks.report import markdown_table

    for table in res.tables:
        print(markdown_table(table.columns, table.rows))
    print(f"{time.perf_counter() - t0:.1f} s")
