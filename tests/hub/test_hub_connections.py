"""How the hub is named and reached: libpq services, a warning without TLS to a remote host,
schema versions, an empty class."""

from __future__ import annotations

from pathlib import Path

import pytest

from .hub_support import Hub, cli


def test_a_libpq_service_names_the_hub(
    hub: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[myclass]\nhost=127.0.0.1\nport={hub.cluster.port}\ndbname={hub.db}\nuser={hub.teacher}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    monkeypatch.delenv("STUDYDECK_HUB")
    code, out, err = cli("hub", "init", "service=myclass")
    assert code == 0 and "schema already at version" in out, err
    monkeypatch.setenv("PGSERVICE", "myclass")  # and from the environment alone
    code, out, err = cli("hub", "init")
    assert code == 0 and "schema already at version" in out, err
    monkeypatch.delenv("PGSERVICE")
    code, _, err = cli("hub", "init")
    assert code == 2 and "which hub?" in err


def test_a_remote_host_without_tls_gets_a_warning(
    hub: Hub, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a host name that is not this machine's, reached (hostaddr) at the local server, no TLS
    password = hub.pgpass.read_text().strip().rsplit(":", 1)[1]
    monkeypatch.setenv("PGPASSWORD", password)
    remote = (
        f"host=hub.example.org hostaddr=127.0.0.1 port={hub.cluster.port} dbname={hub.db}"
        f" user={hub.teacher} sslmode=prefer"
    )
    code, _, err = cli("hub", "init", remote)
    assert code == 0, err
    assert "warning: the hub at hub.example.org is reached without TLS" in err
    assert password not in err
    code, _, err = cli("hub", "init", hub.url)  # 127.0.0.1: no network between, no warning
    assert code == 0 and "warning" not in err


def test_a_hub_newer_than_this_studydeck_is_refused_in_words(hub: Hub) -> None:
    with hub.admin() as conn:
        conn.execute("UPDATE studydeck.meta SET version = 999")
    code, _, err = cli("report")
    assert code == 1 and "newer than this studydeck knows" in err and "upgrade" in err
    code, _, err = cli("hub", "init", hub.url)
    assert code == 1 and "newer than this studydeck knows" in err


def test_a_database_that_is_not_a_hub_says_to_run_init(hub: Hub) -> None:
    with hub.admin() as conn:
        conn.execute("DROP SCHEMA studydeck CASCADE")
    code, _, err = cli("hub", "add-learner", "ann")
    assert code == 1 and "run `studydeck hub init`" in err


def test_the_report_of_a_class_nobody_synced_says_so(hub: Hub) -> None:
    code, _, err = cli("report")
    assert code == 1 and "no learner of this class has synced yet" in err
