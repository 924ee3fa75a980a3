"""The class hub end to end: one instructor, learners on folders of their own, one real
PostgreSQL. Decks go out, answers come in, the live report equals the report from files."""

from __future__ import annotations

import io
import json
import stat
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from studydeck.hub.schema import SCHEMA_VERSION
from studydeck.instructor.progress import export_progress
from studydeck.instructor.report import report_from_files
from studydeck.instructor.report_formats import json_report

from .hub_support import DECK, T0, Hub, add_learner, cli, join_line, report_json


def publish(hub: Hub, path: Path) -> str:
    code, out, err = cli("hub", "publish", str(path), "--hub", hub.url)
    assert code == 0, err
    return out


def test_two_learners_study_sync_and_the_live_report_shows_both(hub: Hub, tmp_path: Path) -> None:
    deck_file = tmp_path / "class-quiz.yaml"
    deck_file.write_text(DECK, encoding="utf-8")
    assert "published class-quiz" in publish(hub, deck_file)
    assert "unchanged class-quiz" in publish(hub, deck_file)  # the same bytes: a no-op

    ann = add_learner(hub, "ann", tmp_path)
    bob = add_learner(hub, "bob", tmp_path)
    # the synced deck is a file the app loads like any deck
    assert (ann.data / "hub-decks" / "class-quiz.yaml").read_text(encoding="utf-8") == DECK
    later = ann.study(ann.deck(), T0, 6)
    bob.study(bob.deck(), T0, 5, wrong=True)
    assert len(ann.local_rows()) == 4 and len(bob.local_rows()) == 5  # bob relearns
    assert "pushed 4 new answers" in ann.sync()
    assert "pushed 5 new answers" in bob.sync()
    assert "pushed 0 new answers" in ann.sync()  # nothing twice

    # the hub holds each learner's log row for row
    assert [r[1:] for r in hub.rows(ann.role())] == ann.local_rows()
    assert [r[1:] for r in hub.rows(bob.role())] == bob.local_rows()

    # an undo after the push is pushed too, and leaves the live report
    ann.undo_last(later)
    assert "1 undone" in ann.sync()
    assert [r[1:] for r in hub.rows(ann.role())] == ann.local_rows()
    assert sum(r[7] for r in hub.rows(ann.role())) == 1

    # the report from the hub is the report from the learners' exported files
    now = later + timedelta(hours=1)
    files = []
    for learner in (ann, bob):
        export = export_progress(learner.progress, [ann.deck()], now)
        path = tmp_path / f"{learner.name}.json"
        path.write_text(json.dumps(export), encoding="utf-8")
        files.append(path)
    from_files = json_report(report_from_files(files)[0])
    from studydeck.hub.connect import connect
    from studydeck.hub.report import report_from_hub

    with connect(hub.url) as conn:
        from_hub = json_report(report_from_hub(conn, now)[0])
    assert from_hub["learners"] == 2
    for data in (from_files, from_hub):
        data["class"].pop("files")  # file names: the hub names its learners' files itself
    assert from_hub == from_files
    where = next(c for c in from_hub["cards"] if c["card"] == "where")
    assert where["reached"] == 2 and where["right_first_time_rate"] == 0.5
    assert where["wrong_options"][0]["text"] == "Minsk"  # bob's wrong choice

    # and through the command line, live, with the hub from $STUDYDECK_HUB
    assert report_json()["learners"] == 2
    code, out, _ = cli("report")
    assert code == 0 and "Class report: 2 learner" in out


def test_a_changed_deck_is_a_new_version_that_learners_pull(hub: Hub, tmp_path: Path) -> None:
    deck_file = tmp_path / "class-quiz.yaml"
    deck_file.write_text(DECK, encoding="utf-8")
    publish(hub, deck_file)
    ann = add_learner(hub, "ann", tmp_path)
    changed = DECK.replace("How many members?", "How many member states?")
    deck_file.write_text(changed, encoding="utf-8")
    assert "published class-quiz" in publish(hub, deck_file)
    assert "decks updated: class-quiz" in ann.sync()
    assert "How many member states?" in ann.deck().cards[1].front  # type: ignore[union-attr]
    with hub.instructor() as conn:
        versions = conn.execute("SELECT count(*) FROM studydeck.decks").fetchone()
    assert versions == (2,)
    assert "decks updated: none" in ann.sync()


def test_a_deck_with_errors_is_not_published(hub: Hub, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("studydeck: 1\nid: bad\ntitle: Bad\ncards:\n  - id: x\n    type: basic\n")
    code, _, err = cli("hub", "publish", str(bad), "--hub", hub.url)
    assert code == 1 and "bad.yaml:" in err and "nothing was published" in err
    with hub.instructor() as conn:
        assert conn.execute("SELECT count(*) FROM studydeck.decks").fetchone() == (0,)


def test_init_is_idempotent_and_records_the_schema_version(hub: Hub) -> None:
    code, out, err = cli("hub", "init", hub.url)
    assert code == 0, err
    assert f"schema already at version {SCHEMA_VERSION}" in out
    with hub.instructor() as conn:
        assert conn.execute("SELECT version FROM studydeck.meta").fetchone() == (SCHEMA_VERSION,)


def test_join_saves_the_connection_privately_and_the_line_works_once(
    hub: Hub, tmp_path: Path
) -> None:
    from .hub_support import Learner

    line = join_line(hub.url, "cat")
    cat = Learner("cat", tmp_path / "cat")
    code, _out, err = cat.cli(*line.split()[1:])
    assert code == 0, err
    saved = cat.config / "hub.json"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    one_time = json.loads(saved.read_text())["password"]
    assert one_time not in line  # the lasting password is not the one that was on the line
    again = Learner("cat2", tmp_path / "cat2")
    code, _, err = again.cli(*line.split()[1:])
    assert code == 1 and "works once" in err
    assert cat.sync()


def test_the_join_token_can_come_from_standard_input(
    hub: Hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .hub_support import Learner

    line = join_line(hub.url, "dan")
    dan = Learner("dan", tmp_path / "dan")
    monkeypatch.setattr(sys, "stdin", io.StringIO(line.split()[-1] + "\n"))
    code, out, err = dan.cli("hub", "join")  # pasted, so it is not in the shell history
    assert code == 0, err
    assert "joined the class" in out and "decks updated: none" in out


def test_removed_learner_cannot_log_in_and_their_data_stays_or_goes(
    hub: Hub, tmp_path: Path
) -> None:
    deck_file = tmp_path / "class-quiz.yaml"
    deck_file.write_text(DECK, encoding="utf-8")
    publish(hub, deck_file)
    ann = add_learner(hub, "ann", tmp_path)
    bob = add_learner(hub, "bob", tmp_path)
    for learner in (ann, bob):
        learner.study(learner.deck(), T0, 3)
        learner.sync()
    code, _out, err = cli("hub", "remove-learner", "ann", "--keep-data", "--hub", hub.url)
    assert code == 0, err
    code, _, err = ann.cli("sync")
    assert code == 1 and "nothing was lost" in err
    assert len(hub.rows(ann.role())) == 3  # kept for the report
    code, _, err = cli("hub", "remove-learner", "bob", "--delete-data", "--hub", hub.url)
    assert code == 0, err
    assert hub.rows(bob.role()) == []
    assert report_json()["learners"] == 1
