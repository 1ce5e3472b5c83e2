"""Kamer items' revisions: the import that makes them, and an item's history.

A sync or hand import writes a new revision only for an item that changed (`store.save`), and
each revision points at the import that made it; `Batch` logs that import lazily, so a run that
changes nothing logs nothing. `parliament_history` reads an item's revisions back, with the
fields each one changed, for the item page.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from techniekpact.batches import ImportBatch
from techniekpact.parliament.models import ParliamentItem


class Batch:
    """The import a sync or hand import logs, made only once a revision needs it: a run that
    changes nothing logs nothing (the web cache's data version is the newest import)."""

    def __init__(self, session: Session, kind: str, source_name: str) -> None:
        self.session, self.kind, self.source_name = session, kind, source_name
        self.row: ImportBatch | None = None

    def id(self) -> int:
        if self.row is None:
            self.row = ImportBatch(
                created_at=datetime.now(UTC).replace(tzinfo=None),
                kind=self.kind,
                source_name=self.source_name,
                file_format="parliament",
            )
            self.session.add(self.row)
            self.session.flush()
        return self.row.id

    def finish(self, rows: int, new: int, revised: int) -> None:
        """Log the counts (an audit trail like figures and schemes), if anything changed."""
        if not new and not revised and self.row is None:
            return
        self.id()
        assert self.row is not None
        self.row.rows, self.row.new, self.row.revised = rows, new, revised
        self.row.unchanged = rows - new - revised


@dataclass(frozen=True)
class Revision:
    """One revision of an item, for its history: when, by which import, what changed."""

    revision: int
    stored_at: datetime
    code: str
    kind: str  # the import's kind ("parliament-sync", ...), "" for the bundled seed
    source_name: str
    changed: tuple[str, ...]  # the fields that differ from the revision before; () for the first


def parliament_history(session: Session, code: str) -> list[Revision]:
    """The revisions of the item whose current code is `code`, newest first ([] if unknown).
    The history follows the item's `item_key`, so it reaches back through renames."""
    key = session.scalar(
        select(ParliamentItem.item_key).where(
            ParliamentItem.is_current, ParliamentItem.code == code
        )
    )
    if key is None:
        return []
    rows = session.execute(
        select(ParliamentItem, ImportBatch.kind, ImportBatch.source_name)
        .outerjoin(ImportBatch, ImportBatch.id == ParliamentItem.import_id)
        .where(ParliamentItem.item_key == key)
        .order_by(ParliamentItem.revision)
    ).all()
    out, before = [], None
    for row, kind, source_name in rows:
        data = json.loads(row.data)
        changed = () if before is None else _changed(before, data)
        out.append(
            Revision(row.revision, row.updated_at, row.code, kind or "", source_name or "", changed)
        )
        before = data
    return out[::-1]


def _changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[str, ...]:
    empty: tuple[Any, ...] = (None, "", [], ())
    return tuple(
        sorted(
            k
            for k in before.keys() | after.keys()
            if before.get(k) != after.get(k)
            and not (before.get(k) in empty and after.get(k) in empty)
        )
    )
