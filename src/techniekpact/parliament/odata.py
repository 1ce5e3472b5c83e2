"""Pieces of OData v4 query text for the Tweede Kamer portal, where tkapi has none, and the
service's own schema (`$metadata`), so that no query names a relation the service lacks.

The portal's model changes over time: in the `$metadata` of October 2025
`Toezegging.KamerbriefNakoming` is a text property, while other clients knew it as a relation
to Document. An OData server answers 400 to a `$expand` or a lambda (`any`) over something that
is not a navigation property, so the queries are built from the schema the service publishes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from techniekpact.errors import DomainError
from techniekpact.i18n import _

EDM = "{http://docs.oasis-open.org/odata/ns/edm}"


def quote(value: str) -> str:
    """An OData string literal: single quotes, a quote inside doubled."""
    return "'" + value.replace("'", "''") + "'"


def changed_since(since: date, *relations: str) -> str:
    """Changed since a day, the item itself or one of the related sets read with it: a vote or
    an answering letter is its own entity with its own change stamp."""
    stamp = f"ApiGewijzigdOp ge {since.isoformat()}T00:00:00Z"
    parts = [stamp, *(f"{r}/any(x: x/{stamp})" for r in relations)]
    return "(" + " or ".join(parts) + ")"


@dataclass(frozen=True)
class Navigation:
    target: str  # the entity type it leads to, e.g. "Document"
    collection: bool  # Collection(...): lambdas (any/all) apply only to these


@dataclass(frozen=True)
class Schema:
    """Per entity type: its plain properties and its navigation properties."""

    properties: dict[str, frozenset[str]] = field(default_factory=dict)
    navigation: dict[str, dict[str, Navigation]] = field(default_factory=dict)

    def relation(self, entity: str, name: str) -> Navigation | None:
        return self.navigation.get(entity, {}).get(name)

    def collection(self, entity: str, name: str) -> bool:
        nav = self.relation(entity, name)
        return nav is not None and nav.collection

    def expand(self, entity: str, clauses: list[str]) -> list[str]:
        """The `$expand` clauses whose relation the entity has (a clause may carry options in
        parentheses; a nested `$expand` inside is checked against the relation's target)."""
        kept = []
        for clause in clauses:
            name, _, options = clause.partition("(")
            nav = self.relation(entity, name.strip())
            if nav is None:
                continue
            nested = options.removesuffix(")")
            if "$expand=" in nested:
                head, _, inner = nested.partition("$expand=")
                inner_kept = self.expand(nav.target, [inner])
                nested = head + (f"$expand={inner_kept[0]}" if inner_kept else "")
                nested = nested.rstrip(";")
            kept.append(f"{name}({nested})" if nested else name)
        return kept


def _short(type_name: str) -> tuple[str, bool]:
    collection = type_name.startswith("Collection(")
    inner = type_name.removeprefix("Collection(").removesuffix(")")
    return inner.rsplit(".", 1)[-1], collection


def parse_metadata(text: str | bytes, url: str = "$metadata") -> Schema:
    """Read a CSDL (EDMX 4.0) document; an unreadable one is one clear error."""
    try:
        root = fromstring(text)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise DomainError(
            _(
                "{url}: geen leesbaar OData-schema ({kind}); niets gewijzigd",
                url=url,
                kind=exc.__class__.__name__,
            )
        ) from None
    properties: dict[str, frozenset[str]] = {}
    navigation: dict[str, dict[str, Navigation]] = {}
    for entity in root.iter(f"{EDM}EntityType"):
        name = entity.get("Name", "")
        properties[name] = frozenset(p.get("Name", "") for p in entity.iter(f"{EDM}Property"))
        navigation[name] = {
            n.get("Name", ""): Navigation(*_short(n.get("Type", "")))
            for n in entity.iter(f"{EDM}NavigationProperty")
        }
    if not properties:
        raise DomainError(_("{url}: schema zonder entiteiten; niets gewijzigd", url=url))
    return Schema(properties, navigation)
