"""`studydeck new` and `studydeck validate --watch`, run as an instructor runs them."""

from __future__ import annotations

import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from studydeck.cli import main
from studydeck.deck.loader import load_deck
from studydeck.deck.models import McqCard
from studydeck.instructor.deckfile import schema_modeline
from studydeck.locations import schema_path


def test_new_writes_a_valid_deck_with_every_card_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "my-first_deck.yaml"
    assert main(["new", str(path)]) == 0
    assert "starter deck written" in capsys.readouterr().out
    result = load_deck(path)
    assert result.problems == []  # no errors and no warnings
    deck = result.deck
    assert deck is not None
    assert (deck.id, deck.title) == ("my-first-deck", "My first deck")
    assert [c.type for c in deck.cards] == [
        "basic",
        "cloze",
        "mcq",
        "mcq",
        "true_false",
        "typed",
        "numeric",
        "order",
        "match",
    ]
    mcqs = [c for c in deck.cards if isinstance(c, McqCard)]
    assert [m.multiple for m in mcqs] == [False, True]  # single and pick-all-that-apply
    text = path.read_text(encoding="utf-8")
    assert text.count("\n  # ") >= 9  # each card type is explained by a comment


def schema_from_modeline(deck_file: Path) -> Path:
    first = deck_file.read_text(encoding="utf-8").splitlines()[0]
    prefix = "# yaml-language-server: $schema="
    assert first.startswith(prefix)
    ref = first[len(prefix) :]
    if ref.startswith("file://"):
        return Path(unquote(urlparse(ref).path))
    return (deck_file.parent / ref).resolve()


def test_modeline_points_at_the_schema_from_anywhere(tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    assert main(["new", str(outside)]) == 0
    assert schema_from_modeline(outside) == schema_path().resolve()
    # inside the project the path is relative, so it survives moving the whole folder
    # (computed without writing into the checkout: other people work in it)
    in_decks = schema_path().resolve().parent.parent / "decks" / "some-deck.yaml"
    line = schema_modeline(in_decks)
    assert line == "# yaml-language-server: $schema=../schema/deck-v1.schema.json"


def test_new_never_replaces_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "deck.yaml"
    path.write_text("my work\n")
    assert main(["new", str(path)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert path.read_text() == "my work\n"
    assert main(["new", str(tmp_path / "deck.txt")]) == 2
    assert main(["new", str(tmp_path / "missing" / "deck.yaml")]) == 2


class Lines:
    """Reads a process's output on a thread so the test can wait for a line with a timeout."""

    def __init__(self, stream: object) -> None:
        self.queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            self.queue.put(line)

    def until(self, text: str, timeout: float = 10.0) -> list[str]:
        seen: list[str] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=0.1)
            except queue.Empty:
                continue
            seen.append(line)
            if text in line:
                return seen
        raise AssertionError(f"{text!r} not seen in {seen!r}")


def test_validate_watch_rechecks_on_save_and_exits_0_on_ctrl_c(tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    assert main(["new", str(deck)]) == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "studydeck", "validate", "--watch", str(deck)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # a runner started in the background ignores SIGINT, and children inherit that
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        out = Lines(proc.stdout)
        first = out.until("watching 1 file;")
        assert any("1 valid (9 cards), 0 errors, 0 warnings" in line for line in first)
        good = deck.read_text(encoding="utf-8")
        deck.write_text(good.replace("back: Jupiter", "bak: Jupiter"), encoding="utf-8")
        second = out.until("watching 1 file;")
        assert any("unknown field `bak`" in line for line in second)
        assert any("0 valid (0 cards), 2 errors" in line for line in second)  # bak and back
        deck.write_text(good, encoding="utf-8")
        third = out.until("watching 1 file;")
        assert any("0 errors, 0 warnings" in line for line in third)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=10) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
