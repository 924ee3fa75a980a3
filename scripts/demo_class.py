"""A realistic class for trying `studydeck report`: simulated learners study the bundled decks
for real (the real Session, the real progress files, the real `progress export`), then the
exports are written to a folder.

    .venv/bin/python scripts/demo_class.py OUT_DIR [--learners 32] [--days 14] [--seed 1]
    .venv/bin/studydeck report OUT_DIR/exports/*.json --html OUT_DIR/report.html

Each learner has an ability and a diligence (how many days they study, how much a day); each
card a difficulty; a first answer is right with probability logistic(ability - difficulty),
later ones more often as the card is learned. A wrong multiple-choice answer picks the card's
"tempting" option more often than the others, and a few cards are written to mislead the
stronger learners, so the report has something to find. One learner hands in twice.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import zlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from studydeck.deck.cloze import parse_cloze
from studydeck.deck.loader import load_decks
from studydeck.deck.models import (
    BasicCard,
    Card,
    ClozeCard,
    MatchCard,
    McqCard,
    NumericCard,
    OrderCard,
    TrueFalseCard,
    TypedCard,
)
from studydeck.instructor.progress import export_progress
from studydeck.locations import bundled_decks_dir
from studydeck.store import open_store
from studydeck.study import Answer, Rating, open_session

T0 = datetime(2026, 11, 2, 17, 0, tzinfo=UTC)


def stable(text: str) -> float:
    """A number in [0, 1) that a text always gives (the card's difficulty, its trap)."""
    return (zlib.crc32(text.encode()) % 10_000) / 10_000


def answer_for(card: Card, part: str, right: bool, rng: random.Random) -> Answer | Rating:
    if isinstance(card, BasicCard):
        return Rating.GOOD if right else Rating.AGAIN
    if isinstance(card, McqCard):
        correct = frozenset(i for i, o in enumerate(card.options) if o.correct)
        if right:
            return correct
        wrong = [i for i, o in enumerate(card.options) if not o.correct]
        tempting = wrong[int(stable(card.id) * len(wrong))]
        return frozenset({tempting if rng.random() < 0.7 else rng.choice(wrong)})
    if isinstance(card, TrueFalseCard):
        return card.answer if right else not card.answer
    if isinstance(card, TypedCard):
        return card.answers[0] if right else rng.choice(["Moscow", "Minsk", "1994", "Yerevan"])
    if isinstance(card, NumericCard):
        off = (card.tolerance or 0) + max(1.0, abs(card.answer) * 0.05)
        return f"{card.answer:g}" if right else f"{card.answer + off * rng.choice([-1, 1]):g}"
    if isinstance(card, ClozeCard):
        deletion = parse_cloze(card.text).deletions[int(part[1:]) - 1]
        return deletion.answers[0] if right else rng.choice(["Moscow", "Minsk", "1999"])
    if isinstance(card, OrderCard):
        order = list(range(len(card.items)))
        if not right:
            order[0], order[1] = order[1], order[0]
        return order
    assert isinstance(card, MatchCard)
    pairs = {i: i for i in range(len(card.pairs))}
    if not right:
        pairs[0], pairs[1] = 1, 0
    return pairs


def simulate(out: Path, learners: int, days: int, seed: int) -> None:
    decks = [r.deck for r in load_decks([bundled_decks_dir()]) if r.deck is not None]
    exports = out / "exports"
    exports.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for n in range(learners):
        ability = rng.gauss(0.6, 1.0)
        diligence = rng.uniform(0.3, 1.0)
        per_day = rng.choice([20, 40, 60, 90])
        progress = out / "learners" / f"l{n:02d}" / "progress.sqlite3"
        now = T0
        seen: set[tuple[str, str]] = set()

        def clock() -> datetime:
            return now

        for day in range(days):
            now = T0 + timedelta(days=day, minutes=rng.randint(0, 180))
            if rng.random() > diligence:
                continue
            with open_store(progress, now) as store:
                session = open_session(store, decks, now=clock)
                for _ in range(per_day):
                    item = session.current
                    if item is None:
                        break
                    key = (item.key.card_id, item.key.part)
                    difficulty = 2.5 * stable(item.card.id) - 0.8
                    if stable("trap" + item.card.id) < 0.04:  # misleads the stronger learners
                        difficulty += 2.5 * (ability - 0.6)
                    learned = 0.0 if key not in seen else 1.5
                    p = 1 / (1 + math.exp(-(ability - difficulty + learned)))
                    seen.add(key)
                    given = answer_for(item.card, item.key.part, rng.random() < p, rng)
                    if isinstance(given, Rating):
                        session.record(given, elapsed=5.0)
                    else:
                        grade = session.check(given, hint_used=False, elapsed=5.0)
                        session.record(grade.proposed, answer=given, grade=grade, elapsed=5.0)
                    now += timedelta(seconds=rng.randint(5, 40))
        end = T0 + timedelta(days=days)
        summary = export_progress(progress, decks, end, anonymous=n % 2 == 0)
        (exports / f"learner-{n:02d}.json").write_text(json.dumps(summary, ensure_ascii=False))
        if n == 3:  # handed in twice: an earlier export too
            early = export_progress(progress, decks, end - timedelta(days=3), anonymous=True)
            (exports / f"learner-{n:02d}-early.json").write_text(json.dumps(early))
        print(f"learner {n}: ability {ability:+.2f}, diligence {diligence:.2f}, {per_day}/day")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--learners", type=int, default=32)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    simulate(args.out, args.learners, args.days, args.seed)


if __name__ == "__main__":
    main()
