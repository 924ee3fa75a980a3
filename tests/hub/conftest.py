"""A real PostgreSQL for the hub's tests: one throwaway cluster per test session, a new class
database (with its own instructor login) per test. No mocks of the database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from benchmarks.pg_cluster import Cluster, start_cluster

from .hub_support import Hub, new_hub


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    running = start_cluster()
    try:
        yield running
    finally:
        running.destroy()


@pytest.fixture
def hub(cluster: Cluster, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Hub:
    """A class database set up by `studydeck hub init`, its instructor's password in a pgpass
    file (libpq's own way), and $STUDYDECK_HUB naming it."""
    if not cluster.running():  # a fault test stopped it and failed before starting it again
        cluster.start()
    made = new_hub(cluster, tmp_path)
    monkeypatch.setenv("PGPASSFILE", str(made.pgpass))
    monkeypatch.setenv("STUDYDECK_HUB", made.url)
    made.init()
    return made
