"""The OpenAPI document, made to describe exactly what the API sends, and the check that a
request uses only the parameters it documents.

FastAPI's own document promised a 422 the API never sends (errors are 400 problem details),
left out `_links`, headers and the breakdown parameters, and is OpenAPI 3.1, while the NL API
Design Rules (ruleset v2.1.0, rule `openapi3`) ask for 3.0. `document` starts from FastAPI's
and corrects it; tests compare it with the responses (schemathesis) and lint it (Spectral).
"""

from __future__ import annotations

import copy
import re
import time
from typing import Any, NotRequired

from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from pydantic import TypeAdapter
from typing_extensions import TypedDict

from techniekpact.errors import DomainError
from techniekpact.web.protocol import API_VERSION, EMPTY_QUERY

BASE = "/api/v1"
PROBLEM_TYPE = "application/problem+json"
DESCRIPTION = (
    "Doelen, indicatoren, cijfers, streefcijfers en voortgang van het Techniekpact. "
    "Alle cijfers met bron. Goals, indicators, figures, targets and progress of the "
    "Dutch Technology Pact, every figure with its source.\n\n"
    "Een lege parameter (`?limit=`) betekent: geen filter. Een onbekende parameter geeft 400. "
    "An empty parameter means no filter; an unknown parameter is a 400 problem."
)
TAGS = [
    {"name": "doelen", "description": "Doelenkaders en doelen. Goal frameworks and goals."},
    {"name": "indicatoren", "description": "Indicatoren en hun cijfers. Indicators, figures."},
    {"name": "voortgang", "description": "Streefcijfers en beoordeling. Targets and progress."},
    {"name": "regelingen", "description": "Regelingenwijzer. Schemes for SME owners."},
    {"name": "kamer", "description": "Moties en toezeggingen. Motions and commitments."},
    {"name": "wijzigingen", "description": "Wie wat wanneer wijzigde. The change log."},
    {"name": "api", "description": "Dit document. This document."},
]


def _pairs() -> str:
    """School years as the API takes them: the second year follows the first (2019/20)."""
    return "|".join(f"{n:02d}/{(n + 1) % 100:02d}" for n in range(100))


YEAR = "(?:19[0-9]{2}|20[0-9]{2}|2100)"
PERIOD_PATTERN = f"^(?:{YEAR}|(?:19|20)(?:{_pairs()})|2100/01|{YEAR}-Q[1-4])$"
"""`from` and `to`: a year (2019), a school year (2019/20) or a quarter (2019-Q1), 1900-2100,
exactly the periods `periods.parse_period` reads in these spellings."""


NO_NUL = "^[^\\u0000]*$"
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _scheme_choices() -> dict[str, list[str]]:
    """The closed lists the Regelingenwijzer's questions take (web/schemes.py refuses others
    with 400); declared here so that the document says so."""
    from techniekpact.regions import province_names
    from techniekpact.schemes.catalogue import KINDS, PURPOSES
    from techniekpact.schemes.eligibility import LEGAL_FORMS

    provinces = province_names()
    return {
        "purpose": list(PURPOSES),
        "kind": list(KINDS),
        "legal_form": list(LEGAL_FORMS),
        "province": [*provinces, *provinces.values(), "Friesland"],
    }


class InvalidParam(TypedDict):
    name: str
    reason: str


class Problem(TypedDict):
    """RFC 9457 problem details, as `errors.problem` writes them."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    invalid_params: NotRequired[list[InvalidParam]]


def _header(description: str, schema: dict[str, Any], required: bool) -> dict[str, Any]:
    return {"description": description, "required": required, "schema": schema}


COMMON_HEADERS = {
    "API-Version": _header(
        "Volledige versie van de API. Full API version.",
        {"type": "string", "enum": [API_VERSION]},
        True,
    ),
    "access-control-allow-origin": _header(
        "Iedereen mag lezen. Public.", {"type": "string", "enum": ["*"]}, True
    ),
}
CACHE_HEADERS = {
    "ETag": _header("Versie van deze representatie.", {"type": "string"}, True),
    "Cache-Control": _header("Hoe lang te bewaren.", {"type": "string"}, True),
}
PAGE_HEADERS = {
    "X-Total-Count": _header("Totaal aantal items.", {"type": "integer", "minimum": 0}, True),
    "Link": _header("Volgende pagina (RFC 8288), als die er is.", {"type": "string"}, False),
}


def document(
    app: FastAPI, dimensions: list[tuple[str, str]], examples: dict[str, str] | None = None
) -> dict[str, Any]:
    """The API's OpenAPI 3.0 document; `dimensions` are the breakdown dimensions (code, name)
    the observations operation filters on, `examples` an existing code per path prefix
    (`/goals/`: a goal's code), so that readers and testers can try a real one."""
    settings = app.state.settings
    doc = get_openapi(
        title=app.title,
        version=API_VERSION,
        description=DESCRIPTION,
        routes=app.routes,
        tags=TAGS,
    )
    # set here: FastAPI's model refuses a relative URL, which OpenAPI allows
    doc["info"]["contact"] = {
        "name": settings.contact_name,
        "url": settings.contact_url,
        "email": settings.contact_email,
    }
    doc = _openapi30(doc)
    doc["openapi"] = "3.0.3"
    # from configuration, never from a request's Host header (which a client chooses)
    server = settings.base_url.rstrip("/") + BASE
    doc["servers"] = [{"url": server, "description": "Deze server. This server."}]
    schemas = doc.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError"):
        schemas.pop(unused, None)
    schemas["Problem"] = TypeAdapter(Problem).json_schema(
        ref_template="#/components/schemas/{model}"
    )
    schemas.update(schemas["Problem"].pop("$defs", {}))
    paths = {}
    for path, item in doc["paths"].items():
        if not path.startswith(BASE + "/"):
            continue
        relative = path[len(BASE) :]
        for operation in item.values():
            _correct(operation, path, dimensions)
            for parameter in operation["parameters"]:
                for prefix, code in (examples or {}).items():
                    if parameter["in"] == "path" and relative.startswith(prefix):
                        parameter["example"] = code
        paths[relative] = item
    paths["/openapi.json"] = _self_description()
    doc["paths"] = paths
    return doc


def _correct(operation: dict[str, Any], path: str, dimensions: list[tuple[str, str]]) -> None:
    responses = operation["responses"]
    responses.pop("422", None)
    parameters = operation.setdefault("parameters", [])
    paged = any(p["name"] == "offset" for p in parameters)
    responses["200"]["headers"] = COMMON_HEADERS | CACHE_HEADERS | (PAGE_HEADERS if paged else {})
    responses["304"] = {
        "description": "Niet gewijzigd (If-None-Match). Not modified.",
        "headers": COMMON_HEADERS | CACHE_HEADERS,
    }
    problem = {"$ref": "#/components/schemas/Problem"}
    responses["400"] = {
        "description": "Ongeldige of onbekende parameter (RFC 9457). Bad request.",
        "headers": COMMON_HEADERS,
        "content": {PROBLEM_TYPE: {"schema": problem}},
    }
    if "{" in path:
        responses["404"] = {
            "description": "Niet gevonden (RFC 9457). Not found.",
            "headers": COMMON_HEADERS,
            "content": {PROBLEM_TYPE: {"schema": problem}},
        }
    if path.endswith("/observations"):
        parameters.extend(
            {
                "name": code,
                "in": "query",
                "required": False,
                "description": f"Alleen cijfers met deze waarde voor {name}. Breakdown filter.",
                "schema": {"type": "string", "maxLength": 80},
            }
            for code, name in dimensions
        )
    for parameter in parameters:
        if parameter["in"] == "query" and not parameter.get("required"):
            parameter["allowEmptyValue"] = True
        schema = parameter["schema"]
        schema = schema.get("items", schema) if schema.get("type") == "array" else schema
        if path.endswith("/schemes") and parameter["name"] in _scheme_choices():
            schema["enum"] = _scheme_choices()[parameter["name"]]
            schema.pop("default", None)  # "" here means: not asked
        elif schema.get("type") == "string" and "pattern" not in schema and "enum" not in schema:
            # refused by errors.refuse_nul: PostgreSQL cannot compare a NUL
            schema["pattern"] = NO_NUL


def _self_description() -> dict[str, Any]:
    return {
        "get": {
            "tags": ["api"],
            "summary": "Dit OpenAPI-document",
            "description": "De beschrijving van deze API (OpenAPI 3.0). This API's description.",
            "operationId": "openapi",
            "responses": {
                "200": {
                    "description": "Het document. The document.",
                    "headers": COMMON_HEADERS,
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }


def _openapi30(node: Any) -> Any:
    """JSON Schema 2020-12 as pydantic writes it, in the OpenAPI 3.0 dialect: `X | None` as
    `nullable`, tuples (`prefixItems`) as `items`, and `$ref` without siblings (3.0 ignores
    them)."""
    if isinstance(node, list):
        return [_openapi30(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _openapi30(v) for k, v in node.items()}
    for key in ("anyOf", "oneOf"):
        options = node.get(key)
        if isinstance(options, list) and {"type": "null"} in options:
            rest = [o for o in options if o != {"type": "null"}]
            del node[key]
            if len(rest) == 1 and "$ref" not in rest[0]:
                node = rest[0] | node
            else:
                node["anyOf" if len(rest) > 1 else "allOf"] = rest
            node["nullable"] = True
    if "prefixItems" in node:  # a fixed-length tuple: 3.0 knows only `items`
        options = node.pop("prefixItems")
        node["items"] = options[0] if all(o == options[0] for o in options) else {"anyOf": options}
    if "$ref" in node and len(node) > 1:
        ref = node.pop("$ref")
        node = {"allOf": [{"$ref": ref}], **node}
    return node


def install(app: FastAPI) -> None:
    """Serve the corrected document, rebuilt when the catalogue's dimensions change."""
    built: dict[tuple[tuple[str, str], ...], dict[str, Any]] = {}
    # every API request checks its parameters against the document (known_parameters): the
    # dimensions are asked of the database at most once a second, like the response cache
    # asks its data version, not once per request (5% of a worker's time under a mixed load)
    asked: list[Any] = [-1.0, ()]

    def openapi() -> dict[str, Any]:
        now = time.monotonic()
        if now - asked[0] > 1.0:
            asked[:] = [now, tuple(dimensions(app))]
        key = asked[1]
        found = built.get(key)
        if found is None:
            found = document(app, list(key), example_codes(app))
            built.clear()
            built[key] = found
        return found

    # FastAPI's documented way to replace the document; mypy refuses assigning to a method
    app.openapi = openapi  # type: ignore[method-assign]


def dimensions(app: FastAPI) -> list[tuple[str, str]]:
    """The breakdown dimensions in the database, (code, Dutch name), in code-list order."""
    from sqlalchemy import select

    from techniekpact.monitor.models import Dimension
    from techniekpact.web.sessions import sessions

    with sessions(app)() as db:
        rows = db.execute(select(Dimension.code, Dimension.name_nl).order_by(Dimension.position))
        return [(code, name) for code, name in rows]


def example_codes(app: FastAPI) -> dict[str, str]:
    """A real code for each path parameter: the first goal, indicator, scheme and Kamer item."""
    from sqlalchemy import select

    from techniekpact.monitor.models import Goal, Indicator
    from techniekpact.parliament.models import ParliamentItem
    from techniekpact.schemes.store import catalogue
    from techniekpact.web.sessions import sessions

    with sessions(app)() as db:
        found = {
            "/goals/": db.scalar(select(Goal.code).order_by(Goal.id).limit(1)),
            "/indicators/": db.scalar(select(Indicator.code).order_by(Indicator.id).limit(1)),
            "/schemes/": next((s.code for s in catalogue(db)), None),
            "/parliament/items/": db.scalar(
                select(ParliamentItem.code)
                .where(ParliamentItem.is_current)
                .order_by(ParliamentItem.code)
                .limit(1)
            ),
        }
    return {prefix: code for prefix, code in found.items() if code}


def known_parameters(request: Request) -> None:
    """An API request may use only the query parameters its operation documents: a misspelt
    filter would otherwise be ignored in silence and return unfiltered figures."""
    route = request.scope.get("route")
    path = getattr(route, "path", "")
    if not path.startswith(BASE + "/"):
        return
    operation = request.app.openapi()["paths"].get(path[len(BASE) :], {}).get("get")
    if operation is None:
        return
    allowed = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
    sent = [*request.query_params.keys(), *request.scope.get(EMPTY_QUERY, [])]
    unknown = sorted({name for name in sent if name not in allowed})
    dates = [p["name"] for p in operation.get("parameters", []) if _is_date(p)]
    for name in dates:
        for value in request.query_params.getlist(name):
            if not ISO_DATE.fullmatch(value):
                # pydantic would also read a number as a Unix time; the document says a date
                raise DomainError(f"{name}: verwacht een datum als 2026-12-31, niet {value!r}")
    if unknown:
        listed = ", ".join(allowed) or "geen"
        raise UnknownParameters(
            f"onbekende parameter(s): {', '.join(unknown)}; toegestaan: {listed}",
            [{"name": n, "reason": f"onbekende parameter; toegestaan: {listed}"} for n in unknown],
        )


def _is_date(parameter: dict[str, Any]) -> bool:
    schema = parameter["schema"]
    return parameter["in"] == "query" and schema.get("format") == "date"


class UnknownParameters(DomainError):
    """A query parameter the operation does not have; `params` names each one."""

    def __init__(self, message: str, params: list[dict[str, str]]) -> None:
        super().__init__(message)
        self.params = copy.deepcopy(params)
