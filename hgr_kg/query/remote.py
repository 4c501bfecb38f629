"""Talking to a SPARQL server over HTTP: queries (SPARQL 1.1 Protocol, JSON results) and updates.

One client for both, the standard library's (HTTP Digest or Basic auth, the password from the
caller), so that every request has the same guarantees: the URL is http(s) without credentials in
it (they would be echoed in messages and logs), a time limit is one deadline for the whole request
(urllib's own timeout is per socket read, which a server sending one byte a second never trips),
Ctrl-C stops it at once, an answer is read to a size limit (an endless one stops there), an HTTP
error is one line, and a redirect is followed only to the endpoint's own scheme, host and port (never
to another host, which would get the request and any password). A refused connection or an unknown
host is :class:`NotSent`: the server got nothing.
"""

from __future__ import annotations

import http.client
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping

from rdflib.term import Node

from hgr_kg.credentials import PASSWORD_ENV
from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import ANSWER, read_bounded
from hgr_kg.interrupt import bounded
from hgr_kg.query.canned import with_values
from hgr_kg.query.guard import check_query
from hgr_kg.query.results import ResultTable
from hgr_kg.terms import Term

DEFAULT_TIMEOUT = 30
RESULTS_JSON = "application/sparql-results+json"


def check_url(url: str, option: str = "--endpoint") -> str:
    """``url`` if it is an http(s) URL without credentials; a refusal never shows the credentials."""
    try:
        parts = urllib.parse.urlsplit(url)
        host, _ = parts.hostname, parts.port  # .port: ValueError when out of range
    except ValueError:
        parts, host = None, None
    if "@" in (parts.netloc if parts else url):
        raise HgrKgError(f"{option}: credentials in a URL are refused (not shown here); give --user NAME "
                         f"and the password in ${PASSWORD_ENV} or at the prompt")  # fmt: skip
    if parts is None or parts.scheme not in ("http", "https") or not host:
        raise HgrKgError(f"{option} {url!r}: not an http or https URL")
    return url


class NotSent(HgrKgError):
    """The request never reached the server: it refused the connection, or its name is unknown."""


def _origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of ``url``; a port out of range is no origin (None)."""
    parts = urllib.parse.urlsplit(url)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        port = None
    return parts.scheme, (parts.hostname or "").lower(), port


class _SameOrigin(urllib.request.HTTPRedirectHandler):
    """Follows a redirect (as urllib does) only to the endpoint's own scheme, host and port: anywhere
    else is refused in one line (the request, and any password, would go to another host)."""

    def __init__(self, url: str, what: str) -> None:
        self.url, self.what = url, what

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: ANN001, ANN201 (urllib's)
        there = _origin(newurl)
        if there != _origin(self.url) or there[2] is None:
            fp.close()
            host = urllib.parse.urlsplit(newurl).netloc.rpartition("@")[2]  # credentials never shown
            raise HgrKgError(f"{self.what} at {self.url}: the server redirects (HTTP {code}) to another "
                             f"host, {host or newurl!r}: not followed")  # fmt: skip
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener(url: str, user: str | None, password: str | None, what: str) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [_SameOrigin(url, what)]
    if user is not None:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, url, user, password or "")
        handlers += [urllib.request.HTTPDigestAuthHandler(passwords),
                     urllib.request.HTTPBasicAuthHandler(passwords)]  # fmt: skip
    return urllib.request.build_opener(*handlers)


def post(url: str, form: Mapping[str, str | list[str]], what: str, timeout: float = DEFAULT_TIMEOUT,
         user: str | None = None, password: str | None = None, accept: str = "*/*") -> bytes:  # fmt: skip
    """POST ``form`` (form-encoded) to ``url``; the answer's body, read within ``timeout`` seconds and
    the limit of an endpoint's answer (``hgr_kg.inputs.ANSWER``: 256 MiB, or $HGR_KG_MAX_ANSWER_SIZE)."""
    check_url(url)
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(form, doseq=True).encode(), method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
    )  # fmt: skip

    def send() -> bytes:
        try:
            with _opener(url, user, password, what).open(request, timeout=timeout) as answer:
                return read_bounded(answer, ANSWER, f"{what} at {url}")  # an endless answer stops here
        except urllib.error.HTTPError as err:
            detail = err.read(300).decode("utf-8", "replace").strip().splitlines()
            hint = f": {detail[0]}" if detail else ""
            raise HgrKgError(f"{what} at {url}: HTTP {err.code} {err.reason}{hint}") from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            refused = isinstance(reason, ConnectionRefusedError | socket.gaierror)  # nothing was sent
            raise (NotSent if refused else HgrKgError)(f"{what} at {url}: unreachable: {reason}") from None
        except http.client.HTTPException as err:  # not HTTP (a bad status line), or cut short
            raise HgrKgError(f"{what} at {url}: not a valid HTTP answer ({type(err).__name__})") from None

    return bounded(send, timeout, f"{what} at {url}")


def run_remote(endpoint: str, text: str, bindings: Mapping[str, Term | Node],
               timeout: float = DEFAULT_TIMEOUT,
               graph: str | None = None, user: str | None = None, password: str | None = None,
               allow_service: bool = False, origin: str = "query") -> ResultTable:  # fmt: skip
    """Send the query (parameters bound by a VALUES block) and read SPARQL JSON results. A SERVICE
    clause is refused unless ``allow_service`` (the server would send the request)."""
    check_url(endpoint)
    text = check_query(text, origin, allow_service)
    form: dict[str, str | list[str]] = {"query": with_values(text, bindings)}
    if graph:
        form["default-graph-uri"] = graph
    raw = post(endpoint, form, "endpoint", timeout, user, password, accept=RESULTS_JSON)
    try:
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise HgrKgError(f"endpoint {endpoint}: the answer is not SPARQL JSON results") from None
    return ResultTable.from_sparql_json(payload)
