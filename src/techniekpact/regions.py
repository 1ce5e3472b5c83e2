"""The regions code list that several capabilities share: the twelve provinces (CBS codes
PV20-PV31), the pact's five landsdelen (tp-...) and the arbeidsmarktregio's (AM..).

One list, read from the bundled `data/dimensions.yaml` (the region dimension's values, with
their sources in that file's header): the monitor seeds it as a breakdown dimension, the scheme
finder asks where a company is, the source connectors map DUO's places onto it. Before, the
scheme finder read the monitor's file by itself; a code list that two capabilities need belongs
to neither of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from techniekpact.errors import DomainError
from techniekpact.i18n import _

PROVINCE = "provincie"
LANDSDEEL = "landsdeel"
# what readers type for a province besides its name and code (the Frisian name is the official one)
PROVINCE_ALIASES = {"friesland": "PV21"}


@dataclass(frozen=True)
class Region:
    code: str
    name_nl: str
    name_en: str
    kind: str  # provincie, landsdeel, arbeidsmarktregio
    parent: str = ""  # a province's landsdeel


@cache
def regions() -> dict[str, Region]:
    """Every region by code, in the order of the bundled list."""
    text = (resources.files("techniekpact") / "data" / "dimensions.yaml").read_text(
        encoding="utf-8"
    )
    dimension = next(d for d in yaml.safe_load(text)["dimensions"] if d["code"] == "region")
    return {
        str(v["code"]): Region(
            str(v["code"]),
            str(v["label_nl"]),
            str(v.get("label_en") or v["label_nl"]),
            str(v.get("kind", "")),
            str(v.get("parent", "") or ""),
        )
        for v in dimension["values"]
    }


@cache
def province_names() -> dict[str, str]:
    """CBS province codes to their Dutch names: {"PV20": "Groningen", ...}."""
    return {r.code: r.name_nl for r in regions().values() if r.kind == PROVINCE}


def resolve_province(text: str | None) -> str | None:
    """The province code for a code or name as a reader types it (PV25, Gelderland, Friesland);
    the CLI's --province and the site's form both read it this way."""
    if not text:
        return None
    names = province_names()
    wanted = text.strip()
    if wanted.upper() in names:
        return wanted.upper()
    for code, name in names.items():
        if name.lower() == wanted.lower():
            return code
    if wanted.lower() in PROVINCE_ALIASES:
        return PROVINCE_ALIASES[wanted.lower()]
    raise DomainError(_("onbekende provincie {text!r}; bijvoorbeeld Gelderland of PV25", text=text))
