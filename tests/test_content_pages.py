"""The page objects of the content layer are built without the web, in either language, and
what they generate (theme, series and dimension names, chart title and credits, map legend and
no-data text) is in the language asked for."""

from __future__ import annotations

import subprocess
import sys

from sqlalchemy.orm import Session

from techniekpact.content.home import KEY_FIGURES, STATUS_ORDER, build_home_page
from techniekpact.content.indicator_page import build_indicator_page
from techniekpact.content.regions import build_regions_page
from techniekpact.content.search import build_search_page

WEB = ("fastapi", "starlette", "jinja2", "techniekpact.web")


def test_page_objects_are_built_without_importing_the_web(database_url: str) -> None:
    script = f"""
import sys
from techniekpact.bootstrap import open_database
from techniekpact.settings import Settings
from techniekpact.content.home import build_home_page
from techniekpact.content.indicator_page import build_indicator_page
from techniekpact.content.regions import build_regions_page
from techniekpact.content.search import build_search_page

factory = open_database(Settings(database_url={database_url!r}))
with factory() as db:
    for lang in ("nl", "en"):
        assert build_home_page(db, lang).figures
        assert build_indicator_page(db, "mbo_beta_share_intake", "", lang, width=720).spec
        assert build_regions_page(db, "", "province", lang).table
        assert build_search_page(db, "mbo").indicators
print(sorted(m for m in sys.modules if m.startswith({WEB!r})))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_home_page_in_both_languages(session: Session) -> None:
    nl = build_home_page(session, "nl")
    en = build_home_page(session, "en")
    assert [f.indicator.code for f in nl.figures] == [f.indicator.code for f in en.figures]
    assert {f.indicator.code for f in nl.figures} <= set(KEY_FIGURES) and nl.figures
    assert all(f.sparkline.startswith('<svg class="sparkline"') for f in nl.figures)
    assert len(nl.cards) == len(nl.framework.goals)
    ranks = [STATUS_ORDER.index(t.assessment.status) for t in nl.targets]
    assert ranks == sorted(ranks) and len(ranks) == nl.summary.targets
    # the region names (dimension labels) follow the language
    assert nl.labels["region"]["tp-noord"] == "Landsdeel Noord"
    assert en.labels["region"]["tp-noord"] == "Region North"


def test_indicator_page_generates_its_texts_per_language(session: Session) -> None:
    code = "mbo_beta_share_intake"
    nl = build_indicator_page(session, code, "", "nl", width=720)
    en = build_indicator_page(session, code, "", "en", width=720)
    assert nl.rows == en.rows and nl.rows
    assert (nl.theme, en.theme) == ("Mbo", "Secondary vocational education (mbo)")
    assert (nl.series, en.series) == (["Totaal"], ["Total"])
    assert (nl.dimension_names["sex"], en.dimension_names["sex"]) == ("geslacht", "sex")
    assert en.spec["title"]["text"] == en.indicator.name_en
    assert nl.spec["title"]["text"] == nl.indicator.name_nl
    source, updated = en.spec["title"]["subtitle"]
    assert source.startswith("Source: DUO") and updated.startswith("Techniekpact Monitor, figures")
    assert nl.spec["title"]["subtitle"][0].startswith("Bron: DUO")
    # on the page the heading names the chart: no title, no credits in its specification
    assert "title" not in build_indicator_page(session, code, "", "en").spec
    split = build_indicator_page(session, code, "education_level", "en")
    assert split.split == "education_level" and "Total" not in split.series
    assert build_indicator_page(session, code, "no_such_dimension", "en").split == ""


def test_regions_page_legend_and_map_in_the_language(session: Session) -> None:
    nl = build_regions_page(session, "havovwo_nprofile_count", "arbeidsmarktregio", "nl")
    en = build_regions_page(session, "havovwo_nprofile_count", "arbeidsmarktregio", "en")
    # no figures per arbeidsmarktregio: the provinces are drawn instead, and only they offered
    assert (en.asked_layer, en.layer, en.layers) == ("arbeidsmarktregio", "province", ["province"])
    assert en.legend and all(entry.text.endswith(" pupils") for entry in en.legend)
    assert all(entry.text.endswith(" leerlingen") for entry in nl.legend)
    assert [e.colour for e in nl.legend] == [e.colour for e in en.legend]
    assert "no data" in en.svg and "geen gegevens" not in en.svg
    assert "geen gegevens" in nl.svg
    assert {r.name for r in en.table} >= {"Region North"}
    assert {r.name for r in nl.table} >= {"Landsdeel Noord"}


def test_search_page(session: Session) -> None:
    found = build_search_page(session, "  MBO ")
    assert "mbo_beta_share_intake" in {i.code for i in found.indicators}
    assert found.figures and all(ind.code == row.indicator for ind, row in found.figures)
    empty = build_search_page(session, " ")
    assert (empty.goals, empty.indicators, empty.figures) == ([], [], [])
