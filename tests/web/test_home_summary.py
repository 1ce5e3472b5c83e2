"""The home page answers "is the pact on track?" in both languages, from the same assessments as
the API and the CLI; honest statuses are shown where the targets are."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from techniekpact.changes import Origin
from techniekpact.db import transaction
from techniekpact.monitor.importers import parse_file
from techniekpact.monitor.store import apply_import, load_catalogue

BY_TEST = Origin("test", "cli")


def summary_section(html: str) -> str:
    start = html.index('aria-labelledby="samenvatting"')
    return html[start : html.index("</section>", start)]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_home_summary_in_dutch(client) -> None:
    html = client.get("/?lang=nl").text
    section = text(summary_section(html))
    assert html.index("In het kort") < html.index("Kerncijfers")  # at the top
    assert "Van de 8 streefcijfers zijn er 2 bereikt, 0 op koers en 3 achter." in section
    assert "3 van de 8 streefcijfers zijn niet te beoordelen: er zijn geen cijfers (3)." in section
    assert "toont het label de trend van de indicatoren sinds 2015, geen oordeel" in section
    assert "2 bereikt" in section and "3 niet te beoordelen" in section
    assert "Of the 8 targets" not in html


def test_home_summary_in_english(client) -> None:
    html = client.get("/?lang=en").text
    section = text(summary_section(html))
    assert "In brief" in section
    assert "Of the 8 targets, 2 have been reached, 0 are on track and 3 are behind." in section
    assert "3 of the 8 targets cannot be assessed: there are no figures (3)." in section
    assert "not a judgement on meeting a target" in section
    assert "2 reached" in section and "3 cannot be assessed" in section
    for dutch in ("In het kort", "streefcijfers zijn", "niet te beoordelen", "Bijgewerkt"):
        assert dutch not in section


def test_theme_cards_say_their_badge_is_a_trend(client) -> None:
    nl = text(client.get("/?lang=nl").text)
    assert "Trend: Beperkte vooruitgang" in nl  # 2021-INSTROOM has no target
    assert "dit label is de trend van 4 indicator(en) sinds 2015, geen oordeel" in nl
    en = text(client.get("/?lang=en").text)
    assert "Trend: Limited progress" in en
    assert "this badge is the trend of 4 indicator(s) since 2015, not a judgement" in en


def test_sub_breakdown_target_is_shown_per_track_on_home_and_goal_page(client) -> None:
    for path in ("/?lang=nl", "/goals/2016-D4?lang=nl"):
        page = text(client.get(path).text)
        assert "Beoordeeld per onderdeel" in page
        assert "Vmbo basisberoepsgerichte leerweg: Verslechtering 23% (2019/20)" in page
        assert "Vmbo kaderberoepsgerichte leerweg: Beperkte vooruitgang 22% (2019/20)" in page
    en = text(client.get("/goals/2016-D4?lang=en").text)
    assert "Assessed per part" in en
    assert "Vmbo basic vocational track: Deterioration 23% (2019/20)" in en


def test_disagreeing_sources_are_both_shown_with_the_rule(client) -> None:
    nl = text(client.get("/?lang=nl").text)
    assert "Bronnen verschillen." in nl
    assert "Ook gemeld: 12.674 bedrijven (2022/23, www.bedrijvenbeleidinbeeld.nl )" in nl
    assert (
        "De status gebruikt als laatste waarde 21.000 bedrijven (2023, www.wijzijnkatapult.nl )"
        in nl
    )
    assert (
        "in kalenderjaren wordt beoordeeld (de meeste cijfers) en 2022/23 een schooljaar is" in nl
    )
    en = text(client.get("/goals/2021-PPS?lang=en").text)
    assert "Sources disagree." in en and "12,674" in en and "21,000" in en
    assert "assessed in calendar years (most of its figures) and 2022/23 is a school year" in en


def test_summary_api_counts_what_the_targets_api_shows(client) -> None:
    body = client.get("/api/v1/summary")
    assert body.status_code == 200
    summary = body.json()["summary"]
    targets = client.get("/api/v1/targets").json()["items"]
    statuses = Counter(t["assessment"]["status"] for t in targets)
    assert summary["by_status"] == dict(statuses)
    assert summary["reached"] == statuses["target_achieved"] == 2
    assert summary["not_assessable"] == statuses["not_available"] == 3
    assert summary["reasons"] == [
        {
            "reason": "no_figures",
            "count": 3,
            "text_nl": "er zijn geen cijfers",
            "text_en": "there are no figures",
        }
    ]
    assert summary["text_nl"][0].startswith("Van de 8 streefcijfers")
    assert summary["text_en"][0].startswith("Of the 8 targets")
    assert body.json()["figures_updated"] == {
        "on": "2024-06-27",
        "precision": "day",
        "basis": "source_edition",
    }
    by_code = {t["code"]: t for t in targets}
    assert by_code["vmbo-bbkb-techniek-30"]["basis"] == "sub_breakdowns"
    assert by_code["katapult-mkb-1000"]["unavailable_reason"] == "no_figures"
    assert by_code["katapult-bedrijven-20000"]["disagreements"][0]["other"]["value"] == 12674
    spec = client.get("/api/v1/openapi.json").json()  # paths are relative to servers: /api/v1
    assert spec["servers"][0]["url"].endswith("/api/v1") and "/summary" in spec["paths"]


def test_summary_and_updated_move_with_an_import(client, database_url: str, tmp_path: Path) -> None:
    from techniekpact.bootstrap import open_database
    from techniekpact.settings import Settings

    before = client.get("/").text
    assert "27 juni 2024" in before
    path = tmp_path / "mkb.csv"
    path.write_text(
        "indicator;period;value;source_url\npps_new_sme_katapult;2021;1200;https://example.org/b\n",
        encoding="utf-8",
    )
    factory = open_database(Settings(database_url=database_url))
    with transaction(factory) as s:
        apply_import(s, parse_file(path, load_catalogue(s)), source_name=path.name, origin=BY_TEST)
    factory.kw["bind"].dispose()
    import time

    time.sleep(1.1)  # the response cache checks the data version at most once a second
    after = text(client.get("/").text)
    assert "Van de 8 streefcijfers zijn er 3 bereikt" in after
    assert "2 van de 8 streefcijfers zijn niet te beoordelen: er zijn geen cijfers (2)." in after
    today = datetime.now(UTC).date().isoformat()
    assert f'datetime="{today}"' in client.get("/").text
    assert "(laatste import van cijfers)" in after


def test_cli_summary_and_assess(cli) -> None:
    result = cli("summary", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["summary"]["reached"] == 2 and data["summary"]["not_assessable"] == 3
    assert data["figures_updated"]["on"] == "2024-06-27"
    english = cli("summary", "--lang", "en")
    assert english.stdout.startswith("Of the 8 targets, 2 have been reached")
    assert "streefcijfers" not in english.stdout
    dutch = cli("summary")
    assert dutch.stdout.startswith("Van de 8 streefcijfers zijn er 2 bereikt")
    table = cli("assess")
    assert "Van de 8 streefcijfers zijn er 2 bereikt, 0 op koers en 3 achter." in table.stdout
    # the API's assessment items (/api/v1/assessments); basis and disagreements are the
    # targets' (/api/v1/targets, checked above)
    rows = {r["target"]: r for r in json.loads(cli("assess", "--json").stdout)}
    sub = rows["vmbo-bbkb-techniek-30"]
    assert sub["explanation_nl"].startswith("Verslechtering: beoordeeld per onderdeel")
    assert rows["katapult-bedrijven-20000"]["assessment"]["status"] == "target_achieved"
