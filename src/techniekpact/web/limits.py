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
from collections import deque
from typing import Any

from starlette.requests import Request

from techniekpact import i18n
from techniekpact.i18n import _

RETRY_AFTER = 5
EXEMPT = ("/static/",)


class RenderLimit:
    """Pure ASGI middleware: at most `limit` requests in the app at once, a fair queue of
    waiters for `wait` seconds, 503 + Retry-After after that."""

    def __init__(self, app: Any, limit: int, wait: float) -> None:
        self.app = app
        self.limit = limit
        self.wait = wait
        self.running = 0
        self.waiting: deque[asyncio.Future[None]] = deque()
        self.refused = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].startswith(EXEMPT):
            await self.app(scope, receive, send)
            return
        if not await self.acquire():
            self.refused += 1
            await refuse(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.release()

    async def acquire(self) -> bool:
        """A slot, now or within `wait` seconds; False when none came free in time."""
        if self.running < self.limit and not self.waiting:
            self.running += 1
            return True
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.append(turn)
        try:
            await asyncio.wait_for(asyncio.shield(turn), self.wait)
        except TimeoutError:
            if turn.done():  # handed a slot in the very moment the wait ran out: take it
                return True
            self.waiting.remove(turn)
            return False
        except BaseException:
            # cancelled while waiting (client gone): give back a slot handed over meanwhile
            if turn.done():
                self.release()
            else:
                self.waiting.remove(turn)
            raise
        return True

    def release(self) -> None:
        """Hand the slot to the longest waiter, or free it."""
        while self.waiting:
            turn = self.waiting.popleft()
            if not turn.done():
                turn.set_result(None)
                return
        self.running -= 1


async def refuse(scope: Any, receive: Any, send: Any) -> None:
    """503 with Retry-After: a problem document on the API, the error page on the site, in
    the request's language (the language middleware runs further in)."""
    from techniekpact.web.errors import problem
    from techniekpact.web.pages import language

    request = Request(scope, receive)
    i18n.set_language(language(request))
    detail = _("De website is even te druk. Probeer het over een paar seconden opnieuw.")
    response = problem(request, 503, detail, headers={"Retry-After": str(RETRY_AFTER)})
    await response(scope, receive, send)
