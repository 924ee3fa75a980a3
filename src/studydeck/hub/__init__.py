"""The class hub: a PostgreSQL database where decks go out to a class and answers come in.

An optional extra (`pip install 'studydeck[hub]'`, psycopg 3). Only `hub …`, `sync` and
`report --hub` load psycopg; the app reads `joined.py` and `status.py` (no psycopg) and syncs
through a child `studydeck sync`. So studydeck works without the extra.
"""

INSTALL_HINT = (
    "the class hub needs the `hub` extra (psycopg 3): pip install 'studydeck[hub]' "
    "(in a checkout: .venv/bin/pip install -e '.[hub]')"
)


def available() -> bool:
    """Whether psycopg 3 can be imported."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return False
    return True
