"""`studydeck report --hub URL`: read the class report live from a class hub."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

from studydeck.hub import INSTALL_HINT, available
from studydeck.instructor.report import ClassReport


def _fail(message: str, code: int) -> int:
    print(f"studydeck report: {message}", file=sys.stderr)
    return code


def read_hub(given: str | None) -> tuple[ClassReport, list[str]] | int:
    """The report and what was left out, or the exit code after saying what went wrong."""
    if not available():
        return _fail(INSTALL_HINT, 2)
    import psycopg

    from studydeck.hub.connect import HubConnectionError, connect, hub_url
    from studydeck.hub.report import report_from_hub
    from studydeck.hub.schema import HubSchemaError

    url = hub_url(given)
    if url is None:
        return _fail("give progress exports (FILE…), or a hub with --hub URL or STUDYDECK_HUB", 2)
    try:
        conn = connect(url)
    except HubConnectionError as exc:
        return _fail(str(exc), 1)
    try:
        report, problems = report_from_hub(conn, datetime.now(UTC))
        if report.learners == 0:
            return _fail("no learner of this class has synced yet", 1)
        return report, problems
    except HubSchemaError as exc:
        return _fail(str(exc), 1)
    except psycopg.Error as exc:
        return _fail(f"the hub stopped: {str(exc).strip() or type(exc).__name__}", 1)
    finally:
        conn.close()
