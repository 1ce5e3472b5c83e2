"""Fill an empty catalogue with the bundled schemes, through the same store as an import."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from techniekpact import changes, writers
from techniekpact.schemes.loader import bundled
from techniekpact.schemes.models import SchemeRecord
from techniekpact.schemes.store import apply_catalogue


def seed_schemes(session: Session) -> None:
    """Every start calls this: an unlocked count first (a start must not wait for an import),
    then, for an empty catalogue, the count again under the schemes' writer lock."""
    if session.scalar(select(func.count()).select_from(SchemeRecord)):
        return
    writers.lock(session, writers.SCHEMES)
    if session.scalar(select(func.count()).select_from(SchemeRecord)):
        return
    apply_catalogue(
        session,
        bundled(),
        source_name="bundled:schemes.yaml",
        origin=changes.SEEDED,
        kind=changes.SEED,
        file_format="yaml",
    )
