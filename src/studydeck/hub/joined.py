"""A learner's joined hub: the `hub join` token, and the connection file it leaves behind.

The instructor's `hub add-learner` prints `studydeck hub join TOKEN`. The token holds where the
hub is, the learner's login role and a one-time password. `hub join` logs in with it and at once
replaces that password with a new random one known only to this machine, kept in
`<config folder>/hub.json` (mode 0600). So the token, which passes through mail and shell history,
stops working the moment it is used; the lasting password never appears on a command line.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from studydeck.locations import config_dir

TOKEN_PREFIX = "sdh1."
CONFIG_NAME = "hub.json"


class JoinError(Exception):
    """A join token or the saved connection is unusable; the message says why."""


@dataclass(frozen=True)
class Joined:
    conninfo: str  # libpq key=value string, no password in it
    password: str
    user: str


def make_token(conninfo: str, password: str) -> str:
    raw = json.dumps({"conninfo": conninfo, "password": password}, separators=(",", ":"))
    return TOKEN_PREFIX + base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def read_token(token: str) -> tuple[str, str]:
    """(conninfo, one-time password) from a join token."""
    token = token.strip()
    if not token.startswith(TOKEN_PREFIX):
        raise JoinError("this is not a studydeck join token (it starts with `sdh1.`)")
    body = token[len(TOKEN_PREFIX) :]
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        conninfo, password = data["conninfo"], data["password"]
    except (ValueError, KeyError, TypeError):
        raise JoinError("the join token is damaged: copy the whole line again") from None
    if not isinstance(conninfo, str) or not isinstance(password, str):
        raise JoinError("the join token is damaged: copy the whole line again")
    return conninfo, password


def new_password() -> str:
    return secrets.token_urlsafe(32)


def config_path() -> Path:
    return config_dir() / CONFIG_NAME


def write_config(path: Path, conninfo: str, password: str, user: str) -> None:
    """Write the connection file with mode 0600 from the start (never readable by others)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    data = {
        "studydeck_hub": 1,
        "conninfo": conninfo,
        "user": user,
        "password": password,
        "joined_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=2)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.chmod(path, 0o600)


def read_config(path: Path | None = None) -> Joined | None:
    """The joined hub, or None when this learner has not joined one."""
    path = path or config_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise JoinError(f"{path}: cannot read the hub connection ({exc}); join again") from None
    try:
        return Joined(str(data["conninfo"]), str(data["password"]), str(data["user"]))
    except (KeyError, TypeError):
        raise JoinError(f"{path}: the hub connection is incomplete; join again") from None
