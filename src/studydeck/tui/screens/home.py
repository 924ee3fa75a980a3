"""Home: the decks with their counts, a "study all due" entry, and the way to everything else."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from studydeck.tui.text import days_ago, literal, plural

if TYPE_CHECKING:
    from studydeck.deck.loader import LoadResult
    from studydeck.tui.app import StudydeckApp
    from studydeck.tui.widgets.deck_table import DeckTable

ALL_DUE = "__all__"  # the row key of "study all due"; deck ids are slugs and cannot clash
# questions (study/words.py): new today (within the daily limit), due now, learning steps
# due later today, every question of the deck
COLUMNS = (("New today", 9), ("Due now", 7), ("Later today", 11), ("Questions", 9))
REFRESH_SECONDS = 30.0  # counts change as learning steps fall due: kept fresh while shown


class HomeScreen(Screen[None]):
    """The decks found, each with new, due and total items and when it was last studied."""

    TITLE = "Home"
    CSS_PATH = "home.tcss"
    HELP_NOTES = (
        "Counts are of questions: a card, the reversed side of a two-sided card, and each "
        "blank of a cloze card is one question. New today: unseen questions today's sessions "
        "bring in (the deck's daily limit). Due now: questions to answer now (within the deck's "
        "daily review limit; a card related to one studied today waits for another day). Later "
        "today: questions failed or begun today, back when their step is due."
    )
    AUTO_FOCUS = "#decks"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "cram", "Cram"),
        Binding("p", "plan", "Plan exam"),
        Binding("s", "stats", "Stats"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[Text]]] = []  # (row key, cells), counted once a refresh

    @property
    def studydeck(self) -> StudydeckApp:
        return cast("StudydeckApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="heading")
        yield Static(id="exams")
        with_table = self.studydeck.library.loaded and not self.studydeck.study_on_start
        if with_table:
            yield new_deck_table()
        # Under a session started at once (`studydeck study`), the table comes when home is
        # first shown (`show_table`): the first card comes first.
        # Otherwise the table comes with the decks (`loaded`): a DataTable is slow to import and
        # to mount, and an empty one is not worth delaying the first frame for.
        yield Static(id="about")
        yield Static(id="problems")
        yield Static(id="hub")
        if with_table:
            yield Footer()
        # Else the footer comes with the table (`show_table`). The table takes the focus, which
        # changes the keys on offer, and a footer already there is built again: 26 keys styled
        # afresh, ~20 ms more before the counts are on screen (under `studydeck study`, at each
        # change of bindings before the first card).

    def on_mount(self) -> None:
        self.set_interval(REFRESH_SECONDS, self.refresh_if_shown)
        if self.studydeck.library.loaded:
            if self.studydeck.study_on_start:
                # `studydeck study`: the session's screen is about to cover this one; the
                # counts wait until home is shown (on_screen_resume), so the first card
                # comes first.
                self.call_after_refresh(self.refresh_if_shown)
            else:
                self.refresh_decks()
        else:
            self.query_one("#heading", Static).update("Loading decks…")
            # After the first frame: the worker's imports and parsing would share the GIL with it.
            self.call_after_refresh(self.load)

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        # Parsing and validating YAML is the slow part; it runs off the UI thread. Counting
        # needs the store's connection, so that happens back on the UI thread.
        from studydeck.deck.cache import load_file
        from studydeck.deck.loader import find_deck_files, keep_for_the_session

        # an unchanged file is not checked again (deck/cache.py)
        results = [load_file(p) for p in find_deck_files(self.studydeck.library.pending)]
        keep_for_the_session()
        # What `loaded` needs to count and show the decks is imported here too, while the UI
        # thread waits for the decks: on it, these imports took ~15 ms before the counts.
        import studydeck.hub.status
        import studydeck.study.counts
        import studydeck.tui.widgets.deck_table  # noqa: F401

        self.app.call_from_thread(self.loaded, results)

    def loaded(self, results: list[LoadResult]) -> None:
        self.studydeck.library.add(results)
        self.refresh_decks()
        self.studydeck.after_start()  # the fit check and the hub's sync, after the counts

    def show_table(self) -> None:
        if self.deck_table() is None:
            table = new_deck_table()
            self.mount(table, after="#exams")  # in the DOM at once; filled before it paints
            if not self.query(Footer):
                self.mount(Footer())
            self.set_focus(table)

    def deck_table(self) -> DeckTable | None:
        from studydeck.tui.widgets.deck_table import DeckTable

        return self.query_one_optional("#decks", DeckTable)

    def on_screen_resume(self) -> None:
        if self.studydeck.library.loaded and self.is_mounted:
            if self.studydeck.study_on_start:
                self.call_after_refresh(self.refresh_if_shown)  # as in on_mount
            else:
                self.refresh_decks()
            self.studydeck.sync_with_hub()  # back from a session: send its answers

    def refresh_if_shown(self) -> None:
        # `is_current` is also true under a screen that lets it show through; and an app closing
        # over a damaged progress file counts nothing more
        if self.studydeck.progress_error is not None:
            return
        if self.app.screen is self and self.studydeck.library.loaded:
            self.refresh_decks()

    def on_resize(self) -> None:
        # Only the deck column's width changes: no need to count again.
        if self.rows:
            self.fill_table()

    def refresh_decks(self) -> None:
        """Count each deck afresh (after a session the counts have changed) and show them."""
        from studydeck.store import ProgressFileError
        from studydeck.study import deck_counts

        self.show_table()
        app = self.studydeck
        now = app.clock()
        self.rows = []
        total_new = total_due = total_later = total = 0
        for deck in app.library.decks:
            try:
                counts = deck_counts(app.store, deck, now, others=app.library.decks)
            except ProgressFileError as error:
                app.progress_file_failed(error)
                return
            total_new += counts.new
            total_due += counts.due
            total_later += counts.later_today
            total += counts.total
            cells = [
                Text(deck.title, overflow="ellipsis", no_wrap=True),
                Text(str(counts.new), justify="right"),
                Text(str(counts.due), justify="right"),
                Text(str(counts.later_today), justify="right"),
                Text(str(counts.total), justify="right"),
                Text(days_ago(counts.last_studied, now)),
            ]
            self.rows.append((deck.id, cells))
        all_due = [
            Text("★ All due", style="bold"),
            Text(str(total_new), justify="right"),
            Text(str(total_due), justify="right"),
            Text(str(total_later), justify="right"),
            Text(str(total), justify="right"),
            Text(""),
        ]
        self.rows.insert(0, (ALL_DUE, all_due))
        heading = Content.styled("studydeck", "bold $text-accent") + Content.styled(
            f"  {plural(len(app.library.decks), 'deck')} · {now.astimezone():%A %d %B}",
            "$text-muted",
        )
        self.query_one("#heading", Static).update(heading)
        self.show_exams()
        self.fill_table()
        self.show_about()
        self.show_problems()
        self.show_sync()

    def show_sync(self) -> None:
        """The class hub's line: when the last sync was, or why it failed (if joined)."""
        from studydeck.hub.joined import config_path
        from studydeck.hub.status import read_status, status_line

        widget = self.query_one("#hub", Static)
        widget.display = config_path().is_file()
        if widget.display:
            app = self.studydeck
            text = status_line(read_status(app.store.path.parent), app.clock())
            widget.update(literal(text + (" · syncing…" if app.syncing else "")))

    def fill_table(self) -> None:
        table = self.deck_table()
        if table is None:
            return
        selected = table.cursor_row
        table.clear(columns=True)
        # The deck column takes what the number columns leave. Counts are of questions
        # (a card, a reversed side, a cloze blank): the help screen says so.
        # Labels as Text: a str label is parsed as markup, which imports rich's emoji table.
        table.add_column(Text("Deck"), key="deck", width=max(self.size.width - 64, 12))
        for label, width in COLUMNS:
            table.add_column(Text(label, justify="right"), key=label.lower(), width=width)
        table.add_column(Text("Last studied"), key="last", width=12)
        for key, cells in self.rows:
            table.add_row(*cells, key=key)
        if selected:
            table.move_cursor(row=min(selected, table.row_count - 1))

    def show_problems(self) -> None:
        broken = self.studydeck.library.broken
        widget = self.query_one("#problems", Static)
        widget.display = bool(broken)
        if broken:
            # a folder that cannot be listed is named as such: its files are not even known
            folders = [r for r in broken if r.problems[0].code == "unreadable-folder"]
            files = [r for r in broken if r not in folders]
            text = "".join(f"{r.path}: {r.problems[0].message}. " for r in folders)
            if files:
                names = ", ".join(r.path.name for r in files[:3]) + (" …" if len(files) > 3 else "")
                text += f"{plural(len(files), 'deck file')} could not be loaded: {names}. "
                text += "Run `studydeck validate` on them to see why."
            widget.update(literal(text))

    def selected_key(self) -> str | None:
        table = self.deck_table()
        if table is None or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return key

    def on_data_table_row_highlighted(self) -> None:
        self.show_about()

    def show_about(self) -> None:
        key = self.selected_key()
        about = self.query_one("#about", Static)
        deck = self.studydeck.library.deck(key) if key else None
        if not self.studydeck.library.decks:
            about.update(
                "No decks found. Open some with `studydeck app DECK…` (files or folders), "
                "or start one with `studydeck new`."
            )
            return
        if deck is None:
            about.update(
                "Everything due now across your decks, then today's new questions. Counts are "
                "of questions: a card, a reversed side or a cloze blank is each one question. "
                "enter studies · c crams a deck (no schedule change) · s statistics · ? help"
            )
            return
        text = Content.styled(deck.title, "bold")
        if deck.description:
            text += Content("\n") + literal(deck.description)
        if deck.authors:
            text += Content.styled("\nby " + ", ".join(deck.authors), "$text-muted")
        about.update(text)

    def on_data_table_row_selected(self) -> None:
        self.action_study()

    def action_study(self) -> None:
        key = self.selected_key()
        if key is None:
            return
        self.studydeck.start_session(None if key == ALL_DUE else [key])

    def action_cram(self) -> None:
        key = self.selected_key()
        if key is None:
            return
        self.studydeck.start_session(None if key == ALL_DUE else [key], cram=True)

    def action_stats(self) -> None:
        self.studydeck.show_stats()

    def show_exams(self) -> None:
        """Each exam plan: days left, the predicted share recalled, today's minutes."""
        from studydeck.study import Days
        from studydeck.study.exam import exam_status

        app = self.studydeck
        statuses = exam_status(app.store, app.library.decks, app.clock(), Days())
        widget = self.query_one("#exams", Static)
        widget.display = bool(statuses)
        lines = []
        for status in statuses:
            titles = [app.library.deck(d) for d in status.deck_ids]
            names = ", ".join(d.title for d in titles if d is not None)
            days = status.days_left
            when = "today" if days == 0 else f"in {plural(days, 'day')}"
            line = Content.styled(f"Exam {when}", "bold") + Content(" · ") + literal(names)
            line += Content(
                f" · {status.forecast.recalled:.0%} predicted recalled on the exam day"
                f" · today {status.minutes_today:.0f} of {status.minutes} min"
            )
            if status.new.budget_too_small:
                line += Content.styled(" · budget too small for every card", "$text-warning")
            lines.append(line)
        widget.update(Content("\n").join(lines))

    def action_plan(self) -> None:
        from studydeck.study import Days
        from studydeck.tui.screens.plan import PlanAnswer, PlanScreen

        key = self.selected_key()
        if key is None:
            return
        app = self.studydeck
        decks = (
            app.library.decks if key == ALL_DUE else [d for d in app.library.decks if d.id == key]
        )
        if not decks:
            return
        now = app.clock()
        plans = {p.deck_id: p for p in app.store.exam_plans()}
        current = plans.get(decks[0].id)
        title = "all decks" if key == ALL_DUE else decks[0].title

        def chosen(answer: PlanAnswer | None) -> None:
            from studydeck.store import ExamPlan, ProgressFileError

            if answer is None:
                return
            try:
                if answer.remove or answer.exam_day is None:
                    app.store.remove_exam_plan(d.id for d in decks)
                else:
                    day, minutes = answer.exam_day, answer.minutes
                    app.store.save_exam_plan(ExamPlan(d.id, day, minutes, now) for d in decks)
            except ProgressFileError as error:
                self.notify(
                    f"{error.message}. {error.advice}",
                    title="The plan was not saved",
                    severity="error",
                    markup=False,
                )
            self.refresh_decks()

        today = Days().day_of(now)
        exam = current.exam_day if current and current.exam_day >= today else None
        minutes = current.minutes if current else 20
        app.push_screen(PlanScreen(title, today, exam, minutes), chosen)


def new_deck_table() -> DeckTable:
    from studydeck.tui.widgets.deck_table import DeckTable

    return DeckTable(id="decks", cursor_type="row")
