"""The hostile corpus: every file of the campaign, built from code so that it is reproducible.

Each builder writes one file into a folder and returns its path; `tests/hostile/expected.yaml`
says, for the same name, which command reads it and what must happen. Real material comes
first: the bundled figures, schemes and Kamer items (made from the real files in
shared/data, see src/techniekpact/data/SOURCES.md) and the real shared observations file,
saved the ways Dutch Excel saves them; they must be accepted with the same values.

    python -m tests.hostile.corpus DIR      # write every file into DIR
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "data"

Builder = Callable[[Path], Path]
CASES: dict[str, Builder] = {}


def case(name: str) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        if name in CASES:
            raise ValueError(f"two builders for {name}")
        CASES[name] = builder
        return builder

    return register


def write(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path


def bundled_text(name: str) -> str:
    return (resources.files("techniekpact") / "data" / name).read_text("utf-8")


def bundled_rows() -> tuple[list[str], list[dict[str, str]]]:
    """The bundled figures (data/observations.csv, the import layout)."""
    reader = csv.DictReader(io.StringIO(bundled_text("observations.csv")))
    return list(reader.fieldnames or []), list(reader)


def dutch_number(text: str, groups: bool = False) -> str:
    """A number as Dutch Excel writes it in a CSV: decimal comma, thousands dots if formatted."""
    whole, _, decimals = text.partition(".")
    if groups:
        sign = "-" if whole.startswith("-") else ""
        digits = whole.lstrip("-")
        parts = []
        while len(digits) > 3:
            parts.insert(0, digits[-3:])
            digits = digits[:-3]
        whole = sign + ".".join([digits, *parts])
    return whole + ("," + decimals if decimals else "")


def excel_csv(
    header: list[str],
    rows: list[list[str]],
    *,
    delimiter: str = ";",
    line_end: str = "\r\n",
    encoding: str = "cp1252",
    bom: bool = False,
    sep_line: bool = False,
) -> bytes:
    """A table as Excel saves it: quoting only where needed, its line ends and encoding."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=line_end)
    writer.writerow(header)
    writer.writerows(rows)
    text = (f"sep={delimiter}{line_end}" if sep_line else "") + buffer.getvalue()
    data = text.encode(encoding)
    return (b"\xef\xbb\xbf" + data) if bom else data


def _real(groups: bool = False, extra_columns: int = 0) -> tuple[list[str], list[list[str]]]:
    header, rows = bundled_rows()
    table = []
    for row in rows:
        cells = [dutch_number(row[h], groups) if h == "value" else row[h] for h in header]
        table.append(cells + [""] * extra_columns)
    return header + [""] * extra_columns, table


@case("real_shared_observations")
def _(d: Path) -> Path:
    """The real shared file as it is: a research layout, not the import layout."""
    return write(
        d, "techniekpact-observations.csv", (SHARED / "techniekpact-observations.csv").read_bytes()
    )


@case("real_bundled_observations")
def _(d: Path) -> Path:
    return write(d, "observations.csv", bundled_text("observations.csv").encode("utf-8"))


@case("real_excel_cp1252_semicolon")
def _(d: Path) -> Path:
    """Dutch Excel, "CSV (gescheiden door lijstscheidingsteken)": Windows-1252, ;, CRLF."""
    header, rows = _real()
    return write(d, "cijfers-excel.csv", excel_csv(header, rows))


@case("real_excel_utf8_bom")
def _(d: Path) -> Path:
    """Dutch Excel, "CSV UTF-8": a byte-order mark, ;, CRLF."""
    header, rows = _real()
    return write(d, "cijfers-utf8.csv", excel_csv(header, rows, encoding="utf-8", bom=True))


@case("real_excel_sep_line")
def _(d: Path) -> Path:
    """Excel's `sep=;` first line (written by scripts so that Excel opens it right)."""
    header, rows = _real()
    return write(d, "cijfers-sep.csv", excel_csv(header, rows, sep_line=True))


@case("real_excel_mac_cr")
def _(d: Path) -> Path:
    """Classic Mac line ends (CR only), UTF-8."""
    header, rows = _real()
    data = excel_csv(header, rows, encoding="utf-8", line_end="\r")
    return write(d, "cijfers-mac.csv", data)


@case("real_excel_trailing_columns")
def _(d: Path) -> Path:
    """Excel's trailing empty columns (a formatted column to the right of the table)."""
    header, rows = _real(extra_columns=3)
    return write(d, "cijfers-kolommen.csv", excel_csv(header, rows))


@case("real_excel_thousands")
def _(d: Path) -> Path:
    """Values formatted with thousands dots, as Dutch Excel writes them (288.000; 3,6)."""
    header, rows = _real(groups=True)
    return write(d, "cijfers-duizendtallen.csv", excel_csv(header, rows))


@case("real_excel_unicode_text")
def _(d: Path) -> Path:
    """Excel's "Unicode-tekst": UTF-16 LE with BOM, tab-separated."""
    header, rows = _real()
    data = excel_csv(header, rows, delimiter="\t", encoding="utf-16")
    return write(d, "cijfers-unicode.txt", data)


def _real_workbook(d: Path, name: str, typed_years: bool) -> Path:
    from openpyxl import Workbook

    header, rows = bundled_rows()
    book = Workbook()
    sheet = book.active
    sheet.title = "Cijfers"
    sheet.append(header)
    for row in rows:
        cells: list[object] = []
        for h in header:
            text = row[h]
            if h == "value":
                number = float(text)
                cells.append(int(number) if number.is_integer() else number)
            elif h == "period" and typed_years and text.isdigit():
                cells.append(int(text))  # Excel turns a typed 2019 into a number
            else:
                cells.append(text or None)
        sheet.append(cells)
    path = d / name
    book.save(path)
    return path


@case("real_workbook")
def _(d: Path) -> Path:
    return _real_workbook(d, "cijfers.xlsx", typed_years=False)


@case("real_workbook_typed_years")
def _(d: Path) -> Path:
    return _real_workbook(d, "cijfers-jaren.xlsx", typed_years=True)


def bundled_schemes() -> list[dict[str, object]]:
    return yaml.safe_load(bundled_text("schemes.yaml"))["schemes"]


@case("real_schemes_yaml")
def _(d: Path) -> Path:
    return write(d, "schemes.yaml", bundled_text("schemes.yaml").encode("utf-8"))


@case("real_schemes_json_bom")
def _(d: Path) -> Path:
    data = json.dumps({"schemes": bundled_schemes()}, ensure_ascii=False, default=str, indent=1)
    return write(d, "regelingen.json", b"\xef\xbb\xbf" + data.encode("utf-8"))


# the real schemes that fit the CSV layout's simple fields, stored under new codes
CSV_SCHEMES = ("wbso", "innovatiebox", "eia", "mia")
CSV_FIELDS = ("code", "name", "provider", "kinds", "purposes", "source_url", "max_amount", "notes")


def real_csv_schemes() -> list[dict[str, object]]:
    picked = [s for s in bundled_schemes() if s["code"] in CSV_SCHEMES]
    return [s | {"code": f"csv-{s['code']}"} for s in picked]


@case("real_schemes_excel_csv")
def _(d: Path) -> Path:
    """Four real schemes in the CSV layout, saved by Dutch Excel (cp1252, ;, CRLF)."""
    rows = []
    for s in real_csv_schemes():
        rows.append(
            [";".join(s[f]) if isinstance(s[f], list) else str(s[f] or "") for f in CSV_FIELDS]  # type: ignore[arg-type]
        )
    return write(d, "regelingen.csv", excel_csv(list(CSV_FIELDS), rows))


@case("real_parliament_yaml")
def _(d: Path) -> Path:
    return write(d, "parliament.yaml", bundled_text("parliament.yaml").encode("utf-8"))


@case("real_parliament_json")
def _(d: Path) -> Path:
    items = yaml.safe_load(bundled_text("parliament.yaml"))["items"]
    data = json.dumps({"items": items}, ensure_ascii=False, default=str, indent=1)
    return write(d, "kamer.json", data.encode("utf-8"))


def build(name: str, directory: Path) -> Path:
    """Write one file of the corpus and return its path."""
    _load_all()
    directory.mkdir(parents=True, exist_ok=True)
    return CASES[name](directory)


def _load_all() -> None:
    from tests.hostile import corpus_csv, corpus_records, corpus_xlsx  # noqa: F401


def names() -> list[str]:
    _load_all()
    return list(CASES)


if __name__ == "__main__":
    # run as a script this module is __main__: build through the imported one, where the
    # other corpus modules register their cases
    from tests.hostile import corpus as registry

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for n in registry.names():
        sys.stdout.write(f"{registry.build(n, target / n)}\n")
