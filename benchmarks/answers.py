"""Answers a simulated learner gives, by card type, and answering through the real Session."""

from __future__ import annotations

import random

from studydeck.deck import models
from studydeck.deck.text import accepted_answers
from studydeck.study import Answer, Rating, Session, StudyItem


def answer_for(item: StudyItem, right: bool) -> Answer:
    """A right (or plainly wrong) answer to `item`, in the shape the Session expects."""
    card = item.card
    match card:
        case models.McqCard():
            chosen = {i for i, o in enumerate(card.options) if o.correct == right}
            return frozenset(chosen)
        case models.TrueFalseCard():
            return card.answer if right else not card.answer
        case models.TypedCard() | models.ClozeCard():
            return accepted_answers(card, item.key.part)[0] if right else "no idea"
        case models.NumericCard():
            return f"{card.answer:g}" if right else f"{card.answer + card.tolerance + 10:g}"
        case models.OrderCard():
            order = list(range(len(card.items)))
            return order if right else order[::-1]
        case models.MatchCard():
            n = len(card.pairs)
            return {i: i if right else (i + 1) % n for i in range(n)}
    return None  # basic: self-graded


def plan_answer(
    session: Session, rng: random.Random, right_share: float = 0.85
) -> tuple[StudyItem, bool, Answer] | None:
    """What the learner does before answering: look at the current item and decide on an
    answer (right or wrong). None when the session is over."""
    item = session.current
    if item is None:
        return None
    right = rng.random() < right_share
    return item, right, answer_for(item, right)


def give_answer(session: Session, planned: tuple[StudyItem, bool, Answer]) -> None:
    """Check and record the answer the way the study screen does."""
    item, right, answer = planned
    if item.self_graded:
        session.record(Rating.GOOD if right else Rating.AGAIN, answer=None, elapsed=6.0)
    else:
        grade = session.check(answer, hint_used=False, elapsed=6.0)
        session.record(grade.proposed, answer=answer, grade=grade, elapsed=6.0)
