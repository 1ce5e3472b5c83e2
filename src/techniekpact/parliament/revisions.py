"""Kamer items' revisions: the change that makes them, and an item's history.

A sync or hand import writes a new revision only for an item that changed (`store.save`), and
each revision points at the change record that made it; `Batch` writes that record lazily, so a
run that changes nothing records nothing. `parliament_history` reads an item's revisions back,
with the fields each one changed and their labels, for the item page and for
`GET /api/v1/parliament/items/{code}/history` alike.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from techniekpact import changes
from techniekpact.changes import ChangeRecord, Origin
from techniekpact.i18n import N_, gettext
from techniekpact.parliament.models import ParliamentItem

# what the item page calls a record's fields, for "changed ..." in its history (Dutch; the
# catalog translates); a field without a label here is shown by its name
FIELD_LABELS = {
    "title": N_("Titel"),
    "text": N_("Verzoek"),
    "date": N_("Datum"),
    "submitters": N_("Indieners"),
    "minister": N_("Bewindspersoon"),
    "debate": N_("Debat"),
    "decision": N_("Besluit"),
    "vote": N_("Stemming"),
    "appreciation": N_("Kabinetsappreciatie"),
    "state": N_("Status"),
    "due_date": N_("Termijn"),
    "answer_kamerstuk": N_("Antwoord"),
    "answer_date": N_("Antwoord"),
    "answer_summary": N_("Antwoord"),
    "goals": N_("Doelen"),
    "indicators": N_("Indicatoren"),
    "source_url": N_("Bron"),
}
# how the history names the change that made a revision
KIND_LABELS = {
    changes.SYNC: N_("Kamer-synchronisatie"),
    changes.IMPORT: N_("handmatige import"),
    changes.SEED: N_("meegeleverd"),
    changes.EDIT: N_("bewerking"),
    changes.REVERT: N_("terugdraaiing"),
    changes.MIGRATION: N_("migratie"),
    "": N_("meegeleverd"),  # the bundled seed before change records were kept for it
}


def kind_label(kind: str, lang: str | None = None) -> str:
    """The history's name for a change's kind, in `lang` (default: the current language)."""
    return gettext(KIND_LABELS[kind], lang) if kind in KIND_LABELS else kind


def changed_labels(changed: tuple[str, ...], lang: str | None = None) -> list[str]:
    """The changed fields as the page names them, in lower case, each label once (three answer
    fields are one "answer"), in the order of `changed`."""
    out: list[str] = []
    for name in changed:
        label = gettext(FIELD_LABELS[name], lang).lower() if name in FIELD_LABELS else name
        if label not in out:
            out.append(label)
    return out


class Batch:
    """The change record a seed, sync or hand import writes, made only once a revision needs
    it: a run that changes nothing records nothing (the web cache's data version is the newest
    change)."""

    def __init__(
        self, session: Session, kind: str, source_name: str, origin: Origin, file_format: str = ""
    ) -> None:
        self.session, self.kind, self.source_name = session, kind, source_name
        self.origin, self.file_format = origin, file_format
        self.row: ChangeRecord | None = None

    def id(self) -> int:
        if self.row is None:
            self.row = changes.record(
                self.session,
                capability=changes.PARLIAMENT,
                kind=self.kind,
                origin=self.origin,
                source_name=self.source_name,
                file_format=self.file_format,
            )
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
    """One revision of an item, for its history: when, by which change, what changed."""

    revision: int
    stored_at: datetime
    code: str
    kind: str  # the change's kind ("sync", "import", "seed", ...), "" if none is recorded
    source_name: str
    changed: tuple[str, ...]  # the fields that differ from the revision before; () for the first
    channel: str = ""
    comment: str = ""


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
        select(
            ParliamentItem,
            ChangeRecord.kind,
            ChangeRecord.source_name,
            ChangeRecord.channel,
            ChangeRecord.comment,
        )
        .outerjoin(ChangeRecord, ChangeRecord.id == ParliamentItem.import_id)
        .where(ParliamentItem.item_key == key)
        .order_by(ParliamentItem.revision)
    ).all()
    out, before = [], None
    for row, kind, source_name, channel, comment in rows:
        data = json.loads(row.data)
        changed = () if before is None else _changed(before, data)
        out.append(
            Revision(
                row.revision,
                row.updated_at,
                row.code,
                kind or "",
                source_name or "",
                changed,
                channel or "",
                comment or "",
            )
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
