"""The scheduler's parameters fitted to the learner (study/optimizer.py), as the file keeps them."""

from __future__ import annotations

import json
from bisect import bisect_right
from datetime import datetime

from studydeck.store.base import _reading, _StoreBase
from studydeck.store.damage import damaged
from studydeck.store.rows import SavedFit
from studydeck.store.times import from_text, to_text


class _Fits(_StoreBase):
    """The fits' part of `Store`."""

    # ---- the scheduler's parameters, fitted to the learner (study/optimizer.py) --------------

    def save_fit(self, fit: SavedFit) -> None:
        """Keep a fit (inside `writing`). Item states stay as they are: accepted parameters
        apply from each item's next showing on."""
        self._conn.execute(
            "INSERT INTO parameter_fits (fitted_at, reviews, parameters, accepted,"
            " log_loss_before, rmse_before, log_loss_after, rmse_after)"
            " VALUES (?,?,?,?,?,?,?,?)",
            (
                to_text(fit.fitted_at),
                fit.reviews,
                json.dumps(list(fit.parameters)),
                int(fit.accepted),
                fit.log_loss_before,
                fit.rmse_before,
                fit.log_loss_after,
                fit.rmse_after,
            ),
        )
        self._fits_version = None

    @_reading
    def fits(self) -> list[SavedFit]:
        """Every fit kept, oldest first."""
        rows = self._conn.execute(
            "SELECT fitted_at, reviews, parameters, accepted, log_loss_before, rmse_before,"
            " log_loss_after, rmse_after FROM parameter_fits ORDER BY fitted_at, id"
        )
        return [
            SavedFit(
                fitted_at=from_text(r[0]),
                reviews=int(r[1]),
                parameters=self._parameters(r[2]),
                accepted=bool(r[3]),
                log_loss_before=float(r[4]),
                rmse_before=float(r[5]),
                log_loss_after=float(r[6]),
                rmse_after=float(r[7]),
            )
            for r in rows
        ]

    def parameters_in_use(
        self, at: datetime | None = None, *, just_written: bool = False
    ) -> tuple[float, ...] | None:
        """The parameters of the latest fit accepted by `at` (default: the latest of all);
        None: the FSRS defaults. Read once per change of the file: cheap to ask per item.

        Whether another connection (the app's background fit, `studydeck optimize` elsewhere)
        saved a fit is seen from PRAGMA data_version. `just_written`: the caller has this moment
        committed a `writing` transaction, and the version read inside it stands for now (the
        microseconds since are as if the other connection had committed just after this call):
        the session asks so right after recording an answer, and a fit saved by another process
        while an item was on screen still applies from the next item shown."""
        version = self._written_version if just_written else None
        if version is None or version != self._fits_version:
            self._read_fits(version)
        if not self._accepted:
            return None
        if at is None:
            return self._accepted[-1][1]
        # fitted_at is fixed-width UTC text: it sorts as time
        found = bisect_right(self._accepted, to_text(at), key=lambda f: f[0])
        return self._accepted[found - 1][1] if found else None

    @_reading
    def _read_fits(self, version: int | None) -> None:
        """Read the accepted fits again if the file changed since they were read (`version`:
        its PRAGMA data_version; None: read it now)."""
        if version is None:
            version = int(self._conn.execute("PRAGMA data_version").fetchone()[0])
        if version != self._fits_version:
            rows = self._conn.execute(
                "SELECT fitted_at, parameters FROM parameter_fits WHERE accepted"
                " ORDER BY fitted_at, id"
            )
            self._accepted = [(r[0], self._parameters(r[1])) for r in rows]
            self._fits_version = version

    def _parameters(self, text: str) -> tuple[float, ...]:
        try:
            values = json.loads(text)
            return tuple(float(v) for v in values)
        except (ValueError, TypeError) as exc:
            raise damaged(self.path, f"fitted parameters: {exc}") from exc

    @_reading
    def long_term_answers(self) -> int:
        """Answers (not undone) to items in review state. Each came on a later study day than
        the item's answer before, so this is at most the number of long-term reviews a fit
        trains on (those also count learning steps answered on a later day), and is read from
        the sums kept beside the log, without reading the log."""
        self._count_up()
        row = self._conn.execute("SELECT sum(review_answers) FROM review_hours").fetchone()
        return int(row[0] or 0)
