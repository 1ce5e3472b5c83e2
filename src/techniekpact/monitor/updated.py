"""When the figures last changed ("Bijgewerkt op"), which is not when the database was made.

The seed writes the bundled figures when a database is created, so its import date says nothing
about the figures. Two dates do: the newest import (after the seed) whose figures are shown, and
the newest source edition among the figures shown. The later of the two is the date. A no-op
import writes no import (`store.apply_import`), so it moves nothing; neither do scheme catalogues
or the Kamer register, which are imports too.

Both dates read every current figure (a million rows: seconds on a busy machine, past the web
site's statement timeout), yet they change only with an import. So the answer is kept per
database and data version (the newest import id, one indexed lookup), like the response cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from techniekpact import changes
from techniekpact.changes import ChangeRecord
from techniekpact.monitor import versioned
from techniekpact.monitor.models import Observation


@dataclass(frozen=True)
class FiguresUpdated:
    """`on` is the date; `precision` is "day", "month" or "year" (an edition such as "2024" says
    only the year); `basis` is "import" or "source_edition"."""

    on: date
    precision: str
    basis: str


def edition_date(edition: str) -> tuple[date, str] | None:
    """'2024-06-27', '2024-06' or '2024' (the import's allowed shapes) as a date and precision."""
    parts = edition.split("-")
    try:
        numbers = [int(p) for p in parts]
        if len(numbers) == 3:
            return date(*numbers), "day"
        if len(numbers) == 2:
            return date(numbers[0], numbers[1], 1), "month"
        if len(numbers) == 1:
            return date(numbers[0], 1, 1), "year"
    except ValueError:
        return None
    return None


def figures_updated(session: Session) -> FiguresUpdated | None:
    """The later of the newest shown import after the seed and the newest shown edition."""
    return versioned.remembered(session, "figures_updated", (), lambda: _figures_updated(session))


def _figures_updated(session: Session) -> FiguresUpdated | None:
    shown = select(Observation.import_id).where(Observation.is_current.is_(True)).distinct()
    imported = session.scalar(
        select(func.max(ChangeRecord.created_at)).where(
            ChangeRecord.kind != changes.SEED,
            ChangeRecord.capability == changes.FIGURES,
            ChangeRecord.id.in_(shown),
        )
    )
    newest = session.scalar(
        select(func.max(Observation.source_edition)).where(Observation.is_current.is_(True))
    )
    edition = edition_date(newest) if newest else None
    candidates = []
    if imported is not None:
        candidates.append(FiguresUpdated(imported.date(), "day", "import"))
    if edition is not None:
        candidates.append(FiguresUpdated(edition[0], edition[1], "source_edition"))
    return max(candidates, key=lambda c: (c.on, c.basis == "import"), default=None)
