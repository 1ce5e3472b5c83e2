"""Reading and writing parliamentary items; the bundled ones are seeded on first start."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from techniekpact.monitor.models import ImportBatch
from techniekpact.parliament.items import Item, Kind, Person
from techniekpact.parliament.models import ParliamentItem

DATES = ("date", "due_date", "answer_date")


def item_from_dict(data: dict[str, Any]) -> Item:
    values: dict[str, Any] = {}
    for f in fields(Item):
        if f.name not in data or data[f.name] in (None, ""):
            continue
        value = data[f.name]
        if f.name in DATES:
            value = value if isinstance(value, date) else date.fromisoformat(str(value))
        elif f.name == "kind":
            value = Kind(value)
        elif f.name == "submitters":
            value = tuple(Person(**p) for p in value)
        elif f.name in ("goals", "indicators", "edited"):
            value = tuple(value)
        elif f.name in ("dossier", "number"):
            value = str(value)
        values[f.name] = value
    values.setdefault("text", "")
    return Item(**values)


def item_to_dict(item: Item) -> dict[str, Any]:
    data = asdict(item)
    for key in DATES:
        if data[key] is not None:
            data[key] = data[key].isoformat()
    data["kind"] = item.kind.value
    return data


@cache
def bundled() -> tuple[Item, ...]:
    text = (resources.files("techniekpact") / "data" / "parliament.yaml").read_text("utf-8")
    return tuple(item_from_dict(d | {"origin": "bundled"}) for d in yaml.safe_load(text)["items"])


def items(session: Session) -> list[Item]:
    rows = session.scalars(select(ParliamentItem).order_by(ParliamentItem.code))
    return [item_from_dict(json.loads(r.data)) for r in rows]


def save(session: Session, item: Item) -> None:
    row = session.scalar(select(ParliamentItem).where(ParliamentItem.code == item.code))
    text = json.dumps(item_to_dict(item), ensure_ascii=False, sort_keys=True)
    now = datetime.now(UTC).replace(tzinfo=None)
    if row is None:
        session.add(ParliamentItem(code=item.code, data=text, updated_at=now))
    elif row.data != text:
        row.data, row.updated_at = text, now


def seed_parliament(session: Session) -> None:
    if session.scalar(select(func.count()).select_from(ParliamentItem)):
        return
    for item in bundled():
        save(session, item)


def record_change(
    session: Session, kind: str, source_name: str, rows: int, new: int, revised: int
) -> None:
    """Log a change to the register as an import, like figures and schemes: it is the audit
    trail, and the web cache's data version (the newest import) moves with it."""
    if not new and not revised:
        return
    session.add(
        ImportBatch(
            created_at=datetime.now(UTC).replace(tzinfo=None),
            kind=kind,
            source_name=source_name,
            file_format="parliament",
            rows=rows,
            new=new,
            revised=revised,
            unchanged=rows - new - revised,
        )
    )


def last_sync(session: Session, source_name: str) -> date | None:
    """The day of the last sync from this source that changed the register."""
    when = session.scalar(
        select(func.max(ImportBatch.created_at)).where(
            ImportBatch.kind == "parliament-sync", ImportBatch.source_name == source_name
        )
    )
    return when.date() if when else None


def apply_manual(session: Session, entries: list[Item], source_name: str) -> tuple[int, int]:
    """Save hand-entered items in the caller's transaction: (new, updated)."""
    current = {i.code: i for i in items(session)}
    new = sum(1 for i in entries if i.code not in current)
    updated = sum(1 for i in entries if i.code in current and current[i.code] != i)
    for item in entries:
        save(session, item)
    record_change(session, "parliament-import", source_name, len(entries), new, updated)
    return new, updated


def apply_sync(session: Session, incoming: list[Item], deleted: int, source_name: str = "") -> Any:
    """Merge synced items into the register in the caller's transaction; never deletes."""
    from techniekpact.parliament.sync import SyncResult, merge

    current = {i.code: i for i in items(session)}
    by_tk = {i.tk_id: i for i in current.values() if i.tk_id}
    new = updated = unchanged = 0
    merged_items = []
    for item in incoming:
        existing = current.get(item.code) or by_tk.get(item.tk_id)
        merged = merge(existing, item)
        merged_items.append(merged)
        if existing is None:
            new += 1
        elif merged == existing:
            unchanged += 1
            continue
        else:
            updated += 1
        save(session, merged)
        current[merged.code] = merged
    record_change(session, "parliament-sync", source_name, len(incoming), new, updated)
    return SyncResult(new, updated, unchanged, deleted, tuple(merged_items))


def read_manual(path: Any) -> list[Item]:
    """Items entered by hand; every given field is recorded as edited. Problems name the item
    number and the field; nothing is saved unless every item is valid."""
    from pathlib import Path

    from techniekpact.errors import DomainError

    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DomainError(f"{path.name}: niet te lezen ({exc.__class__.__name__})") from None
    entries = raw.get("items", raw) if isinstance(raw, dict) else raw
    if not isinstance(entries, list) or not entries:
        raise DomainError(f"{path.name}: verwacht een lijst items")
    problems = []
    out = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.append(f"{path.name}, item {number}: geen object")
            continue
        for key in ("code", "kind", "title"):
            if not entry.get(key):
                problems.append(f"{path.name}, item {number}, veld '{key}': ontbreekt")
        if entry.get("kind") and entry["kind"] not in ("motion", "commitment"):
            problems.append(
                f"{path.name}, item {number}, veld 'kind': motion of commitment "
                f"verwacht, gevonden {entry['kind']!r}"
            )
        for key in DATES:
            value = entry.get(key)
            if value and not isinstance(value, date):
                try:
                    date.fromisoformat(str(value))
                except ValueError:
                    problems.append(
                        f"{path.name}, item {number}, veld '{key}': geen datum "
                        f"(JJJJ-MM-DD), gevonden {value!r}"
                    )
        if not problems:
            given = tuple(k for k in entry if k not in ("code", "edited"))
            out.append(item_from_dict({"text": ""} | entry | {"origin": "manual", "edited": given}))
    if problems:
        raise DomainError("; ".join(problems) + "; niets ingelezen")
    return out
