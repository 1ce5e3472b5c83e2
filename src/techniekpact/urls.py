"""The one check for every web address the platform stores or turns into a link.

Source URLs arrive from editors' files, from the Kamer's and RVO's feeds and from the bundled
data, and the pages make links of them. A link is only safe when the browser can only read it
as an ordinary web page: http or https, a host name, no credentials, and nothing that could end
the attribute or smuggle a second meaning (quotes, angle brackets, backslashes, whitespace,
control characters). Such addresses are refused, not repaired: an editor who pasted one wants
to know, and a repaired address might point somewhere else than the source meant.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from techniekpact.i18n import _

MAX_URL_LENGTH = 2000  # what every browser and most servers accept
SCHEMES = ("http", "https")
# characters never allowed anywhere in a stored address: whitespace and control characters
# (C0, DEL, C1 and the Unicode line and paragraph separators), quotes, angle brackets, the
# backslash (browsers read it as a slash, which turns `https:\\evil` into another host) and
# the backtick (old Internet Explorer ended attributes with it)
FORBIDDEN = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029\"'<>\\`]")
# a host name or an IPv4/IPv6 literal, with an optional port
HOST = re.compile(r"^(\[[0-9a-fA-F:.]+\]|[^\s:/@]+)(:\d{1,5})?$")


def url_problem(value: object) -> str | None:
    """Why `value` is not a safe web address, in the context's language; None when it is."""
    if not isinstance(value, str):
        return _("geen tekst")
    if len(value) > MAX_URL_LENGTH:
        return _("langer dan {n} tekens", n=MAX_URL_LENGTH)
    if FORBIDDEN.search(value):
        return _("bevat een spatie, stuurteken, aanhalingsteken, < > of \\")
    try:
        parts = urlsplit(value)
        port = parts.port  # raises ValueError on a port that is not a number
    except ValueError:
        return _("niet te lezen als webadres")
    if parts.scheme.lower() not in SCHEMES or not value.lower().startswith(("http://", "https://")):
        return _("alleen http:// of https:// is toegestaan")
    if "@" in parts.netloc:
        return _("een webadres met gebruikersnaam of wachtwoord is niet toegestaan")
    if not parts.hostname or not HOST.match(parts.netloc) or port == 0:
        return _("geen computernaam (host) in het webadres")
    return None


def is_safe_url(value: object) -> bool:
    """True for an address a page may turn into a link (see `url_problem`)."""
    return url_problem(value) is None


def host(value: str) -> str:
    """The host of a safe address, for a link's visible text ('' for any other value)."""
    return (urlsplit(value).hostname or "") if is_safe_url(value) else ""
