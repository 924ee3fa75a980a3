"""The commands that open the app: `studydeck`, `studydeck app`, `studydeck study [--cram]`."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from studydeck import cli
from studydeck.tui.app import StudydeckApp

from .conftest import write_deck

Launched = list[StudydeckApp]


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> Launched:
    """Apps the commands would run, caught instead of taking over the terminal."""
    apps: Launched = []

    def run(self: StudydeckApp, *args: object, **kwargs: object) -> None:
        apps.append(self)

    monkeypatch.setattr(StudydeckApp, "run", run)
    return apps


def test_no_command_opens_the_app_on_the_bundled_decks(
    launched: Launched, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    write_deck(bundled, "shipped", ["basic"])
    monkeypatch.setattr("studydeck.commands.app.bundled_decks_dir", lambda: bundled)
    assert cli.main(["--data-dir", str(tmp_path / "data")]) == 0
    (app,) = launched
    assert app.library.pending == [bundled]  # loaded by the home screen, after its first frame
    assert not app.study_on_start
    assert (tmp_path / "data" / "progress.sqlite3").is_file()


def test_app_command_adds_the_decks_given(
    launched: Launched, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = write_deck(tmp_path, "mine", ["typed"])
    assert cli.main(["--data-dir", str(tmp_path / "data"), "app", str(extra)]) == 0
    (app,) = launched
    assert app.library.pending[-1] == extra


@contextmanager
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Standard output on a real pseudo-terminal, as when run in one (plain mode is for the
    rest). Set in the test's body: pytest sets its own capture again when the test starts."""
    main_end, terminal_end = pty.openpty()
    with os.fdopen(terminal_end, "w") as out:
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setenv("TERM", "xterm-256color")
        yield
    os.close(main_end)


def test_study_command_starts_a_session_and_cram_is_passed_on(
    launched: Launched, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deck = write_deck(tmp_path, "mine", ["typed", "mcq"])
    data = str(tmp_path / "data")
    with terminal(monkeypatch):
        assert cli.main(["--data-dir", data, "study", str(deck), "--cram"]) == 0
    (app,) = launched
    assert [d.id for d in app.library.decks] == ["mine"]
    assert app.study_on_start and app.cram


def test_study_command_refuses_a_broken_deck(
    launched: Launched, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("studydeck: 1\nid: Bad Id\ntitle: x\n", encoding="utf-8")
    assert cli.main(["--data-dir", str(tmp_path / "data"), "study", str(bad)]) == 1
    assert "bad.yaml:2:" in capsys.readouterr().err
    assert not launched


def test_study_command_names_an_unknown_deck(
    launched: Launched, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["--data-dir", str(tmp_path / "data"), "study", "no-such-deck"]) == 2
    assert "no-such-deck: no such file or folder, nor a bundled deck" in capsys.readouterr().err
    assert not launched


def test_a_damaged_progress_file_is_reported_and_left_alone(
    launched: Launched, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    progress = data / "progress.sqlite3"
    damaged = b"SQLite format 3\x00" + b"\xff" * 300
    progress.write_bytes(damaged)
    deck = write_deck(tmp_path, "mine", ["basic"])
    assert cli.main(["--data-dir", str(data), "study", str(deck)]) == 1
    err = capsys.readouterr().err
    assert f"cannot use the progress file {progress}" in err
    assert "studydeck restore" in err  # the store's advice
    assert "left exactly as it was" in err
    assert progress.read_bytes() == damaged
    assert not launched


def test_the_parser_does_not_import_textual() -> None:
    # `studydeck validate` builds the same parser: the app commands must not pull Textual in.
    probe = (
        "import sys; from studydeck import cli; cli.build_parser(); "
        "print(any(m.split('.')[0] == 'textual' for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("how", ["--plain", "TERM=dumb", "not a terminal"])
def test_study_command_goes_plain_without_a_terminal_for_the_app(
    launched: Launched,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    how: str,
) -> None:
    deck = write_deck(tmp_path, "mine", ["true_false"])
    args = ["--data-dir", str(tmp_path / "data"), "study", str(deck)]
    monkeypatch.setattr(sys, "stdin", io.StringIO("t\n\n"))
    if how == "not a terminal":  # pytest's capture
        assert cli.main(args) == 0
        assert "Right." in capsys.readouterr().out
    else:
        with terminal(monkeypatch):
            if how == "--plain":
                args.append("--plain")
            else:
                monkeypatch.setenv("TERM", "dumb")
            assert cli.main(args) == 0
    assert not launched
    assert (tmp_path / "data" / "progress.sqlite3").is_file()
