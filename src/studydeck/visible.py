"""One gate for untrusted text on its way to a terminal (errors, notes, reports, file names).

Deck files, progress exports, imported files and their names come from anyone. A control
character in them would act on the terminal that prints it: ESC starts sequences that retitle
the window or clear the screen, a carriage return overwrites the line, and bidirectional
overrides reorder what is shown ("Trojan Source"). Each such character is written out as a JSON
style escape (`\\u001b`), which reads plainly and keeps JSON output valid JSON, decoding to the
same text.
"""

from __future__ import annotations

import re

# C0 controls but tab, newline and the CR of a CRLF line end (CSV's), DEL and C1, line and
# paragraph separators, and the bidirectional embeddings, overrides and isolates.
_ACTING = re.compile(
    "\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_ACTING_OR_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(text: str, *, lines: bool = False) -> str:
    """`text` with every character that could act on a terminal made visible. With `lines`,
    tabs and newlines are kept (a report, a listing); without, they are made visible too (a
    name, a key, one line of an error)."""
    pattern = _ACTING if lines else _ACTING_OR_LINE
    return pattern.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"
