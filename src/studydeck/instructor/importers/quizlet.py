"""Import a Quizlet set export: one term and its definition per row.

Quizlet's "Export" writes plain text with a choice of separators and no quoting:
between term and definition Tab (default), Comma or a custom text; between rows a new line
(default), Semicolon or a custom text. Each row becomes a `basic` card, term on the front.
With new-line rows, a definition that spans several lines arrives as extra lines without a
separator: they are joined to the definition above, and the report says so.
"""

from __future__ import annotations

from pathlib import Path

from studydeck.instructor.importers.common import Collector, ImportResult, read_text
from studydeck.instructor.text import clean_text

TERM_SEPARATORS = {"tab": "\t", "comma": ","}
ROW_SEPARATORS = {"newline": "\n", "semicolon": ";"}


def _named(value: str | None, names: dict[str, str]) -> str | None:
    if value is None:
        return None
    # A custom separator may be typed as `\t` or `\n` on the command line.
    return names.get(value.lower(), value.replace("\\t", "\t").replace("\\n", "\n"))


def import_quizlet(
    path: Path, term_separator: str | None = None, row_separator: str | None = None
) -> ImportResult:
    collect = Collector()
    text = read_text(path)
    rows_sep = _named(row_separator, ROW_SEPARATORS) or "\n"
    term_sep = _named(term_separator, TERM_SEPARATORS)
    if term_sep is None:
        term_sep = "\t" if "\t" in text else ","
        if term_sep == ",":
            collect.note(1, "no tab in the file: reading term and definition as comma-separated")
    rows: list[tuple[int, str]] = []
    line = 1
    for chunk in text.split(rows_sep):
        rows.append((line + _leading_newlines(chunk), chunk))
        line += chunk.count("\n") + rows_sep.count("\n")
    cards: list[tuple[int, str, list[str]]] = []  # line, term, definition lines
    for line, row in rows:
        if not row.strip():
            continue
        term, sep, definition = row.partition(term_sep)
        if not sep:
            if cards and rows_sep == "\n":
                cards[-1][2].append(row)
                collect.note(line, "no separator: joined to the definition above as a new line")
            else:
                collect.skip(line, f"no term/definition separator {term_sep!r} in this row")
            continue
        cards.append((line, term, [definition]))
    for line, term, definition_lines in cards:
        front, back = clean_text(term), clean_text("\n".join(definition_lines))
        if not front:
            collect.skip(line, "the term is empty")
        elif not back:
            collect.skip(line, "the definition is empty")
        else:
            collect.add(line, front, {"type": "basic", "front": front, "back": back})
    return collect.result


def _leading_newlines(chunk: str) -> int:
    """Rows split on `;` may start on the next line; count the line breaks before the text."""
    stripped = chunk.lstrip()
    return chunk[: len(chunk) - len(stripped)].count("\n")
