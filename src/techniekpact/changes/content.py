"""The change records as a reader sees them: the typed object that `GET /api/v1/changes` sends
and `techniekpact changes --json` prints, newest first.

One rule decides what a public reader sees of the actor: the name of a person (a change made on
the command line, on the site or with a token) is not published; the kind, the channel, the
counts and the comment are. An automatic actor (the seed, a connector) is no one's name and is
shown. For the same reason a file read by a person is named by its file name, not by its path on
the server (which often holds a home directory). The CLI, run on the server by its operators,
shows everything (docs/decisions.md, "Who made a change, in public").
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from pathlib import PurePosixPath

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from techniekpact import changes
from techniekpact.changes import ChangeRecord
from techniekpact.i18n import N_


class Capability(StrEnum):
    """The capabilities whose data a change record can be about (`changes.CAPABILITIES`)."""

    FIGURES = changes.FIGURES
    INDICATORS = changes.INDICATORS
    SCHEMES = changes.SCHEMES
    PARLIAMENT = changes.PARLIAMENT


# how the CLI's table names them (Dutch; the catalog translates)
CAPABILITY_LABELS = {
    changes.FIGURES: N_("cijfers"),
    changes.INDICATORS: N_("indicatoren"),
    changes.SCHEMES: N_("regelingen"),
    changes.PARLIAMENT: N_("Kamer"),
}
KIND_LABELS = {
    changes.SEED: N_("meegeleverd"),
    changes.IMPORT: N_("import"),
    changes.SYNC: N_("synchronisatie"),
    changes.EDIT: N_("bewerking"),
    changes.REVERT: N_("terugdraaiing"),
    changes.MIGRATION: N_("migratie"),
}
CHANNEL_LABELS = {
    changes.CLI: N_("opdrachtregel"),
    changes.WEB: N_("website"),
    changes.TOKEN: N_("API-token"),
    changes.SYNC_CHANNEL: N_("koppeling"),
    changes.SEED_CHANNEL: N_("start"),
    changes.MIGRATION_CHANNEL: N_("migratie"),
}


class ChangeOut(BaseModel):
    """One change record. `actor` is null in the public API where it names a person (see the
    module's docstring); `source` is the file, feed or bundle it came from."""

    id: int
    created_at: datetime
    capability: str
    kind: str
    channel: str
    actor: str | None
    source: str
    file_format: str
    rows: int
    new: int
    revised: int
    unchanged: int
    comment: str


def change_out(row: ChangeRecord, *, public: bool) -> ChangeOut:
    personal = public and row.channel in changes.PERSONAL_CHANNELS
    return ChangeOut(
        id=row.id,
        created_at=row.created_at.replace(tzinfo=UTC),  # stored as UTC without a zone
        capability=row.capability,
        kind=row.kind,
        channel=row.channel,
        actor=None if personal or (public and not row.actor) else row.actor,
        source=PurePosixPath(row.source_name).name if personal else row.source_name,
        file_format=row.file_format,
        rows=row.rows,
        new=row.new,
        revised=row.revised,
        unchanged=row.unchanged,
        comment=row.comment,
    )


def change_list(
    session: Session,
    capability: Capability | None = None,
    *,
    limit: int = 100,
    offset: int = 0,
    public: bool,
) -> list[ChangeOut]:
    """The change records, newest first (by id: the order they were written in, whatever the
    clocks said), read a page at a time in SQL."""
    query = select(ChangeRecord).order_by(ChangeRecord.id.desc()).limit(limit).offset(offset)
    if capability is not None:
        query = query.where(ChangeRecord.capability == capability.value)
    return [change_out(row, public=public) for row in session.scalars(query)]


def count_changes(session: Session, capability: Capability | None = None) -> int:
    query = select(func.count()).select_from(ChangeRecord)
    if capability is not None:
        query = query.where(ChangeRecord.capability == capability.value)
    return int(session.scalar(query) or 0)
