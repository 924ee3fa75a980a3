"""`studydeck progress export`: one learner's progress as JSON, for the instructor's report.

Reads the progress file through the store's own opening function (which checks the file and
refuses a damaged one); the log's content hash and answer per review say which version of a card
was studied and which wrong options were chosen.

Format (version 1):

    {"studydeck_progress": 1, "exported_at": ISO, "anonymous": bool,
     "learner": {"id", "pseudonym", and unless anonymous "name", "host", "data_dir"},
     "decks": [{"id", "title", "found": bool (deck file available), "cards": [
        {"id", "type", "prompt", "tags", "content_hash", "studied_hashes", "parts", "parts_studied",
         "reviews", "right", "wrong", "lapses", "right_first_time": bool|null,
         "recall_probability": 0..1, "first_review", "last_review": ISO|null,
         "first_attempts": [{"part", "correct", "content_hash", "answer": text|null,
                             "choice": [option index…] (mcq, true_false)}],
         "options": [{"text", "correct"}]   (mcq, true_false: False is option 1),
         "wrong_options": [{"option", "text", "count"}]   (mcq only)}]}]}

The learner's `id` is the progress file's random id (made when the file was created), so a
learner who hands in twice is counted once. An anonymous export carries only the `pseudonym`
(as its `id` too): an HMAC-SHA256 of a fixed label keyed by the id, the same in every export of
the file, and no way back to the id (128 random bits) or to the learner's name.
"""

from __future__ import annotations

import getpass
import json
import socket
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from studydeck.deck import text as card_text
from studydeck.deck.models import (
    Card,
    Deck,
    MatchCard,
    McqCard,
    OrderCard,
    Settings,
    TrueFalseCard,
)
from studydeck.instructor.pseudonym import pseudonym
from studydeck.store import ItemKey, ItemState, Store, open_store
from studydeck.study.scheduling import retrievability

FORMAT_VERSION = 1


@dataclass(frozen=True)
class LogRow:
    deck_id: str
    card_id: str
    part: str
    card_type: str
    content_hash: str
    reviewed_at: datetime
    answer: Any  # decoded JSON, None for self-graded cards
    correct: bool


def read_log(store: Store) -> list[LogRow]:
    """Every answer that was not undone, in the order given, with hash and answer."""
    out: list[LogRow] = []
    for r in store.reviews():
        try:
            decoded = json.loads(r.answer) if r.answer is not None else None
        except ValueError:
            decoded = None
        out.append(
            LogRow(
                r.deck_id,
                r.card_id,
                r.part,
                r.card_type,
                r.content_hash,
                r.reviewed_at,
                decoded,
                r.correct,
            )
        )
    return out


@dataclass
class _CardLog:
    type: str = ""
    reviews: int = 0
    right: int = 0
    first_by_part: dict[str, bool] = field(default_factory=dict)
    first_rows: dict[str, LogRow] = field(default_factory=dict)  # the first answer per part
    hashes: list[str] = field(default_factory=list)
    first: datetime | None = None
    last: datetime | None = None
    wrong_choices: dict[int, int] = field(default_factory=dict)

    def add(self, row: LogRow, card: Card | None) -> None:
        self.type = row.card_type
        self.reviews += 1
        self.right += row.correct
        self.first_by_part.setdefault(row.part, row.correct)
        self.first_rows.setdefault(row.part, row)
        if row.content_hash not in self.hashes:
            self.hashes.append(row.content_hash)
        self.first = self.first or row.reviewed_at
        self.last = row.reviewed_at
        # Option indexes only mean something for the version of the card they were given on.
        if (
            isinstance(card, McqCard)
            and row.content_hash == card.content_hash()
            and isinstance(row.answer, list)
        ):
            for index in row.answer:
                valid = isinstance(index, int) and 0 <= index < len(card.options)
                if valid and not card.options[index].correct:
                    self.wrong_choices[index] = self.wrong_choices.get(index, 0) + 1


def _short(text: str, limit: int = 200) -> str:
    """The first line of a prompt, so the report can name the card in words."""
    line = text.split("\n", 1)[0]
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _time(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None


def _learner(anonymous: bool, data_dir: Path, learner_id: str) -> dict[str, Any]:
    alias = pseudonym(learner_id)
    if anonymous:
        return {"id": alias, "pseudonym": alias}
    try:
        name = getpass.getuser()
    except (OSError, KeyError):
        name = "unknown"
    host = socket.gethostname()
    return {
        "id": learner_id,
        "pseudonym": alias,
        "name": name,
        "host": host,
        "data_dir": str(data_dir),
    }


def _options(card: Card | None) -> list[tuple[str, bool]] | None:
    """The options a learner chooses from, in the order their indexes count."""
    if isinstance(card, McqCard):
        return [(o.text, o.correct) for o in card.options]
    if isinstance(card, TrueFalseCard):
        return [("True", card.answer), ("False", not card.answer)]
    return None


def _first_attempt(row: LogRow, card: Card | None) -> dict[str, Any]:
    """A part's first answer: right or not, and what was given, in words (indexes only mean
    something on the version of the card they were given on)."""
    same = card is not None and row.content_hash == card.content_hash()
    given = row.answer
    attempt: dict[str, Any] = {
        "part": row.part,
        "correct": row.correct,
        "content_hash": row.content_hash,
        "answer": None,
    }
    if isinstance(given, str):
        attempt["answer"] = given
    elif isinstance(card, TrueFalseCard) and isinstance(given, bool):
        attempt["answer"] = "True" if given else "False"
        attempt["choice"] = [0 if given else 1]
    elif same and isinstance(card, McqCard) and isinstance(given, list):
        chosen = sorted({i for i in given if isinstance(i, int) and 0 <= i < len(card.options)})
        attempt["answer"] = "; ".join(card.options[i].text for i in chosen)
        attempt["choice"] = chosen
    elif same and isinstance(card, OrderCard) and isinstance(given, list):
        if all(isinstance(i, int) and 0 <= i < len(card.items) for i in given):
            attempt["answer"] = " → ".join(card.items[i] for i in given)
    elif same and isinstance(card, MatchCard) and isinstance(given, dict):
        # JSON keys are text: {"0": 2} pairs left side 0 with right side 2
        paired = {int(k): v for k, v in given.items() if str(k).isdigit()}
        size = len(card.pairs)
        pairs = [
            (i, j)
            for i, j in sorted(paired.items())
            if i < size and isinstance(j, int) and 0 <= j < size
        ]
        # a wrong answer is named by its wrong pairs: the same mistake reads the same
        shown = [(i, j) for i, j in pairs if i != j] or pairs
        attempt["answer"] = "; ".join(f"{card.pairs[i][0]} → {card.pairs[j][1]}" for i, j in shown)
        attempt["answer"] = attempt["answer"] or None
    return attempt


def _card_entry(
    card_id: str,
    card: Card | None,
    log: _CardLog | None,
    states: dict[str, ItemState],
    settings: Settings,
    now: datetime,
    parameters: tuple[float, ...] | None,
) -> dict[str, Any]:
    parts = card.item_keys() if card is not None else sorted(states) or [""]
    recall = [retrievability(settings, states.get(p), now, parameters=parameters) for p in parts]
    entry: dict[str, Any] = {
        "id": card_id,
        "type": card.type if card is not None else (log.type if log else ""),
        "prompt": _short(card_text.card_prompt(card)) if card is not None else None,
        "tags": list(card.tags) if card is not None else [],
        "content_hash": (
            card.content_hash() if card is not None else (log.hashes[-1] if log else None)
        ),
        "studied_hashes": list(log.hashes) if log else [],
        "parts": len(parts),
        "parts_studied": sum(1 for p in parts if log and p in log.first_by_part),
        "reviews": log.reviews if log else 0,
        "right": log.right if log else 0,
        "wrong": (log.reviews - log.right) if log else 0,
        "lapses": sum(s.lapses for s in states.values()),
        "right_first_time": all(log.first_by_part.values()) if log else None,
        "recall_probability": round(sum(recall) / len(recall), 4),
        "first_review": _time(log.first if log else None),
        "last_review": _time(log.last if log else None),
        "first_attempts": (
            [_first_attempt(row, card) for row in log.first_rows.values()] if log else []
        ),
    }
    options = _options(card)
    if options is not None:
        entry["options"] = [{"text": text, "correct": correct} for text, correct in options]
    if isinstance(card, McqCard):
        choices = log.wrong_choices if log else {}
        entry["wrong_options"] = [
            {"option": i, "text": card.options[i].text, "count": n}
            for i, n in sorted(choices.items())
        ]
    return entry


def _latest_ids(renames: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """(deck id, old card id) → the id the card has now, following renames made one after
    another (a → b, then b → c: a → c), as Store.kept_answers does."""
    latest: dict[tuple[str, str], str] = {}
    for deck_id, old in renames:
        card_id, seen = old, {old}
        while (deck_id, card_id) in renames:
            card_id = renames[(deck_id, card_id)]
            if card_id in seen:  # a cycle: stop where it closes
                break
            seen.add(card_id)
        latest[(deck_id, old)] = card_id
    return latest


def progress_summary(
    store: Store,
    decks: Sequence[Deck],
    now: datetime,
    *,
    anonymous: bool = False,
    data_dir: Path | None = None,
) -> dict[str, Any]:
    """The learner's progress per deck and card, for `progress export`."""
    return summarize(
        read_log(store),
        store.states(),
        store.renames(),
        store.parameters_in_use(now),  # the learner's FSRS parameters, if fitted
        decks,
        now,
        learner=_learner(anonymous, data_dir or store.path.parent, store.learner_id()),
        anonymous=anonymous,
    )


def summarize(
    log: Iterable[LogRow],
    item_states: Mapping[ItemKey, ItemState],
    renames: dict[tuple[str, str], str],
    parameters: tuple[float, ...] | None,
    decks: Sequence[Deck],
    now: datetime,
    *,
    learner: dict[str, Any],
    anonymous: bool = False,
) -> dict[str, Any]:
    """One learner's export from their answers (in the order given), scheduling states and
    fitted parameters: from the progress file, or from the class hub's copy of them."""
    renames = _latest_ids(renames)
    logs: dict[tuple[str, str], _CardLog] = {}
    by_id = {d.id: d for d in decks}
    for row in log:
        card_id = renames.get((row.deck_id, row.card_id), row.card_id)
        deck = by_id.get(row.deck_id)
        card = deck.card(card_id) if deck else None
        logs.setdefault((row.deck_id, card_id), _CardLog()).add(row, card)
    states: dict[tuple[str, str], dict[str, ItemState]] = {}
    for (deck_id, card_id, part), state in item_states.items():
        states.setdefault((deck_id, card_id), {})[part] = state
    deck_ids = [d.id for d in decks] + sorted({d for d, _ in logs} - set(by_id))
    out_decks: list[dict[str, Any]] = []
    for deck_id in deck_ids:
        deck = by_id.get(deck_id)
        settings = deck.settings if deck else Settings()
        card_ids = [c.id for c in deck.cards] if deck else []
        card_ids += sorted({c for d, c in logs if d == deck_id} - set(card_ids))
        cards = [
            _card_entry(
                cid,
                deck.card(cid) if deck else None,
                logs.get((deck_id, cid)),
                states.get((deck_id, cid), {}),
                settings,
                now,
                parameters,
            )
            for cid in card_ids
        ]
        out_decks.append(
            {
                "id": deck_id,
                "title": deck.title if deck else deck_id,
                "found": deck is not None,
                "cards": cards,
            }
        )
    return {
        "studydeck_progress": FORMAT_VERSION,
        "exported_at": _time(now),
        "anonymous": anonymous,
        "learner": learner,
        "decks": out_decks,
    }


def export_progress(
    progress_file: Path,
    decks: Sequence[Deck],
    now: datetime,
    *,
    anonymous: bool = False,
    data_dir: Path | None = None,
) -> dict[str, Any]:
    """Open the progress file with the store's checks and summarize it."""
    store = open_store(progress_file, now, only_reading=True)  # an export writes nothing
    try:
        return progress_summary(store, decks, now, anonymous=anonymous, data_dir=data_dir)
    finally:
        store.close()
