"""What must hold after any interleaving of writers, read by SQL (not through the importer)
and generated files large enough for writers to overlap."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

FIGURE = "indicator_id, period, breakdown"

CHECKS = {
    # more than one current revision of a figure
    "two current": f"""SELECT COUNT(*) FROM (SELECT {FIGURE} FROM observation WHERE is_current
        GROUP BY {FIGURE} HAVING COUNT(*) > 1) AS x""",
    # a figure with revisions but none current
    "no current": f"""SELECT COUNT(*) FROM (SELECT {FIGURE} FROM observation GROUP BY {FIGURE}
        HAVING SUM(CASE WHEN is_current THEN 1 ELSE 0 END) = 0) AS x""",
    # a revision equal to the one stored just before it (same figure, edition and source)
    "duplicate revision": f"""SELECT COUNT(*) FROM (
        SELECT value, flags, note, LAG(value) OVER w AS pv, LAG(flags) OVER w AS pf,
            LAG(note) OVER w AS pn, LAG(id) OVER w AS pid
        FROM observation
        WINDOW w AS (PARTITION BY {FIGURE}, source_edition, source_url ORDER BY id)) AS x
        WHERE pid IS NOT NULL AND value = pv AND flags = pf AND note = pn""",
    # revision numbers 1..n without gaps or repeats
    "revision numbers": f"""SELECT COUNT(*) FROM (SELECT {FIGURE} FROM observation
        GROUP BY {FIGURE} HAVING COUNT(*) <> MAX(revision) OR MIN(revision) <> 1
        OR COUNT(DISTINCT revision) <> COUNT(*)) AS x""",
    "two current schemes": """SELECT COUNT(*) FROM (SELECT code FROM scheme_record
        WHERE is_current GROUP BY code HAVING COUNT(*) > 1) AS x""",
    "duplicate scheme record": """SELECT COUNT(*) FROM (
        SELECT data, LAG(data) OVER (PARTITION BY code ORDER BY id) AS previous
        FROM scheme_record) AS x WHERE data = previous""",
}


def violations(session: Session) -> dict[str, int]:
    """Every broken rule with the number of figures (or schemes) breaking it; {} when sound."""
    found = {name: session.execute(text(sql)).scalar_one() for name, sql in CHECKS.items()}
    return {name: n for name, n in found.items() if n}


def observation_count(session: Session) -> int:
    return session.execute(text("SELECT COUNT(*) FROM observation")).scalar_one()


INDICATORS = ("mbo_beta_share_intake", "ho_beta_share_intake", "vmbo_tech_share_y3")
REGIONS = [f"PV{n}" for n in range(20, 32)]
SEXES = ("", "female", "male")


def figure_keys() -> list[tuple[str, str, str, str]]:
    """(indicator, school year, region, sex) in a fixed order: 3 x 200 x 12 x 3 = 21,600 keys."""
    return [
        (indicator, f"{year}/{(year + 1) % 100:02d}", region, sex)
        for indicator in INDICATORS
        for year in range(1900, 2100)
        for region in REGIONS
        for sex in SEXES
    ]


def write_figures(path: Path, start: int, stop: int, *, shift: float = 0.0) -> Path:
    """Figures start..stop of `figure_keys()` as a Dutch CSV; `shift` changes every value (a
    file that revises the same figures)."""
    keys = figure_keys()
    if stop > len(keys):
        raise ValueError(f"at most {len(keys)} figures")
    lines = ["indicator;period;value;region;sex;source_url;source_edition"]
    for n in range(start, stop):
        indicator, period, region, sex = keys[n]
        value = f"{20 + (n % 97) / 10 + shift:.1f}".replace(".", ",")
        lines.append(
            f"{indicator};{period};{value};{region};{sex};https://example.org/concurrent;2026"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
