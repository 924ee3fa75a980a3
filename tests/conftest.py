"""Fixtures for every test."""

from __future__ import annotations

import pytest

from studydeck.locations import CACHE_DIR_ENV, CONFIG_DIR_ENV, DATA_DIR_ENV


@pytest.fixture(autouse=True)
def _own_folders(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test keeps its progress, checked decks and settings in folders of its own, never the
    user's. The overrides are in the environment, so the commands a test runs as processes use
    them too; HOME and the XDG folders are moved as well, so a path that forgets the overrides
    and falls back to platformdirs' defaults still lands in a temp folder."""
    root = tmp_path_factory.mktemp("user")
    monkeypatch.setenv(DATA_DIR_ENV, str(root / "data"))
    monkeypatch.setenv(CACHE_DIR_ENV, str(root / "cache"))
    monkeypatch.setenv(CONFIG_DIR_ENV, str(root / "config"))
    monkeypatch.setenv("HOME", str(root / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(root / "home" / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(root / "home" / ".cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(root / "home" / ".config"))
