"""The layout of a Kamer item record, as a strict pydantic model.

One model checks both what an editor imports (`parliament import`, YAML or JSON) and what the
register reads back from the database, so a value of the wrong type can neither be stored nor,
if it got there some other way, reach a page. Fields are those of `items.Item`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from techniekpact.fields import IsoDate, NumberText, PlainText, WebAddress

TEXT_LENGTH = 100_000  # far beyond any motion or answer; bounds a hostile file's damage
Text = Annotated[PlainText | None, Field(max_length=TEXT_LENGTH)]
Codes = list[Annotated[PlainText, Field(min_length=1, max_length=120)]] | None


class PersonRecord(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    name: Annotated[PlainText, Field(max_length=200)]
    party: Annotated[PlainText, Field(max_length=200)] = ""
    role: Annotated[PlainText, Field(max_length=200)] = ""


class ItemRecord(BaseModel):
    """A motion or commitment; None stands for a field left empty."""

    model_config = ConfigDict(strict=True, extra="forbid")

    code: Annotated[PlainText, Field(min_length=1, max_length=120)]  # the column's width
    kind: Literal["motion", "commitment"]
    title: Text = None
    text: Text = None
    date: IsoDate = None
    dossier: NumberText = None
    number: NumberText = None
    tk_id: Annotated[PlainText | None, Field(max_length=64)] = None  # the column's width
    tk_number: Text = None
    submitters: list[PersonRecord] | None = None
    minister: Text = None
    ministry: Text = None
    debate: Text = None
    decision: Text = None
    vote: Text = None
    appreciation: Text = None
    state: Literal["open", "voldaan", "afgedaan"] | None = None
    due_date: IsoDate = None
    answer_kamerstuk: Text = None
    answer_date: IsoDate = None
    answer_summary: Text = None
    goals: Codes = None
    indicators: Codes = None
    source_url: WebAddress = None
    origin: Literal["manual", "bundled", "sync"] | None = None
    edited: list[PlainText] | None = None
    aliases: Codes = None
    title_en: Text = None
    text_en: Text = None
    debate_en: Text = None
    minister_en: Text = None
    answer_summary_en: Text = None


class StoredItemRecord(ItemRecord):
    """A record read back from the database: its link is only text here, because the pages
    make a link of it only when it passes the URL check (the `safe_url` template test), and an
    old bad link must not hide the whole item."""

    source_url: Text = None


def checked(data: Any) -> dict[str, Any]:
    """The record's given fields, validated (raises pydantic's ValidationError)."""
    return ItemRecord.model_validate(data).model_dump(exclude_none=True)


def stored(data: Any) -> dict[str, Any]:
    """A stored record's fields, validated as `StoredItemRecord`."""
    return StoredItemRecord.model_validate(data).model_dump(exclude_none=True)
