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


class HomeScreen(Screen[None]):
    """The decks found, each with new, due and total items and when it was last studied."""

    TITLE = "Home"
    CSS_PATH = "home.tcss"
    AUTO_FOCUS = "#decks"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "cram", "Cram"),
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
        if self.studydeck.library.loaded:
            yield new_deck_table()
        # Otherwise the table comes with the decks (`loaded`): a DataTable is slow to import and
        # to mount, and an empty one is not worth delaying the first frame for.
        yield Static(id="about")
        yield Static(id="problems")
        yield Footer()

    def on_mount(self) -> None:
        if self.studydeck.library.loaded:
            self.refresh_decks()
        else:
            self.query_one("#heading", Static).update("Loading decks…")
            # After the first frame: the worker's imports and parsing would share the GIL with it.
            self.call_after_refresh(self.load)

    @work(thread=True, exclusive=True)
    def load(self) -> None:
        # Parsing and validating YAML is the slow part; it runs off the UI thread. Counting
        # needs the store's connection, so that happens back on the UI thread.
        from studydeck.deck.loader import keep_for_the_session, load_decks

        results = load_decks(self.studydeck.library.pending)
        keep_for_the_session()
        self.app.call_from_thread(self.loaded, results)

    def loaded(self, results: list[LoadResult]) -> None:
        self.studydeck.library.add(results)
        if self.deck_table() is None:
            table = new_deck_table()
            self.mount(table, after="#heading")  # in the DOM at once; filled before it paints
            self.set_focus(table)
        self.refresh_decks()

    def deck_table(self) -> DeckTable | None:
        from studydeck.tui.widgets.deck_table import DeckTable

        return self.query_one_optional("#decks", DeckTable)

    def on_screen_resume(self) -> None:
        if self.studydeck.library.loaded and self.is_mounted:
            self.refresh_decks()

    def on_resize(self) -> None:
        # Only the deck column's width changes: no need to count again.
        if self.rows:
            self.fill_table()

    def refresh_decks(self) -> None:
        """Count each deck afresh (after a session the counts have changed) and show them."""
        from studydeck.store import ProgressFileError
        from studydeck.study import deck_counts

        app = self.studydeck
        now = app.clock()
        self.rows = []
        total_new = total_due = 0
        for deck in app.library.decks:
            try:
                counts = deck_counts(app.store, deck, now)
            except ProgressFileError as error:
                app.progress_file_failed(error)
                return
            total_new += counts.new
            total_due += counts.due
            cells = [
                Text(deck.title, overflow="ellipsis", no_wrap=True),
                Text(str(counts.new), justify="right"),
                Text(str(counts.due), justify="right"),
                Text(str(counts.total), justify="right"),
                Text(days_ago(counts.last_studied, now)),
            ]
            self.rows.append((deck.id, cells))
        all_due = [
            Text("★ Study all due", style="bold"),
            Text(str(total_new), justify="right"),
            Text(str(total_due), justify="right"),
            Text(""),
            Text(""),
        ]
        self.rows.insert(0, (ALL_DUE, all_due))
        heading = Content.styled("studydeck", "bold $text-accent") + Content.styled(
            f"  {plural(len(app.library.decks), 'deck')} · {now.astimezone():%A %d %B}",
            "$text-muted",
        )
        self.query_one("#heading", Static).update(heading)
        self.fill_table()
        self.show_about()
        self.show_problems()

    def fill_table(self) -> None:
        table = self.deck_table()
        if table is None:
            return
        selected = table.cursor_row
        table.clear(columns=True)
        # The deck column takes what the number columns leave.
        table.add_column("Deck", key="deck", width=max(self.size.width - 44, 16))
        for label in ("New", "Due", "Total"):
            table.add_column(Text(label, justify="right"), key=label.lower(), width=5)
        table.add_column("Last studied", key="last", width=12)
        for key, cells in self.rows:
            table.add_row(*cells, key=key)
        if selected:
            table.move_cursor(row=min(selected, table.row_count - 1))

    def show_problems(self) -> None:
        broken = self.studydeck.library.broken
        widget = self.query_one("#problems", Static)
        widget.display = bool(broken)
        if broken:
            names = ", ".join(r.path.name for r in broken[:3]) + (" …" if len(broken) > 3 else "")
            text = f"{plural(len(broken), 'deck file')} could not be loaded: {names}. "
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
                "Everything due today across your decks, then new items. "
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


def new_deck_table() -> DeckTable:
    from studydeck.tui.widgets.deck_table import DeckTable

    return DeckTable(id="decks", cursor_type="row")
