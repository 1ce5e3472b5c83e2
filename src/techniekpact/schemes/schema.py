"""The layout of a scheme record, as strict pydantic models (see techniekpact.fields).

The same models check an editor's catalogue file (JSON, YAML, or CSV once its cells are split
into lists) before anything is stored, and each record the catalogue reads back from the
database, so a value of the wrong type never reaches a page. What the values mean (known kinds,
provinces, rules that make sense) is checked afterwards, in `records`.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, StrictBool

from techniekpact.fields import IsoDate, PlainText, WebAddress, wrong_type
from techniekpact.i18n import _

TEXT_LENGTH = 20_000  # far beyond any scheme's description; bounds a hostile file's damage
Text = Annotated[PlainText | None, Field(max_length=TEXT_LENGTH)]
Codes = list[Annotated[PlainText, Field(max_length=200)]] | None
Window = Annotated[list[IsoDate], Field(min_length=2, max_length=2)]


def _rule_value(value: Any) -> float | list[str]:
    """A limit (a finite number) or, for `legal_form in`, a list of legal forms."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise wrong_type(_("een getal, of een lijst rechtsvormen"))


def _as_of(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    raise wrong_type(_("tekst of een datum"))


class RuleEntry(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    field: Literal["employees", "turnover_meur", "balance_meur", "age_years", "legal_form"]
    op: Literal["<", "<=", ">", ">=", "in"]
    value: Annotated[float | list[str], PlainValidator(_rule_value)]
    label_nl: Annotated[PlainText, Field(min_length=1, max_length=TEXT_LENGTH)]
    label_en: Text = None
    source_url: WebAddress = None
    as_of: Annotated[str | None, PlainValidator(_as_of)] = None


class SchemeEntry(BaseModel):
    """One scheme as the catalogue layout writes it; None stands for a field left empty."""

    model_config = ConfigDict(strict=True, extra="forbid")

    code: Annotated[PlainText, Field(max_length=120)] | None = None  # the column's width
    name: Text = None
    provider: Text = None
    kinds: Codes = None
    purposes: Codes = None
    source_url: WebAddress = None
    source_kind: Text = None
    abbreviation: Text = None
    provider_kind: Text = None
    applicant: Text = None
    target_group: Text = None
    description: Text = None
    size_limits: Text = None
    sector_text: Text = None
    region_text: Text = None
    allocation: Text = None
    rounds: Text = None
    max_amount: Text = None
    budget: Text = None
    source_status: Text = None
    notes: Text = None
    provinces: Codes = None
    sectors: Codes = None
    keywords: Codes = None
    open_from: IsoDate = None
    open_until: IsoDate = None
    verified_on: IsoDate = None
    windows: list[Window] | None = None
    rules: list[RuleEntry] | None = None
    ended: StrictBool | None = None
    closed_by_source: StrictBool | None = None
    status_unknown: StrictBool | None = None
    provider_en: Text = None
    description_en: Text = None
    target_group_en: Text = None
    size_limits_en: Text = None
    sector_text_en: Text = None
    region_text_en: Text = None
    allocation_en: Text = None
    max_amount_en: Text = None
    source_status_en: Text = None
    notes_en: Text = None


class StoredRule(RuleEntry):
    source_url: Text = None


class StoredScheme(SchemeEntry):
    """A record read back from the database: its links are only text here, because the pages
    make a link of them only when they pass the URL check (the `safe_url` template test), and
    an old bad link must not hide the whole scheme."""

    source_url: Text = None
    # narrower than SchemeEntry.rules on purpose: pydantic validates each model's own field and
    # nothing writes a plain RuleEntry through the base type (list is invariant for mypy)
    rules: list[StoredRule] | None = None  # type: ignore[assignment]


def checked(data: Any) -> dict[str, Any]:
    """The record's given fields, validated (raises pydantic's ValidationError)."""
    return SchemeEntry.model_validate(data).model_dump(exclude_none=True)


def stored(data: Any) -> dict[str, Any]:
    """A stored record's fields, validated as `StoredScheme`."""
    return StoredScheme.model_validate(data).model_dump(exclude_none=True)
