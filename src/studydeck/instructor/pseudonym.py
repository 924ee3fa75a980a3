"""The anonymous name of a learner: what `progress export --anonymous` carries instead of the
progress file's random learner id, and what `report` tells learners apart by.

HMAC-SHA256 of a fixed label, keyed by the id: the same in every export of one progress file,
and no way back to the id (128 random bits) or to the learner's name. Standard library only, so
`report` does not load the deck models or the store to use it."""

from __future__ import annotations

import hashlib
import hmac

PSEUDONYM_LABEL = b"studydeck anonymous learner, version 1"


def pseudonym(learner_id: str) -> str:
    digest = hmac.new(learner_id.encode(), PSEUDONYM_LABEL, hashlib.sha256).hexdigest()
    return f"anon-{digest[:16]}"
