"""Reading a learner's progress export for the class report, checked against the export format.

Exports are handed in by anyone, so each is checked before the report counts it: JSON in UTF-8,
UTF-16 or UTF-32 (with or without a byte-order mark, as editors save it), no NaN or Infinity and
no number that overflows a float, nesting only as deep as the format goes, and every field the
report reads of the type and within the size the format allows (instructor/progress.py writes
it). Fields the report does not read may be anything: newer studydeck versions add some. A file
that fails is named with the first reason and left out; the others make the report.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

MAX_BYTES = 64 * 1024 * 1024  # a 100,000-card export is ~40 MB
MAX_TAGS = 1_000  # per card: bounds the report's work per tag

Count = Annotated[int, Field(strict=True, ge=0, le=10**9)]
Id = Annotated[str, StringConstraints(strict=True, max_length=200)]
Words = Annotated[str, StringConstraints(strict=True, max_length=20_000)]


class ExportInputError(Exception):
    """The file is not a progress export the report can count (the message says why)."""


class _Part(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True, allow_inf_nan=False)


class _WrongOption(_Part):
    option: Annotated[int, Field(ge=0, le=1_000)]
    text: Words = ""
    count: Count = 0


class _Card(_Part):
    id: Id
    type: Id = ""
    prompt: Words | None = None
    tags: list[Id] = Field(default_factory=list, max_length=MAX_TAGS)
    studied_hashes: list[Id] = Field(default_factory=list, max_length=100_000)
    reviews: Count = 0
    right: Count = 0
    right_first_time: bool | None = None
    recall_probability: Annotated[float, Field(ge=0, le=1, strict=False)] = 0.0
    wrong_options: list[_WrongOption] = Field(default_factory=list, max_length=1_000)


class _Deck(_Part):
    id: Id
    title: Words | None = None
    cards: list[_Card] = Field(max_length=1_000_000)


class _Export(_Part):
    studydeck_progress: Literal[1]
    decks: list[_Deck] = Field(max_length=100_000)


def read_export(path: Path) -> dict[str, Any]:
    """The export in `path` as plain data, or ExportInputError saying why it cannot be counted."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ExportInputError(f"{path}: {size:,} bytes, over the limit of {MAX_BYTES:,}")
        raw = path.read_bytes()
    except OSError as exc:
        raise ExportInputError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    try:
        # json.loads on bytes reads UTF-8, -16 and -32, a byte-order mark or not
        data = json.loads(raw, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError as exc:
        raise ExportInputError(f"{path}: not a progress export (nested too deeply)") from exc
    except (UnicodeDecodeError, ValueError) as exc:
        raise ExportInputError(f"{path}: not readable as JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("studydeck_progress") != 1:
        raise ExportInputError(
            f"{path}: not a studydeck progress export (make one with "
            "`studydeck progress export > me.json`)"
        )
    try:
        _Export.model_validate(data)
    except ValidationError as exc:
        raise ExportInputError(f"{path}: not a valid progress export ({_first(exc)})") from exc
    return data


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"the number {text[:20]} is out of range")
    return value


def _first(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    first = errors[0]
    where = ".".join(str(part) for part in first["loc"]) or "the top level"
    more = f"; {len(errors) - 1} more" if len(errors) > 1 else ""
    return f"{where}: {first['msg']}{more}"
