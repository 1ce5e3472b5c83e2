"""Names the pages give to codes: the indicators' themes and the dimensions a series is split by,
in the reader's language."""

from __future__ import annotations

from techniekpact import i18n
from techniekpact.i18n import N_

# the indicators' themes as a page names them (Dutch; the catalog translates)
THEMES = {
    "po": N_("Primair onderwijs"),
    "vmbo": N_("Vmbo"),
    "havo-vwo": N_("Havo en vwo"),
    "mbo": N_("Mbo"),
    "ho": N_("Hoger onderwijs"),
    "docenten": N_("Docenten"),
    "pps": N_("Publiek-private samenwerking"),
    "arbeidsmarkt": N_("Arbeidsmarkt"),
    "governance": N_("Sturing en samenwerking"),
}

DIMENSIONS_NL = {
    "region": "regio",
    "education_level": "onderwijsniveau",
    "mbo_track": "leerweg mbo",
    "sex": "geslacht",
    "sector": "sector",
    "field": "opleidingsrichting",
    "teacher_training": "lerarenopleiding",
    "occupation_level": "beroepsniveau",
    "company_size": "bedrijfsgrootte",
    "network": "netwerk",
    "subject": "vak",
}
DIMENSIONS_EN = {k: k.replace("_", " ") for k in DIMENSIONS_NL} | {
    "mbo_track": "mbo learning pathway",
}


def theme_name(theme: str, lang: str) -> str:
    """A theme code as the reader's language names it; an unknown code as itself."""
    return i18n.gettext(THEMES.get(theme, theme), lang)


def dimension_names(lang: str) -> dict[str, str]:
    """What the split selector calls each dimension: 'geslacht' / 'sex'."""
    return DIMENSIONS_NL if lang == "nl" else DIMENSIONS_EN


def total_label(lang: str) -> str:
    """The name of a series without breakdown in a chart's legend and the figures' table."""
    return "Totaal" if lang == "nl" else "Total"
