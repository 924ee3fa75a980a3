"""What every importer shares: reading the file, collecting cards, and reporting by line."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from studydeck.deck.models import Card
from studydeck.instructor.deckfile import build_card
from studydeck.instructor.text import IdMaker, tag_slug
from studydeck.visible import visible

MAX_IMPORT_BYTES = 50 * 1024 * 1024


class ImportFileError(Exception):
    """The file cannot be read at all (missing, too large, not UTF-8)."""


@dataclass(frozen=True)
class Notice:
    """One line of the import report: a question that was skipped, or a change worth knowing."""

    line: int
    kind: Literal["skipped", "note"]
    message: str

    def format(self, file: str) -> str:
        return visible(f"{file}:{self.line}: {self.kind}: {self.message}")


@dataclass
class ImportResult:
    cards: list[Card] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    title: str | None = None  # a deck title found in the file, if any

    @property
    def skipped(self) -> list[Notice]:
        return [n for n in self.notices if n.kind == "skipped"]


class Collector:
    """Builds cards through the real models and validator; a card that fails is reported."""

    def __init__(self) -> None:
        self.result = ImportResult()
        self.ids = IdMaker()

    def skip(self, line: int, reason: str) -> None:
        self.result.notices.append(Notice(line, "skipped", reason))

    def note(self, line: int, message: str) -> None:
        self.result.notices.append(Notice(line, "note", message))

    def add(
        self,
        line: int,
        prompt: str,
        fields: dict[str, Any],
        *,
        identity: str | None = None,
        tags: list[str] | None = None,
    ) -> Card | None:
        """Validate and keep one card; `prompt` (or `identity`) makes its stable id."""
        clean_tags = _tags(tags or [])
        data = {k: v for k, v in fields.items() if v is not None}
        # A trial id first: the real one is only claimed by a card that is kept.
        built = build_card({"id": "x", **data, **({"tags": clean_tags} if clean_tags else {})})
        if isinstance(built, str):
            self.skip(line, f"not a valid {fields.get('type', '')} card: {built}")
            return None
        card_id = self.ids.make(prompt, identity)
        card = replace(built, id=card_id)
        self.result.cards.append(card)
        return card


def _tags(tags: list[str]) -> list[str]:
    out: list[str] = []
    for tag in tags:
        slug = tag_slug(tag)
        if slug and slug not in out:
            out.append(slug)
    return out


def read_text(path: Path) -> str:
    """The file's text (UTF-8, with or without BOM), or an ImportFileError saying why not."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_IMPORT_BYTES + 1)
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportFileError(f"{path} is larger than {MAX_IMPORT_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            f"{path}:{line}: the file is not UTF-8 text; save it as UTF-8 and import again"
        ) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")
