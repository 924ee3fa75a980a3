"""Limits on deck files, kept apart so the CLI can show them without importing the parser."""

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_NUMBER_LENGTH = 100  # characters of a plain number: 401 digits overflow a float, 4,301 int()
MAX_KEYS = 1_000  # in one mapping: a card has at most ~15 fields, a deck ~12
MAX_PROBLEMS = 200  # listed per file; past that the rest are counted, not explained
MAX_DEPTH = 12  # a deck needs 5 (deck → cards → card → options → option)
