"""A fixed class of 30 learners for the report's tests, with figures worked out by hand.

Each learner has a first-attempt pattern (1 right, 0 wrong, absent: not reached) over the items
A (basic), B (true/false), C (cloze, part c1), M and S (multiple choice), T (typed), D (typed,
reached by 10) and F (numeric, reached by 3); `never` is reached by nobody.

    learners  A B C M S T D F   M's choice   S's choice   T's answer
    1-3       1 1 1 1 0 1 1 .   Tashkent     Dushanbe
    4-6       1 1 1 1 0 1 . .   Tashkent     Dushanbe
    7-8       1 1 1 1 0 1 1 .   Tashkent     Dushanbe
    9-12      1 1 1 1 0 1 . .   Tashkent     Dushanbe
    13-18     1 1 0 0 1 1 . .   Moscow       Yerevan
    19-21     1 0 1 0 1 0 . 1   Minsk        Yerevan      Minsk / minsk / " Minsk "
    22-24     1 0 1 0 1 0 . .   Minsk        Yerevan      Minsk / minsk / " Minsk "
    25-28     1 0 0 0 1 0 0 .   Moscow       Yerevan      Moscow
    29        1 0 0 0 0 0 0 .   Moscow       Bishkek      Moscow
    30        1 0 0 0 0 0 . .   Moscow       Bishkek      Moscow

M's right option is Tashkent (Almaty: nobody); S's is Yerevan. Learners 25-30 lapsed twice on
B (a class leech: 6 of 30), learner 1 once on C.
"""

from __future__ import annotations

from typing import Any

DECK = "class-deck"
LEARNERS = 30

# (how many learners, first attempts): the table above, row by row
PATTERNS: list[tuple[int, dict[str, int]]] = [
    (3, {"A": 1, "B": 1, "C": 1, "M": 1, "S": 0, "T": 1, "D": 1}),
    (3, {"A": 1, "B": 1, "C": 1, "M": 1, "S": 0, "T": 1}),
    (2, {"A": 1, "B": 1, "C": 1, "M": 1, "S": 0, "T": 1, "D": 1}),
    (4, {"A": 1, "B": 1, "C": 1, "M": 1, "S": 0, "T": 1}),
    (6, {"A": 1, "B": 1, "C": 0, "M": 0, "S": 1, "T": 1}),
    (3, {"A": 1, "B": 0, "C": 1, "M": 0, "S": 1, "T": 0, "F": 1}),
    (3, {"A": 1, "B": 0, "C": 1, "M": 0, "S": 1, "T": 0}),
    (4, {"A": 1, "B": 0, "C": 0, "M": 0, "S": 1, "T": 0, "D": 0}),
    (1, {"A": 1, "B": 0, "C": 0, "M": 0, "S": 0, "T": 0, "D": 0}),
    (1, {"A": 1, "B": 0, "C": 0, "M": 0, "S": 0, "T": 0}),
]

M_OPTIONS = [("Tashkent", True), ("Moscow", False), ("Minsk", False), ("Almaty", False)]
S_OPTIONS = [("Yerevan", True), ("Dushanbe", False), ("Bishkek", False)]

# card id -> (type, tags, part, prompt)
CARDS: dict[str, tuple[str, list[str], str, str]] = {
    "A": ("basic", ["geo"], "", "How many members has the CSTO?"),
    "B": ("true_false", ["geo"], "", "True or false? Armenia is a member."),
    "C": ("cloze", ["history"], "c1", "The treaty was signed in [...] in 1992."),
    "M": ("mcq", ["history"], "", "Where was the <script>alert(1)</script> treaty signed?"),
    "S": ("mcq", ["history"], "", "Where is the CSTO's 2022 summit held?"),
    "T": ("typed", ["members"], "", "Which capital hosts the CSTO secretariat?"),
    "D": ("typed", ["members"], "", "Which state suspended its participation?"),
    "F": ("numeric", ["members"], "", "In which year was the treaty signed?"),
    "never": ("basic", ["future"], "", "What comes next?"),
}


def pattern(learner: int) -> tuple[int, dict[str, int]]:
    """(row of the table, first attempts) of learner 0..29."""
    start = 0
    for row, (count, scores) in enumerate(PATTERNS):
        if learner < start + count:
            return row, scores
        start += count
    raise IndexError(learner)


def _m_choice(row: int) -> int:
    return 0 if row <= 3 else 2 if row in (5, 6) else 1


def _s_choice(row: int) -> int:
    return 1 if row <= 3 else 0 if row <= 7 else 2


def _t_answer(learner: int, row: int) -> str:
    if row in (5, 6):
        return ["Minsk", "minsk", " Minsk "][learner % 3]
    return "Moscow"


def _attempt(card: str, learner: int, row: int, right: bool) -> dict[str, Any]:
    part = CARDS[card][2]
    attempt: dict[str, Any] = {
        "part": part,
        "correct": right,
        "content_hash": f"h-{card}",
        "answer": None,
    }
    if card == "B":
        attempt["choice"] = [0 if right else 1]
        attempt["answer"] = "True" if right else "False"
    elif card in ("M", "S"):
        index = _m_choice(row) if card == "M" else _s_choice(row)
        attempt["choice"] = [index]
        attempt["answer"] = (M_OPTIONS if card == "M" else S_OPTIONS)[index][0]
    elif card == "T":
        attempt["answer"] = "Tashkent" if right else _t_answer(learner, row)
    elif card == "D":
        attempt["answer"] = "Armenia" if right else "Belarus"
    elif card == "F":
        attempt["answer"] = "1992"
    return attempt


def card_entry(card: str, learner: int) -> dict[str, Any]:
    """Card `card` in learner's export: 1 review if right first time, else 3; recall 0.8 if
    right first time, 0.4 if not, 0 if not reached."""
    row, scores = pattern(learner)
    card_type, tags, _, prompt = CARDS[card]
    reached = card in scores
    right = bool(scores.get(card))
    reviews = (1 if right else 3) if reached else 0
    lapses = 2 if card == "B" and row >= 7 else 1 if card == "C" and learner == 0 else 0
    entry: dict[str, Any] = {
        "id": card,
        "type": card_type,
        "prompt": prompt,
        "tags": tags,
        "content_hash": f"h-{card}",
        "studied_hashes": [f"h-{card}"] if reached else [],
        "parts": 1,
        "parts_studied": int(reached),
        "reviews": reviews,
        "right": 1 if reached else 0,
        "wrong": reviews - 1 if reached else 0,
        "lapses": lapses,
        "right_first_time": right if reached else None,
        "recall_probability": (0.8 if right else 0.4) if reached else 0.0,
        "first_review": "2025-03-10T09:00:00+00:00" if reached else None,
        "last_review": "2025-03-11T09:00:00+00:00" if reached else None,
        "first_attempts": [_attempt(card, learner, row, right)] if reached else [],
    }
    if card in ("M", "S"):
        options = M_OPTIONS if card == "M" else S_OPTIONS
        entry["options"] = [{"text": t, "correct": c} for t, c in options]
        wrong = _m_choice(row) if card == "M" else _s_choice(row)
        entry["wrong_options"] = (
            [] if right else [{"option": wrong, "text": options[wrong][0], "count": 1}]
        )
    if card == "B":
        entry["options"] = [{"text": "True", "correct": True}, {"text": "False", "correct": False}]
    return entry


def learner_export(learner: int, exported_at: str = "2025-03-12T09:00:00+00:00") -> dict[str, Any]:
    return {
        "studydeck_progress": 1,
        "exported_at": exported_at,
        "anonymous": True,
        "learner": {"id": f"anon-{learner:016x}", "pseudonym": f"anon-{learner:016x}"},
        "decks": [
            {
                "id": DECK,
                "title": "Class deck",
                "found": True,
                "cards": [card_entry(card, learner) for card in CARDS],
            }
        ],
    }
