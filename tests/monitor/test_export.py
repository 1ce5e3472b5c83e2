import csv
import json
from pathlib import Path

import pytest

from techniekpact.monitor import datapackage, export
from techniekpact.monitor.importers import parse_file
from techniekpact.monitor.store import apply_import, load_catalogue


def test_export_then_import_changes_nothing(factory, tmp_path: Path) -> None:
    with factory() as session:
        text = export.to_csv(session)
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    with factory() as session, session.begin():
        summary = apply_import(session, parse_file(path, load_catalogue(session)), source_name="x")
    assert (summary.new, summary.revised) == (0, 0)
    # 566 copied figures and 2,148 computed from the bundled DUO files
    assert summary.unchanged == summary.rows == 566 + 2148


def _package(session, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    return datapackage.write_datapackage(session, tmp_path / "pkg")


def _validate(path: Path):  # type: ignore[no-untyped-def]
    from frictionless import Package

    return Package(str(path)).validate()


def test_datapackage_is_valid_with_keys_on_codes(session, tmp_path: Path) -> None:
    path = _package(session, tmp_path)
    report = _validate(path)
    assert report.valid, report.flatten(["type", "note"])
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert {
        "observations",
        "indicators",
        "frameworks",
        "goals",
        "goal_links",
        "goal_indicators",
        "targets",
        "target_goals",
        "dimensions",
        "codes_region",
        "codes_education_level",
    } <= set(resources)
    for resource in resources.values():
        header = (path.parent / resource["path"]).read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == [f["name"] for f in resource["schema"]["fields"]]
        assert resource["schema"]["primaryKey"]
        assert not any(f["name"].endswith("_id") for f in resource["schema"]["fields"])
    references = {
        (name, fk["fields"][0]): fk["reference"]["resource"]
        for name, r in resources.items()
        for fk in r["schema"].get("foreignKeys", [])
    }
    assert references[("observations", "indicator")] == "indicators"
    assert references[("observations", "region")] == "codes_region"
    assert references[("goals", "framework")] == "frameworks"
    assert references[("goal_links", "to")] == "goals"
    assert references[("target_goals", "target")] == "targets"
    assert references[("targets", "indicator")] == "indicators"


def test_datapackage_marks_one_current_revision_per_figure(session, tmp_path: Path) -> None:
    path = _package(session, tmp_path)
    with open(path.parent / "observations.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    dims = [c for c in rows[0] if c not in {*export.CORE, *export.TAIL, "is_current"}]
    current: dict[tuple, int] = {}
    for row in rows:
        key = (row["indicator"], row["period"], *(row[d] for d in dims))
        current[key] = current.get(key, 0) + (row["is_current"] == "true")
    assert set(current.values()) == {1}
    # some figures have several editions
    assert len(rows) == 566 + 2148 and len(current) < len(rows)


BREAKAGES = {
    # a figure of an indicator the package does not have
    "dangling-indicator": ("observations.csv", "bestaat_niet,2020,1,%", "foreign-key"),
    # a region code missing from codes_region ("wo" exists, but as an education level)
    "dangling-region": ("observations.csv", "mbo_beta_share_intake,2020,1,%,wo", "foreign-key"),
    # a goal of a framework that does not exist
    "dangling-framework": ("goals.csv", "X-1,tp1999,,goal,0,x,x,,", "foreign-key"),
    # the same figure twice
    "duplicate-key": ("frameworks.csv", None, "primary-key"),
}


@pytest.mark.parametrize("case", sorted(BREAKAGES))
def test_broken_datapackage_is_reported_invalid(case: str, session, tmp_path: Path) -> None:
    path = _package(session, tmp_path)
    name, line, error = BREAKAGES[case]
    table = path.parent / name
    lines = table.read_text(encoding="utf-8").splitlines()
    width = lines[0].count(",")
    if line is None:
        line = lines[1]  # repeat the first row
    lines.append(line + "," * (width - line.count(",")))
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = _validate(path)
    assert not report.valid
    assert error in {e[0] for e in report.flatten(["type"])}


def test_json_export_joins_on_codes_and_writes_numbers(session) -> None:
    data = export.to_json(session)
    assert len(data["observations"]) == 566 + 2148
    assert {g["framework"] for g in data["goals"]} >= {"tp2013", "tp2016"}
    text = json.dumps(data, default=str)
    assert '_id"' not in text and '"id"' not in text  # no database ids anywhere
    for row in data["observations"]:
        assert isinstance(row["value"], int | float) and not isinstance(row["value"], bool)
        assert isinstance(row["is_current"], bool)
    assert all(isinstance(t["value"], int | float) for t in data["targets"])
    targets = {t["code"] for t in data["targets"]}
    goals = {g["code"] for g in data["goals"]}
    assert data["target_goals"] and all(
        tg["target"] in targets and tg["goal"] in goals for tg in data["target_goals"]
    )
    indicators = {i["code"] for i in data["indicators"]}
    assert {o["indicator"] for o in data["observations"]} <= indicators
    dims = {d["code"] for d in data["dimensions"]}
    assert {v["dimension"] for v in data["dimension_values"]} == dims


def test_cli_json_export_writes_numbers(cli) -> None:
    data = json.loads(cli("export", "--format", "json").stdout)
    assert all(isinstance(o["value"], int | float) for o in data["observations"])
