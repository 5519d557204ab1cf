"""Request size limit: bodies over the limit get 413 before the app reads them."""

from __future__ import annotations

import json
from typing import Any


class BodyTooLarge(Exception):
    """A request body grew past the limit while it was being read."""


class BodyLimit:
    """ASGI middleware refusing request bodies larger than ``max_bytes`` with 413.

    The declared Content-Length is checked first; a body sent in chunks is counted as it
    arrives, so neither form can make the server hold more than the limit.
    """

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"0")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0
        started = False

        async def counted() -> Any:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge()
            return message

        async def watch(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watch)
        except BodyTooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Any) -> None:
        limit_mb = self.max_bytes / 1024 / 1024
        body = json.dumps(
            {
                "detail": f"the request is larger than the limit of {limit_mb:g} MB "
                "(fix: upload a smaller file)"
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
