"""The change record every capability writes: one row per change to the data, with who made
it, through which channel, why, and what it counted.

The seed, a figures file, a scheme catalogue, a Kamer sync or hand import (and, later, an
editor's edit or a revert) each write one `ChangeRecord`; every figure, scheme and Kamer item
revision points at the change that made it. Pages, caches and "updated on" dates read the
newest one as the data version (`data_version`, the one such function). It is shared by monitor,
schemes and parliament alike, so it lives here, below them, rather than in one capability that
the others would then depend on.

The table keeps the name migration 0001 gave it (`import_batch`): the figures', schemes' and
Kamer items' revisions (and the connectors' lineage) point at it by foreign key, and renaming it
would rename those constraints too, which SQLite can only do by copying the figures table
(docs/decisions.md, "The change record").
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

from sqlalchemy import DateTime, Index, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from techniekpact.db import Base

# what a change did to the data (`kind`)
SEED: Final = "seed"  # the bundled data, written into an empty database
IMPORT: Final = "import"  # a file read in (figures, a scheme catalogue, Kamer items by hand)
SYNC: Final = "sync"  # a source connector's run (the Tweede Kamer's open data)
EDIT: Final = "edit"  # one record corrected by hand (the editors' forms, issue 14)
REVERT: Final = "revert"  # an earlier change undone, itself a change
MIGRATION: Final = "migration"  # rows a schema migration had to attribute (0008)
KINDS: Final = (SEED, IMPORT, SYNC, EDIT, REVERT, MIGRATION)

# which capability's data it changed (`capability`)
FIGURES: Final = "figures"
INDICATORS: Final = "indicators"
SCHEMES: Final = "schemes"
PARLIAMENT: Final = "parliament"
CAPABILITIES: Final = (FIGURES, INDICATORS, SCHEMES, PARLIAMENT)

# how it reached the database (`channel`)
CLI: Final = "cli"  # a command on the server (`techniekpact import ...`)
WEB: Final = "web"  # an editor signed in on the site
TOKEN: Final = "token"  # a script with an API token
SYNC_CHANNEL: Final = "sync"  # a connector run
SEED_CHANNEL: Final = "seed"  # the start-up seed
MIGRATION_CHANNEL: Final = "migration"  # a schema migration
CHANNELS: Final = (CLI, WEB, TOKEN, SYNC_CHANNEL, SEED_CHANNEL, MIGRATION_CHANNEL)
# channels whose actor is a person, whose name the public API does not show
PERSONAL_CHANNELS: Final = (CLI, WEB, TOKEN)


class ChangeRecord(Base):
    """One change: the seed, a file, a sync, an edit. Every revision points at the change that
    made it. `rows`, `new`, `revised` and `unchanged` count the records it compared."""

    __tablename__ = "import_batch"
    __table_args__ = (Index("ix_import_batch_capability", "capability", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(20))
    # an empty server default each: migration 0009 added them to a table with rows
    capability: Mapped[str] = mapped_column(String(20), server_default="")
    channel: Mapped[str] = mapped_column(String(20), server_default="")
    actor: Mapped[str] = mapped_column(String(200), default="", server_default="")
    comment: Mapped[str] = mapped_column(Text, default="", server_default="")
    source_name: Mapped[str] = mapped_column(Text)
    # the format of the file read ("csv", "xlsx", "json", "yaml"); empty for a sync or an edit
    file_format: Mapped[str] = mapped_column(String(20), default="")
    checksum: Mapped[str] = mapped_column(String(64), default="")
    rows: Mapped[int] = mapped_column(Integer, default=0)
    new: Mapped[int] = mapped_column(Integer, default=0)
    revised: Mapped[int] = mapped_column(Integer, default=0)
    unchanged: Mapped[int] = mapped_column(Integer, default=0)


@dataclass(frozen=True)
class Origin:
    """Who or what makes a change, through which channel, and why: what every writer is given
    by its caller (the CLI, the seed, later the editors' site), so that no writer guesses it."""

    actor: str
    channel: str
    comment: str = ""

    def __post_init__(self) -> None:
        if self.channel not in CHANNELS:
            raise ValueError(f"unknown channel {self.channel!r}")


SEEDED: Final = Origin("seed", SEED_CHANNEL)


def os_user() -> str:
    """The operating system's user running this process: the CLI's actor unless `--actor`
    names another. A process without one (a container with a bare uid) says so."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"


def record(
    session: Session,
    *,
    capability: str,
    kind: str,
    origin: Origin,
    source_name: str,
    file_format: str = "",
    checksum: str = "",
    rows: int = 0,
    new: int = 0,
    revised: int = 0,
    unchanged: int = 0,
) -> ChangeRecord:
    """Write one change record in the caller's transaction and give it its id (flushed), for
    the revisions that point at it. Every writer of every capability comes through here."""
    if capability not in CAPABILITIES:
        raise ValueError(f"unknown capability {capability!r}")
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    change = ChangeRecord(
        created_at=datetime.now(UTC).replace(tzinfo=None),
        kind=kind,
        capability=capability,
        channel=origin.channel,
        actor=origin.actor[:200],
        comment=origin.comment,
        source_name=source_name,
        file_format=file_format,
        checksum=checksum,
        rows=rows,
        new=new,
        revised=revised,
        unchanged=unchanged,
    )
    session.add(change)
    session.flush()
    return change


def data_version(session: Session) -> tuple[object, ...]:
    """The data version every cache keys on: the newest change's id and time (empty for a
    database without changes). Every change to what a reader sees writes a change record, so
    this one indexed lookup says whether anything changed. The time too: a database restored
    from a backup, or made again at the same URL, can reach the same id with other contents."""
    newest = session.execute(
        select(ChangeRecord.id, ChangeRecord.created_at).order_by(ChangeRecord.id.desc()).limit(1)
    ).first()
    return tuple(newest or ())


def format_of(name: str) -> str:
    """The file format a change record names for a file read: its extension ("yml" is YAML)."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return "yaml" if suffix == "yml" else suffix[:20]
