"""`studydeck report FILES… [--format text|csv|json] [--html FILE]`: the class report."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description="Aggregate learners' progress exports (`studydeck progress export > "
        "me.json`): hardest cards (lowest right-first-time share), the wrong options that "
        "fool the class, mastery per tag, and cards nobody has reached. Exit 1 when no file "
        "could be read, 2 on a usage error.",
    )
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="progress exports (.json)")
    p.add_argument("--format", choices=["text", "csv", "json"], default="text")
    p.add_argument("--html", type=Path, metavar="FILE", help="also write an HTML page with charts")
    p.add_argument("--force", action="store_true", help="replace the --html FILE if it exists")
    p.add_argument("--top", type=int, default=10, metavar="N", help="rows per ranking (text)")


def run(args: argparse.Namespace) -> int:
    from studydeck.instructor.report import csv_report, json_report, report_from_files, text_report
    from studydeck.visible import visible

    missing = [f for f in args.files if not f.is_file()]
    if missing:
        for f in missing:
            print(f"studydeck report: {f}: no such file", file=sys.stderr)
        return 2
    if args.html is not None:
        from studydeck.output_file import output_problem

        refused = output_problem(args.html, args.files, force=args.force)
        if refused:
            print(f"studydeck report: {refused}", file=sys.stderr)
            return 2
    report, problems = report_from_files(args.files)
    for problem in problems:
        print(visible(f"studydeck report: skipped {problem}"), file=sys.stderr)
    if report.learners == 0:
        print("studydeck report: no progress export could be read", file=sys.stderr)
        return 1
    # the exports' text (prompts, tags, wrong options) is anyone's: made visible on the way out
    if args.format == "json":
        print(visible(json.dumps(json_report(report), indent=2, ensure_ascii=False), lines=True))
    elif args.format == "csv":
        sys.stdout.write(visible(csv_report(report), lines=True))
    else:
        sys.stdout.write(visible(text_report(report, max(1, args.top)), lines=True))
    if args.html is not None:
        from studydeck.instructor.report_html import html_report

        tmp = args.html.with_name(f".{args.html.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text(html_report(report, max(1, args.top)), encoding="utf-8")
            os.replace(tmp, args.html)
        finally:
            tmp.unlink(missing_ok=True)
        print(f"studydeck report: wrote {args.html}", file=sys.stderr)
    return 0
