"""The DUO open-data connector: bèta-technical students in mbo, hbo and wo, per year.

Reads the three DUO families (`duo_files`), classifies each programme with the versioned
classification (`data/sources/duo/classification.yaml`: DUO's own MBO SECTOR and CROHO
ONDERDEEL "techniek", with every deviation sourced) and aggregates with polars:

* mbo deelnemers (all enrolled students, 1 October): count and share of bèta-technical
  students, national and by level (mbo-1..4), track (BOL/BBL), sex, province and
  arbeidsmarktregio, and region x sex. The region is where the institution is registered
  (PLAATSNAAM), not where students live or learn: every regional figure's note says so;
* hbo and wo eerstejaars (first-year students) and gediplomeerden (graduates): count and share,
  national and by sex, province (of the municipality where the programme is taught) and
  province x sex.

The share is the bèta-technical count over all students of the same cell, in %. Periods are
DUO's year columns as DUO labels them. Deelnemers and eerstejaars are separate indicators from
each other and from the intake figures copied from the Monitor editions.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from techniekpact.i18n import _
from techniekpact.problems import Code, Problem, Report
from techniekpact.settings import DEFAULT_MAX_IMPORT_BYTES
from techniekpact.sources import INPUT_COLUMN, Computed, InputLineage
from techniekpact.sources import duo_tables as tables
from techniekpact.sources.duo_files import FIRST_YEAR, GRADUATES, MBO, DuoFile, read_duo_file
from techniekpact.textfiles import read_limited

VERSION = "1.0"

# (family, sector) -> (count indicator, share indicator, unit of the count)
INDICATORS: dict[tuple[str, str], tuple[str, str, str]] = {
    (MBO, "mbo"): ("duo_mbo_tech_students", "duo_mbo_tech_students_share", "studenten"),
    (FIRST_YEAR, "hbo"): ("duo_hbo_tech_first_year", "duo_hbo_tech_first_year_share", "studenten"),
    (FIRST_YEAR, "wo"): ("duo_wo_tech_first_year", "duo_wo_tech_first_year_share", "studenten"),
    (GRADUATES, "hbo"): (
        "duo_hbo_tech_graduates",
        "duo_hbo_tech_graduates_share",
        "gediplomeerden",
    ),
    (GRADUATES, "wo"): (
        "duo_wo_tech_graduates",
        "duo_wo_tech_graduates_share",
        "gediplomeerden",
    ),
}
DESCRIPTIONS = {
    MBO: "DUO mbo deelnemers per instelling, plaats, sector, niveau, geslacht",
    FIRST_YEAR: "DUO eerstejaars ingeschrevenen",
    GRADUATES: "DUO gediplomeerden",
}
FIGURE_COLUMNS = [
    "indicator",
    "period",
    "value",
    "unit",
    "region",
    "education_level",
    "mbo_track",
    "sex",
    "flags",
    "source_url",
    "source_edition",
    "note",
]
MBO_REGION_NOTE = (
    "Regio: waar de instelling staat ingeschreven (PLAATSNAAM in het DUO-bestand), niet waar "
    "studenten wonen of les krijgen."
)
ENTREE_NOTE = (
    "Niveau 1 (Entree): DUO deelt deze opleidingen van 2015 tot 2018 steeds meer in bij "
    "'combinatie van sectoren' in plaats van bij een sector; daardoor daalt het aantal "
    "bèta-technische studenten op niveau 1 naar 0. Dat is DUO's indeling, niet minder studenten."
)
HO_REGION_NOTE = (
    "Regio: de provincie van de gemeente waar de opleiding wordt gegeven, niet waar studenten "
    "wonen."
)


@dataclass(frozen=True)
class DuoConnector:
    name: str = "duo"
    version: str = VERSION
    title_nl: str = "DUO open onderwijsdata"
    title_en: str = "DUO open education data"
    reads_nl: str = (
        "CSV-bestanden van DUO: mbo deelnemers, hbo/wo eerstejaars, hbo/wo gediplomeerden"
    )
    reads_en: str = "DUO CSV files: mbo students, hbo/wo first-year students, hbo/wo graduates"
    indicators: tuple[str, ...] = tuple(code for pair in INDICATORS.values() for code in pair[:2])
    options: tuple[str, ...] = ()
    classification: str = tables.classification().code
    classification_version: str = tables.classification().version

    def compute(
        self, inputs: Sequence[str], report: Report, options: Mapping[str, str]
    ) -> Computed | None:
        return compute(inputs, report)


CONNECTOR = DuoConnector()


def _read(path: Path, report: Report) -> bytes | None:
    try:
        return read_limited(path, DEFAULT_MAX_IMPORT_BYTES, report)
    except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
        report.add(
            Problem(
                Code.FILE_NOT_FOUND,
                _("bestand niet te lezen ({reason})", reason=exc.strerror),
                str(path),
            )
        )
        return None


def compute(inputs: Sequence[str], report: Report) -> Computed | None:
    classification = tables.classification()
    places, provinces = tables.places(), tables.provinces()
    url, _files = tables.manifest()
    known = tables.bundled_by_checksum()
    lineage: list[InputLineage] = []
    parts: list[pl.DataFrame] = []
    notes: list[str] = []
    produced: dict[tuple[str, int], str] = {}  # (indicator, year) -> input name
    if not inputs:
        report.add(Problem(Code.FILE_NOT_FOUND, _("geen bestanden opgegeven"), report.file))
        return None
    for text in inputs:
        path = Path(text)
        data = _read(path, report)
        if data is None:
            continue
        checksum = hashlib.sha256(data).hexdigest()
        bundled = known.get(checksum)
        read = read_duo_file(
            data,
            path,
            report,
            classification,
            places,
            provinces,
            sector_hint=bundled.sector if bundled else "",
        )
        if read is None:
            continue
        name = bundled.duo_name if bundled else path.name
        sample = ""
        if bundled and bundled.sample_rows:
            sample = (
                f"Steekproef: de eerste {bundled.sample_rows} van {bundled.sample_of} rijen van "
                f"DUO's bestand {bundled.duo_name}; de aantallen zijn die van de steekproef."
            )
            notes.append(f"{path.name}: {sample}")
        count_code, _share, _unit = INDICATORS[(read.family, read.sector)]
        clash = [y for y in read.years if (count_code, y) in produced]
        if clash:
            report.add(
                Problem(
                    Code.OVERLAPPING_INPUTS,
                    _(
                        "jaar {year} van {indicator} staat ook in {other}",
                        year=clash[0],
                        indicator=count_code,
                        other=produced[(count_code, clash[0])],
                    ),
                    path.name,
                    row=1,
                    column=str(clash[0]),
                    expected=_("elk jaar uit één bestand"),
                )
            )
            continue
        produced.update({(count_code, y): path.name for y in read.years})
        lineage.append(InputLineage(name, checksum, DESCRIPTIONS[read.family], url))
        parts.append(
            figures_of(read, url, sample).with_columns(pl.lit(len(lineage) - 1).alias(INPUT_COLUMN))
        )
    if not report.ok or not parts:
        return None
    return Computed(
        pl.concat(parts),
        tuple(lineage),
        classification.code,
        classification.version,
        tuple(notes),
    )


def _aggregate(counts: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    return counts.group_by(["year", *by]).agg(
        pl.col("count").filter(pl.col("technical")).sum().alias("technical"),
        pl.col("count").sum().alias("all"),
    )


def figures_of(read: DuoFile, url: str, sample: str) -> pl.DataFrame:
    """The figures of one file in the import columns (strings), counts and shares."""
    count_code, share_code, unit = INDICATORS[(read.family, read.sector)]
    counts = read.counts
    if read.family == MBO:
        totals = counts.filter(pl.col("sex") == "")  # DUO's TOTAAL columns
        by_sex = counts.filter(pl.col("sex") != "")
        specs: list[list[str]] = [[], ["level"], ["track"], ["province"], ["arbeidsmarktregio"]]
    else:
        totals = counts.with_columns(pl.lit("").alias("sex"))
        by_sex = counts
        specs = [[], ["province"]]
    frames = []
    for spec in specs:
        frames.append(_aggregate(totals, spec).with_columns(pl.lit("").alias("sex")))
        frames.append(_aggregate(by_sex, [*spec, "sex"]))
    cells = pl.concat(
        [
            f.with_columns(
                *(
                    pl.lit("").alias(c)
                    for c in ("level", "track", "province", "arbeidsmarktregio")
                    if c not in f.columns
                )
            ).select(
                "year",
                "sex",
                "level",
                "track",
                "province",
                "arbeidsmarktregio",
                "technical",
                "all",
            )
            for f in frames
        ]
    )
    region = (
        pl.when(pl.col("province") != "")
        .then(pl.col("province"))
        .otherwise(pl.col("arbeidsmarktregio"))
    )
    region_note = MBO_REGION_NOTE if read.family == MBO else HO_REGION_NOTE
    note = (
        pl.concat_str(
            pl.when(region != "").then(pl.lit(region_note)).otherwise(pl.lit("")),
            pl.when(pl.col("level") == "mbo-1").then(pl.lit(ENTREE_NOTE)).otherwise(pl.lit("")),
            pl.lit(sample),
            separator=" ",
        )
        .str.replace_all(r"\s{2,}", " ")
        .str.strip_chars()
    )
    base = cells.with_columns(
        pl.col("year").cast(pl.String).alias("period"),
        region.alias("region"),
        pl.col("level").alias("education_level"),
        pl.col("track").alias("mbo_track"),
        pl.lit("").alias("flags"),
        pl.lit(url).alias("source_url"),
        pl.lit("").alias("source_edition"),
        note.alias("note"),
    )
    count = base.with_columns(
        pl.lit(count_code).alias("indicator"),
        pl.col("technical").cast(pl.String).alias("value"),
        pl.lit(unit).alias("unit"),
    )
    share = base.filter(pl.col("all") > 0).with_columns(
        pl.lit(share_code).alias("indicator"),
        (pl.col("technical") * 100 / pl.col("all")).round(2).cast(pl.String).alias("value"),
        pl.lit("%").alias("unit"),
    )
    return pl.concat([count.select(FIGURE_COLUMNS), share.select(FIGURE_COLUMNS)]).sort(
        ["indicator", "period", "region", "education_level", "mbo_track", "sex"]
    )
