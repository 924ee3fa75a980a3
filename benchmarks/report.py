"""Render benchmark results as a plain-text (Markdown-compatible) table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from benchmarks.common import Figure, Result


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return ""
    if abs(value) >= 100:
        text = f"{value:,.0f}"
    elif abs(value) >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return f"{text} {unit}".strip()


def _met(fig: Figure) -> str:
    if fig.met is None:
        return ""
    return "met" if fig.met else "MISSED"


def markdown_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[str(c) for c in columns]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return _num(value)
    return str(value)


def render(results: Sequence[Result], info: dict[str, Any], failures: dict[str, str]) -> str:
    out = [
        f"studydeck benchmarks — {info['cpus']} CPUs, Python {info['python']}, "
        f"SQLite {info['sqlite']}, Textual {info['textual']}, pydantic {info['pydantic']}, "
        f"PyYAML {info['pyyaml']}, fsrs {info['fsrs']}"
        + (" (--quick sizes)" if info.get("quick") else ""),
        "",
    ]
    rows: list[list[Any]] = []
    for result in results:
        for fig in result.figures:
            ratio = fig.ratio
            rows.append(
                [
                    fig.name,
                    _num(fig.value, fig.unit),
                    _num(fig.baseline, fig.unit)
                    + (f" ({fig.baseline_name})" if fig.baseline_name else ""),
                    f"{ratio:.2f}×" if ratio is not None else "",
                    fig.target,
                    _met(fig),
                    fig.note,
                ]
            )
    columns = ["figure", "value", "baseline (same run)", "ratio", "target", "", "note"]
    out.append(markdown_table(columns, rows))
    for result in results:
        for table in result.tables:
            out += ["", f"{result.name}: {table.title}", markdown_table(table.columns, table.rows)]
    out.append("")
    out.append("Settings:")
    for result in results:
        shown = ", ".join(f"{k}={v}" for k, v in result.settings.items())
        out.append(f"- {result.name}: {shown}")
        out += [f"  - {note}" for note in result.notes]
    for name in failures:
        out.append(f"- {name}: FAILED (traceback in bench-results.json)")
    return "\n".join(out)
