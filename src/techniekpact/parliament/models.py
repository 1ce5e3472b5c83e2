"""Storage of parliamentary items: the full record as JSON, one row per revision of an item.

Like scheme records, a row is never overwritten: a changed item is a new row, `is_current`
moves to it, and `import_id` names the sync or import that made it (none for the bundled seed).
`item_key` is the item's identity across its revisions: it stays when the code changes (a
rename, `previous_code`) and when the item gets its Zaak Id later, so the history stays
together (docs/decisions.md). Unique indexes (migration 0008) allow one current row per code
and per `tk_id` (the Zaak or Toezegging Id), and one row per revision number of an item.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from techniekpact.db import Base


class ParliamentItem(Base):
    __tablename__ = "parliament_item"
    __table_args__ = (
        Index(
            "ux_parliament_item_current_code",
            "code",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
        Index(
            "ux_parliament_item_current_tk_id",
            "tk_id",
            unique=True,
            sqlite_where=text("is_current"),
            postgresql_where=text("is_current"),
        ),
        Index("ux_parliament_item_revision", "item_key", "revision", unique=True),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(120))
    tk_id: Mapped[str | None] = mapped_column(String(64))
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)  # when this revision was stored
    item_key: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)
    import_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
