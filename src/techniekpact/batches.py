"""The import record every capability writes: one row per change to the data.

The seed, a figures file, indicator metadata, a scheme catalogue and a Kamer sync each write an
`ImportBatch`, and pages, caches and "updated on" dates read the newest one as the data
version. It is shared by monitor, schemes and parliament alike, so it lives here, below them,
rather than in one capability that the others would then depend on. The table is the one
migration 0001 made (`import_batch`); only the module moved.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from techniekpact.db import Base


class ImportBatch(Base):
    """One import: the seed, a file, a sync. Every observation points at the import that made it."""

    __tablename__ = "import_batch"
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(20))
    source_name: Mapped[str] = mapped_column(Text)
    file_format: Mapped[str] = mapped_column(String(20), default="")
    checksum: Mapped[str] = mapped_column(String(64), default="")
    rows: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    revised: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)


def data_version(session: Session) -> tuple[object, ...]:
    """The data version every cache keys on: the newest import's id and time (empty for a
    database without imports). Every change to what a reader sees goes through an import, so
    this one indexed lookup says whether anything changed. The time too: a database restored
    from a backup, or made again at the same URL, can reach the same id with other contents."""
    newest = session.execute(
        select(ImportBatch.id, ImportBatch.created_at).order_by(ImportBatch.id.desc()).limit(1)
    ).first()
    return tuple(newest or ())
