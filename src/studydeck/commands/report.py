"""`studydeck report FILES… [--format text|csv|json] [--html FILE]`: the class report."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description="Aggregate learners' progress exports (`studydeck progress export > "
        "me.json`), one per learner (the newest; the others are set aside and named): item "
        "analysis of first attempts (facility, discrimination, discriminative efficiency, "
        "options and wrong answers, flags), Cronbach's alpha, mastery per tag, leeches and "
        "cards nobody has reached. Exit 1 when no file could be read, 2 on a usage error.",
    )
    p.add_argument("files", nargs="*", type=Path, metavar="FILE", help="progress exports (.json)")
    p.add_argument(
        "--hub",
        metavar="URL",
        help="report live from a class hub instead of files (default when no FILE is given: "
        "$STUDYDECK_HUB)",
    )
    p.add_argument("--format", choices=["text", "csv", "json"], default="text")
    p.add_argument("--html", type=Path, metavar="FILE", help="also write an HTML page with charts")
    p.add_argument(
        "--top", type=int, default=5, metavar="N", help="rows per list in the text report"
    )
    p.add_argument("--full", action="store_true", help="every row of every list (text)")
    p.add_argument("--force", action="store_true", help="replace the --html FILE if it exists")


def run(args: argparse.Namespace) -> int:
    from studydeck.instructor.report import report_from_files
    from studydeck.instructor.report_formats import csv_report, json_report, text_report
    from studydeck.visible import visible

    if args.files and args.hub:
        print("studydeck report: give FILE… or --hub, not both", file=sys.stderr)
        return 2
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
    if not args.files:  # live from the class hub
        from studydeck.commands.hub_report import read_hub

        read = read_hub(args.hub)
        if isinstance(read, int):
            return read
        report, problems = read
    else:
        report, problems = report_from_files(args.files)
    for problem in problems:
        print(visible(f"studydeck report: skipped {problem}"), file=sys.stderr)
    for aside in report.set_aside:
        print(visible(f"studydeck report: set aside {aside.file}: {aside.reason}"), file=sys.stderr)
    if report.learners == 0:
        print("studydeck report: no progress export could be read", file=sys.stderr)
        return 1
    # the exports' text (prompts, tags, wrong options) is anyone's: made visible on the way out
    if args.format == "json":
        print(visible(json.dumps(json_report(report), indent=2, ensure_ascii=False), lines=True))
    elif args.format == "csv":
        sys.stdout.write(visible(csv_report(report), lines=True))
    else:
        top = None if args.full else max(1, args.top)
        sys.stdout.write(visible(text_report(report, top), lines=True))
    if args.html is not None:
        from studydeck.files import atomic_write
        from studydeck.instructor.report_html import html_report

        with atomic_write(args.html) as tmp:
            tmp.write_text(html_report(report), encoding="utf-8")
        print(f"studydeck report: wrote {args.html}", file=sys.stderr)
    return 0
