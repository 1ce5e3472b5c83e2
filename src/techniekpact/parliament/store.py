"""Reading and writing parliamentary items; the bundled ones are seeded on first start."""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import asdict, fields, replace
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from techniekpact import changes, writers
from techniekpact.changes import ChangeRecord, Origin
from techniekpact.errors import DomainError
from techniekpact.fields import add_problems, field_name, found
from techniekpact.i18n import _
from techniekpact.parliament.items import Item, Kind, Person
from techniekpact.parliament.models import ParliamentItem
from techniekpact.parliament.revisions import Batch
from techniekpact.parliament.schema import checked, stored
from techniekpact.problems import Code, ImportRejected, Problem, Report
from techniekpact.settings import DEFAULT_MAX_IMPORT_BYTES
from techniekpact.textfiles import read_limited
from techniekpact.urls import is_safe_url

DATES = ("date", "due_date", "answer_date")
log = logging.getLogger(__name__)


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
        elif f.name in ("goals", "indicators", "edited", "aliases"):
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
    # through the same model as an editor's file: a broken bundle fails loudly in the tests
    return tuple(
        item_from_dict(checked(d | {"origin": "bundled"})) for d in yaml.safe_load(text)["items"]
    )


def items(session: Session) -> list[Item]:
    """The register: every item's current revision. A stored row that does not fit the record
    layout (written by an older version, or by hand in the database) is left out and logged
    rather than breaking every page and the API that list it."""
    rows = session.scalars(
        select(ParliamentItem).where(ParliamentItem.is_current).order_by(ParliamentItem.code)
    )
    out = []
    for row in rows:
        try:
            out.append(item_from_dict(stored(json.loads(row.data))))
        except (ValueError, TypeError) as exc:  # pydantic's ValidationError is a ValueError
            log.warning("parliament item %s skipped: stored record is invalid (%s)", row.id, exc)
    return out


def save(
    session: Session, item: Item, previous_code: str | None = None, batch: Batch | None = None
) -> bool:
    """Store an item; `previous_code` renames it (the same record under a new code). A changed
    item is a new revision of the same `item_key` and becomes the current one; the old row
    stays as history. An unchanged item writes nothing. True if a revision was added."""
    row = session.scalar(
        select(ParliamentItem).where(
            ParliamentItem.is_current, ParliamentItem.code == (previous_code or item.code)
        )
    )
    text = json.dumps(item_to_dict(item), ensure_ascii=False, sort_keys=True)
    tk_id = item.tk_id or None
    if row is not None and row.data == text and row.code == item.code and row.tk_id == tk_id:
        return False
    if row is not None:
        row.is_current = False
        session.flush()  # the code and Id are free for the new current revision
    session.add(
        ParliamentItem(
            code=item.code,
            tk_id=tk_id,
            data=text,
            updated_at=datetime.now(UTC).replace(tzinfo=None),
            item_key=row.item_key if row is not None else str(uuid.uuid4()),
            revision=row.revision + 1 if row is not None else 1,
            is_current=True,
            import_id=batch.id() if batch is not None else None,
        )
    )
    session.flush()  # a later item may take the code or Id this one left
    return True


def seed_parliament(session: Session) -> None:
    """An unlocked count first (every start calls this), then again under the writer lock."""
    if session.scalar(select(func.count()).select_from(ParliamentItem)):
        return
    writers.lock(session, writers.PARLIAMENT)
    if session.scalar(select(func.count()).select_from(ParliamentItem)):
        return
    batch = Batch(session, changes.SEED, "bundled:parliament.yaml", changes.SEEDED, "yaml")
    seeded = bundled()
    for item in seeded:
        save(session, item, batch=batch)
    batch.finish(len(seeded), len(seeded), 0)


def last_sync(session: Session, source_name: str) -> date | None:
    """The day of the last sync from this source that changed the register."""
    when = session.scalar(
        select(func.max(ChangeRecord.created_at)).where(
            ChangeRecord.capability == changes.PARLIAMENT,
            ChangeRecord.kind == changes.SYNC,
            ChangeRecord.source_name == source_name,
        )
    )
    return when.date() if when else None


def apply_manual(
    session: Session, entries: list[Item], source_name: str, *, origin: Origin
) -> tuple[int, int]:
    """Save hand-entered items in the caller's transaction: (new, updated), with one change
    record (who: `origin`) if anything changed. The register's writer lock is taken before it
    is read, so a second writer compares with the first's."""
    writers.lock(session, writers.PARLIAMENT)
    current = {i.code: i for i in items(session)}
    holders = {i.tk_id: i.code for i in current.values() if i.tk_id}
    problems = []
    for number, item in enumerate(entries, start=1):
        holder = holders.get(item.tk_id) if item.tk_id else None
        if holder is not None and holder != item.code:
            problems.append(
                f"{source_name}, item {number} ({item.code}), veld 'tk_id': {item.tk_id} hoort "
                f"al bij {holder}"
            )
        elif item.tk_id:
            holders[item.tk_id] = item.code
    if problems:
        raise DomainError("; ".join(problems) + "; niets ingelezen")
    new = sum(1 for i in entries if i.code not in current)
    updated = sum(1 for i in entries if i.code in current and current[i.code] != i)
    batch = Batch(session, changes.IMPORT, source_name, origin, changes.format_of(source_name))
    for item in entries:
        save(session, item, batch=batch)
    batch.finish(len(entries), new, updated)
    return new, updated


class _Register:
    """The register during one sync: items by code, by Zaak/Toezegging Id and by old code."""

    def __init__(self, present: list[Item]) -> None:
        self.by_code = {i.code: i for i in present}
        self.by_tk = {i.tk_id: i for i in present if i.tk_id}
        self.aliases = {a: i.code for i in present for a in i.aliases}

    def holder(self, code: str) -> Item | None:
        """The item that answers to this code, as its code or as an old one."""
        return self.by_code.get(code) or self.by_code.get(self.aliases.get(code, ""))

    def find(self, item: Item) -> Item | None:
        """The same record: by Id first (identity is the Zaak Id); by code only for an item
        not tied to another Id yet (bundled or hand-entered items carry the Kamerstuk code)."""
        if item.tk_id and item.tk_id in self.by_tk:
            return self.by_tk[item.tk_id]
        same = self.by_code.get(item.code)
        if same is not None and same.tk_id in ("", item.tk_id):
            return same
        return None

    def put(self, item: Item, old_code: str | None) -> None:
        if old_code and old_code != item.code:
            self.by_code.pop(old_code, None)
        self.by_code[item.code] = item
        for alias in item.aliases:
            self.aliases[alias] = item.code
        if item.tk_id:
            self.by_tk[item.tk_id] = item


def _own_code(item: Item, register: _Register) -> Item:
    """A new item whose code another record already holds (two Zaken claiming one Kamerstuk)
    gets the code of its own Zaak and no Kamerstuk link, rather than taking over the other."""
    from techniekpact.parliament.motions import unnumbered_code

    if item.kind is not Kind.MOTION or register.holder(item.code) is None:
        return item
    return replace(item, code=unnumbered_code(item.tk_number, item.tk_id), number="", source_url="")


def _recoded(existing: Item, merged: Item, incoming: Item, register: _Register) -> Item:
    """An item the sync made follows its Zaak's code (an unnumbered motion numbered later),
    keeping the old code as an alias so links to it still work."""
    if existing.origin != "sync" or incoming.code == existing.code:
        return merged
    holder = register.holder(incoming.code)
    if holder is not None and holder.code != existing.code:
        return merged  # taken by another record: keep the code it has
    aliases = tuple(a for a in (*existing.aliases, existing.code) if a != incoming.code)
    return replace(merged, code=incoming.code, aliases=aliases)


def _fit(item: Item) -> Item:
    """An item from the Kamer's feed, made to fit the record layout before it is stored.

    A link the one URL check refuses is dropped (the item itself is still news); any other
    value that does not fit stops the sync, which changes nothing (DomainError)."""
    from pydantic import ValidationError

    if item.source_url and not is_safe_url(item.source_url):
        log.warning(
            "%s: source_url %r refused by the URL check, left empty", item.code, item.source_url
        )
        item = replace(item, source_url="")
    try:
        checked(json.loads(json.dumps(item_to_dict(item))))  # as it will be stored
    except ValidationError as exc:
        fields_ = ", ".join(field_name(e["loc"]) for e in exc.errors())
        raise DomainError(
            _(
                "Kamer-item {code} ({tk_id}): past niet in het register (veld {fields}); "
                "niets ingelezen",
                code=item.code[:120],
                tk_id=item.tk_id[:64],
                fields=fields_,
            )
        ) from None
    return item


def apply_sync(
    session: Session, incoming: list[Item], deleted: int, source_name: str = "", *, origin: Origin
) -> Any:
    """Merge synced items into the register in the caller's transaction; never deletes; one
    change record (who: `origin`) if anything changed. The register's writer lock is taken
    before it is read (see `techniekpact.writers`)."""
    from techniekpact.parliament.sync import SyncResult, merge

    writers.lock(session, writers.PARLIAMENT)
    register = _Register(items(session))
    batch = Batch(session, changes.SYNC, source_name, origin)
    new = updated = unchanged = 0
    merged_items = []
    for item in map(_fit, incoming):
        existing = register.find(item)
        if existing is None:
            merged = _own_code(item, register)
            new += 1
        else:
            merged = _recoded(existing, merge(existing, item), item, register)
            if merged == existing:
                unchanged += 1
                merged_items.append(merged)
                continue
            updated += 1
        merged_items.append(merged)
        save(session, merged, existing.code if existing else None, batch)
        register.put(merged, existing.code if existing else None)
    batch.finish(len(incoming), new, updated)
    return SyncResult(new, updated, unchanged, deleted, tuple(merged_items))


def read_manual(path: Any, max_bytes: int = DEFAULT_MAX_IMPORT_BYTES) -> list[Item]:
    """Items entered by hand (YAML or JSON); every given field is recorded as edited.

    Every value is checked for its type before anything is saved (`schema.ItemRecord`);
    problems name the file, the item number, the field, what was expected and what was found,
    and nothing is saved unless every item is valid (raises ImportRejected)."""
    from pathlib import Path

    from pydantic import ValidationError

    path = Path(path)
    report = Report(file=path.name)
    try:
        data = read_limited(path, max_bytes, report)
    except OSError as exc:
        raise DomainError(
            _("{file}: niet te lezen ({kind})", file=path.name, kind=exc.__class__.__name__)
        ) from None
    if data is None:
        raise ImportRejected(report)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.add(
            Problem(
                Code.ENCODING,
                _("geen UTF-8: sla het bestand op als UTF-8"),
                report.file,
                row=data[: exc.start].count(b"\n") + 1,
                expected="UTF-8",
                found=data[exc.start : exc.start + 4].hex(" "),
            )
        )
        raise ImportRejected(report) from None
    if not text.strip():
        report.add(Problem(Code.EMPTY_FILE, _("het bestand is leeg"), report.file))
        raise ImportRejected(report)
    try:
        # JSON by its own parser: YAML 1.1 reads JSON's 1e-05 as a text and its surrogate
        # pairs ("\ud83d\ude00") as two broken characters
        raw = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError, RecursionError) as exc:
        reason = getattr(exc, "problem", None) or getattr(exc, "msg", None) or _("te diep genest")
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else getattr(exc, "lineno", None)
        report.add(
            Problem(
                Code.NOT_TABULAR,
                _("geen geldige YAML of JSON ({reason})", reason=reason),
                report.file,
                row=line,
            )
        )
        raise ImportRejected(report) from None
    entries = raw.get("items", raw) if isinstance(raw, dict) else raw
    if not isinstance(entries, list) or not entries:
        report.add(
            Problem(
                Code.NO_ROWS,
                _("verwacht een lijst items"),
                report.file,
                expected=_("een lijst items"),
                found=found(entries),
            )
        )
        raise ImportRejected(report)
    out = []
    for number, entry in enumerate(entries, start=1):
        try:
            values = checked(entry)
        except ValidationError as exc:
            add_problems(exc, report, number)
            continue
        if not values.get("title"):
            report.add(
                Problem(
                    Code.MISSING_VALUE,
                    _("verplichte waarde ontbreekt"),
                    report.file,
                    row=number,
                    column="title",
                    expected=_("een waarde"),
                )
            )
            continue
        given = tuple(k for k in entry if k not in ("code", "edited"))
        out.append(item_from_dict({"text": ""} | values | {"origin": "manual", "edited": given}))
    if not report.ok:
        raise ImportRejected(report)
    return out
