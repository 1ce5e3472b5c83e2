"""Storage of parliamentary items: the full record as JSON, one row per item.

`tk_id` (the Zaak or Toezegging Id of the Kamer's open data) is the item's identity upstream;
it is unique, so two rows can never stand for one Zaak.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from techniekpact.db import Base


class ParliamentItem(Base):
    __tablename__ = "parliament_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(120), unique=True)
    tk_id: Mapped[str | None] = mapped_column(String(64), unique=True)
    data: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
