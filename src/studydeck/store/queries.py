"""The figures the queue and the stats screen need, counted by SQLite."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, timedelta

from studydeck.store.base import _reading, _StoreBase
from studydeck.store.keys import DECK_ITEM_SQL, DeckItem
from studydeck.store.rows import (
    AnsweredHours,
    CardAnswered,
    CardWithNewItems,
    DayCounts,
    HourCount,
    HourSpan,
    ItemsWithState,
    LearningDue,
    RecallRow,
    ReviewTotals,
    ReviewVerdicts,
    StateRow,
    _known_state,
)
from studydeck.store.times import from_text, to_text

_STATE_COLUMNS = "state, step, stability, difficulty, due, last_review, reps, lapses"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_DIGIT_BYTES = bytes.maketrans(b"01", b"\x00\x01")


class _QueueAndStats(_StoreBase):
    """The queue's and the stats' part of `Store`."""

    # ---- figures for the queue and the stats, counted by SQLite ------------------------------
    # Times are stored as fixed-width UTC text, so `due < ?` compares them as times. Rows come
    # back as named tuples (rows.py), and many values as one JSON array or text column: each
    # row handed to Python costs more than SQLite's own work on it.

    @_reading
    def items_due_before(self, deck_id: str, before: datetime) -> list[StateRow]:
        """The deck's items due before `before`, as rows (see `StateRow`)."""
        sql = f"SELECT card_id, part, {_STATE_COLUMNS} FROM items WHERE deck_id = ? AND due < ?"
        rows = list(map(StateRow._make, self._conn.execute(sql, (deck_id, to_text(before)))))
        for state in {row.state for row in rows}:
            _known_state(state)
        return rows

    @_reading
    def learning_due_before(self, deck_id: str, before: datetime) -> LearningDue:
        """The deck's items not in review state (learning, relearning) due before `before`."""
        # ids and parts are slugs, states words and times digits: no commas in them
        columns = self._conn.execute(
            "SELECT group_concat(card_id, ','), group_concat(part, ','),"
            " group_concat(state, ','), group_concat(due, ',') FROM items"
            " WHERE deck_id = ? AND due < ? AND state != 'review'",
            (deck_id, to_text(before)),
        ).fetchone()
        if columns[0] is None:
            return LearningDue([], [], [], [])
        ids, parts, states, dues = (c.split(",") for c in columns)
        for state in set(states):
            _known_state(state)
        for due in dues:  # the queue reads them later: a bad one is damage, found here
            from_text(due)
        return LearningDue(ids, parts, states, dues)

    @_reading
    def reviews_due_before(self, deck_id: str, before: datetime) -> list[RecallRow]:
        """The deck's items in review state due before `before`, with what their
        retrievability needs, from the index on due alone."""
        rows = self._conn.execute(
            f"SELECT {DECK_ITEM_SQL}, stability, last_review FROM items WHERE deck_id = ?"
            " AND due < ? AND state = 'review'",
            (deck_id, to_text(before)),
        )
        return list(map(RecallRow._make, rows))

    @_reading
    def first_cards_with_new_items(
        self, deck_id: str, cards: Iterable[tuple[str, Sequence[str]]], first: int
    ) -> list[CardWithNewItems]:
        """The first `first` of `cards` (card id, the parts of its items), in their order, with
        an item without a state (new). Cards after those are not looked up."""
        # One lookup per card, in a JSON object of card id → its parts, which json_each walks in
        # order (so LIMIT stops the lookups). Most cards are one item, the card itself (""): a
        # card with other parts ("c1", "reverse"; as ",c1,c2,") has a new item when fewer of
        # them have a state than it has (the state of a part gone from the card does not count).
        listed = json.dumps(
            {card: "" if parts == ("",) else f",{','.join(parts)}," for card, parts in cards}
        )
        rows = self._conn.execute(
            "SELECT j.key, (SELECT group_concat(part) FROM items"
            " WHERE deck_id = ?1 AND card_id = j.key) FROM json_each(?2) AS j"
            " WHERE CASE j.value WHEN '' THEN NOT EXISTS (SELECT 1 FROM items"
            " WHERE deck_id = ?1 AND card_id = j.key AND part = '')"
            " ELSE (SELECT count(*) FROM items WHERE deck_id = ?1 AND card_id = j.key"
            " AND instr(j.value, ',' || part || ','))"
            " < length(j.value) - length(replace(j.value, ',', '')) - 1 END LIMIT ?3",
            (deck_id, listed, first),
        )
        # parts are slugs: no commas in them
        return [
            CardWithNewItems(card, set(have.split(",")) if have is not None else set())
            for card, have in rows
        ]

    @_reading
    def items_with_state(self, deck_id: str) -> ItemsWithState:
        """Every item of the deck that has a state, and those states."""
        # ids and parts are slugs and states are words: no commas in them
        keys, states = self._conn.execute(
            f"SELECT group_concat({DECK_ITEM_SQL}, ','), group_concat(state, ',') FROM items"
            " WHERE deck_id = ?",
            (deck_id,),
        ).fetchone()
        if keys is None:
            return ItemsWithState([], [])
        listed = states.split(",")
        for state in set(listed):
            _known_state(state)
        return ItemsWithState([DeckItem(k) for k in keys.split(",")], listed)

    @_reading
    def cards_answered_since(self, deck_ids: Iterable[str], since: datetime) -> list[CardAnswered]:
        """The answers (not undone) in these decks since `since`, oldest first."""
        ids = list(dict.fromkeys(deck_ids))
        rows = self._conn.execute(
            "SELECT deck_id, card_id, state_before FROM reviews"
            f" WHERE deck_id IN ({','.join('?' * len(ids))}) AND reviewed_at >= ? AND undone = 0"
            " ORDER BY id",
            (*ids, to_text(since)),
        )
        return list(map(CardAnswered._make, rows))

    @_reading
    def items_due_now(self, deck_id: str, now: datetime, day_end: datetime) -> list[DeckItem]:
        """The deck's items due now: reviews due before `day_end`, items in
        learning by `now`."""
        (keys,) = self._conn.execute(
            f"SELECT json_group_array({DECK_ITEM_SQL}) FROM items WHERE deck_id = ? AND due < ?"
            " AND (state = 'review' OR due <= ?)",
            (deck_id, to_text(day_end), to_text(now)),
        ).fetchone()
        result: list[DeckItem] = json.loads(keys)  # text, as packed by SQL
        return result

    @_reading
    def due_counts_between(self, deck_id: str, bounds: Sequence[datetime]) -> list[int]:
        """Items due before bounds[0], then between each bound and the next (len(bounds) counts)."""
        texts = [to_text(b) for b in bounds]
        parts = ["(SELECT count(*) FROM items WHERE deck_id = ?1 AND due < ?2)"]
        parts += [
            f"(SELECT count(*) FROM items WHERE deck_id = ?1 AND due >= ?{i + 2}"
            f" AND due < ?{i + 3})"
            for i in range(len(texts) - 1)
        ]
        row = self._conn.execute("SELECT " + ", ".join(parts), (deck_id, *texts)).fetchone()
        return [int(n) for n in row]

    @_reading
    def answer_counts_by_card(self, deck_id: str) -> dict[str, int]:
        """Card id as answered → answers (undone ones left out)."""
        self._count_up()
        ids, counts = self._conn.execute(
            "SELECT json_group_array(card_id), json_group_array(answers) FROM card_answers"
            " WHERE deck_id = ?",
            (deck_id,),
        ).fetchone()
        return dict(zip(json.loads(ids), json.loads(counts), strict=True))

    @_reading
    def answer_count(self, deck_id: str) -> int:
        """Answers (undone ones left out) in the deck, from the sums kept beside the log."""
        self._count_up()
        row = self._conn.execute(
            "SELECT sum(answers) FROM card_answers WHERE deck_id = ?", (deck_id,)
        ).fetchone()
        return int(row[0] or 0)

    @_reading
    def review_verdicts_since(self, deck_id: str, since: datetime) -> ReviewVerdicts:
        """Each answer (not undone) to an item in review state since `since`: its card and
        whether it was right, from the log."""
        ids, correct = self._conn.execute(
            "SELECT group_concat(card_id, ','), group_concat(correct != 0, '') FROM reviews"
            " WHERE deck_id = ? AND reviewed_at >= ? AND undone = 0 AND state_before = 'review'",
            (deck_id, to_text(since)),
        ).fetchone()
        if ids is None:
            return ReviewVerdicts([], b"")
        return ReviewVerdicts(ids.split(","), correct.encode().translate(_DIGIT_BYTES))

    @_reading
    def review_totals_since(self, deck_id: str, since: datetime) -> ReviewTotals:
        """Answers (not undone) to items in review state since `since`, and how many were
        right, from the hourly sums (and the log for the part of an hour before them)."""
        self._count_up()
        micro = (since - _EPOCH) // _MICROSECOND
        hour = -(-micro // 3_600_000_000)  # the first whole hour from `since` on
        row = self._conn.execute(
            "SELECT sum(review_answers), sum(review_right) FROM review_hours"
            " WHERE deck_id = ? AND hour >= ?",
            (deck_id, hour),
        ).fetchone()
        answers, right = row[0] or 0, row[1] or 0
        if hour * 3_600_000_000 != micro:  # the part of an hour before it, from the log
            row = self._conn.execute(
                "SELECT count(*), sum(correct) FROM reviews WHERE deck_id = ? AND reviewed_at >= ?"
                " AND reviewed_at < ? AND undone = 0 AND state_before = 'review'",
                (deck_id, to_text(since), _hour_text(hour)),
            ).fetchone()
            answers, right = answers + row[0], right + (row[1] or 0)
        return ReviewTotals(int(answers), int(right))

    @_reading
    def answered_hour_span(self, deck_ids: Iterable[str]) -> HourSpan | None:
        """The first and last hour with an answer in these decks (None: no answer)."""
        self._count_up()
        found: list[int] = []
        for deck_id in deck_ids:
            found += [
                int(h)
                for h in self._conn.execute(
                    "SELECT (SELECT min(hour) FROM review_hours WHERE deck_id = ?1),"
                    " (SELECT max(hour) FROM review_hours WHERE deck_id = ?1)",
                    (deck_id,),
                ).fetchone()
                if h is not None
            ]
        return HourSpan(min(found), max(found)) if found else None

    @_reading
    def answer_counts_by_day(
        self, deck_id: str, first_hour: int, end_hour: int, shift: int
    ) -> DayCounts:
        """Answers in the hours first_hour ≤ h < end_hour (whole hours since 1970), summed per
        day number ⌊(h·3600 + shift) / 86400⌋; the hours that a day boundary cuts apart."""
        self._count_up()
        whole = "(hour * 3600 + ?1) % 86400 <= 82800"
        args = (shift, deck_id, first_hour, end_hour)
        rows = self._conn.execute(
            "SELECT (hour * 3600 + ?1) / 86400 AS d, sum(answers) FROM review_hours"
            f" WHERE deck_id = ?2 AND hour >= ?3 AND hour < ?4 AND {whole} GROUP BY d",
            args,
        )
        out = {int(d): int(n) for d, n in rows}
        cut: list[HourCount] = []
        if shift % 3600:
            rows = self._conn.execute(
                "SELECT hour, answers FROM review_hours WHERE deck_id = ?2 AND hour >= ?3"
                f" AND hour < ?4 AND NOT ({whole})",
                args,
            )
            cut = list(map(HourCount._make, rows))
        return DayCounts(out, cut)

    @_reading
    def answered_hours_by_day(
        self, deck_id: str, first_day: int, last_day: int
    ) -> list[AnsweredHours]:
        """Which hours had answers on each UTC day first_day ≤ day ≤ last_day (whole days since
        1970) that had any."""
        self._count_up()
        rows = self._conn.execute(
            "SELECT day, hours FROM review_days WHERE deck_id = ? AND day >= ? AND day <= ?",
            (deck_id, first_day, last_day),
        )
        return list(map(AnsweredHours._make, rows))

    @_reading
    def answer_times_between(self, deck_id: str, start: datetime, end: datetime) -> list[datetime]:
        """When each answer (not undone) with start ≤ reviewed_at < end was given, from the log
        (the stats ask it of single hours)."""
        rows = self._conn.execute(
            "SELECT reviewed_at FROM reviews WHERE deck_id = ? AND reviewed_at >= ?"
            " AND reviewed_at < ? AND undone = 0",
            (deck_id, to_text(start), to_text(end)),
        )
        return [from_text(r[0]) for r in rows]


def _hour_text(hour: int) -> str:
    return to_text(datetime.fromtimestamp(hour * 3600, UTC))
