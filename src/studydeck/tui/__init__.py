"""The study app: a Textual TUI over the study engine.

Nothing here is imported by the core (`deck/`, `study/`, `store/`) or by the commands that do not
open the app; `studydeck.tui.app.make_app` is the one way in.
"""
