"""The class hub: a PostgreSQL database where decks go out to a class and answers come in.

An optional extra (`pip install 'studydeck[hub]'`, psycopg 3). Nothing outside `commands/hub.py`,
`commands/sync.py`, `report --hub` and the app's background sync imports this package, and this
file imports nothing, so studydeck works without psycopg.
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
