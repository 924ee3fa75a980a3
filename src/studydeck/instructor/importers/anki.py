"""Import Anki's text export ("Notes in Plain Text", .txt/.csv) into v1 cards.

The file starts with optional header lines that Anki itself writes and reads
(https://docs.ankiweb.net/importing/text-files.html#file-headers):

    #separator:tab            tab, comma, semicolon, pipe, colon, space, or the character
    #html:true                fields are HTML (stripped to text here)
    #tags:a b                 tags for every note
    #columns:Front	Back	Tags  column names, separated by the separator
    #notetype:Basic           one note type for every row
    #deck:Geography           one deck for every row
    #guid column:1            1-based column numbers of the note's metadata
    #notetype column:2
    #deck column:3
    #tags column:6

Rows are CSV records (fields in double quotes may hold separators and line breaks). Basic notes
(with or without reverse, type-in-the-answer) and cloze notes convert; anything else is read as
front/back when it has two text fields, and the report says so.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studydeck.deck.cloze import braced
from studydeck.instructor.importers.common import Collector, ImportResult, read_text
from studydeck.instructor.text import clean_text, html_to_text, looks_like_html

SEPARATORS = {
    "tab": "\t",
    "comma": ",",
    "semicolon": ";",
    "pipe": "|",
    "colon": ":",
    "space": " ",
}
_DETECT_ORDER = ("\t", ";", ",", "|")
_SOUND = re.compile(r"\[sound:[^\]]*\]")
# `{{c1::answer}}` or `{{c1::answer::hint}}`: the opening, read with `match` where `{{c` is found
# (the deletion itself is found with str.find, in linear time: see `anki_deletions`)
_ANKI_OPENING = re.compile(r"\{\{c([0-9]{1,4})::")


def separator_from(value: str) -> str | None:
    """`tab`/`comma`/… or a single character, as Anki reads `#separator:`."""
    named = SEPARATORS.get(value.strip().lower())
    if named:
        return named
    return value if len(value) == 1 else None


@dataclass
class _Header:
    separator: str | None = None
    html: bool | None = None
    tags: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    columns_raw: str | None = None
    notetype: str | None = None
    deck: str | None = None
    guid_column: int = 0
    notetype_column: int = 0
    deck_column: int = 0
    tags_column: int = 0
    lines: int = 0  # how many lines the header takes


def _parse_header(lines: list[str], collect: Collector) -> _Header:
    header = _Header()
    for i, line in enumerate(lines):
        if i == 0 and line.startswith("tags:"):  # Anki's legacy first line
            header.tags = line[5:].split()
        elif line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep:
                _header_value(header, key.strip().lower(), value, i + 1, collect)
        else:
            break
        header.lines = i + 1
    return header


def _header_value(header: _Header, key: str, value: str, line: int, collect: Collector) -> None:
    number = value.strip()
    if key == "separator":
        header.separator = separator_from(value)
        if header.separator is None:
            collect.note(line, f"unknown separator {value!r}; guessing from the first row")
    elif key == "html":
        header.html = {"true": True, "false": False}.get(number.lower())
    elif key == "tags":
        header.tags = value.split()
    elif key == "columns":
        header.columns_raw = value
    elif key == "notetype":
        header.notetype = number
    elif key == "deck":
        header.deck = number
    elif key in ("guid column", "notetype column", "deck column", "tags column"):
        if number.isdigit():
            setattr(header, key.replace(" ", "_"), int(number))
        else:
            collect.note(line, f"`#{key}:` needs a column number, not {value!r}; ignored")
    elif key not in ("if matches", "match scope"):
        collect.note(line, f"header `#{key}:` is not used by studydeck; ignored")


class _RecordLines:
    """Feeds lines to `csv.reader`, skipping `#` comments and blank lines between records and
    remembering where each record starts, so the report can name the line."""

    def __init__(self, lines: list[str], first_line: int) -> None:
        self._lines = lines
        self._first = first_line
        self._i = 0
        self.at_record_start = True
        self.record_line = first_line

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        while self._i < len(self._lines):
            line = self._lines[self._i]
            self._i += 1
            if self.at_record_start:
                if line.startswith("#") or not line.strip():
                    continue
                self.record_line = self._first + self._i - 1
                self.at_record_start = False
            return line + "\n"
        raise StopIteration


@dataclass
class _Row:
    line: int
    fields: list[str]
    notetype: str
    deck: str | None
    tags: list[str]
    guid: str | None


def _detect_separator(lines: list[str]) -> str:
    first = next((ln for ln in lines if ln.strip() and not ln.startswith("#")), "")
    return next((s for s in _DETECT_ORDER if s in first), "\t")


_FIELD_COUNTS = {"basic": 2, "reverse": 2, "typed": 2, "optional-reverse": 3, "cloze": 2}


def _rows(text: str, collect: Collector, separator: str | None) -> tuple[_Header, list[_Row]]:
    lines = text.split("\n")
    header = _parse_header(lines, collect)
    body = lines[header.lines :]
    sep = separator or header.separator or _detect_separator(body)
    header.separator = sep
    if header.columns_raw is not None:
        header.columns = next(csv.reader([header.columns_raw], delimiter=sep), [])
    source = _RecordLines(body, header.lines + 1)
    reader = csv.reader(source, delimiter=sep, quotechar='"', doublequote=True, strict=False)
    records: list[tuple[int, list[str]]] = []
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            collect.skip(source.record_line, f"unreadable row ({exc}); the rest of the file too")
            break
        source.at_record_start = True
        if record:
            records.append((source.record_line, record))
    if records and not header.tags_column:
        header.tags_column = _implicit_tags_column(header, records[0][1])
    meta = {header.guid_column, header.notetype_column, header.deck_column, header.tags_column}
    rows: list[_Row] = []
    for line, record in records:

        def column(n: int, record: list[str] = record) -> str | None:
            return record[n - 1] if 0 < n <= len(record) else None

        rows.append(
            _Row(
                line,
                [v for i, v in enumerate(record, start=1) if i not in meta],
                column(header.notetype_column) or header.notetype or "",
                column(header.deck_column) or header.deck,
                [*header.tags, *(column(header.tags_column) or "").split()],
                column(header.guid_column) or None,
            )
        )
    return header, rows


def _implicit_tags_column(header: _Header, first: list[str]) -> int:
    """Where Anki finds tags without `#tags column:`: a column labelled "Tags", or, for one
    note type for the whole file, the column right after that note type's fields."""
    for i, label in enumerate(header.columns, start=1):
        if label.strip().lower() == "tags":
            return i
    if header.notetype_column:
        return 0
    count = _FIELD_COUNTS.get(_kind(header.notetype or "Basic"), 0)
    meta = {header.guid_column, header.deck_column}
    field_columns = [i for i in range(1, len(first) + 1) if i not in meta]
    return field_columns[count] if count and len(field_columns) > count else 0


def _kind(notetype: str) -> str:
    """Anki's stock note types by name (also their copies, e.g. "Basic-1a2b3")."""
    name = notetype.lower()
    if "cloze" in name:
        return "cloze"
    if "type" in name and "answer" in name:
        return "typed"
    if "optional" in name and "revers" in name:
        return "optional-reverse"
    if "revers" in name:
        return "reverse"
    if name.startswith("basic") or name in ("einfach", "basique", "básico", "base"):
        return "basic"
    return ""


def _named(header: _Header, row: _Row, names: tuple[str, ...], default: int) -> str:
    """A field by its `#columns:` label when there is one, else by position."""
    if header.columns and not header.notetype_column:
        meta = {header.guid_column, header.notetype_column, header.deck_column, header.tags_column}
        labels = [c for i, c in enumerate(header.columns, start=1) if i not in meta]
        for i, label in enumerate(labels):
            if label.strip().lower() in names and i < len(row.fields):
                return row.fields[i]
    return row.fields[default] if default < len(row.fields) else ""


class _Converter:
    def __init__(self, collect: Collector, html: bool) -> None:
        self.collect = collect
        self.html = html

    def text(self, raw: str, line: int, what: str) -> str:
        """A field as plain text; says what media had to be dropped."""
        sounds = len(_SOUND.findall(raw))
        raw = _SOUND.sub("", raw)
        if self.html:
            text, images = html_to_text(raw)
        else:
            text, images = clean_text(raw), 0
        dropped = [
            f"{n} {kind}{'s' if n > 1 else ''}"
            for n, kind in ((images, "image"), (sounds, "sound"))
            if n
        ]
        if dropped:
            self.collect.note(line, f"{what}: dropped {' and '.join(dropped)} (no media in decks)")
        return text

    def row(self, header: _Header, row: _Row, tags_from_deck: bool) -> None:
        kind = _kind(row.notetype)
        if not kind:
            if row.fields and any(True for _ in anki_deletions(row.fields[0])):
                kind = "cloze"
            else:
                kind = "basic"
                if row.notetype:
                    used = min(2, len(row.fields))
                    extra = sum(1 for f in row.fields[2:] if f.strip())
                    dropped = (
                        f"; {extra} more {'field' if extra == 1 else 'fields'} dropped"
                        if extra
                        else ""
                    )
                    self.collect.note(
                        row.line,
                        f"note type {row.notetype!r} read as Basic "
                        f"(fields 1-{used} as front and back){dropped}",
                    )
        tags = list(row.tags)
        if tags_from_deck and row.deck:
            tags.append(row.deck.split("::")[-1])
        if kind == "cloze":
            self.cloze(header, row, tags)
        else:
            self.basic(header, row, kind, tags)

    def basic(self, header: _Header, row: _Row, kind: str, tags: list[str]) -> None:
        front = self.text(_named(header, row, ("front",), 0), row.line, "front")
        back = self.text(_named(header, row, ("back",), 1), row.line, "back")
        if not front:
            self.collect.skip(row.line, "the front is empty (or only media)")
            return
        if not back:
            self.collect.skip(row.line, "the back is empty (or only media)")
            return
        fields: dict[str, Any]
        if kind == "typed":
            fields = {"type": "typed", "question": front, "answers": [back]}
        else:
            reverse = kind == "reverse" or (
                kind == "optional-reverse"
                and bool(_named(header, row, ("add reverse",), 2).strip())
            )
            fields = {"type": "basic", "front": front, "back": back}
            if reverse:
                fields["reverse"] = True
        self.collect.add(row.line, front, fields, identity=row.guid, tags=tags)

    def cloze(self, header: _Header, row: _Row, tags: list[str]) -> None:
        raw = self.text(_named(header, row, ("text",), 0), row.line, "text")
        extra = self.text(_named(header, row, ("back extra", "extra"), 1), row.line, "back extra")
        converted = anki_cloze_to_deck(raw)
        if isinstance(converted, str):
            self.collect.skip(row.line, converted)
            return
        text, hints, repeats = converted
        for number in repeats:
            self.collect.note(
                row.line,
                f"c{number} marks several deletions; Anki hides them together, "
                "studydeck asks each on its own",
            )
        fields: dict[str, Any] = {"type": "cloze", "text": text, "explanation": extra or None}
        if hints:
            fields["hint"] = "; ".join(hints)
            self.collect.note(row.line, "cloze hints moved to the card's `hint` (shown for all)")
        self.collect.add(row.line, text, fields, identity=row.guid, tags=tags)


def anki_cloze_to_deck(text: str) -> tuple[str, list[str], list[int]] | str:
    """`{{c1::answer::hint}}` → `{{answer}}`; returns (text, hints, repeated numbers) or why not."""
    hints: list[str] = []
    seen: dict[int, int] = {}
    problems: list[str] = []
    parts: list[str] = []
    last = 0
    nested = False
    for start, end, number, answer, hint in anki_deletions(text):
        nested = nested or "{{" in answer or "{{" in hint
        answer, hint = answer.strip(), hint.strip()
        seen[number] = seen.get(number, 0) + 1
        if not answer:
            problems.append(f"c{number} has an empty answer")
        if "|" in answer:
            problems.append(f"c{number}'s answer contains `|`, which studydeck reads as 'or'")
        if hint and hint not in hints:
            hints.append(hint)
        parts += [text[last:start], "{{", answer, "}}"]
        last = end
    if not seen:
        return "no cloze deletion `{{c1::…}}` in the text"
    converted = "".join([*parts, text[last:]])
    # an opening left over, or `::` inside a deletion: one was inside another (an answer that
    # merely starts with "c", as {{cat}}, is not one)
    if (
        nested
        or _ANKI_OPENING.search(converted)
        or any("::" in converted[s:e] for s, e in braced(converted))
    ):
        return "nested cloze deletions cannot be converted"
    if problems:
        return "; ".join(problems)
    return converted, hints, [n for n, count in sorted(seen.items()) if count > 1]


def anki_deletions(text: str) -> Iterator[tuple[int, int, int, str, str]]:
    """Each `{{cN::answer::hint}}` as (start, end, N, answer, hint), as the pattern
    `{{c(N)::(.*?)(?:::(.*?))?}}` finds them, in linear time (that regex looked for the closing
    braces again from every opening: one row of 21,000 `{{c1::` ran for minutes)."""
    pos = 0
    while (start := text.find("{{c", pos)) >= 0:
        opening = _ANKI_OPENING.match(text, start)
        if opening is None:
            pos = start + 1
            continue
        end = text.find("}}", opening.end())
        if end < 0:
            return  # no closing after this opening: none after any later one either
        answer, _, hint = text[opening.end() : end].partition("::")
        yield start, end + 2, int(opening.group(1)), answer, hint
        pos = end + 2


def import_anki(path: Path, separator: str | None = None) -> ImportResult:
    collect = Collector()
    header, rows = _rows(read_text(path), collect, separator)
    html = header.html
    if html is None:
        html = any(looks_like_html(f) for r in rows for f in r.fields)
    convert = _Converter(collect, html)
    decks = {r.deck for r in rows if r.deck}
    for row in rows:
        convert.row(header, row, tags_from_deck=len(decks) > 1)
    if len(decks) == 1:
        collect.result.title = decks.pop().replace("::", " / ")
    return collect.result
