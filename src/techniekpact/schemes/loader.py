"""Read the bundled catalogue (data/schemes.yaml) into Scheme objects."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from techniekpact.schemes.catalogue import TRANSLATED, Rule, Scheme


def _date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    return _day(value)


def _day(value: Any) -> date:
    """A date that is always given (both ends of an application round)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def scheme_from_dict(item: dict[str, Any]) -> Scheme:
    rules = tuple(
        Rule(
            field=r["field"],
            op=r["op"],
            value=tuple(r["value"]) if isinstance(r["value"], list) else float(r["value"]),
            label_nl=r["label_nl"],
            source_url=r.get("source_url", ""),
            as_of=str(r.get("as_of", "") or ""),
            label_en=r.get("label_en", "") or "",
        )
        for r in item.get("rules", [])
    )
    windows = tuple((_day(a), _day(b)) for a, b in item.get("windows", []))
    return Scheme(
        code=item["code"],
        name=item["name"],
        abbreviation=item.get("abbreviation", "") or "",
        provider=item["provider"],
        provider_kind=item.get("provider_kind", "") or "",
        kinds=tuple(item["kinds"]),
        purposes=tuple(item["purposes"]),
        applicant=item.get("applicant", "company"),
        source_url=item["source_url"],
        description=item.get("description", "") or "",
        target_group=item.get("target_group", "") or "",
        provinces=tuple(item.get("provinces", [])),
        sectors=tuple(item.get("sectors", [])),
        rules=rules,
        open_from=_date(item.get("open_from")),
        open_until=_date(item.get("open_until")),
        windows=windows,
        allocation=item.get("allocation", "") or "",
        rounds=item.get("rounds", "") or "",
        max_amount=item.get("max_amount", "") or "",
        budget=item.get("budget", "") or "",
        source_status=item.get("source_status", "") or "",
        ended=bool(item.get("ended")),
        closed_by_source=bool(item.get("closed_by_source")),
        status_unknown=bool(item.get("status_unknown")),
        verified_on=_date(item.get("verified_on")),
        notes=item.get("notes", "") or "",
        keywords=tuple(item.get("keywords", [])),
        **{f"{name}_en": item.get(f"{name}_en", "") or "" for name in TRANSLATED},
        source_kind=item.get("source_kind", "") or "",
    )


@cache
def bundled() -> tuple[Scheme, ...]:
    text = (resources.files("techniekpact") / "data" / "schemes.yaml").read_text(encoding="utf-8")
    # through the same model as an editor's file: a broken bundle fails loudly in the tests
    from techniekpact.schemes.schema import checked

    return tuple(scheme_from_dict(checked(item)) for item in yaml.safe_load(text)["schemes"])
