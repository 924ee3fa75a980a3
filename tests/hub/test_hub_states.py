"""The hub's copy of each learner's scheduling states follows the progress file: resent when
they changed (an answer, an undo), left alone when they did not."""

from __future__ import annotations

from pathlib import Path

from studydeck.store import open_store

from .hub_support import T0, Hub, Learner
from .test_hub_faults import class_of_one


def hub_states(hub: Hub, learner: Learner) -> dict[tuple[str, str, str], tuple[object, ...]]:
    with hub.instructor() as conn:
        rows = conn.execute(
            "SELECT deck_id, card_id, part, state, step, stability, difficulty, due,"
            " last_review, reps, lapses FROM studydeck.states WHERE learner_role = %s",
            (learner.role(),),
        ).fetchall()
    return {(r[0], r[1], r[2]): tuple(r[3:]) for r in rows}


def local_states(learner: Learner) -> dict[tuple[str, str, str], tuple[object, ...]]:
    store = open_store(learner.progress, T0)
    try:
        return {key: tuple(state) for key, state in store.states().items()}
    finally:
        store.close()


def test_states_follow_answers_and_undos_and_are_not_resent_unchanged(
    hub: Hub, tmp_path: Path
) -> None:
    ann = class_of_one(hub, tmp_path)
    ann.sync()
    assert hub_states(hub, ann) == local_states(ann)
    with hub.instructor() as conn:
        before = conn.execute(
            "SELECT xmin::text FROM studydeck.states WHERE learner_role = %s ORDER BY 1",
            (ann.role(),),
        ).fetchall()
    ann.sync()  # nothing changed: the rows are the same rows (same xmin)
    with hub.instructor() as conn:
        after = conn.execute(
            "SELECT xmin::text FROM studydeck.states WHERE learner_role = %s ORDER BY 1",
            (ann.role(),),
        ).fetchall()
    assert before == after
    ann.undo_last(T0.replace(year=T0.year + 1))
    ann.sync()
    assert hub_states(hub, ann) == local_states(ann)
