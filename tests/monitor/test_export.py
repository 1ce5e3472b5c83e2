import json
from pathlib import Path

from techniekpact.monitor import export
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
    assert summary.unchanged == summary.rows == 566


def test_datapackage_descriptor(session, tmp_path: Path) -> None:
    path = export.write_datapackage(session, tmp_path / "pkg")
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    names = [r["name"] for r in descriptor["resources"]]
    assert names == ["observations", "indicators", "targets", "goals"]
    for resource in descriptor["resources"]:
        header = (path.parent / resource["path"]).read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == [f["name"] for f in resource["schema"]["fields"]]


def test_json_export_has_everything(session) -> None:
    data = export.to_json(session)
    assert len(data["observations"]) == 566
    assert {g["framework"] for g in data["goals"]} >= {"tp2013", "tp2016"}
    json.dumps(data, default=str)
