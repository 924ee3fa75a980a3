"""Limits on deck files, kept apart so the CLI can show them without importing the parser."""

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_NUMBER_LENGTH = 100  # characters of a plain number: 401 digits overflow a float, 4,301 int()
MAX_KEYS = 1_000  # in one mapping: a card has at most ~15 fields, a deck ~12
MAX_PROBLEMS = 200  # listed per file; past that the rest are counted, not explained
MAX_DEPTH = 12  # a deck needs 5 (deck → cards → card → options → option)
# YAML nodes a file may hold, bound to the size limit so that --max-bytes raises them too: time
# and memory go with the nodes (~0.5 KB each once checked), and 10 MB of `- {}` lines is 1.5
# million of them (13 s, 1.2 GB). Real decks use 21-24 bytes a node and 130-160 bytes a list
# or mapping (the bundled decks and benchmarks/deckgen.py's, whose 10 MB deck has 420k nodes
# and 71k lists and mappings); lists and mappings, the costly nodes, get a bound of their own.
BYTES_PER_NODE = 16
BYTES_PER_COLLECTION = 64
MIN_NODES = 10_000  # however low --max-bytes is set, a small deck always fits


def max_nodes(max_bytes: int) -> tuple[int, int]:
    """How many YAML nodes, and of them lists and mappings, a file may hold under `max_bytes`."""
    nodes = max(max_bytes // BYTES_PER_NODE, MIN_NODES)
    return nodes, max(max_bytes // BYTES_PER_COLLECTION, MIN_NODES // 4)
