"""Connecting to a hub: libpq URLs and services, errors in words, a warning without TLS.

The hub is named by an ordinary libpq connection string: `postgresql://user@host/db`,
`service=myclass` (from `~/.pg_service.conf`), or empty with the `PG*` variables. Passwords come
from libpq's own places (`~/.pgpass`, `PGPASSWORD`, a service file) or, for a learner who joined,
from the saved connection file; they are passed to libpq beside the string, never inside it, so no
message we print can hold one.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from collections.abc import Callable

import psycopg
from psycopg.conninfo import conninfo_to_dict

HUB_ENV = "STUDYDECK_HUB"
CONNECT_TIMEOUT = 10  # seconds: a sync that cannot reach the hub gives up instead of hanging

Connection = psycopg.Connection[tuple[object, ...]]


class HubConnectionError(Exception):
    """The hub could not be reached or refused us; the message says why in words."""


def hub_url(given: str | None) -> str | None:
    """`--hub URL`, else $STUDYDECK_HUB, else "" when $PGSERVICE names a libpq service (libpq
    reads it from the environment), else None."""
    if given or os.environ.get(HUB_ENV):
        return given or os.environ.get(HUB_ENV)
    return "" if os.environ.get("PGSERVICE") else None


def describe(url: str) -> str:
    """The connection string without any password, for messages."""
    try:
        params = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "(an unreadable connection string)"
    params.pop("password", None)
    shown = " ".join(f"{k}={v}" for k, v in sorted(params.items()))
    return shown or "(the PG* environment defaults)"


def is_local(host: str | None) -> bool:
    """A Unix socket or a loopback address: no network between us and the hub."""
    if not host or host.startswith("/") or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def connect(
    url: str,
    *,
    password: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> Connection:
    """Open a connection; `warn` hears about a remote hub without TLS.

    In autocommit mode: every write goes in an explicit `conn.transaction()` block, which then
    is a real transaction (committed on leaving), never a savepoint in one left open."""
    extra: dict[str, str | int | bool] = {"connect_timeout": CONNECT_TIMEOUT, "autocommit": True}
    if password is not None:
        extra["password"] = password
    try:
        conn = psycopg.connect(url, **extra)  # type: ignore[arg-type]
    except psycopg.ProgrammingError as exc:
        raise HubConnectionError(f"not a connection string: {describe(url)} ({exc})") from None
    except psycopg.OperationalError as exc:
        raise HubConnectionError(_in_words(exc, url)) from None
    if not is_local(conn.info.host) and not conn.pgconn.ssl_in_use:
        say = warn or (lambda text: print(f"studydeck: warning: {text}", file=sys.stderr))
        say(
            f"the hub at {conn.info.host} is reached without TLS: passwords and answers cross "
            "the network readable; ask for sslmode=require (or verify-full)"
        )
    return conn


def _in_words(exc: psycopg.OperationalError, url: str) -> str:
    # libpq's text: "connection to server at …, port … failed: FATAL:  …" over several lines
    text = " ".join(line.strip() for line in str(exc).splitlines() if line.strip())
    reason = text.rsplit(" failed: ", 1)[-1].removeprefix("FATAL:").strip() or type(exc).__name__
    where = describe(url)
    if "password authentication failed" in text or "no password supplied" in text:
        return (
            f"the hub refused the password ({where}): ask your instructor for a new "
            "`studydeck hub join` line"
        )
    if "Connection refused" in text or "timeout expired" in text or "could not" in text:
        return f"cannot reach the hub ({where}): {reason}"
    return f"cannot connect to the hub ({where}): {reason}"
