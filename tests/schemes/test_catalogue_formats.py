"""Catalogue files in every format the README's tour uses, and files too bad to list in full."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from techniekpact.problems import MAX_PROBLEMS, ImportRejected
from techniekpact.schemes.records import read


def test_the_bundled_yaml_catalogue_reads_as_an_import() -> None:
    with resources.as_file(resources.files("techniekpact") / "data" / "schemes.yaml") as path:
        schemes = read(Path(path))
    assert len(schemes) >= 40 and all(s.source_url.startswith("http") for s in schemes)


def test_bad_yaml_is_a_positioned_problem(tmp_path: Path) -> None:
    path = tmp_path / "catalogus.yaml"
    path.write_text("schemes: [\n  - code: x\n", encoding="utf-8")
    with pytest.raises(ImportRejected) as info:
        read(path)
    assert "geen geldige YAML" in str(info.value.report.problems[0])


def test_a_file_with_more_problems_than_are_listed_is_still_refused(tmp_path: Path) -> None:
    # five missing values a row: the report is full long before the last rows, whose
    # problems are counted but not listed; those rows must be refused all the same
    rows = MAX_PROBLEMS // 5 + 20
    path = tmp_path / "catalogus.csv"
    path.write_text("name\n" + "Regeling\n" * rows, encoding="utf-8")
    with pytest.raises(ImportRejected) as info:
        read(path)
    assert len(info.value.report.problems) == MAX_PROBLEMS
    assert info.value.report.suppressed > 0
