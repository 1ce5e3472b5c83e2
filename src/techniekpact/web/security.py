"""Security headers, header size limits and the hosts the site answers to.

The headers are added by `PublicReads` (web/protocol.py), the outermost layer, so they are on
every response: rendered, cached, refused, static or a server error.

- Content-Security-Policy: scripts, styles, fonts, images and API calls only from the site
  itself; no inline script and no inline style anywhere (the print link and every other
  behaviour live in web/static/js, and vega-embed runs with its CSS-free, eval-free options, see
  web/static/js/chart.js). The data a chart needs sits in a `<script type="application/json">`
  block, which is data, not a script, and needs no exception.
- Framing: `frame-ancestors 'none'` and `X-Frame-Options: DENY` (for browsers without CSP 2),
  except where a route declares a policy of its own that allows framing (the chart embed).
- Strict-Transport-Security only when the site is served over TLS: on plain http a browser
  ignores it, and on a test or intranet installation it must not lock a host to https.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from techniekpact.settings import Settings

MAX_HEADER_BYTES = 16 * 1024
"""Request line and headers together; past it the answer is 431. 16 KiB is what h11 and Node
allow by default: far more than this site's one short cookie, far less than a memory attack."""
SERVER_HEADER_BYTES = 4 * MAX_HEADER_BYTES
"""`techniekpact serve`'s own bound on a request head (web/connections.py): past it the server
answers 431 and reads nothing more; a complete head below it gets the app's 431. Under another
ASGI server the app's 431 still holds."""

HSTS = "max-age=31536000"
LOOPBACK = ("localhost", "127.0.0.1")


def content_security_policy(frame_ancestors: str = "'none'") -> str:
    """The site's policy; `frame_ancestors` says who may frame the page."""
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


EMBEDDABLE = content_security_policy("*")
"""The policy of a page made to be framed by other sites (the chart embed)."""

FIXED = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=(), usb=()"),
]


def security_headers(
    response: list[tuple[bytes, bytes]], over_tls: bool
) -> list[tuple[bytes, bytes]]:
    """The security headers to add to a response that carries the headers `response`.

    A Content-Security-Policy the route set itself is kept; X-Frame-Options follows the policy
    that goes out (DENY unless the policy lets others frame the page)."""
    own = {name.lower(): value for name, value in response}
    out = list(FIXED)
    policy = own.get(b"content-security-policy")
    if policy is None:
        policy = content_security_policy().encode()
        out.append((b"content-security-policy", policy))
    if b"frame-ancestors 'none'" in policy and b"x-frame-options" not in own:
        out.append((b"x-frame-options", b"DENY"))
    if over_tls:
        out.append((b"strict-transport-security", HSTS.encode()))
    return out


def over_tls(settings: Settings) -> bool:
    """Whether every response may say Strict-Transport-Security regardless of the request's
    own scheme: asked for, or the public address is https (TLS ends at a proxy)."""
    return settings.hsts or settings.base_url.lower().startswith("https://")


def header_bytes(scope: dict[str, Any]) -> int:
    """Bytes of the request head as a server saw it: the target and every header line."""
    target = len(scope.get("raw_path") or scope["path"].encode()) + len(scope["query_string"])
    return target + sum(len(name) + len(value) + 4 for name, value in scope["headers"])


def allowed_hosts(settings: Settings) -> list[str] | None:
    """Host names to answer to, or None for any.

    With a base URL: its host, the extra `allowed_hosts` and the loopback names (a health check
    on the machine itself). Without one, every link the site makes is relative, so the Host
    header changes nothing; then only an explicit `allowed_hosts` restricts it.
    """
    extra = [h.strip().lower() for h in settings.allowed_hosts.split(",") if h.strip()]
    base = urlsplit(settings.base_url).hostname if settings.base_url else None
    if base is None and not extra:
        return None
    return list(dict.fromkeys([*([base] if base else []), *extra, *LOOPBACK]))
