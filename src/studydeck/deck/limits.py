"""Limits on deck files, kept apart so the CLI can show them without importing the parser."""

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 12  # a deck needs 5 (deck → cards → card → options → option)
