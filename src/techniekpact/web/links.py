"""Links the site writes into its pages, API answers and headers.

Never built from the request's Host header: the response cache is shared by every visitor, so a
link made from one request's `Host: evil.example` would be served to all later visitors (cache
poisoning). A link is relative to the site, or absolute on the configured public address
(`TECHNIEKPACT_BASE_URL`) where it must work elsewhere (an API's `_links`, embed code).
"""

from __future__ import annotations

from fastapi import Request
from starlette.datastructures import URL


def here(request: Request, **params: str | int) -> str:
    """This request's path and query, relative to the site, with `params` set in the query."""
    query = request.url.query
    url = URL(request.url.path + (f"?{query}" if query else ""))
    return str(url.include_query_params(**params) if params else url)


def public_url(request: Request, relative: str) -> str:
    """`relative` (a path from the site's root) on the public address, or as it is when no
    base URL is configured."""
    base = request.app.state.settings.base_url.rstrip("/")
    return base + relative if base else relative
