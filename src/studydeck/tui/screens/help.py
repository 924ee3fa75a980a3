"""The help overlay: every key that works on the screen below it, read from its bindings."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

KEY_NAMES = {
    "escape": "esc",
    "question_mark": "?",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "pgup",
    "pagedown": "pgdn",
    "plus": "+",
    "minus": "-",
}


def key_name(key: str) -> str:
    """A key as a learner would type it: `enter`, `ctrl+t`, `shift+↑`, `?`."""
    *modifiers, last = key.split("+")
    return "+".join([*modifiers, KEY_NAMES.get(last, last)])


def own_actions(node: object) -> set[str]:
    """Actions bound in studydeck's own classes (not those every Textual widget brings)."""
    actions: set[str] = set()
    for cls in type(node).__mro__:
        if cls.__module__.startswith("studydeck."):
            for binding in Binding.make_bindings(cls.__dict__.get("BINDINGS", [])):
                actions.add(binding.action)
    return actions


def keys_of(screen: Screen[object]) -> list[tuple[str, str]]:
    """(keys, what they do) for every studydeck key active on `screen` now, one row per action.

    Read from the live bindings (the screen, its focused widget, the app), so the list cannot
    drift from what the keys really do. Textual's generic keys (focus moves, copy, the input's
    editing keys) are left out; the command palette is kept.
    """
    rows: dict[str, list[str]] = {}
    owned: dict[int, set[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        actions = owned.setdefault(id(active.node), own_actions(active.node))
        palette = binding.action in {"command_palette", "app.command_palette"}
        if binding.action not in actions and not palette:
            continue
        description = "Command palette" if palette else binding.description
        shown = key_name(key)
        keys = rows.setdefault(description or binding.action, [])
        if shown not in keys:
            keys.append(shown)
    return [(" ".join(keys), description) for description, keys in rows.items()]


class HelpScreen(ModalScreen[None]):
    """An overlay listing the keys of the screen it covers; any of `escape`, `?`, `q` closes."""

    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q,f1", "close", "Close help"),
    ]

    def __init__(self, screen_title: str, keys: list[tuple[str, str]], notes: str = "") -> None:
        super().__init__()
        self.screen_title = screen_title
        self.keys = keys
        self.notes = notes  # what the keys alone do not say (the screen's HELP_NOTES)

    def compose(self) -> ComposeResult:
        width = max((len(k) for k, _ in self.keys), default=4) + 2
        lines = [
            Content.styled(keys.ljust(width), "bold $text-accent") + Content(description)
            for keys, description in self.keys
        ]
        with Vertical(id="help"):
            yield Static(Content.styled(f"Keys · {self.screen_title}", "bold"), id="help-title")
            with VerticalScroll(id="help-keys"):
                yield Static(Content("\n").join(lines))
                if self.notes:
                    yield Static(Content("\n") + Content.styled(self.notes, "$text-muted"))
            yield Static(
                Content.styled("ctrl+p opens the command palette · escape closes", "$text-muted"),
                id="help-foot",
            )

    def action_close(self) -> None:
        self.dismiss()
