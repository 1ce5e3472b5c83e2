"""One object per thing a reader sees (issue 12): the CLI's `--json`, the API and the page's CSV
download carry the same fields with the same values, for an item of each kind.

Objects are compared whole and with their keys in the same order, so a field that one reader
adds, renames or formats differently fails here rather than in a journalist's script.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

INDICATOR = "mbo_beta_share_intake"
GOAL = "2013-AL1-WT"
SCHEME_QUESTION = ["scholing", "--province", "Gelderland", "--employees", "12", "--sector", "F"]
SCHEME_QUERY = "q=scholing&province=Gelderland&employees=12&sector=F"
LAYOUT = {"indicator", "period", "value", "unit", "flags", "source_url", "source_edition", "note"}


def _json(cli, *args: str) -> Any:  # type: ignore[no-untyped-def]
    result = cli(*args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _same(cli_item: dict[str, Any], api_item: dict[str, Any]) -> None:
    assert list(cli_item) == list(api_item)
    assert cli_item == api_item


def _items(client, path: str) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    response = client.get(path)
    assert response.status_code == 200, response.text
    return response.json()["items"]


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_indicator(cli, client) -> None:  # type: ignore[no-untyped-def]
    printed = _json(cli, "indicators")
    listed = _items(client, "/api/v1/indicators?limit=1000")
    assert [i["code"] for i in printed] == [i["code"] for i in listed]
    for cli_item, api_item in zip(printed, listed, strict=True):
        _same(cli_item, api_item)
    one = next(i for i in printed if i["code"] == INDICATOR)
    assert len(one) == 17 and one["observations"] > 0
    _same(one, client.get(f"/api/v1/indicators/{INDICATOR}").json())


def test_indicator_csv_download(cli, client) -> None:  # type: ignore[no-untyped-def]
    """The page's download holds the API's figures, written by the export's writer."""
    download = client.get(f"/indicators/{INDICATOR}/data.csv").text
    rows = _csv(download)
    figures = _items(client, f"/api/v1/indicators/{INDICATOR}/observations?total=true")
    assert len(rows) == len(figures) > 5
    for row, figure in zip(rows, figures, strict=True):
        assert float(row.pop("value")) == figure["value"]
        assert row.pop("flags") == ",".join(figure["flags"])
        # indicator, period, unit, source and note; each dimension a column (empty: a total)
        assert row == {k: figure[k] if k in LAYOUT else figure["breakdown"].get(k, "") for k in row}
    # numbers as the export (the import format) writes them: 29, never 29.0
    assert not [r for r in _csv(download) if r["value"].endswith(".0")]
    export = _csv(cli("export", "--format", "csv").stdout)
    dimensions = [c for c in export[0] if c not in LAYOUT]
    exported = {
        (r["period"], r["source_url"], r["source_edition"]): r
        for r in export
        if r["indicator"] == INDICATOR and not any(r[d] for d in dimensions)
    }
    for row in _csv(download):
        match = exported[(row["period"], row["source_url"], row["source_edition"])]
        assert row == {k: match[k] for k in row}


def test_goal(cli, client) -> None:  # type: ignore[no-untyped-def]
    frameworks = _json(cli, "goals")
    _same_list(frameworks, _items(client, "/api/v1/frameworks?limit=1000"))
    printed = next(g for f in frameworks for g in f["goals"] if g["code"] == GOAL)
    assert printed["parent"] == "2013-AL1" and "parent_id" not in printed
    _same(printed, next(g for g in _items(client, "/api/v1/goals") if g["code"] == GOAL))
    one = _json(cli, "goals", "--framework", "tp2016")
    assert [f["code"] for f in one] == ["tp2016"]
    _same(one[0], next(f for f in frameworks if f["code"] == "tp2016"))
    _same(_json(cli, "goals", "--trace", GOAL), client.get(f"/api/v1/goals/{GOAL}").json())


def test_target_assessments(cli, client) -> None:  # type: ignore[no-untyped-def]
    _same_list(_json(cli, "assess"), _items(client, "/api/v1/assessments"))
    _same_list(
        _json(cli, "assess", "--method", "eurostat-short"),
        _items(client, "/api/v1/assessments?method=eurostat-short"),
    )


def test_scheme(cli, client) -> None:  # type: ignore[no-untyped-def]
    printed = _json(cli, "schemes", "search", *SCHEME_QUESTION)
    listed = _items(client, f"/api/v1/schemes?{SCHEME_QUERY}")
    assert printed[0]["code"] == "otib" and printed[0]["verdict_label"]
    _same_list(printed, listed)


def test_kamer_item(cli, client) -> None:  # type: ignore[no-untyped-def]
    printed = _json(cli, "parliament", "list")
    _same_list(printed, _items(client, "/api/v1/parliament/items"))
    assert printed[0]["code"] == "motie-32637-391" and printed[0]["submitters"]
    late = _json(cli, "parliament", "list", "--status", "voldaan")
    _same_list(late, _items(client, "/api/v1/parliament/items?status=voldaan"))


def _same_list(cli_items: list[dict[str, Any]], api_items: list[dict[str, Any]]) -> None:
    assert [i.get("code", i.get("target")) for i in cli_items] == [
        i.get("code", i.get("target")) for i in api_items
    ]
    assert cli_items
    for cli_item, api_item in zip(cli_items, api_items, strict=True):
        _same(cli_item, api_item)
