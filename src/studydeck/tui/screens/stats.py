"""Stats per deck (or all of them) and per tag: states, retention, reviews, forecast, days."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from studydeck.store import ProgressFileError
from studydeck.study import Days
from studydeck.study.leeches import suspended_items, unsuspend
from studydeck.study.stats import DeckStats, deck_stats
from studydeck.study.words import plural
from studydeck.tui.text import literal
from studydeck.tui.widgets.charts import BarChart, CalendarHeatmap
from studydeck.tui.widgets.suspended import SuspendedList

if TYPE_CHECKING:
    from studydeck.deck.models import Deck
    from studydeck.study.advisor import Inputs
    from studydeck.tui.app import StudydeckApp

STATES = ("new", "learning", "review", "relearning")
STATE_WORDS = {"new": "not seen"}  # the engine's "new" state is "not seen" on screen (words.py)
STATE_GLYPHS = {"new": "░", "learning": "▒", "relearning": "▓", "review": "█"}
STATE_STYLES = {
    "new": "$text-muted",
    "learning": "$warning",
    "relearning": "$error",
    "review": "$success",
}
ALL = "__all__"


@dataclass
class Figures:
    """What the stats screen shows for one deck, a tag, or everything together."""

    title: str
    cards: int = 0
    due_today: int = 0
    reviews: int = 0
    # Retention of each part that has one. The engine gives a share, not the answers behind
    # it, so shares of several decks cannot be weighed together; one share is exact, though
    # (the other parts had no review answers in the window).
    retentions: list[float] = field(default_factory=list)
    states: Counter[str] = field(default_factory=Counter)
    reviews_per_day: Counter[date] = field(default_factory=Counter)
    forecast: Counter[date] = field(default_factory=Counter)
    study_days: set[date] = field(default_factory=set)
    tags: dict[str, Figures] = field(default_factory=dict)

    @property
    def retention(self) -> float | None:
        return self.retentions[0] if len(self.retentions) == 1 else None

    def add(self, other: Figures) -> None:
        self.retentions += other.retentions
        self.cards += other.cards
        self.due_today += other.due_today
        self.reviews += other.reviews
        self.states.update(other.states)
        self.reviews_per_day.update(other.reviews_per_day)
        self.forecast.update(other.forecast)
        self.study_days |= other.study_days
        for tag, figures in other.tags.items():
            self.tags.setdefault(tag, Figures(tag)).add(figures)


def figures_of(stats: DeckStats) -> Figures:
    """The engine's stats for a deck, in the screen's terms."""
    figures = Figures(
        stats.title,
        cards=stats.cards,
        due_today=stats.due_today,
        reviews=stats.reviews,
        retentions=[] if stats.retention is None else [stats.retention],
        states=Counter(stats.states),
        reviews_per_day=Counter(dict(stats.reviews_per_day)),
        forecast=Counter(dict(stats.forecast)),
        study_days=set(stats.study_days),
    )
    for tag in stats.tags:
        figures.tags[tag.tag] = Figures(
            tag.tag,
            cards=tag.cards,
            due_today=tag.due_today,
            reviews=tag.reviews,
            retentions=[] if tag.retention is None else [tag.retention],
        )
    return figures


def combined(title: str, parts: Iterable[Figures]) -> Figures:
    total = Figures(title)
    for part in parts:
        total.add(part)
    return total


def percent(value: float | None) -> str:
    return "—" if value is None else f"{round(value * 100)}%"


def states_bar(states: Counter[str], width: int) -> Content:
    """Cards by state as one bar; each state has its own glyph, so it reads without colour."""
    total = sum(states.values())
    if not total:
        return Content.styled("no questions", "$text-muted")
    bar = Content("")
    used = 0
    for i, state in enumerate(STATES):
        cells = round(width * states[state] / total) if i < len(STATES) - 1 else width - used
        cells = max(min(cells, width - used), 0)
        used += cells
        bar += Content.styled(STATE_GLYPHS[state] * cells, STATE_STYLES[state])
    legend = "  ".join(f"{STATE_GLYPHS[s]} {STATE_WORDS.get(s, s)} {states[s]}" for s in STATES)
    return bar + Content("\n") + Content.styled(legend, "$text-muted")


def series(counts: Counter[date], days: Sequence[date]) -> list[tuple[date, int]]:
    return [(day, counts.get(day, 0)) for day in days]


class StatsScreen(Screen[None]):
    """Pick a deck (or all) on the left; its pictures and figures are on the right."""

    TITLE = "Statistics"
    CSS_PATH = "stats.tcss"
    AUTO_FOCUS = "#stat-decks"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "back", "Back"),
        # Priority: the deck list would otherwise take page up/down for itself.
        Binding("pageup", "scroll(-1)", "Scroll up", show=False, priority=True),
        Binding("pagedown", "scroll(1)", "Scroll down", show=False, priority=True),
    ]

    def compose(self) -> ComposeResult:
        app = cast("StudydeckApp", self.app)
        self.advice: dict[str, str] = {}  # deck id (or ALL) → the advisor's chart, once simulated
        self.shown_key = ALL
        self.now = app.clock()
        self.today = Days().day_of(self.now)  # the engine's study day (from 4 a.m.)
        per_deck = {s.id: figures_of(s) for s in deck_stats(app.store, app.library.decks, self.now)}
        self.figures: dict[str, Figures] = {ALL: combined("All decks", per_deck.values())}
        self.figures.update(per_deck)
        options = [Option("All decks", id=ALL)]
        options += [
            Option(literal(d.title), id=d.id) for d in app.library.decks if d.id in per_deck
        ]
        with Horizontal():
            yield OptionList(*options, id="stat-decks")
            yield VerticalScroll(id="stat-body", can_focus=False)
        yield Footer()

    async def on_mount(self) -> None:
        await self.show(ALL)

    @on(OptionList.OptionHighlighted, "#stat-decks")
    async def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_id is not None:
            await self.show(event.option_id)

    async def show(self, key: str) -> None:
        """Draw one deck's (or all decks') figures in the right-hand panel."""
        figures = self.figures[key]
        body = self.query_one("#stat-body", VerticalScroll)
        await body.remove_children()
        width = max(body.size.width - 2, 30)
        last_weeks = [self.today.fromordinal(self.today.toordinal() - i) for i in range(55, -1, -1)]
        next_days = [self.today.fromordinal(self.today.toordinal() + i) for i in range(30)]
        headline = Content.styled(figures.title, "bold")
        retention = percent(figures.retention)
        if len(figures.retentions) > 1:
            retention += " (see each deck)"
        questions = sum(figures.states.values())
        numbers = (
            f"{plural(figures.cards, 'card')} · {plural(questions, 'question')} · "
            f"{figures.due_today:,} due today · {plural(figures.reviews, 'answer')}\n"
            f"Retention, last 30 days: {retention}"
        )
        heat = Counter({d: figures.reviews_per_day.get(d, 1) for d in figures.study_days})
        await body.mount_all(
            [
                Static(headline + Content("\n") + Content(numbers), classes="stat-head"),
                *self.exam_panel(key),
                Static("Questions by state", classes="stat-title"),
                Static(states_bar(figures.states, width), classes="stat-states"),
                Static("Questions due in the next 30 days", classes="stat-title"),
                BarChart(series(figures.forecast, next_days), rows=4, keep="first"),
                Static("Answers per day, last 8 weeks", classes="stat-title"),
                BarChart(series(figures.reviews_per_day, last_weeks), rows=4, keep="last"),
                Static("Study days", classes="stat-title"),
                CalendarHeatmap(dict(heat), self.today),
                *self.advice_panel(key),
                *self.suspended_panel(key),
                Static("By tag", classes="stat-title"),
                Static(self.tags_table(figures), classes="stat-tags"),
            ]
        )
        body.scroll_home(animate=False)

    def decks_of(self, key: str) -> list[Deck]:
        app = cast("StudydeckApp", self.app)
        return [d for d in app.library.decks if key in (ALL, d.id)]

    def exam_panel(self, key: str) -> list[Widget]:
        """The exam plans of these decks: days left, predicted recall, today's minutes."""
        from studydeck.commands.plan import describe
        from studydeck.study.exam import exam_status

        app = cast("StudydeckApp", self.app)
        statuses = exam_status(app.store, self.decks_of(key), self.now, Days())
        if not statuses:
            return []
        text = "\n".join(describe(s) for s in statuses)
        return [Static("Exam plan", classes="stat-title"), Static(Content(text))]

    def advice_panel(self, key: str) -> list[Widget]:
        """The workload advisor's chart (study/advisor.py), simulated in a worker thread."""
        self.shown_key = key
        title = Static("Desired retention: minutes a day and questions kept", classes="stat-title")
        text = self.advice.get(key)
        if text is None:
            from studydeck.study.advisor import inputs

            app = cast("StudydeckApp", self.app)
            width = self.query_one("#stat-body").size.width - 52  # what the numbers leave
            self.simulate(key, inputs(app.store, self.decks_of(key), self.now), max(4, width))
        body = Static(Content(text or "Simulating…"), id="advice")
        return [title, body]

    @work(thread=True, group="advice")
    def simulate(self, key: str, given: Inputs, width: int) -> None:
        from studydeck.study.advisor import chart

        advice = given.run()
        lines = chart(advice, width) + [f"Warning: {w}" for w in advice.warnings]
        self.app.call_from_thread(self.simulated, key, "\n".join(lines))

    def simulated(self, key: str, text: str) -> None:
        self.advice[key] = text
        if self.shown_key == key and self.is_mounted:
            for widget in self.query("#advice").results(Static):
                widget.update(Content(text))

    def suspended_panel(self, key: str) -> list[Widget]:
        """The deck's suspended leeches; `tab` reaches the list, `enter` unsuspends one."""
        app = cast("StudydeckApp", self.app)
        decks = [d for d in app.library.decks if key in (ALL, d.id)]
        items = suspended_items(app.store, [d.id for d in decks])
        title = Static("Suspended leeches", classes="stat-title")
        if not items:
            return [title, Static(Content.styled("none", "$text-muted"))]
        hint = "tab to the list, enter puts the card back into study"
        return [title, Static(Content.styled(hint, "$text-muted")), SuspendedList(items, decks)]

    @on(OptionList.OptionSelected, "#suspended")
    async def unsuspend_chosen(self, event: OptionList.OptionSelected) -> None:
        app = cast("StudydeckApp", self.app)
        chosen = self.query_one(SuspendedList).keys.get(event.option_id or "")
        try:
            if chosen is not None and unsuspend(app.store, chosen, app.clock()):
                self.notify(f"{chosen.card_id} is back in study.", markup=False)
        except ProgressFileError as error:
            self.notify(
                f"{error.message}. {error.advice}", severity="error", markup=False, timeout=15
            )
        deck_list = self.query_one("#stat-decks", OptionList)
        highlighted = deck_list.highlighted_option
        deck_list.focus()
        await self.show(highlighted.id if highlighted and highlighted.id else ALL)

    def tags_table(self, figures: Figures) -> Content:
        if not figures.tags:
            return Content.styled("no tags", "$text-muted")
        width = min(max(len(t) for t in figures.tags) + 2, 28)
        head = Content.styled(
            f"{'tag':<{width}}{'cards':>6}{'due today':>10}{'answers':>9}{'retention':>11}", "bold"
        )
        lines = [head]
        for tag in sorted(figures.tags):
            f = figures.tags[tag]
            name = tag if len(tag) < width else tag[: width - 2] + "…"
            lines.append(
                literal(f"{name:<{width}}")
                + Content(f"{f.cards:>6}{f.due_today:>10}{f.reviews:>9}{percent(f.retention):>11}")
            )
        return Content("\n").join(lines)

    def action_back(self) -> None:
        self.dismiss()

    def action_scroll(self, pages: int) -> None:
        body = self.query_one("#stat-body", VerticalScroll)
        if pages < 0:
            body.scroll_page_up()
        else:
            body.scroll_page_down()
