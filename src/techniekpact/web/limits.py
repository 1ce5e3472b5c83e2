"""A bound on uncached renders per worker: one client's flood must not slow everyone down.

Rendering a page from the database costs milliseconds to seconds of CPU in a worker whose
threads share one interpreter lock; past a few at once, each extra render only makes all of them
slower and starves the event loop that serves cached pages. `RenderLimit` lets `limit` renders
run at a time; a request beyond that waits up to `wait` seconds for a free slot (first come,
first served) and then gets a 503 with `Retry-After` instead of joining an ever longer queue.

It sits inside the response cache (web/app.py), so a cached page never touches it and stays
fast during a flood of uncached searches. Static files are exempt: they come from disk, not
from the database.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict, deque
from typing import Any

from markupsafe import escape
from starlette.requests import Request
from starlette.responses import Response

from techniekpact import i18n
from techniekpact.i18n import _
from techniekpact.web.errors import RETRY_AFTER, problem

EXEMPT = ("/static/",)


class RenderLimit:
    """Pure ASGI middleware: at most `limit` requests in the app at once, waiters queued for
    `wait` seconds, 503 + Retry-After after that.

    Waiters queue per kind of page (`group`) and a freed slot goes to the kinds in turn, first
    come first served within each: a flood of one kind (searches) then takes its share of the
    slots, not all of them, and a quick API call waits for one render, not for the whole flood.
    """

    def __init__(self, app: Any, limit: int, wait: float) -> None:
        self.app = app
        self.limit = limit
        self.wait = wait
        self.running = 0
        self.queues: dict[str, deque[asyncio.Future[None]]] = {}  # in turn order
        self.refused = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].startswith(EXEMPT):
            await self.app(scope, receive, send)
            return
        if not await self.acquire(group(scope["path"])):
            self.refused += 1
            await refuse(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.release()

    @property
    def waiting(self) -> int:
        return sum(len(queue) for queue in self.queues.values())

    async def acquire(self, kind: str = "") -> bool:
        """A slot, now or within `wait` seconds; False when none came free in time."""
        if self.running < self.limit and not self.queues:
            self.running += 1
            return True
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.queues.setdefault(kind, deque()).append(turn)
        try:
            await asyncio.wait_for(asyncio.shield(turn), self.wait)
        except TimeoutError:
            if turn.done():  # handed a slot in the very moment the wait ran out: take it
                return True
            self._forget(kind, turn)
            return False
        except BaseException:
            # cancelled while waiting (client gone): give back a slot handed over meanwhile
            if turn.done():
                self.release()
            else:
                self._forget(kind, turn)
            raise
        return True

    def release(self) -> None:
        """Hand the slot to the first waiter of the next kind in turn, or free it."""
        while self.queues:
            kind = next(iter(self.queues))
            queue = self.queues.pop(kind)
            turn = queue.popleft()
            if queue:
                self.queues[kind] = queue  # to the back of the turn order
            if not turn.done():
                turn.set_result(None)
                return
        self.running -= 1

    def _forget(self, kind: str, turn: asyncio.Future[None]) -> None:
        queue = self.queues.get(kind)
        if queue is not None and turn in queue:
            queue.remove(turn)
            if not queue:
                del self.queues[kind]


def group(path: str) -> str:
    """The kind of page: the first part of the path, on the API the resource
    ("/search" -> "search", "/api/v1/indicators/x/observations" -> "api/v1/indicators")."""
    parts = path.strip("/").split("/")
    return "/".join(parts[:3]) if parts[0] == "api" else parts[0]


async def refuse(scope: Any, receive: Any, send: Any) -> None:
    """503 with Retry-After: a problem document on the API, the error page on the site, in
    the request's language (the language middleware runs further in)."""
    from techniekpact.web.pages import language

    request = Request(scope, receive)
    lang = i18n.set_language(language(request))
    detail = _("De website is even te druk. Probeer het over een paar seconden opnieuw.")
    headers = {"Retry-After": str(RETRY_AFTER)}
    if request.url.path.startswith("/api/"):
        response = problem(request, 503, detail, headers=headers)
    else:
        response = _busy_page(request, lang, detail, headers)
    await response(scope, receive, send)


# Refusals come by the hundred in a flood, and rendering the error page costs as much as a
# small page: each page is rendered once per language and path and reused, with only its
# language-switch link (the one part that depends on the query) put in per request.
_SWITCH = "tp-switch-url"
_pages: OrderedDict[tuple[str, str, bool], tuple[str, Response]] = OrderedDict()
KEEP_PAGES = 64


def _busy_page(request: Request, lang: str, detail: str, headers: dict[str, str]) -> Response:
    from techniekpact.web.links import here
    from techniekpact.web.pages import render_error

    other = "en" if lang == "nl" else "nl"
    # the very link the page template writes (web/links.py: relative, never from the Host)
    switch = str(escape(here(request, lang=other)))
    key = (lang, request.url.path, "lang" in request.query_params)
    found = _pages.get(key)
    if found is None:
        page: Response = render_error(request, 503, detail)
        page.headers.update(headers)
        template = bytes(page.body).decode().replace(switch, _SWITCH)
        found = (template, page)
        _pages[key] = found
        while len(_pages) > KEEP_PAGES:
            _pages.popitem(last=False)
    template, page = found
    body = template.replace(_SWITCH, switch).encode()
    response = Response(body, status_code=503, media_type=page.media_type)
    for name, value in page.raw_headers:
        if name not in (b"content-length", b"content-type"):
            response.raw_headers.append((name, value))
    return response
