"""The registry, the CLI and the bundled tables of the DUO connector."""

from __future__ import annotations

import csv
import json
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from techniekpact.errors import DomainError
from techniekpact.sources import Computed, Connector, describe, registry
from techniekpact.sources import duo_tables as tables
from techniekpact.sources.duo import CONNECTOR
from techniekpact.sources.run import check_options
from tests.sources.helpers import HBO, WO, raw_rows


def test_builtin_duo_is_a_connector() -> None:
    assert isinstance(CONNECTOR, Connector)
    assert registry.get("duo") is CONNECTOR
    info = describe(CONNECTOR)
    assert info.classification == "duo-sector-techniek" and info.classification_version
    with pytest.raises(DomainError):
        registry.get("nope")


def test_options_a_connector_does_not_declare_are_refused() -> None:
    with pytest.raises(DomainError, match="api-root"):
        check_options(CONNECTOR, {"api_root": "http://x"})


class _Third:
    name = "third"
    version = "0.1"
    title_nl = title_en = reads_nl = reads_en = "x"
    indicators: tuple[str, ...] = ()
    options: tuple[str, ...] = ()
    classification = classification_version = ""

    def compute(self, inputs, report, options) -> Computed | None:  # type: ignore[no-untyped-def]
        return None


THIRD = _Third()
NOT_A_CONNECTOR = object()


def test_entry_points_add_connectors_and_bad_ones_are_skipped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    points = [
        EntryPoint("third", f"{__name__}:THIRD", registry.GROUP),
        EntryPoint("odd", f"{__name__}:NOT_A_CONNECTOR", registry.GROUP),
        EntryPoint("broken", "no_such_module_here:X", registry.GROUP),
    ]
    monkeypatch.setattr(registry, "entry_points", lambda group: points)
    found = registry.connectors()
    assert found["third"].connector is THIRD and found["third"].origin.endswith(":THIRD")
    assert found["duo"].connector is CONNECTOR
    reasons = {r.name: r.reason for r in registry.rejected()}
    assert set(reasons) == {"odd", "broken"}


def test_third_party_with_a_builtin_name_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    class Clash(_Third):
        name = "duo"

    globals()["CLASH"] = Clash()
    monkeypatch.setattr(
        registry,
        "entry_points",
        lambda group: [EntryPoint("clash", f"{__name__}:CLASH", registry.GROUP)],
    )
    assert [r.reason for r in registry.rejected()] == ["name already registered"]


def test_the_project_declares_duo_as_an_entry_point() -> None:
    import tomllib

    root = Path(__file__).resolve().parents[2]
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    declared = data["project"]["entry-points"][registry.GROUP]
    assert declared["duo"] == registry.BUILTIN["duo"]


def test_sources_list_json(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("sources", "list", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    duo = next(c for c in data["connectors"] if c["name"] == "duo")
    assert "duo_mbo_tech_students" in duo["indicators"]


def test_sources_import_refuses_api_root_for_duo(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("sources", "import", "duo", str(HBO), "--api-root", "http://localhost:1")
    assert result.returncode != 0 and "--api-root" in result.stderr


def test_sources_import_dry_run_json(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("sources", "import", "duo", str(HBO), "--dry-run", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["dry_run"] and data["new"] == 0 and data["unchanged"] == data["rows"] > 0
    assert data["inputs"][0]["name"] == "03b-eerstejaars-ingeschrevenen-hbo-domein-hbo-2019.csv"


def test_places_agree_with_duo_own_municipalities() -> None:
    """Where a place of the mbo file is also a municipality in DUO's ho files, the table's
    municipality number and province are DUO's own."""
    provinces = tables.provinces()
    seen: dict[str, tuple[str, str]] = {}
    for path in (HBO, WO):
        _header, rows = raw_rows(path)
        for row in rows:
            seen[row["GEMEENTENUMMER"]] = (row["GEMEENTENAAM"], provinces[row["PROVINCIE"]])
    checked = 0
    for place in tables.places().values():
        number = place.municipality_code[2:]
        if number in seen:
            assert seen[number] == (place.municipality, place.province)
            checked += 1
    assert checked >= 25


def test_places_use_known_region_codes() -> None:
    import yaml

    import techniekpact

    data = yaml.safe_load(
        (Path(techniekpact.__file__).parent / "data" / "dimensions.yaml").read_text("utf-8")
    )
    codes = {
        str(v["code"]) for d in data["dimensions"] if d["code"] == "region" for v in d["values"]
    }
    for place in tables.places().values():
        assert place.province in codes and place.arbeidsmarktregio in codes
    with (tables.DUO_DATA / "places.csv").open(encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 37


def test_a_deviation_without_a_source_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        (tables.DUO_DATA / "classification.yaml")
        .read_text("utf-8")
        .replace(
            "deviations: []",
            "deviations:\n  - {family: ho, column: OPLEIDINGSCODE ACTUEEL, value: '56962', "
            "technical: true, source: ''}",
        )
    )
    monkeypatch.setattr(tables, "_text", lambda name: text)
    tables.classification.cache_clear()
    try:
        with pytest.raises(ValueError, match="no source"):
            tables.classification()
    finally:
        tables.classification.cache_clear()
