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


def run(args: argparse.Namespace) -> int:
    from studydeck.instructor.report import report_from_files
    from studydeck.instructor.report_formats import csv_report, json_report, text_report

    if args.html is not None and not args.html.parent.is_dir():
        print(f"studydeck report: {args.html.parent}: no such folder", file=sys.stderr)
        return 2
    if args.files and args.hub:
        print("studydeck report: give FILE… or --hub, not both", file=sys.stderr)
        return 2
    if not args.files:  # live from the class hub
        from studydeck.commands.hub_report import read_hub

        read = read_hub(args.hub)
        if isinstance(read, int):
            return read
        report, problems = read
    else:
        missing = [f for f in args.files if not f.is_file()]
        if missing:
            for f in missing:
                print(f"studydeck report: {f}: no such file", file=sys.stderr)
            return 2
        report, problems = report_from_files(args.files)
    for problem in problems:
        print(f"studydeck report: skipped {problem}", file=sys.stderr)
    for aside in report.set_aside:
        print(f"studydeck report: set aside {aside.file}: {aside.reason}", file=sys.stderr)
    if report.learners == 0:
        print("studydeck report: no progress export could be read", file=sys.stderr)
        return 1
    if args.format == "json":
        print(json.dumps(json_report(report), indent=2, ensure_ascii=False))
    elif args.format == "csv":
        sys.stdout.write(csv_report(report))
    else:
        sys.stdout.write(text_report(report, None if args.full else max(1, args.top)))
    if args.html is not None:
        from studydeck.files import atomic_write
        from studydeck.instructor.report_html import html_report

        with atomic_write(args.html) as tmp:
            tmp.write_text(html_report(report), encoding="utf-8")
        print(f"studydeck report: wrote {args.html}", file=sys.stderr)
    return 0
