"""`studydeck hub …`: set up a class hub on PostgreSQL, manage its learners, publish decks, join.

Instructor actions take the hub as `--hub URL` (default: $STUDYDECK_HUB); `hub init` takes it as
its argument too. Without the `hub` extra installed, every action says how to install it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from studydeck.hub import INSTALL_HINT, available


def _hub_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--hub",
        metavar="URL",
        help="the hub's libpq connection string (postgresql://user@host/db or service=NAME; "
        "default: $STUDYDECK_HUB); the password comes from ~/.pgpass, PGPASSWORD or the service",
    )


def add_parser(sub: Any, name: str, help_text: str) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description="A class hub is a PostgreSQL database: the instructor publishes decks and "
        "adds learners; learners join once and `studydeck sync`. Needs the `hub` extra.",
    )
    actions = p.add_subparsers(dest="hub_action", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init",
        help="create or upgrade the hub's schema, roles and row-level security (idempotent)",
        description="Run as the database's owner, with the right to create roles.",
    )
    init.add_argument("url", nargs="?", metavar="URL", help="default: --hub or $STUDYDECK_HUB")
    _hub_option(init)
    add = actions.add_parser(
        "add-learner",
        help="create a learner's login and print the line they paste (`studydeck hub join …`)",
        description="Creates the learner's PostgreSQL login role with a generated password and "
        "prints the `studydeck hub join TOKEN` line for them; the line works once. Adding an "
        "existing learner gives them a new password and a new line (the old ones stop working).",
    )
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--host",
        metavar="HOST",
        help="the hub's host name as learners reach it (default: the one you connected to)",
    )
    _hub_option(add)
    remove = actions.add_parser("remove-learner", help="revoke a learner's login")
    remove.add_argument("name", metavar="NAME")
    what = remove.add_mutually_exclusive_group(required=True)
    what.add_argument("--keep-data", action="store_true", help="keep their answers in reports")
    what.add_argument("--delete-data", action="store_true", help="delete their answers too")
    _hub_option(remove)
    publish = actions.add_parser("publish", help="put validated decks in the hub for the class")
    publish.add_argument("paths", nargs="+", type=Path, metavar="DECK")
    _hub_option(publish)
    join = actions.add_parser(
        "join",
        help="learner: join a class with the line your instructor gave you",
        description="Stores the hub connection in the user config folder (mode 0600; "
        "$STUDYDECK_CONFIG_DIR puts it elsewhere). Without TOKEN it is read from standard "
        "input, so it need not appear in the shell history.",
    )
    join.add_argument("token", nargs="?", metavar="TOKEN")


def _fail(message: str, code: int = 1) -> int:
    print(f"studydeck hub: {message}", file=sys.stderr)
    return code


def run(args: argparse.Namespace) -> int:
    if not available():
        return _fail(INSTALL_HINT, 2)
    from studydeck.hub.connect import HubConnectionError, connect, hub_url
    from studydeck.hub.joined import JoinError
    from studydeck.hub.learners import LearnerError, add_learner, join, remove_learner
    from studydeck.hub.publish import PublishError, publish
    from studydeck.hub.schema import HubSchemaError, init_hub

    action: str = args.hub_action
    if action == "join":
        token = args.token
        if token is None:
            token = sys.stdin.readline().strip()
        try:
            where = join(token)
        except (JoinError, HubConnectionError, HubSchemaError) as exc:
            return _fail(str(exc))
        print(f"studydeck hub: joined the class as {where}")
        from studydeck.commands.sync import run as sync

        return sync(args)  # the class's decks at once; from now on the app syncs by itself
    url = hub_url(getattr(args, "url", None) or args.hub)
    if url is None:
        return _fail("which hub? give --hub URL, or set STUDYDECK_HUB (or PGSERVICE)", 2)
    import psycopg

    try:
        conn = connect(url)
    except HubConnectionError as exc:
        return _fail(str(exc))
    try:
        if action == "init":
            for line in init_hub(conn):
                print(f"studydeck hub: {line}")
        elif action == "add-learner":
            added = add_learner(conn, args.name, args.host)
            verb = "added" if added.new else "gave a new password to"
            print(f"studydeck hub: {verb} {args.name} (login role {added.role}).", file=sys.stderr)
            if args.host is None and conn.info.host.startswith("/"):
                print(
                    "studydeck hub: the line points at this machine's Unix socket; for learners "
                    "on other machines, add --host with the server's name",
                    file=sys.stderr,
                )
            print("Send this line to the learner (it works once):", file=sys.stderr)
            print(f"studydeck hub join {added.token}")
        elif action == "remove-learner":
            print(f"studydeck hub: {remove_learner(conn, args.name, delete_data=args.delete_data)}")
        elif action == "publish":
            missing = [p for p in args.paths if not p.is_file()]
            if missing:
                return _fail(", ".join(f"{p}: no such file" for p in missing), 2)
            for item in publish(conn, list(args.paths)):
                state = "published" if item.new else "unchanged"
                print(f"studydeck hub: {state} {item.deck_id} ({item.version_hash[:12]})")
    except (HubSchemaError, LearnerError, PublishError) as exc:
        return _fail(str(exc))
    except psycopg.errors.InsufficientPrivilege as exc:
        return _fail(f"the hub refused: {str(exc).strip()} (is this an instructor's login?)")
    except psycopg.Error as exc:
        return _fail(f"the hub stopped: {str(exc).strip() or type(exc).__name__}")
    finally:
        conn.close()
    return 0
