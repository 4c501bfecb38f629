"""The Host-header check of ``hgr-kg serve``, against DNS rebinding: a page of another site, whose
name its owner makes resolve to 127.0.0.1, can send requests to the server from the user's browser,
and read the answers as its own origin's; it cannot choose the Host header, which is its own name.
So a request is answered only if its Host is a local name (127.0.0.1, localhost, [::1], the --host
address) at the server's own port, or a reverse proxy's name (--allow-host, at any port). Anything
else is 400 with one line.

A pure ASGI middleware rather than Starlette's TrustedHostMiddleware, which drops the port (and so
cannot hold the local names to the server's port), splits an IPv6 literal at its first colon, and
answers a fixed "Invalid host header"."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

LOCAL_NAMES = ("127.0.0.1", "localhost", "[::1]")
DNS_NAME = re.compile(r"[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?", re.I)
HINT = "behind a reverse proxy, give its name with --allow-host NAME"


def host_name(value: str) -> str | None:
    """``value`` as a Host header names it (lower case, an IPv6 address in brackets), or None if it
    is not a host name or address (a scheme, a port, a path)."""
    bare = value[1:-1] if value.startswith("[") and value.endswith("]") else value
    try:
        address = ipaddress.ip_address(bare)
    except ValueError:
        return value.lower() if DNS_NAME.fullmatch(value) and len(value) <= 253 else None
    return f"[{address.compressed}]" if address.version == 6 else address.compressed


def split_host(value: str) -> tuple[str, int | None] | None:
    """A Host header's name (lower case) and port (None: none given), or None if it is malformed."""
    if value.startswith("["):
        name, bracket, rest = value.partition("]")
        name += bracket
    else:
        name = value.partition(":")[0]
        rest = value[len(name) :]
    if rest and not (rest[0] == ":" and rest[1:].isdigit() and len(rest) < 7):
        return None
    name = host_name(name)
    return None if name is None else (name, int(rest[1:]) if rest else None)


class HostCheck:
    """ASGI middleware: HTTP requests whose Host is not one of the server's names get 400."""

    def __init__(self, app: Callable[..., Awaitable[None]], local: Iterable[str] = LOCAL_NAMES,
                 proxies: Iterable[str] = ()) -> None:  # fmt: skip
        self.app = app
        self.local = tuple(dict.fromkeys(n for n in map(host_name, [*LOCAL_NAMES, *local]) if n))
        self.proxies = tuple(dict.fromkeys(n for n in map(host_name, proxies) if n))

    def allowed(self, value: str, port: int | None) -> bool:
        found = split_host(value)
        if found is None:
            return False
        name, given = found
        return name in self.proxies or (name in self.local and (port is None or (given or 80) == port))

    def refusal(self, value: str | None, port: int | None) -> str:
        if value is None:
            return "no Host header: this server answers only to the names it is served under (give Host)"
        names = [f"{n}:{port}" if port else n for n in self.local] + list(self.proxies)
        return (f"the Host header {value[:200]!r} is not a name this server answers to "
                f"({', '.join(names)}); {HINT}")  # fmt: skip

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":  # lifespan; no websocket route is served
            await self.app(scope, receive, send)
            return
        host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), None)
        port = (scope.get("server") or (None, None))[1]
        if host is not None and self.allowed(host, port):
            await self.app(scope, receive, send)
            return
        await _plain(send, 400, self.refusal(host, port) + "\n")


async def _plain(send: Callable, status: int, text: str) -> None:
    body = text.encode("utf-8")
    headers: list[tuple[bytes, Any]] = [(b"content-type", b"text/plain; charset=utf-8"),
                                        (b"content-length", str(len(body)).encode())]  # fmt: skip
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
