"""Reading and writing the catalogue in the database (one transaction per import)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from techniekpact import changes, writers
from techniekpact.changes import Origin
from techniekpact.schemes.catalogue import Scheme
from techniekpact.schemes.loader import scheme_from_dict
from techniekpact.schemes.models import SchemeRecord
from techniekpact.schemes.schema import stored

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CatalogueSummary:
    file: str
    schemes: int
    new: int
    changed: int
    unchanged: int
    import_id: int | None
    dry_run: bool


def to_dict(scheme: Scheme) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {k: plain(v) for k, v in dataclasses.asdict(value).items()}
        return value

    data = {f.name: plain(getattr(scheme, f.name)) for f in dataclasses.fields(scheme)}
    if not data["source_kind"]:
        # added later: left out when not given, so records stored before it still compare
        # equal and a re-import does not revise every scheme
        del data["source_kind"]
    return data


def _canonical(scheme: Scheme) -> str:
    return json.dumps(to_dict(scheme), ensure_ascii=False, sort_keys=True)


def catalogue(session: Session) -> tuple[Scheme, ...]:
    """The current schemes. A stored record that does not fit the layout (written by an older
    version, or by hand in the database) is left out and logged rather than breaking the
    finder, every scheme page and the API."""
    rows = session.scalars(
        select(SchemeRecord).where(SchemeRecord.is_current.is_(True)).order_by(SchemeRecord.code)
    )
    out = []
    for row in rows:
        try:
            out.append(scheme_from_dict(stored(json.loads(row.data))))
        except (ValueError, TypeError) as exc:  # pydantic's ValidationError is a ValueError
            log.warning("scheme record %s skipped: stored record is invalid (%s)", row.id, exc)
    return tuple(out)


def version(session: Session) -> int:
    return session.scalar(select(func.max(SchemeRecord.id))) or 0


def apply_catalogue(
    session: Session,
    schemes: Sequence[Scheme],
    *,
    source_name: str,
    origin: Origin,
    kind: str = changes.IMPORT,
    file_format: str = "",
    dry_run: bool = False,
) -> CatalogueSummary:
    """Compare with the current records and (unless dry_run) write the changed ones, in the
    caller's transaction, under the schemes' writer lock taken before the comparison; a
    catalogue that changes anything writes one change record (who: `origin`)."""
    if not dry_run:
        writers.lock(session, writers.SCHEMES)
    current = {
        r.code: r
        for r in session.scalars(select(SchemeRecord).where(SchemeRecord.is_current.is_(True)))
    }
    new = changed = unchanged = 0
    rows = []
    for scheme in schemes:
        text = _canonical(scheme)
        existing = current.get(scheme.code)
        if existing is not None and existing.data == text:
            unchanged += 1
            continue
        new += existing is None
        changed += existing is not None
        rows.append((scheme.code, text, existing))
    summary = CatalogueSummary(source_name, len(schemes), new, changed, unchanged, None, dry_run)
    if dry_run or not rows:
        return summary
    batch = changes.record(
        session,
        capability=changes.SCHEMES,
        kind=kind,
        origin=origin,
        source_name=source_name,
        file_format=file_format,
        checksum=hashlib.sha256("".join(t for _, t, _ in rows).encode()).hexdigest(),
        rows=len(schemes),
        new=new,
        revised=changed,
        unchanged=unchanged,
    )
    stale = [existing.id for _, _, existing in rows if existing is not None]
    if stale:
        session.execute(
            update(SchemeRecord).where(SchemeRecord.id.in_(stale)).values(is_current=False)
        )
    session.add_all(
        SchemeRecord(code=code, data=text, import_id=batch.id, is_current=True)
        for code, text, _ in rows
    )
    session.flush()
    return dataclasses.replace(summary, import_id=batch.id)
