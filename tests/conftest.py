"""Fixtures for every test."""

from __future__ import annotations

import pytest

from studydeck.locations import CACHE_DIR_ENV


@pytest.fixture(autouse=True)
def _own_cache_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Each test remembers checked decks in a cache folder of its own, never the user's: the
    override is in the environment, so the commands a test runs as processes use it too."""
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path_factory.mktemp("cache")))
