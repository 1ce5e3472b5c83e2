"""Pieces of OData v4 query text for the Tweede Kamer portal, where tkapi has none."""

from __future__ import annotations

from datetime import date


def quote(value: str) -> str:
    """An OData string literal: single quotes, a quote inside doubled."""
    return "'" + value.replace("'", "''") + "'"


def changed_since(since: date, *relations: str) -> str:
    """Changed since a day, the item itself or one of the related sets read with it: a vote or
    an answering letter is its own entity with its own change stamp."""
    stamp = f"ApiGewijzigdOp ge {since.isoformat()}T00:00:00Z"
    parts = [stamp, *(f"{r}/any(x: x/{stamp})" for r in relations)]
    return "(" + " or ".join(parts) + ")"
