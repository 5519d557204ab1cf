"""A small HTTP/1.1 client for loopback load tests: one keep-alive connection per simulated user.

The load benchmark runs its clients on the same two cores as the server, so what a client costs
is taken from the server. httpx spends about a millisecond of CPU on each request; this client
writes the request line and headers itself and reads the status, the headers and a
Content-Length (or chunked) body, a few tens of microseconds. It does what a browser tab does
with its connection and nothing more: no TLS, no redirects, no cookie jar (the caller sends the
session cookie), and one retry when a kept-alive connection turns out to have been closed by the
server before it answered (browsers retry then too).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any


class Closed(Exception):
    """The server closed the connection before answering."""


class Connection:
    """One keep-alive connection to ``host:port`` sending ``headers`` with every request."""

    def __init__(self, host: str, port: int, headers: dict[str, str] | None = None) -> None:
        self.host, self.port = host, port
        self.headers = {"Host": f"{host}:{port}", **(headers or {})}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.retries = 0  # requests sent again on a new connection (see the module's text)

    async def get(self, path: str) -> tuple[int, bytes]:
        """``GET path``: the status and the body."""
        return await self.request("GET", path)

    async def post_json(
        self, path: str, data: Any, headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        """``POST path`` with ``data`` as JSON: the status and the body."""
        body = json.dumps(data).encode()
        extra = {"Content-Type": "application/json", **(headers or {})}
        return await self.request("POST", path, body, extra)

    async def request(
        self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        """Send one request and read its answer (status, body)."""
        lines = [f"{method} {path} HTTP/1.1"]
        lines += [f"{k}: {v}" for k, v in {**self.headers, **(headers or {})}.items()]
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        data = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        reused = self.writer is not None
        try:
            return await self._exchange(data)
        except (Closed, ConnectionError):
            self.close()
            if not reused:
                raise
        self.retries += 1
        return await self._exchange(data)

    async def _exchange(self, data: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(data)
        await self.writer.drain()
        try:
            head = await self.reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError as exc:
            raise Closed() from exc
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        fields = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        status = int(status_line.split(" ", 2)[1])
        if "content-length" in fields:
            body = await self.reader.readexactly(int(fields["content-length"]))
        elif fields.get("transfer-encoding", "").lower() == "chunked":
            body = await self._chunked()
        else:
            body = await self.reader.read()
            fields["connection"] = "close"
        if fields.get("connection", "").lower() == "close":
            self.close()
        return status, body

    async def _chunked(self) -> bytes:
        assert self.reader is not None
        parts = []
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readexactly(2)

    def close(self) -> None:
        """Drop the connection (the next request opens a new one)."""
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None
