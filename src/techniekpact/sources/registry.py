"""The connectors: the built-in ones and those third parties add through an entry point.

A package adds a connector by declaring, in its own pyproject.toml,

    [project.entry-points."techniekpact.sources"]
    mysource = "mypackage.connector:CONNECTOR"

where the object is a `Connector` (or a callable without arguments returning one). The built-in
connectors are declared the same way in this project's pyproject.toml, and also listed here so
that they are found without an installed distribution (a source checkout on PYTHONPATH). A
third-party entry that reuses a built-in name, or is not a connector, is skipped with a reason
(`rejected()`), never silently preferred.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points

from techniekpact.errors import DomainError
from techniekpact.i18n import _
from techniekpact.sources import Connector

GROUP = "techniekpact.sources"

# name -> "module:attribute"
BUILTIN: dict[str, str] = {
    "duo": "techniekpact.sources.duo:CONNECTOR",
    "cbs": "techniekpact.sources.cbs:CONNECTOR",
}


@dataclass(frozen=True)
class Registered:
    connector: Connector
    origin: str  # "built-in" or the entry point's "module:attribute"


@dataclass(frozen=True)
class Rejected:
    name: str
    origin: str
    reason: str


def _load(target: str) -> object:
    module, _sep, attribute = target.partition(":")
    obj: object = importlib.import_module(module)
    for part in attribute.split("."):
        obj = getattr(obj, part)
    return obj


def _as_connector(obj: object) -> Connector | None:
    if not isinstance(obj, Connector) and callable(obj):
        obj = obj()
    return obj if isinstance(obj, Connector) else None


def _scan() -> tuple[dict[str, Registered], list[Rejected]]:
    found: dict[str, Registered] = {}
    rejected: list[Rejected] = []
    for name, target in BUILTIN.items():
        connector = _as_connector(_load(target))
        if connector is None or connector.name != name:
            raise RuntimeError(f"built-in connector {name} ({target}) is broken")
        found[name] = Registered(connector, "built-in")
    eps: list[EntryPoint] = sorted(entry_points(group=GROUP), key=lambda e: e.name)
    for ep in eps:
        if ep.value in BUILTIN.values():
            continue  # this project's own declaration of a built-in
        try:
            connector = _as_connector(ep.load())
        except Exception as exc:  # a broken third-party package must not break the CLI
            rejected.append(Rejected(ep.name, ep.value, f"{type(exc).__name__}: {exc}"))
            continue
        if connector is None:
            rejected.append(Rejected(ep.name, ep.value, "not a Connector"))
        elif connector.name in found:
            rejected.append(Rejected(connector.name, ep.value, "name already registered"))
        else:
            found[connector.name] = Registered(connector, ep.value)
    return found, rejected


def connectors() -> dict[str, Registered]:
    """Every usable connector by name, built-in ones first."""
    return _scan()[0]


def rejected() -> list[Rejected]:
    """Entry points that were skipped, with the reason."""
    return _scan()[1]


def get(name: str) -> Connector:
    found = connectors()
    if name not in found:
        raise DomainError(
            _(
                "onbekende bron {name!r}; kies uit {names}",
                name=name,
                names=", ".join(found) or "-",
            )
        )
    return found[name].connector
