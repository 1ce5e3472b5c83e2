"""Connections that send nothing, or their headers a byte at a time, are closed.

uvicorn closes a keep-alive connection that stays idle after a response (`timeout_keep_alive`),
but starts no clock on a new connection, and stops the clock as soon as one byte of the next
request arrives: a client that opens hundreds of connections and trickles header bytes into each
(slowloris) holds them all, and with `limit_concurrency` reached every other visitor gets a 503.
`HeaderDeadline` gives every request `header_timeout` seconds, from the moment the connection
opens or the previous response is complete, to deliver its complete headers; otherwise the
connection is closed. uvicorn's httptools protocol (uvicorn[standard] installs httptools) is
extended, so parsing and everything else stay uvicorn's.

httptools itself puts no bound on the bytes of a request head: uvicorn would buffer a 10 MB
cookie whole before the app could answer its 431. `HeaderDeadline` also counts the bytes of the
head being read and, past `SERVER_HEADER_BYTES` (web/security.py, well above the app's own 431
limit), answers 431 and closes the connection without reading more.
"""

from __future__ import annotations

import asyncio
from functools import cache
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from techniekpact.web.security import SERVER_HEADER_BYTES

TOO_LARGE = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
    b"content-type: text/plain; charset=utf-8\r\nconnection: close\r\ncontent-length: 32\r\n\r\n"
    b"request header fields too large\n"
)


@cache
def header_timeout() -> float:
    """Read once per worker process (uvicorn starts each worker in a new interpreter)."""
    from techniekpact.settings import Settings

    return Settings().header_timeout


class HeaderDeadline(HttpToolsProtocol):
    _deadline: asyncio.TimerHandle | None = None
    # bytes of the request head read so far; None while a body or a response is under way
    _head_bytes: int | None = 0

    def data_received(self, data: bytes) -> None:
        if self._head_bytes is not None:
            self._head_bytes += len(data)
            if self._head_bytes > SERVER_HEADER_BYTES:
                self._disarm()
                self.transport.write(TOO_LARGE)
                self.transport.close()
                return
        super().data_received(data)

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        self._head_bytes = None
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        pipelined = bool(self.pipeline)  # its headers are already in: no clock for it
        super().on_response_complete()
        if not pipelined and not self.transport.is_closing():
            self._head_bytes = 0
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(header_timeout(), self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if not self.transport.is_closing():
            self.transport.close()
