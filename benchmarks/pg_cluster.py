"""A throwaway PostgreSQL cluster for the hub's tests and load benchmark.

Debian's PostgreSQL 15 (`/usr/lib/postgresql/15/bin`) refuses to run as root, and CI runs as
root: the cluster then runs as the `postgres` OS user (through `runuser`) in a temporary folder
that user can read. It listens on a free port on 127.0.0.1 only, with password (scram-sha-256)
log-ins over TCP and trusted log-ins over its own Unix socket, which only this machine's root and
the `postgres` user can reach (the folder is theirs). fsync is off: the cluster is thrown away.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PG_BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)  # Debian's


class ClusterError(Exception):
    """PostgreSQL is missing or would not start."""


def pg_bin() -> Path:
    for folder in PG_BIN_DIRS:
        if (folder / "initdb").is_file():
            return folder
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise ClusterError(
        "PostgreSQL's initdb was not found: install PostgreSQL (Debian: apt-get install -y "
        "postgresql), or run `make test`, which installs it"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Cluster:
    """A running cluster. `admin_url` logs in as its superuser `postgres` over the socket."""

    root: Path
    port: int
    bin: Path
    as_postgres: bool  # run the server as the `postgres` OS user (we are root)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        return self.root / "socket"

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@/postgres?host={self.socket_dir}&port={self.port}"

    def admin(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@/{dbname}?host={self.socket_dir}&port={self.port}"

    def url(self, user: str, dbname: str) -> str:
        """A TCP URL (password log-in) for `user` on `dbname`; no password in it."""
        return f"postgresql://{user}@127.0.0.1:{self.port}/{dbname}"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        proc = subprocess.run(command, capture_output=True, text=True)
        if proc.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ClusterError(f"{' '.join(args[:2])} failed: {proc.stderr.strip()}\n{tail}")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c max_connections=300 -c password_encryption=scram-sha-256"
        )
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-w", "-l", log, "-o", options, "start")

    def running(self) -> bool:
        command = [str(self.bin / "pg_ctl"), "-D", str(self.data), "status"]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True).returncode == 0

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", mode, "stop")

    def destroy(self) -> None:
        with contextlib.suppress(ClusterError):
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> Cluster:
    """initdb and start a new cluster in a temporary folder; `destroy()` it when done."""
    bin_dir = pg_bin()
    as_postgres = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="studydeck-pg-"))
    cluster = Cluster(root, free_port(), bin_dir, as_postgres)
    (root / "socket").mkdir()
    if as_postgres:
        for path in (root, root / "socket"):
            shutil.chown(path, "postgres", "postgres")
    try:
        cluster._run(
            "initdb",
            "-D",
            str(cluster.data),
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--no-sync",
        )
        cluster.start()
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return cluster
