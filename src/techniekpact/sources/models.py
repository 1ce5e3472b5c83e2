"""Lineage tables: which input, connector and classification each computed figure came from.

A connector run writes one `SourceInput` per input it read (its own name for the file or
table, the checksum, the connector and classification versions, the time) and one
`FigureLineage` per figure revision it wrote. A revision is never rewritten, so the lineage of
a figure is the lineage of its current revision: a second run that changes nothing adds
nothing, and the figure keeps saying when and from what it was first computed. A figure copied
from a publication has no lineage row and keeps its `source_url` (migration 20261203_0010).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from techniekpact.db import Base


class SourceInput(Base):
    __tablename__ = "source_input"
    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"), index=True)
    connector: Mapped[str] = mapped_column(String(40))
    connector_version: Mapped[str] = mapped_column(String(20))
    classification: Mapped[str] = mapped_column(String(80), default="")
    classification_version: Mapped[str] = mapped_column(String(20), default="")
    name: Mapped[str] = mapped_column(Text)  # the source's own name of the file or table
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    checksum: Mapped[str] = mapped_column(String(64))
    computed_at: Mapped[datetime] = mapped_column(DateTime)


class FigureLineage(Base):
    __tablename__ = "figure_lineage"
    __table_args__ = (Index("ix_figure_lineage_input", "source_input_id"),)
    observation_id: Mapped[int] = mapped_column(
        ForeignKey("observation.id", ondelete="CASCADE"), primary_key=True
    )
    source_input_id: Mapped[int] = mapped_column(ForeignKey("source_input.id", ondelete="CASCADE"))
