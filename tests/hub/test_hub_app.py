"""The app syncs by itself when a hub is joined: at start and after each session, in the
background (a child process), never delaying a card; the home screen says how it went."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from studydeck.store import open_store
from studydeck.tui.app import make_app
from studydeck.tui.screens.home import HomeScreen
from studydeck.tui.screens.study import StudyScreen

from .hub_support import Hub, Learner
from .test_hub_faults import answers_locked, assert_hub_matches, class_of_one


def hub_line(app: object) -> str:
    from textual.app import App

    assert isinstance(app, App)
    return str(app.screen.query_one("#hub", Static).visual)


async def wait_for(condition: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.05)


async def answer_the_card(pilot: Pilot[None], screen: object) -> None:
    """Answer whatever card is shown, with its own keys, and accept the proposed rating."""
    assert isinstance(screen, StudyScreen)
    item = screen.session.current
    assert item is not None
    kind = item.card.type
    if kind in ("basic", "flashcard"):
        await pilot.press("space", "3")
    elif kind == "mcq":
        await pilot.press("1", "space")
    elif kind == "true_false":
        await pilot.press("t", "space")
    else:  # typed answers: the text itself is not under test
        screen.query_one(Input).value = "Tashkent"
        await pilot.press("enter", "space")
    await pilot.pause()


def pushing(hub: Hub, learner: Learner) -> bool:
    with hub.admin() as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE usename = %s AND wait_event_type = 'Lock'",
            (learner.role(),),
        ).fetchone()
    return bool(row and row[0])


async def test_the_app_syncs_in_the_background_at_start_and_after_a_session(
    hub: Hub, tmp_path: Path
) -> None:
    ann = class_of_one(hub, tmp_path)  # three answers the hub does not have yet
    now = datetime.now(UTC)
    with ann.active():
        store = open_store(ann.progress, now)
        try:
            app = make_app([ann.deck()], store, lambda: now, cursor_blink=False)
            async with app.run_test(size=(100, 30)) as pilot:
                with answers_locked(hub):  # the start-up sync is held in the middle of its push
                    await wait_for(lambda: pushing(hub, ann))
                    assert app.syncing
                    assert "syncing…" in hub_line(app)
                    # study goes on meanwhile: a card is shown and answered at once
                    await pilot.press("enter")
                    assert isinstance(app.screen, StudyScreen)
                    before = store.review_count()
                    await answer_the_card(pilot, app.screen)
                    assert store.review_count() == before + 1
                await wait_for(lambda: not app.syncing)
                await pilot.press("escape")
                while not isinstance(app.screen, HomeScreen):
                    await pilot.press("enter")  # leave the summary
                # back home after the session: its answers go out too
                await wait_for(lambda: not app.syncing and not app._sync_again)
                await app.workers.wait_for_complete()
                await pilot.pause()
                assert hub_line(app) == "Class hub: synced just now"
        finally:
            store.close()
    assert_hub_matches(hub, ann)


async def test_the_home_screen_says_why_a_sync_failed(hub: Hub, tmp_path: Path) -> None:
    ann = class_of_one(hub, tmp_path)
    now = datetime.now(UTC)
    hub.cluster.stop("fast")
    try:
        with ann.active():
            store = open_store(ann.progress, now)
            try:
                app = make_app([ann.deck()], store, lambda: now, cursor_blink=False)
                async with app.run_test(size=(100, 30)) as pilot:
                    await wait_for(lambda: not app.syncing and "failed" in hub_line(app))
                    await pilot.pause()
                    line = hub_line(app)
                    assert line.startswith("Class hub: last sync failed (cannot reach the hub")
                    assert "last good sync just now" in line  # when the fixture synced
            finally:
                store.close()
    finally:
        hub.cluster.start()
