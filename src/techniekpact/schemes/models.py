"""Catalogue storage: one row per revision of a scheme, like the monitor's figures."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from techniekpact.db import Base


class SchemeRecord(Base):
    """A scheme as an editor imported it (JSON of the full record). Never overwritten: a changed
    scheme is a new row and `is_current` moves to it. One current row per code is a unique
    index (migration 0007): two writers can never both make their row the current one."""

    __tablename__ = "scheme_record"
    __table_args__ = (
        Index("ix_scheme_record_code_current", "code", "is_current"),
        Index(
            "ux_scheme_record_current",
            "code",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(120))
    data: Mapped[str] = mapped_column(Text)
    import_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
