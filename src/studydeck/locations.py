"""Where studydeck finds its bundled decks, keeps the learner's progress, and caches checks."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "studydeck"
DATA_DIR_ENV = "STUDYDECK_DATA_DIR"
CACHE_DIR_ENV = "STUDYDECK_CACHE_DIR"
CONFIG_DIR_ENV = "STUDYDECK_CONFIG_DIR"
_PACKAGE = Path(__file__).resolve().parent


def bundled_decks_dir() -> Path:
    """The decks shipped with studydeck: inside an installed wheel, or the checkout's `decks/`."""
    installed = _PACKAGE / "_decks"
    if installed.is_dir():
        return installed
    return _PACKAGE.parent.parent / "decks"


def schema_path() -> Path:
    """The published JSON Schema file (the checkout's `schema/` or the wheel's copy)."""
    installed = _PACKAGE / "_schema" / "deck-v1.schema.json"
    if installed.is_file():
        return installed
    return _PACKAGE.parent.parent / "schema" / "deck-v1.schema.json"


def data_dir(override: str | Path | None = None) -> Path:
    """The learner's data folder: `--data-dir`, then $STUDYDECK_DATA_DIR, then the OS default."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def progress_path(override: str | Path | None = None) -> Path:
    return data_dir(override) / "progress.sqlite3"


def cache_dir() -> Path:
    """What studydeck may throw away and redo: $STUDYDECK_CACHE_DIR, then the OS's user cache
    folder (e.g. `~/.cache/studydeck`)."""
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The learner's settings (such as a joined class hub): $STUDYDECK_CONFIG_DIR, then the OS's
    user config folder (e.g. `~/.config/studydeck`)."""
    env = os.environ.get(CONFIG_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)
