"""Talking to a SPARQL server over HTTP: queries (SPARQL 1.1 Protocol, JSON results) and updates.

SPARQLWrapper speaks the protocol for both (the request: ``query=`` or ``update=`` form-encoded in a
POST, the query form it detects, the Accept header for JSON results, ``default-graph-uri``, its
User-Agent); the request it builds is opened by this module's urllib opener, not by SPARQLWrapper's
(see :class:`_Wrapper`), so that every request keeps the same guarantees: the URL is http(s) without
credentials in it (they would be echoed in messages and logs), the password (HTTP Digest or Basic
auth, from the caller) is sent only when the server asks for it, a time limit is one deadline for the
whole request (urllib's own timeout is per socket read, which a server sending one byte a second never
trips: the request runs under :func:`hgr_kg.interrupt.bounded`), Ctrl-C stops it at once, an answer is
read to a size limit (an endless one stops there) and an error's body to 300 bytes, an HTTP error is
one line, and a redirect is followed only to the endpoint's own scheme, host and port (never to another
host, which would get the request and any password). A refused connection or an unknown host is
:class:`NotSent`: the server got nothing.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Mapping

from rdflib.term import Node
from SPARQLWrapper import CONSTRUCT, DESCRIBE, JSON, POST, SPARQLWrapper

from hgr_kg.credentials import PASSWORD_ENV
from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import ANSWER, read_bounded
from hgr_kg.interrupt import bounded
from hgr_kg.query.canned import with_values
from hgr_kg.query.guard import checked_query
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


class _Wrapper(SPARQLWrapper):
    """SPARQLWrapper building the request, this module's opener sending it. SPARQLWrapper's own
    ``_query`` opens it through urllib's process-wide opener (which its Digest auth replaces for the
    whole process, without the redirect check) and reads an error's whole body (an endless one would
    never end); credentials are therefore never given to SPARQLWrapper but to the opener, which
    answers the server's challenge (Digest or Basic) as before."""

    def __init__(self, url: str, opener: urllib.request.OpenerDirector, timeout: float) -> None:
        super().__init__(url, updateEndpoint=url, returnFormat=JSON)
        self.setMethod(POST)  # a long query does not fit in a URL; an update must be a POST
        self.setOnlyConneg(True)  # the Accept header only: no format=/output=/results= parameters
        self.opener, self.timeout = opener, timeout  # urllib's per-read timeout; the deadline is bounded's

    def _query(self) -> tuple[http.client.HTTPResponse, str]:
        return self.opener.open(self._createRequest(), timeout=self.timeout), self.returnFormat

    def _getAcceptHeader(self) -> str:  # noqa: N802 (SPARQLWrapper's)
        """SPARQL JSON results for every form: SPARQLWrapper's list for SELECT and ASK; for CONSTRUCT and
        DESCRIBE it would ask for anything (*/*: Turtle, from Virtuoso), where the table reads the
        triples as the s, p, o rows of SPARQL JSON results (as Virtuoso gives them for this Accept)."""
        if self.queryType in (CONSTRUCT, DESCRIBE):
            return RESULTS_JSON
        return super()._getAcceptHeader()


def _error(err: BaseException, what: str, url: str) -> HgrKgError:
    """The one line for what urllib raised while sending or reading (the URL has no credentials)."""
    if isinstance(err, urllib.error.HTTPError):
        detail = err.read(300).decode("utf-8", "replace").strip().splitlines()  # not an endless body
        hint = f": {detail[0]}" if detail else ""
        return HgrKgError(f"{what} at {url}: HTTP {err.code} {err.reason}{hint}")
    if isinstance(err, urllib.error.URLError | OSError):
        reason = getattr(err, "reason", err)
        refused = isinstance(reason, ConnectionRefusedError | socket.gaierror)  # nothing was sent
        return (NotSent if refused else HgrKgError)(f"{what} at {url}: unreachable: {reason}")
    # http.client.HTTPException: not HTTP (a bad status line), or cut short
    return HgrKgError(f"{what} at {url}: not a valid HTTP answer ({type(err).__name__})")


def send(url: str, text: str, form: str, what: str, timeout: float = DEFAULT_TIMEOUT,
         user: str | None = None, password: str | None = None,
         graph: str | None = None) -> bytes:  # fmt: skip
    """Send ``text`` to ``url`` through SPARQLWrapper; the answer's body, read within ``timeout``
    seconds and the limit of an endpoint's answer (``hgr_kg.inputs.ANSWER``: 256 MiB, or
    $HGR_KG_MAX_ANSWER_SIZE). ``form``: the query form (SELECT, ASK, CONSTRUCT, DESCRIBE) or the update
    operation (DROP, INSERT, MOVE, ...), which decides ``query=`` or ``update=`` and the Accept header;
    ``graph``: the ``default-graph-uri`` of a query."""
    check_url(url)
    wrapper = _Wrapper(url, _opener(url, user, password, what), timeout)
    with warnings.catch_warnings():  # its guess at the form, a regex that a comment misleads, is
        warnings.simplefilter("ignore", RuntimeWarning)  # replaced by the caller's, from rdflib's parse
        wrapper.setQuery(text)
    wrapper.queryType = form
    if graph:
        wrapper.addDefaultGraph(graph)

    def run() -> bytes:
        try:
            with contextlib.closing(wrapper.query().response) as answer:
                return read_bounded(answer, ANSWER, f"{what} at {url}")  # an endless answer stops here
        except (urllib.error.URLError, OSError, http.client.HTTPException) as err:
            raise _error(err, what, url) from None

    return bounded(run, timeout, f"{what} at {url}")


def run_remote(endpoint: str, text: str, bindings: Mapping[str, Term | Node],
               timeout: float = DEFAULT_TIMEOUT,
               graph: str | None = None, user: str | None = None, password: str | None = None,
               allow_service: bool = False, origin: str = "query") -> ResultTable:  # fmt: skip
    """Send the query (parameters bound by a VALUES block) and read SPARQL JSON results. A SERVICE
    clause is refused unless ``allow_service`` (the server would send the request)."""
    check_url(endpoint)
    text, form = checked_query(text, origin, allow_service)
    raw = send(endpoint, with_values(text, bindings), form, "endpoint", timeout, user, password, graph)
    try:
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise HgrKgError(f"endpoint {endpoint}: the answer is not SPARQL JSON results") from None
    return ResultTable.from_sparql_json(payload)
