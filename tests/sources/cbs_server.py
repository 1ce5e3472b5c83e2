"""A local stand-in for CBS StatLine's OData v4 service, for the CBS connector's tests.

No recorded CBS OData answer exists in public material, so these answers are built from CBS's
documented v4 shapes (the vignette of CBS's own cbsodata4 package: `Properties`, `Dimensions`
with Identifier/Title/Kind, `MeasureCodes`, `<Dimension>Codes` with Identifier/Index/Title/
DimensionGroupId/Status, `Observations` with `Id, Measure, ValueAttribute, Value, <dimensions>`,
pages joined by `@odata.nextLink`) and the table's catalogue entry (dimension and measure
titles). The identifiers of measures and dimension values are made up here: the real ones are
not in the public material. It is a real HTTP server on 127.0.0.1 (http.server in a thread), so
the client's requests, paging, filters and retries are exercised over a socket.
"""

from __future__ import annotations

import copy
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

TERM = re.compile(r"(\w+) eq '((?:[^']|'')*)'")


def _codes(pairs: list[tuple[str, str]], **extra: Any) -> list[dict[str, Any]]:
    return [
        {"Identifier": code, "Index": i, "Title": title, "Description": "", "DimensionGroupId": "0"}
        | extra
        for i, (code, title) in enumerate(pairs, start=1)
    ]


def _dimension(identifier: str, title: str, kind: str = "Dimension") -> dict[str, Any]:
    return {
        "@odata.type": f"#Cbs.Ccb.Models.{kind}",
        "Identifier": identifier,
        "Title": title,
        "Description": "",
        "MapYear": None,
        "ReleasePolicy": False,
        "Kind": kind,
        "ContainsGroups": False,
        "ContainsCodes": True,
    }


SEXES = [("T001038", "Totaal mannen en vrouwen"), ("3000", "Mannen"), ("4000", "Vrouwen")]
PERIODS = [
    {"Identifier": "2019SJ00", "Index": 1, "Title": "2019/'20", "Description": "",
     "DimensionGroupId": "0", "Status": "Definitief"},
    {"Identifier": "2020SJ00", "Index": 2, "Title": "2020/'21", "Description": "Voorlopige cijfers",
     "DimensionGroupId": "0", "Status": "Voorlopig"},
]  # fmt: skip
PROVINCES = [f"PV{n}" for n in range(20, 32)]


def mbo_students_table() -> dict[str, Any]:
    """85353NED as the catalogue describes it: Geslacht, Niveau, Leerweg, Studierichting,
    Regio, Perioden; one measure, Mbo-studenten. Values that the mapping does not read (levels,
    pathways, fields, a municipality) are there too, as in the real table."""
    dims = {
        "Geslacht": SEXES,
        "Niveau": [("T001", "Totaal"), ("N1", "Niveau 1"), ("N4", "Niveau 4")],
        "Leerweg": [("T002", "Totaal"), ("BOL", "Bol"), ("BBL", "Bbl")],
        "Studierichting": [("T003", "Totaal"), ("S07", "Techniek")],
        "Regio": [("NL01", "Nederland"), *[(p, p) for p in PROVINCES], ("GM0014", "Groningen")],
    }
    table: dict[str, Any] = {
        "Properties": {
            "Identifier": "85353NED",
            "Title": "Mbo; studenten, niveau, leerweg, studierichting, regiokenmerken",
            "Modified": "2026-04-09T02:00:00",
            "Status": "Regulier",
        },
        "Dimensions": [
            *(_dimension(d, d) for d in ("Geslacht", "Niveau", "Leerweg", "Studierichting")),
            _dimension("Regio", "Regio", "GeoDimension"),
            _dimension("Perioden", "Perioden", "TimeDimension"),
        ],
        "MeasureCodes": [
            {
                "Identifier": "M000001",
                "Index": 1,
                "Title": "Mbo-studenten",
                "Description": "",
                "MeasureGroupId": None,
                "DataType": "Long",
                "Unit": "aantal",
                "Decimals": 0,
                "PresentationType": "Absolute",
            },
        ],  # fmt: skip
        "PeriodenCodes": copy.deepcopy(PERIODS),
    }
    for name, pairs in dims.items():
        table[f"{name}Codes"] = _codes(pairs)
    observations = []
    for period_index, period in enumerate(PERIODS):
        for region_index, (region, _t) in enumerate(dims["Regio"]):
            for level, _l in dims["Niveau"]:
                for pathway, _p in dims["Leerweg"]:
                    for field_code, _f in dims["Studierichting"]:
                        base = 1000 * (region_index + 1) + 10 * period_index + len(level)
                        men, women = base + len(pathway), base // 2 + len(field_code)
                        for sex, value in (
                            ("3000", men),
                            ("4000", women),
                            ("T001038", men + women),
                        ):
                            observations.append(
                                {"Id": len(observations), "Measure": "M000001",
                                 "ValueAttribute": "None", "Value": value, "Geslacht": sex,
                                 "Niveau": level, "Leerweg": pathway,
                                 "Studierichting": field_code, "Regio": region,
                                 "Perioden": period["Identifier"]}
                            )  # fmt: skip
    table["Observations"] = observations
    return table


def ho_students_table() -> dict[str, Any]:
    """85421NED as the catalogue describes it: two of its three measures are mapped."""
    dims = {
        "Geslacht": SEXES,
        "Onderwijssoort": [("T001", "Totaal"), ("HBO", "Hbo"), ("WO", "Wo")],
        "Studierichting": [("T002", "Totaal"), ("S07", "Techniek")],
        "Herkomstland": [("T003", "Totaal")],
        "GeboortelandOuders": [("T004", "Totaal")],
    }
    measures = [("M1", "Totaal ingeschrevenen"), ("M2", "Eerstejaarsstudenten"),
                ("M3", "Ouderejaarsstudenten")]  # fmt: skip
    table: dict[str, Any] = {
        "Properties": {
            "Identifier": "85421NED",
            "Title": "Hoger onderwijs; eerste- en ouderejaarsstudenten, studierichting, herkomst",
            "Modified": "2026-04-10T02:00:00",
        },
        "Dimensions": [
            _dimension("Geslacht", "Geslacht"),
            _dimension("Onderwijssoort", "Onderwijssoort"),
            _dimension("Studierichting", "Studierichting"),
            _dimension("Herkomstland", "Herkomstland"),
            _dimension("GeboortelandOuders", "Geboorteland (ouders)"),
            _dimension("Perioden", "Perioden", "TimeDimension"),
        ],
        "MeasureCodes": [
            {"Identifier": m, "Index": i, "Title": t, "Unit": "aantal"}
            for i, (m, t) in enumerate(measures, start=1)
        ],
        "PeriodenCodes": copy.deepcopy(PERIODS[:1]),
    }
    for name, pairs in dims.items():
        table[f"{name}Codes"] = _codes(pairs)
    observations = []
    for measure_index, (measure, _t) in enumerate(measures):
        for kind_index, (kind, _k) in enumerate(dims["Onderwijssoort"]):
            for field_code, _f in dims["Studierichting"]:
                for sex_index, (sex, _s) in enumerate(SEXES):
                    value = 100_000 // (measure_index + 1) + 1000 * kind_index + sex_index
                    observations.append(
                        {"Id": len(observations), "Measure": measure, "ValueAttribute": "None",
                         "Value": value, "Geslacht": sex, "Onderwijssoort": kind,
                         "Studierichting": field_code, "Herkomstland": "T003",
                         "GeboortelandOuders": "T004", "Perioden": "2019SJ00"}
                    )  # fmt: skip
    table["Observations"] = observations
    return table


@dataclass
class FakeCbs:
    """The served tables (mutable by a test), the requests seen, and faults to inject."""

    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    page_size: int = 25
    # (entity set, $skip) -> how many more times to answer 500; -1: always
    failures: dict[tuple[str, int], int] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    root: str = ""

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        parts = [p for p in path.split("/") if p]
        if len(parts) != 3 or parts[0] != "CBS" or parts[1] not in self.tables:
            return 404, {"error": {"message": "not found"}}
        table, name = self.tables[parts[1]], parts[2]
        skip = int(query.get("$skip", ["0"])[0])
        left = self.failures.get((name, skip), 0)
        if left:
            self.failures[(name, skip)] = left - 1 if left > 0 else -1
            return 500, {"error": {"message": "internal server error"}}
        if name == "Properties":
            return 200, table["Properties"]
        if name not in table:
            return 404, {"error": {"message": "not found"}}
        rows = table[name]
        odata_filter = query.get("$filter", [""])[0]
        if odata_filter:
            allowed: dict[str, set[str]] = {}
            for column, value in TERM.findall(odata_filter):
                allowed.setdefault(column, set()).add(value.replace("''", "'"))
            rows = [r for r in rows if all(str(r.get(c)) in v for c, v in allowed.items())]
        body: dict[str, Any] = {
            "@odata.context": f"{self.root}/CBS/{parts[1]}/$metadata#{name}",
            "value": rows[skip : skip + self.page_size],
        }
        if skip + self.page_size < len(rows):
            params = {"$skip": str(skip + self.page_size)}
            if odata_filter:
                params["$filter"] = odata_filter
            body["@odata.nextLink"] = f"{self.root}/CBS/{parts[1]}/{name}?{urlencode(params)}"
        return 200, body


@contextmanager
def serve(fake: FakeCbs) -> Iterator[str]:
    """Serve `fake` on 127.0.0.1; yields the API root to pass as --api-root."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            url = urlsplit(self.path)
            fake.requests.append(self.path)
            status, body = fake.answer(url.path, parse_qs(url.query))
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.root = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"{fake.root}/CBS"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
