"""Fill an empty catalogue with the bundled schemes, through the same store as an import."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from techniekpact.schemes.loader import bundled
from techniekpact.schemes.models import SchemeRecord
from techniekpact.schemes.store import apply_catalogue


def seed_schemes(session: Session) -> None:
    if session.scalar(select(func.count()).select_from(SchemeRecord)):
        return
    apply_catalogue(session, bundled(), source_name="bundled:schemes.yaml", kind="seed")
