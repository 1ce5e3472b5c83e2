"""Is a scheme's source the provider's own word, or someone else's account of it?

Half of the bundled catalogue's links go to advisers' and news sites: the research behind it
(shared/data/regelingen-pps.md) found the facts there, not on the provider's page. A reader
must see which is which, so every scheme has a source kind:

- ``official``: the provider's own site (RVO, a regional development company, a fund), or the
  government's official publication of the scheme (wetten.overheid.nl, the Staatscourant and
  provincial gazettes, the national budget, the government's portal for entrepreneurs);
- ``secondary``: anything else (an adviser, a news site, a sector organisation).

An editor's catalogue may say so itself (`source_kind`); otherwise the URL's host decides, by
the providers' domains below (those the research names, and the government's own).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from techniekpact.schemes.catalogue import Scheme

OFFICIAL = "official"
SECONDARY = "secondary"
SOURCE_KINDS = (OFFICIAL, SECONDARY)

# Domains whose pages are the provider's own (a subdomain counts: wetten.overheid.nl).
OFFICIAL_DOMAINS = frozenset(
    {
        # the government and its agencies
        "rvo.nl",
        "belastingdienst.nl",
        "rijksoverheid.nl",
        "overheid.nl",
        "officielebekendmakingen.nl",
        "rijksfinancien.nl",
        "ondernemersplein.kvk.nl",
        "uwv.nl",
        "nationaalgroeifonds.nl",
        "noord-holland.nl",
        # regional development companies and funds that run schemes themselves
        "romutrechtregion.nl",
        "liof.nl",
        "innovatiefondsnoordnederland.nl",
        "impulszeeland.nl",
        "oostnl.nl",
        "innovationquarter.nl",
        "horizonflevoland.nl",
        "qredits.nl",
    }
)


def host(url: str) -> str:
    """The URL's host without "www." ("" for text that is no URL)."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def kind_of_url(url: str) -> str:
    name = host(url)
    official = any(name == d or name.endswith("." + d) for d in OFFICIAL_DOMAINS)
    return OFFICIAL if official else SECONDARY


def source_kind(scheme: Scheme) -> str:
    """The catalogue's own word where it gives one, else the URL's host decides."""
    return scheme.source_kind or kind_of_url(scheme.source_url)
