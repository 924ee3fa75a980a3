"""The `studydeck` command line: opens the app, or runs one sub-command."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from studydeck import __version__

# name → (module under studydeck.commands, one-line help). Modules load only when used.
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("validate", "check deck files and list every problem with file:line:col"),
    "schema": ("schema", "print the deck format's JSON Schema (for editor completion)"),
    "app": ("app", "open the study app on the bundled decks and any DECK files given"),
    "study": ("study", "study DECK_OR_FILE… now; --cram goes through all without scheduling"),
    "new": ("new", "start a deck file from a commented example of every card type"),
    "import": ("import_deck", "convert an Anki, Quizlet or Moodle GIFT file into a deck"),
    "export": ("export", "export a deck to an Anki package (.apkg) or CSV"),
    "progress": ("progress", "export your progress as JSON for an instructor's report"),
    "report": ("report", "a class report from many learners' progress exports"),
    "stats": ("stats", "show progress per deck: new, due, reviews, retention (--json)"),
    "optimize": ("optimize", "fit the scheduler to your own answers (FSRS parameters)"),
    "plan": ("plan", "study decks toward an exam date within minutes a day (--exam YYYY-MM-DD)"),
    "restore": ("restore", "list the progress file's daily backups, or restore one"),
    "hub": ("hub", "a class hub on PostgreSQL: init, add-learner, publish, join (extra `hub`)"),
    "sync": ("sync", "pull your class's decks from the hub and push your new answers"),
}


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line. With `only`, the other commands are listed with their help line but
    their modules are not imported: running one command loads no other command's module."""
    parser = argparse.ArgumentParser(
        prog="studydeck",
        description="Spaced-repetition quizzes and flashcards from YAML decks, in the terminal. "
        "Run with no command to open the study app on the bundled decks.",
    )
    parser.add_argument("--version", action="version", version=f"studydeck {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="where progress is kept (default: $STUDYDECK_DATA_DIR or the user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module, help_text) in COMMANDS.items():
        if only is None or name == only:
            mod = importlib.import_module(f"studydeck.commands.{module}")
            mod.add_parser(sub, name, help_text)
        else:
            sub.add_parser(name, help=help_text, add_help=False)
    return parser


def named_command(args: Sequence[str]) -> str:
    """The command `args` run ("app" when they name none), read with the global options alone.

    Anything this cannot read gives "app" too: the whole parse then reports the mistake.
    """
    global_options = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    global_options.add_argument("--data-dir")
    global_options.add_argument("command", nargs="?")
    try:
        named = global_options.parse_known_args(args)[0].command
    except argparse.ArgumentError:
        return "app"
    return named if named in COMMANDS else "app"


def main(argv: Sequence[str] | None = None) -> int:
    _degrade_output()
    args = argv if argv is not None else sys.argv[1:]
    parser = build_parser(only=named_command(args))
    ns = parser.parse_args(args)
    command = ns.command or "app"
    module = importlib.import_module(f"studydeck.commands.{COMMANDS[command][0]}")
    try:
        result: int = module.run(ns)
        sys.stdout.flush()  # here, so a closed pipe is seen here and not at exit
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return closed_pipe()
    return result


def closed_pipe() -> int:
    """Standard output was closed by its reader (`… | head`): stop quietly, as `cat` does. What
    is still buffered goes nowhere, so Python's own flush at exit does not complain."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 128 + 13  # as a process killed by SIGPIPE


def _degrade_output() -> None:
    """Text the terminal's encoding cannot show ("—" under LC_ALL=C, a file name's undecodable
    bytes) is written as \\u2014-style escapes instead of ending the command with
    UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


if __name__ == "__main__":
    sys.exit(main())
