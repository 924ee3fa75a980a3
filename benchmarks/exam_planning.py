"""Exam planning and the workload advisor, on the scheduling benchmark's simulated learners.

Exam: 300 new cards, the exam at the start of day 30 (09:00, before that day's study), the same
minutes a day for every policy (each of `BUDGETS`), every answer 8 s (as in
benchmarks/scheduling.py, whose learners, answer rule and session hours are reused). A policy
may spend less than its budget on a day, never more. Policies, all scheduling answers through
studydeck's own FSRS code (`studydeck.study.scheduling.review`, fitting parameters as the app
does):
- plain FSRS at r=0.9 (the deck default): reviews due (most at risk first), then up to 20 new
  cards a day, interleaved as the app does, until the day's minutes are spent;
- plain FSRS at the retention the advisor recommends (`stats --advise` for this deck);
- plain FSRS at 0.9 until the last three days, which cram everything introduced (least
  recalled first, by the policy's own estimate; the app's --cram, which leaves the schedule as
  it is) with every minute the first 27 days left unspent, so its total minutes equal the
  others' budget;
- the planner: studydeck.study.plan's new-card schedule and review choice, as study/exam.py
  applies them, with the parameters the policy has fitted so far.
Figure: the share of the 300 cards recalled at the exam (the mean of each learner's true recall
probabilities; a card never introduced counts as not recalled).

Advisor: each simulated learner first studies a 300-card deck for `ADVISOR_DAYS` days under
studydeck's FSRS at r=0.9 with no budget cap (benchmarks/scheduling.py's simulation; the
scheduler fits its parameters as the app does): that is the log the advisor is given. Then the
learner asks the advisor (`studydeck.study.advisor`, as `stats --advise` calls it: the
parameters in use and the rating shares of the log) what a second 300-card deck at r=0.9 will
cost a day over `ADVISOR_DAYS` days (8 s an answer), and studies that deck: new cards with the
same learner's memory (the fsrs-like learner's own parameters, the exponential learner's traits
drawn anew for each card), the scheduler carrying its parameters and log on. Figure: predicted
against spent on the second deck. Diagnostics: what the advisor predicts for a new learner (no
log: default parameters, Anki's rating shares), and with the fitted parameters but Anki's
rating shares.
"""

from __future__ import annotations

import heapq
import math
import os
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, cast

from benchmarks.common import Figure, Result, Table
from benchmarks.scheduling import (
    DAY_STARTS_AT,
    FIRST_RECALL,
    LEARN_AHEAD,
    LEARNERS,
    NEW_PER_DAY,
    SECONDS_PER_REVIEW,
    SESSION_HOUR,
    SESSION_JITTER,
    FsrsLikeLearner,
    FsrsPolicy,
    Learner,
    simulate,
)

CARDS = 300
EXAM_DAY = 30
# ASSUMPTION: the daily budgets (the same for every policy): from tight (30 answers of 8 s a day,
# 3 per card over the 30 days) to ample (75 a day, where every policy nears full recall)
BUDGETS = (4, 6, 10)
CRAM_DAYS = 3
GOAL_POINTS = 0.05
ADVISOR_DAYS = 90
ADVISOR_TOLERANCE = 0.15
MODELS = ("fsrs-like", "exponential")
_SEED_INDEX = {"fsrs-like": 0, "exponential": 1}  # as benchmarks/scheduling.py draws them
PLANNER = "planner"
# diagnostic: the planner knowing the fsrs-like learner's own hidden parameters (a perfect fit)
ORACLE = "planner, the learner's own parameters (diagnostic)"
PLAIN = "plain FSRS r=0.9"
CRAM = "plain FSRS r=0.9, cram the last 3 days"


def _advised_name(r: float) -> str:
    return f"plain FSRS at the advisor's r={r:.2f}"


@dataclass
class ExamOutcome:
    model: str
    policy: str
    minutes_a_day: int
    recalled: float  # share of the cards recalled at the exam
    minutes: float  # spent in all
    introduced: int


def advisor_retention(cards: int = CARDS) -> float:
    """What `studydeck stats --advise` would recommend for this deck to a new learner."""
    from studydeck.study.advisor import Advice, simulate_options

    options = simulate_options(None, cards, NEW_PER_DAY, SECONDS_PER_REVIEW)
    return Advice(options, cards, SECONDS_PER_REVIEW, False, []).best.retention


def _exam_run(job: tuple[str, int, str, float, int]) -> ExamOutcome:
    """One learner, one policy, `minutes` a day on days 0-29, the exam at the start of day 30."""
    from studydeck.study.plan import Memory, Model, plan_day
    from studydeck.study.queue import interleave

    model_name, seed, policy_name, retention, minutes = job
    learner: Learner = LEARNERS[model_name](CARDS, random.Random(seed))
    policy = FsrsPolicy(retention, CARDS)
    rng = random.Random(seed + 1)
    due_at = [math.inf] * CARDS
    last = [0.0] * CARDS
    introduced = 0
    step = SECONDS_PER_REVIEW / 86400
    budget = minutes * 60.0
    spent = 0.0
    for day in range(EXAM_DAY):
        day_end = day + 1 + DAY_STARTS_AT / 24
        now = day + (SESSION_HOUR + rng.uniform(-SESSION_JITTER, SESSION_JITTER)) / 24
        cramming = policy_name == CRAM and day >= EXAM_DAY - CRAM_DAYS
        today = budget
        if cramming:  # what the first days left unspent, over the cram days
            today = (budget * EXAM_DAY - spent) / (EXAM_DAY - day)
        waiting = [i for i in range(introduced) if due_at[i] < day_end]
        learning = sorted((due_at[i], i) for i in waiting if due_at[i] - last[i] < 0.5)
        in_steps = {i for _, i in learning}
        recall_now = _policy_recall(policy, now)
        if cramming:
            main = sorted(range(introduced), key=lambda i: recall_now(i))
            new: list[int] = []
        elif policy_name in (PLANNER, ORACLE):
            seen = [i for i in range(introduced) if i not in in_steps]
            own = getattr(learner, "w", None) if policy_name == ORACLE else None
            plan = plan_day(
                Model(own if own is not None else policy.parameters),
                [_memory(policy, i, now, Memory) for i in seen],
                CARDS - introduced,
                EXAM_DAY - day,
                NEW_PER_DAY,
                today,
                SECONDS_PER_REVIEW,
                spent=len(learning) * SECONDS_PER_REVIEW,  # the steps due come first
            )
            main = [seen[k] for k in plan.reviews]
            new = list(range(introduced, min(CARDS, introduced + plan.new)))
        else:
            due = sorted((i for i in waiting if i not in in_steps), key=recall_now)
            main = due
            new = list(range(introduced, min(CARDS, introduced + NEW_PER_DAY)))
        # the app's own spreading of new cards among reviews (typed for its queue entries)
        queue = cast(list[int], interleave(cast(Any, main), cast(Any, new))) if new else main
        queue.reverse()
        used = 0.0
        while used + SECONDS_PER_REVIEW <= today:
            if learning and learning[0][0] <= now:
                item = heapq.heappop(learning)[1]
            elif queue:
                item = queue.pop()
            elif learning and learning[0][0] <= now + LEARN_AHEAD:
                item = heapq.heappop(learning)[1]
            else:
                break
            if due_at[item] == math.inf:
                recalled = rng.random() < FIRST_RECALL
                learner.learn(item, now, recalled)
                next_due, _ = policy.answer(item, now, recalled)
                introduced = max(introduced, item + 1)
            else:
                recalled = rng.random() < learner.recall(item, now)
                if cramming:
                    next_due = due_at[item]  # cram mode: the schedule is left as it was
                else:
                    next_due, _ = policy.answer(item, now, recalled)
                learner.review(item, now, recalled)
            used += SECONDS_PER_REVIEW
            last[item] = now
            due_at[item] = next_due
            if not cramming and next_due < day_end and next_due - now < 0.5:
                heapq.heappush(learning, (next_due, item))
            elif cramming and not recalled:
                heapq.heappush(learning, (now + 10 / 1440, item))  # cram: again in 10 min
            now += step
        spent += used
    exam = EXAM_DAY + SESSION_HOUR / 24
    recalled_share = sum(learner.recall(i, exam) for i in range(introduced)) / CARDS
    name = policy_name if policy_name != "advised" else _advised_name(retention)
    return ExamOutcome(model_name, name, minutes, recalled_share, spent / 60, introduced)


def _policy_recall(policy: FsrsPolicy, now: float) -> Any:
    """The policy's own estimate of an item's recall now (its FSRS state and parameters)."""
    from studydeck.study.scheduling import retrievability

    moment = _moment(now)

    def recall(i: int) -> float:
        return retrievability(
            policy.settings, policy.states[i], moment, policy.days, parameters=policy.parameters
        )

    return recall


def _moment(t: float) -> Any:
    from benchmarks.scheduling import _dt

    return _dt(t)


def _memory(policy: FsrsPolicy, i: int, now: float, memory: Any) -> Any:
    state = policy.states[i]
    assert state is not None and state.stability is not None and state.difficulty is not None
    assert state.last_review is not None
    elapsed = policy.days.number(_moment(now)) - policy.days.number(state.last_review)
    return memory(state.stability, state.difficulty, max(0, elapsed), SECONDS_PER_REVIEW)


@dataclass
class AdvisorRun:
    """One learner: the advisor's minutes a day for their second deck, and what they spent."""

    predicted: float  # with the learner's log: the parameters in use and their ratings
    spent: float
    new_learner: float  # a new learner's advice: default parameters, Anki's ratings
    anki_ratings: float  # the parameters in use, Anki's rating shares
    first_deck: float  # minutes a day spent on the first deck (the log)


def _advisor_run(job: tuple[str, int]) -> AdvisorRun:
    """A learner studies one deck under studydeck's FSRS at r=0.9, no cap; the advisor, given
    that log, predicts the minutes a day of a second deck; the learner then studies it."""
    from studydeck.study.advisor import simulate_options
    from studydeck.study.habits import Logged, habits

    model_name, seed = job
    learner = LEARNERS[model_name](CARDS, random.Random(seed))
    policy = FsrsPolicy(0.9, CARDS)
    first = simulate(learner, policy, CARDS, ADVISOR_DAYS, seed + 1)
    logged = [
        Logged(a.key, state, a.rating)
        for a, state in zip(policy.answers, policy.states_before, strict=True)
    ]

    def advice(parameters: tuple[float, ...] | None, with_log: bool) -> float:
        rating = habits(logged) if with_log else None
        option = simulate_options(
            parameters,
            CARDS,
            NEW_PER_DAY,
            SECONDS_PER_REVIEW,
            days=ADVISOR_DAYS,
            retentions=[0.9],
            rating=rating,
        )[0]
        return option.minutes_per_day

    predicted = advice(policy.parameters, True)
    anki_ratings = advice(policy.parameters, False)
    new_learner = advice(None, False)
    second = _new_cards(learner, model_name, seed)
    policy.new_deck("second")
    spent = simulate(second, policy, CARDS, ADVISOR_DAYS, seed + 2, start_day=ADVISOR_DAYS)
    return AdvisorRun(
        predicted,
        spent.minutes / ADVISOR_DAYS,
        new_learner,
        anki_ratings,
        first.minutes / ADVISOR_DAYS,
    )


def _new_cards(learner: Learner, model_name: str, seed: int) -> Learner:
    """The same learner's memory for a new deck's cards: the fsrs-like learner keeps their own
    parameters, each card's traits are drawn anew."""
    fresh = LEARNERS[model_name](CARDS, random.Random(seed + 7))
    if isinstance(learner, FsrsLikeLearner) and isinstance(fresh, FsrsLikeLearner):
        fresh.w, fresh.decay, fresh.factor = learner.w, learner.decay, learner.factor
    return fresh


def run(
    learners: int = 3,
    seed: int = 20260105,
    budgets: tuple[int, ...] = BUDGETS,
    workers: int | None = None,
) -> Result:
    settings: dict[str, Any] = {
        "cards": CARDS,
        "exam_day": EXAM_DAY,
        "minutes_a_day": list(budgets),
        "seconds_per_answer": SECONDS_PER_REVIEW,
        "learners_per_model": learners,
        "models": list(MODELS),
        "seed": seed,
        "advisor_days": ADVISOR_DAYS,
    }
    result = Result("exam planning", settings)
    advised = advisor_retention()
    settings["advisor_retention"] = advised
    policies = [(PLANNER, 0.9), (PLAIN, 0.9), ("advised", advised), (CRAM, 0.9)]
    people = [
        (model, seed + 1000 * n + 100 * _SEED_INDEX[model])
        for model in MODELS
        for n in range(learners)
    ]
    jobs = [
        (model, person, name, r, minutes)
        for minutes in budgets
        for model, person in people
        for name, r in policies + ([(ORACLE, 0.9)] if model == "fsrs-like" else [])
    ]
    workers = workers or os.cpu_count() or 1
    with ProcessPoolExecutor(max_workers=workers) as pool:
        outcomes = list(pool.map(_exam_run, jobs))
        spent = list(pool.map(_advisor_run, people))
    by: dict[tuple[int, str, str], list[ExamOutcome]] = {}
    for o in outcomes:
        by.setdefault((o.minutes_a_day, o.model, o.policy), []).append(o)
    rows = [
        [
            minutes,
            model,
            name,
            f"{_mean(o.recalled for o in outs):.3f}",
            ", ".join(f"{o.recalled:.3f}" for o in outs),
            round(_mean(o.minutes for o in outs)),
            round(_mean(o.introduced for o in outs)),
        ]
        for (minutes, model, name), outs in by.items()
    ]
    result.tables.append(
        Table(
            f"{CARDS} cards, exam at the start of day {EXAM_DAY}, mean of {learners} learners",
            [
                "min a day",
                "learner",
                "policy",
                "recalled at the exam",
                "per learner",
                "minutes in all",
                "cards introduced",
            ],
            rows,
        )
    )
    for minutes in budgets:
        for model in MODELS:
            ours = _mean(o.recalled for o in by[(minutes, model, PLANNER)])
            others = {
                name: _mean(o.recalled for o in outs)
                for (m, who, name), outs in by.items()
                if m == minutes and who == model and name not in (PLANNER, ORACLE)
            }
            oracle = by.get((minutes, model, ORACLE))
            bound = (
                f"; the planner with the learners' own parameters"
                f" {_mean(o.recalled for o in oracle):.3f}"
                if oracle
                else ""
            )
            best_name = max(others, key=others.__getitem__)
            best = others[best_name]
            result.figures.append(
                Figure(
                    f"{model} learners: recalled at a 30-day exam, planner, {minutes} min a day",
                    ours,
                    "",
                    best,
                    best_name,
                    f"≥ best + {GOAL_POINTS * 100:.0f} points",
                    ours >= best + GOAL_POINTS,
                    "; ".join(f"{name} {value:.3f}" for name, value in others.items())
                    + bound
                    + f"; {CARDS} cards, the same minutes a day for each",
                )
            )
    for model in MODELS:
        runs = [run for (who, _), run in zip(people, spent, strict=True) if who == model]
        predicted = _mean(r.predicted for r in runs)
        actual = _mean(r.spent for r in runs)
        ratios = [r.predicted / r.spent for r in runs]
        result.figures.append(
            Figure(
                f"{model} learners: advisor's minutes a day at r=0.9, second deck",
                predicted,
                "min",
                actual,
                "minutes the learners spent",
                f"within {ADVISOR_TOLERANCE:.0%} (the mean of the learners)",
                abs(predicted - actual) <= ADVISOR_TOLERANCE * actual,
                f"{CARDS} cards, {ADVISOR_DAYS} days, 20 new a day, after a first deck's"
                f" {ADVISOR_DAYS} days; predicted/spent per learner "
                + ", ".join(f"{x:.2f}" for x in ratios)
                + "; as a new learner (defaults, Anki's ratings) "
                + ", ".join(f"{r.new_learner:.2f}" for r in runs)
                + " min; the fitted parameters with Anki's ratings "
                + ", ".join(f"{r.anki_ratings:.2f}" for r in runs)
                + " min; spent on the first deck "
                + ", ".join(f"{r.first_deck:.2f}" for r in runs)
                + " min (second/first deck "
                + ", ".join(f"{r.spent / r.first_deck:.2f}" for r in runs)
                + ": how far one learner's decks differ)",
            )
        )
    return result


def _mean(values: Any) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0
