"""Adding and removing learners (instructor), and joining (learner).

A learner is a PostgreSQL login role `<db>_<name>`, member of the class's learners group. Its
password is generated here and sent to the server only as a SCRAM-SHA-256 verifier computed by
libpq on this side, so no server log can show it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from studydeck.files import atomic_write
from studydeck.hub.connect import Connection, HubConnectionError, connect
from studydeck.hub.joined import (
    JoinError,
    config_path,
    make_token,
    new_password,
    read_token,
    write_config,
)
from studydeck.hub.schema import current_roles, require_version

NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,30}$")


class LearnerError(Exception):
    """A learner cannot be added, removed or joined; the message says why."""


@dataclass(frozen=True)
class Added:
    role: str
    token: str
    new: bool  # False: the learner existed and got a new password


def role_name(conn: Connection, name: str) -> str:
    if not NAME.match(name):
        raise LearnerError(
            f"{name!r}: a learner's name is 1-31 lower-case letters, digits, '-' or '_', "
            "starting with a letter or digit"
        )
    return f"{conn.info.dbname[:30]}_{name}"


def _verifier(conn: Connection, role: str, password: str) -> str:
    return conn.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256").decode()


def add_learner(conn: Connection, name: str, host: str | None = None) -> Added:
    """Create the learner's login role (or give an existing one a new password)."""
    require_version(conn)
    role = role_name(conn, name)
    roles = current_roles(conn)
    password = new_password()
    with conn.transaction():
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        verifier = sql.Literal(_verifier(conn, role, password))
        if exists:
            member = conn.execute(
                "SELECT pg_has_role(%s, %s, 'MEMBER')", (role, roles.learners)
            ).fetchone()
            if not member or not member[0]:
                raise LearnerError(f"the role {role} exists and is not a learner of this class")
            conn.execute(
                sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(role), verifier)
            )
        else:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {} IN ROLE {}").format(
                    sql.Identifier(role), verifier, sql.Identifier(roles.learners)
                )
            )
        conn.execute(
            "INSERT INTO studydeck.learners (role, name) VALUES (%s, %s)"
            " ON CONFLICT (role) DO UPDATE SET removed_at = NULL",
            (role, name),
        )
    where = host or conn.info.host
    params = {"host": where, "port": str(conn.info.port), "dbname": conn.info.dbname}
    sslmode = conn.info.get_parameters().get("sslmode")
    if sslmode:
        params["sslmode"] = sslmode
    conninfo = make_conninfo(**params, user=role)
    return Added(role, make_token(conninfo, password), not exists)


def remove_learner(conn: Connection, name: str, *, delete_data: bool) -> str:
    """Drop the learner's login role; keep their rows (marked removed) or delete them."""
    require_version(conn)
    role = role_name(conn, name)
    with conn.transaction():
        known = conn.execute("SELECT 1 FROM studydeck.learners WHERE role = %s", (role,)).fetchone()
        if not known:
            raise LearnerError(f"{name}: no such learner in this class")
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if exists:
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))
        if delete_data:
            for table in ("answers", "states", "progress_files"):
                conn.execute(
                    sql.SQL("DELETE FROM studydeck.{} WHERE learner_role = %s").format(
                        sql.Identifier(table)
                    ),
                    (role,),
                )
            conn.execute("DELETE FROM studydeck.learners WHERE role = %s", (role,))
            return f"removed {name} ({role}) and deleted their answers"
        conn.execute("UPDATE studydeck.learners SET removed_at = now() WHERE role = %s", (role,))
        return f"removed {name} ({role}); their answers stay in the report"


def join(token: str, path: Path | None = None) -> str:
    """Log in with the token's one-time password, replace it with a new one kept in the
    connection file, and return the hub's description."""
    conninfo, once = read_token(token)
    path = path or config_path()
    user = conninfo_to_dict(conninfo).get("user")
    if not isinstance(user, str) or not user:
        raise JoinError("the join token names no user: ask for a new one")
    try:
        conn = connect(conninfo, password=once)
    except HubConnectionError as exc:
        if "refused the password" in str(exc):
            raise JoinError(
                "the hub refused this join line: it works once, and may have been used "
                "already or replaced; ask your instructor for a new one"
            ) from None
        raise
    try:
        require_version(conn)
        lasting = new_password()
        # saved first (aside), then changed on the hub, then put in place: a failure between
        # the two leaves the old token working and no wrong file in place
        with atomic_write(path) as tmp:
            write_config(tmp, conninfo, lasting, user)
            with conn.transaction():
                conn.execute(
                    sql.SQL("ALTER ROLE CURRENT_USER PASSWORD {}").format(
                        sql.Literal(_verifier(conn, user, lasting))
                    )
                )
        return f"{user} on {conn.info.host}:{conn.info.port}/{conn.info.dbname}"
    except psycopg.Error as exc:
        raise JoinError(f"the hub refused to finish joining: {exc}") from None
    finally:
        conn.close()
