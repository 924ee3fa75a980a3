"""The study app and the one factory that builds it, for the CLI and the tests alike."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.geometry import Size
from textual.screen import Screen

from studydeck.tui.text import literal

if TYPE_CHECKING:
    # Types only: the deck models, the store and the engine load after the first frame (the
    # home screen's worker, or the first session), so the app shows up before pydantic does.
    from studydeck.deck.loader import LoadResult
    from studydeck.deck.models import Deck
    from studydeck.store import ProgressFileError, Store

Clock = Callable[[], datetime]
Timer = Callable[[], float]

MIN_WIDTH, MIN_HEIGHT = 80, 24


@dataclass
class Library:
    """The decks the app offers, and the files that could not be loaded (shown on home)."""

    decks: list[Deck] = field(default_factory=list)
    broken: list[LoadResult] = field(default_factory=list)
    pending: list[Path] = field(default_factory=list)  # still to load, in a worker

    @property
    def loaded(self) -> bool:
        return not self.pending

    def deck(self, deck_id: str) -> Deck | None:
        return next((d for d in self.decks if d.id == deck_id), None)

    def add(self, results: Iterable[LoadResult]) -> None:
        """Take loaded files in; a deck id seen twice keeps its first file, and the other is
        listed with the files that could not be loaded (it was hidden without a word)."""
        from studydeck.deck.loader import LoadResult
        from studydeck.deck.problems import Problem

        seen = {d.id: "a deck given to the app" for d in self.decks}
        for result in results:
            if result.deck is None:
                self.broken.append(result)
            elif result.deck.id in seen:
                problem = Problem(
                    str(result.path),
                    1,
                    1,
                    "error",
                    f"deck id `{result.deck.id}` is also the id of {seen[result.deck.id]}",
                    "give each deck its own `id:`; progress is kept by it",
                    code="duplicate-deck-id",
                )
                self.broken.append(LoadResult(result.path, None, [problem]))
            else:
                seen[result.deck.id] = str(result.path)
                self.decks.append(result.deck)
        self.pending = []


class DeckCommands(Provider):
    """Command palette entries to study or cram each deck.

    Not `get_system_commands`: the palette parses those titles as markup, and deck titles are
    deck text, shown literally here.
    """

    def _commands(self) -> list[tuple[str, Callable[[], None]]]:
        app = self.app
        assert isinstance(app, StudydeckApp)
        commands: list[tuple[str, Callable[[], None]]] = []
        for deck in app.library.decks:
            for cram in (False, True):
                verb = "Cram" if cram else "Study"

                def run(deck_id: str = deck.id, cram: bool = cram) -> None:
                    app.start_session([deck_id], cram=cram)

                commands.append((f"{verb}: {deck.title}", run))
        return commands

    async def discover(self) -> Hits:
        for text, run in self._commands():
            if text.startswith("Study"):
                yield DiscoveryHit(literal(text), run, text=text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, run in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, literal(text), run, text=text)


class StudydeckApp(App[None]):
    """The learner's app: home, study sessions, summary, stats, help.

    Build it with `make_app`; it holds the progress store (opened and closed by the caller), the
    clock and the decks.
    """

    TITLE = "studydeck"
    # The home and study screens' CSS is read with the app's: a screen bringing CSS of its own
    # when it is first shown makes Textual parse every stylesheet again, a delay before its
    # first frame (home's for `studydeck`, the first card's for `studydeck study`).
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        "app.tcss",
        "widgets/widgets.tcss",
        "screens/home.tcss",
        "screens/study.tcss",
    ]
    COMMANDS = App.COMMANDS | {DeckCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        # `?` would be typed into an answer box: F1 is shown there instead (see StudyScreen).
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("f1", "help('typing')", "Help", key_display="F1"),
        Binding("f1", "help", "Help", show=False),
        Binding("ctrl+q", "quit", "Quit", show=False),
    ]

    def __init__(
        self,
        library: Library,
        store: Store,
        clock: Clock,
        *,
        timer: Timer = time.monotonic,
        study_on_start: bool = False,
        cram: bool = False,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.library = library
        self.store = store
        self.clock = clock
        self.timer = timer
        self.study_on_start = study_on_start
        self.cram = cram
        self.cursor_blink = cursor_blink
        self._fitting = False  # a background fit of the scheduler's parameters is under way
        self.syncing = False  # a background sync with the class hub is under way
        self._sync_again = False  # asked for while one was under way: run once more after it
        self.progress_error: ProgressFileError | None = None  # why the app closed, if it did

    def progress_file_failed(self, error: ProgressFileError) -> None:
        """A read met damage (or the file went away): close the app, which then says why in
        the terminal, as when the file cannot be opened. Nothing more is written to it."""
        self.progress_error = error
        self.exit(return_code=1)

    def on_mount(self) -> None:
        from studydeck.tui.screens.home import HomeScreen

        if not self.is_headless and sys.platform != "win32" and sys.__stdin__ is not None:
            from studydeck.tui.hangup import exit_on_hangup

            # Exit (and so close the store) when the terminal hangs up: Textual's input thread
            # would spin on the dead terminal instead (see hangup.py). fd 0 is what it reads.
            exit_on_hangup(sys.__stdin__.fileno(), self.exit)

        for warning in self.store.warnings:
            self.notify(warning, title="Progress file", severity="warning", markup=False)
        self.push_screen(HomeScreen())
        if self.study_on_start:
            self.start_session(None, cram=self.cram)
        self.check_size()
        if self.library.loaded:
            self.after_start()
        # else home calls it once its decks are loaded: its counts come first

    def after_start(self) -> None:
        """Start the work the first frame (a card, or home's counts) does not need."""
        from studydeck.deck.loader import keep_for_the_session

        # Textual's own objects, loaded since the decks were frozen (`studydeck study` freezes
        # them before the app is imported), stay for the session too: the full collections
        # that walked them all came mid-answer, the slowest 1 % of rating key → next card.
        self.call_after_refresh(keep_for_the_session)
        self.call_after_refresh(self.fit_when_due)
        self.call_after_refresh(self.sync_with_hub)

    def start_session(self, deck_ids: list[str] | None, *, cram: bool = False) -> None:
        """Open a session over some decks (None: every deck) and show its first item."""
        from studydeck.store import ProgressFileError
        from studydeck.study import open_session
        from studydeck.tui.screens.study import StudyScreen

        if any(isinstance(screen, StudyScreen) for screen in self.screen_stack):
            self.notify("Finish this session first, or end it with escape.", timeout=4)
            return
        if not self.library.loaded:
            self.notify("The decks are still loading.", timeout=3)
            return
        decks = self.library.decks
        if not cram:
            self.call_after_refresh(self.fit_when_due)  # after the first card is on screen
        try:
            session = open_session(self.store, decks, now=self.clock, cram=cram, deck_ids=deck_ids)
        except ProgressFileError as error:
            self.progress_file_failed(error)
            return
        if session.current is None:
            self.notify(
                "Nothing is due right now. Press c on a deck to cram it anyway.",
                title="All done",
            )
            return
        chosen = [d for d in decks if deck_ids is None or d.id in deck_ids]
        title = chosen[0].title if len(chosen) == 1 else f"All due · {len(chosen)} decks"
        self.push_screen(StudyScreen(session, title))

    def fit_when_due(self) -> None:
        """Fit the scheduler's parameters to the learner's answers when `refit_due` says so
        (study/refit.py), in a child process: the app never waits for it (fsrs-rs holds the GIL
        while it trains, which would freeze a thread's app for seconds on a long log)."""
        from studydeck.store import ProgressFileError
        from studydeck.study.refit import automatic_fit_due

        if self._fitting:
            return
        try:
            due = automatic_fit_due(self.store)
        except ProgressFileError:
            return  # the reads the learner waits for report it
        if due:
            self._fitting = True
            self.run_worker(self._fit_in_background(), group="fit", exit_on_error=False)

    async def _fit_in_background(self) -> None:
        try:
            await self._fit_in_child()
        finally:
            self._fitting = False

    async def _fit_in_child(self) -> None:
        import asyncio
        import json

        try:
            child = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "studydeck.study.refit",
                str(self.store.path),
                self.clock().isoformat(),
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.DEVNULL,
                start_new_session=True,  # the terminal's signals are the app's, not the fit's
            )
        except OSError:
            return
        try:
            out, _ = await child.communicate()
        except asyncio.CancelledError:
            child.kill()  # the app is closing: a fit cut short saves nothing
            raise
        lines = out.decode(errors="replace").splitlines()
        if child.returncode != 0 or not lines:
            return
        report = json.loads(lines[-1])
        if report.get("fitted") and report.get("better"):
            before, after = report["log_loss"]
            self.notify(
                f"Fitted to your memory from {report['reviews']:,} reviews: it now predicts "
                f"your recall better (log loss {before:.3f} → {after:.3f}).",
                title="Scheduler",
                timeout=8,
            )

    def sync_with_hub(self) -> None:
        """Sync with the joined class hub (if any) in a child process: at start and after each
        session. Study never waits for it; the home screen says how the last one went."""
        from studydeck.hub.joined import config_path

        if not config_path().is_file():
            return
        if self.syncing:
            self._sync_again = True  # its answers may be newer than what the running one read
            return
        self.syncing = True
        self.show_sync()
        self.run_worker(self._sync_in_child(), group="sync", exit_on_error=False)

    async def _sync_in_child(self) -> None:
        import asyncio

        try:
            # `studydeck sync` itself: psycopg and the network stay out of the app's process.
            # If the app closes first, the child finishes on its own (a cut push loses nothing).
            child = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "studydeck",
                "--data-dir",
                str(self.store.path.parent),
                "sync",
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.DEVNULL,
                stderr=asyncio.subprocess.DEVNULL,
                start_new_session=True,
            )
            await child.wait()
        except OSError:
            pass
        finally:
            self.syncing = False
        self.synced()
        if self._sync_again:
            self._sync_again = False
            self.sync_with_hub()

    def show_sync(self) -> None:
        from studydeck.tui.screens.home import HomeScreen

        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen) and screen.is_mounted:
                screen.show_sync()

    def synced(self) -> None:
        from studydeck.hub.status import read_status

        self.show_sync()
        status = read_status(self.store.path.parent)
        if status is not None and status.error is None and status.updated:
            self.notify(
                "New or changed decks from your class: "
                + ", ".join(status.updated)
                + ". They load the next time studydeck starts.",
                title="Class hub",
                markup=False,
                timeout=8,
            )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Study all due", "Every deck's due questions in one session", self.study_all
        )
        yield SystemCommand("Statistics", "Progress per deck and per tag", self.show_stats)
        yield SystemCommand("Help", "Every key on this screen", self.action_help)

    def study_all(self) -> None:
        self.start_session(None)

    def show_stats(self) -> None:
        from studydeck.tui.screens.stats import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "help":
            typing = bool(getattr(self.screen, "typing", False))
            return typing == (parameters == ("typing",))
        return True

    def action_help(self, _key: str = "") -> None:
        from studydeck.tui.screens.help import HelpScreen, keys_of

        if isinstance(self.screen, HelpScreen):
            return
        notes = str(getattr(self.screen, "HELP_NOTES", ""))
        self.push_screen(HelpScreen(self.screen.title or "", keys_of(self.screen), notes))

    def on_resize(self, event: events.Resize) -> None:
        # Runs before App's own handler has taken the new size in: use the event's.
        self.check_size(event.size)

    def check_size(self, size: Size | None = None) -> None:
        """Cover the app with a notice while the terminal is smaller than 80×24."""
        from studydeck.tui.screens.too_small import TooSmallScreen

        width, height = size or self.size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen())
        elif small and isinstance(self.screen, TooSmallScreen):
            self.screen.show_size(width, height)
        elif not small and showing:
            self.pop_screen()


def make_app(
    decks: Sequence[Deck] | None,
    store: Store,
    clock: Clock,
    *,
    deck_paths: Sequence[Path] = (),
    broken: Sequence[LoadResult] = (),
    study_on_start: bool = False,
    cram: bool = False,
    timer: Timer = time.monotonic,
    cursor_blink: bool = True,
) -> StudydeckApp:
    """Build the app from its parts.

    `decks` are ready decks; `deck_paths` are files or folders the home screen loads in a worker
    after its first frame. `study_on_start` opens a session over all the decks at once
    (`studydeck study`), `cram` makes it a cram session (nothing is scheduled).
    """
    library = Library(list(decks or []), list(broken), list(deck_paths))
    return StudydeckApp(
        library,
        store,
        clock,
        timer=timer,
        study_on_start=study_on_start,
        cram=cram,
        cursor_blink=cursor_blink,
    )
