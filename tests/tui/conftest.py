"""Fixtures for the TUI tests: real deck files in tmp_path, a real progress file, a still clock."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Static

from studydeck.deck.loader import load_deck
from studydeck.deck.models import Deck
from studydeck.store import Store, open_store
from studydeck.tui.app import StudydeckApp, make_app

T0 = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)  # a Monday, noon UTC

HEADER = """\
studydeck: 1
id: {deck_id}
title: "{title}"
description: A small deck with every card type, for the app's tests.
authors: [Test Author]
sources:
  - id: treaty
    title: Treaty on Collective Security
    author: The States Parties
cards:
"""

# One card of each type, in deck order. Answers the tests give are noted beside them.
CARDS = {
    "basic": """\
  - id: capital-armenia
    type: basic
    front: What is the capital of Armenia?
    back: Yerevan
    explanation: Yerevan has been the capital since 1918.
    source: {id: treaty, locator: "art. 4"}
    hint: It starts with Y.
""",
    "mcq": """\
  - id: article-four
    type: mcq
    question: Which article of the treaty is about collective defence?
    shuffle: false
    options:
      - text: Article 4
        correct: true
        why: Aggression against one is aggression against all.
      - text: Article 7
        why: Article 7 is about troops on members' territory.
      - text: Article 12
""",
    "mcq_many": """\
  - id: members-2024
    type: mcq
    question: Which of these are members?
    shuffle: false
    options:
      - text: Armenia
        correct: true
      - text: Georgia
        why: Georgia left in 1999.
      - text: Kazakhstan
        correct: true
""",
    "true_false": """\
  - id: signed-tashkent
    type: true_false
    statement: The treaty was signed in Tashkent.
    answer: true
    explanation: Six states signed it.
""",
    "typed": """\
  - id: secretariat-city
    type: typed
    question: In which city is the CSTO's secretariat?
    answers: [Moscow]
""",
    "numeric": """\
  - id: treaty-year
    type: numeric
    question: In which year was the treaty signed?
    answer: 1992
""",
    "cloze": """\
  - id: treaty-date
    type: cloze
    text: The treaty was signed on {{15 May}} {{1992}}.
""",
    "order": """\
  - id: events-order
    type: order
    prompt: Put these in order, earliest first.
    items: [Treaty signed, Treaty in force, CSTO founded]
""",
    "match": """\
  - id: capitals
    type: match
    prompt: Match each country with its capital.
    pairs:
      - [Armenia, Yerevan]
      - [Kazakhstan, Astana]
      - [Belarus, Minsk]
""",
}

# Deck text that would be live markup if the app parsed it.
MARKUP_CARD = """\
  - id: markup-trap
    type: basic
    front: "Is [red]x[/red] red? [@click=app.quit]quit[/] and [/x] too"
    back: "[b]not bold[/b] [link=https://example.invalid]no link[/link]"
"""


class FakeClock:
    """Time that moves only when the test says so."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


class FakeTimer:
    """A monotonic timer where every answer takes `step` seconds."""

    def __init__(self, step: float = 4.0) -> None:
        self.step = step
        self.value = 0.0

    def __call__(self) -> float:
        self.value += self.step / 2  # read once when shown, once when answered
        return self.value


def write_deck(
    folder: Path, deck_id: str, kinds: list[str], *, title: str = "", extra: str = ""
) -> Path:
    text = HEADER.format(deck_id=deck_id, title=title or f"Deck {deck_id}")
    text += "".join(CARDS[k] for k in kinds) + extra
    path = folder / f"{deck_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def read_deck(path: Path) -> Deck:
    result = load_deck(path)
    assert result.deck is not None, [str(p) for p in result.problems]
    return result.deck


@pytest.fixture(autouse=True)
def _calm_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    # Days and dates on screen follow the local zone: pin it so snapshots match anywhere.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setenv("STUDYDECK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "progress.sqlite3", T0)
    yield opened
    opened.close()


@pytest.fixture
def all_kinds_deck(tmp_path: Path) -> Deck:
    kinds = ["basic", "mcq", "mcq_many", "true_false", "typed", "numeric", "cloze", "order"]
    return read_deck(write_deck(tmp_path, "all-kinds", [*kinds, "match"], title="Every kind"))


def build_app(
    decks: list[Deck],
    store: Store,
    clock: FakeClock,
    *,
    study_on_start: bool = False,
    cram: bool = False,
    deck_paths: Sequence[Path] = (),
) -> StudydeckApp:
    """The app as the CLI builds it, with a still clock, a fake timer and no cursor blink."""
    return make_app(
        decks,
        store,
        clock,
        deck_paths=deck_paths,
        study_on_start=study_on_start,
        cram=cram,
        timer=FakeTimer(),
        cursor_blink=False,
    )


def shown(app: App[None]) -> str:
    """The plain text of every Static on the current screen, in order."""
    return "\n".join(str(w.visual) for w in app.screen.query(Static) if w.display)


def study_for_days(store: Store, decks: list[Deck], clock: FakeClock, days: int) -> None:
    """Weeks of history before the test: a session on most days, some answers wrong.

    Ends with the clock at T0, so the history is the same for every run.
    """
    from studydeck.study import Rating, open_session

    clock.now = T0 - timedelta(days=days)
    for day in range(days):
        if day % 3 != 2:  # a rest day now and then, for the heatmap
            session = open_session(store, decks, now=clock)
            for n in range(40):
                if session.current is None:
                    break
                rating = Rating.AGAIN if (n + day) % 5 == 0 else Rating.GOOD
                session.record(rating, elapsed=6.0)
                clock.advance(seconds=30)
        clock.now = T0 - timedelta(days=days - day - 1)
    clock.now = T0


# Markup in every place deck text reaches the screen after an answer.
MARKUP_MCQ = """\
  - id: markup-choice
    type: mcq
    question: "Which is [bold]bold[/]?"
    shuffle: false
    hint: "[@click=app.quit]hint[/]"
    explanation: "[red]explained[/red] [/x]"
    source: {id: treaty, locator: "[i]p. 4[/i]"}
    options:
      - text: "[b]right[/b]"
        correct: true
      - text: "[@click=app.bell]wrong[/]"
        why: "[/why] [link=x]why[/link]"
"""
