"""The part of a `Store` that keeps the learner's choices: leeches suspended or kept, and exam
plans (the SQL is in choices.py)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from studydeck.store import choices
from studydeck.store.base import _reading
from studydeck.store.keys import ItemKey
from studydeck.store.writing import _AnswerWriting


class _Choices(_AnswerWriting):
    @_reading
    def leech_choices(self, deck_ids: Iterable[str]) -> dict[ItemKey, choices.LeechChoice]:
        """The leeches of these decks the learner suspended or chose to keep."""
        return choices.leech_choices(self._conn, deck_ids)

    def choose_leech(self, key: ItemKey, *, suspended: bool, lapses: int, now: datetime) -> None:
        """Suspend a leech, or keep it in study (then it is asked about again only after more
        lapses); committed before returning."""
        with self.writing():
            choices.choose_leech(self._conn, key, suspended=suspended, lapses=lapses, now=now)

    @_reading
    def exam_plans(self) -> list[choices.ExamPlan]:
        """Every deck's exam plan, by deck id."""
        return choices.exam_plans(self._conn)

    def save_exam_plan(self, plans: Iterable[choices.ExamPlan]) -> None:
        """Set the exam plan of each plan's deck (replacing any it had), in one transaction."""
        with self.writing():
            for plan in plans:
                choices.save_exam_plan(self._conn, plan)

    def remove_exam_plan(self, deck_ids: Iterable[str]) -> int:
        """Drop these decks' exam plans; return how many there were."""
        with self.writing():
            return sum(choices.remove_exam_plan(self._conn, d) for d in deck_ids)
