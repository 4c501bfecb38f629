"""The query guard: what a SPARQL text must pass before any engine runs it, and the wall behind it.

**One text for both parsers.** rdflib's parser checks a text (is it a query; does it hold a SERVICE
clause) and Oxigraph runs it. The two must read the same text: SPARQL ends a ``#`` comment at CR or
LF, Oxigraph does so, rdflib's parser only at LF, so ``# c\\r SERVICE <x> {...}`` was one comment to
the check and a SERVICE clause to the engine. :func:`normalise` makes every line end a LF (CRLF and a
bare CR alike, as XML does), and every function here returns the normalised text, which is the text
the callers run. A bare CR inside a long string literal becomes a LF too.

**The wall.** A query that may not send requests runs in a thread that cannot open a network socket
(:func:`no_network`: a seccomp filter on Linux, through libseccomp), so a SERVICE clause that the
check missed fails where it would have connected, and nothing leaves the machine. The filter binds
only the thread that installs it (and the threads it starts), never the process: the command's own
requests (``--endpoint``, ``publish``) and the server's listening socket are not affected.
"""

from __future__ import annotations

import errno
import functools
import re
import socket
import threading
from typing import TYPE_CHECKING, Any

from hgr_kg.errors import HgrKgError

if TYPE_CHECKING:
    from types import ModuleType

    from rdflib.plugins.sparql.sparql import Query

BLOCKED_HINT = "; this command sends no request to another server (give --allow-service to allow it)"


def normalise(text: str) -> str:
    """``text`` with every line end a LF: what is checked and what is run are the same text."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def first_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def rdflib_sparql() -> ModuleType:
    """rdflib's SPARQL engine, imported on first use (every rdflib query here goes through this
    module's :func:`prepared`), with ``FROM <x>`` naming a graph of the store, as on Oxigraph:
    rdflib would otherwise fetch x (HTTP, file:)."""
    import rdflib.plugins.sparql
    import rdflib.plugins.sparql.parser

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    return rdflib.plugins.sparql


@functools.lru_cache(maxsize=256)
def prepared(text: str) -> Query:
    """The text parsed by rdflib once (rdflib parses a text query on every call, 20-50 ms each)."""
    return rdflib_sparql().prepareQuery(text)


@functools.lru_cache(maxsize=256)
def _parse(text: str) -> Any:
    """rdflib's parse tree of ``text``; or why it is not a query: "empty", "update", or the
    parser's message."""
    parser = rdflib_sparql().parser
    try:
        return parser.parseQuery(text)
    except Exception as err:
        message = first_line(err)
    try:
        update = parser.parseUpdate(text)
    except Exception:
        return message
    return "update" if dict.get(update, "request") else "empty"  # CompValue.get() does not say


def _has_service(node: Any) -> bool:
    if getattr(node, "name", None) == "ServiceGraphPattern":
        return True
    if isinstance(node, dict):
        return any(_has_service(v) for v in node.values())
    if isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
        return any(_has_service(v) for v in node)
    return False


def not_a_query(text: str, origin: str, problem: str) -> HgrKgError:
    """Why ``text`` did not run as a query: empty, an update, or invalid SPARQL (``problem``)."""
    tree = _parse(text)
    if tree == "empty":
        return HgrKgError(f"{origin}: empty query")
    if tree == "update":
        return HgrKgError(
            f"{origin}: only queries are run (SELECT, ASK, CONSTRUCT, DESCRIBE); updates are refused"
        )
    return HgrKgError(f"{origin}: not valid SPARQL: {tree if isinstance(tree, str) else problem}")


def check_query(text: str, origin: str, allow_service: bool = False, service_hint: str = "") -> str:
    """The normalised text (:func:`normalise`), the one to run; refused, in one line naming
    ``origin``, anything but a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) that rdflib parses,
    and a SERVICE clause unless ``allow_service``."""
    return checked_query(text, origin, allow_service, service_hint)[0]


_FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
          "DescribeQuery": "DESCRIBE"}  # fmt: skip


def checked_query(text: str, origin: str, allow_service: bool = False,
                  service_hint: str = "") -> tuple[str, str]:  # fmt: skip
    """:func:`check_query`'s text and the query's form by rdflib's parse, from the same one parse:
    SELECT, ASK, CONSTRUCT or DESCRIBE."""
    text = normalise(text)
    try:
        form = _FORMS[prepared(text).algebra.name]
    except Exception as err:
        raise not_a_query(text, origin, first_line(err)) from None
    if not allow_service:
        refuse_service(text, origin, service_hint)
    return text, form


def refuse_service(text: str, origin: str, hint: str = "") -> str:
    """The normalised text (:func:`normalise`), the one to run, unless it holds a SERVICE clause. The
    parse tree decides (a comment or a string that mentions SERVICE is not a clause); only a text with
    the keyword in it (:func:`mentions_service`) is parsed (parsing takes 10-800 ms), and one that
    does not parse is refused too, since it cannot be checked."""
    text = normalise(text)
    if not mentions_service(text):
        return text
    tree = _parse(text)
    if tree in ("empty", "update"):
        raise not_a_query(text, origin, "")
    if isinstance(tree, str):
        raise HgrKgError(f"{origin}: it mentions SERVICE and does not parse, so it cannot be checked: {tree}")
    if _has_service(tree):
        hint = hint or "; give --allow-service to run it"
        raise HgrKgError(f"{origin}: a SERVICE clause (a request to another server) is refused{hint}")
    return text


# SERVICE as rdflib's parser (pyparsing's CaselessKeyword) sees it: no ASCII letter, digit, _ or $
# on either side
_SERVICE = re.compile(r"(?<![A-Za-z0-9_$])SERVICE(?![A-Za-z0-9_$])", re.IGNORECASE)
_ESCAPE = re.compile(r"\\[uU]")
# a whole prefixed name (PN_PREFIX? ':' PN_LOCAL, SPARQL 1.1 grammar, approximated from below): a
# keyword cannot start inside one, since the parser reads it from its first character to its end
_PREFIXED_NAME = re.compile(r"(?:[^\W\d_](?:[\w.-]*[\w-])?)?:[\w:%\\](?:[\w.:%\\-]*[\w:%\\-])?")


def mentions_service(text: str) -> bool:
    """Whether ``text`` may hold a SERVICE clause: the keyword in any case, outside comments,
    strings and IRIs, and not inside a prefixed name such as ``hgrid:hgr-licensing-service-guide``
    (at its start it counts: rdflib reads ``SERVICEé:x`` as SERVICE and ``é:x``). Cautious: whatever this
    lets through is parsed, so a false alarm costs a parse, never a wrong answer. A text with a
    ``\\u`` or ``\\U`` escape is parsed always: rdflib reads ``\\u0053ERVICE`` as SERVICE."""
    if _ESCAPE.search(text):
        return True
    if "service" not in text.lower():
        return False
    for token in TOKENS.finditer(text):
        if token.lastgroup in ("comment", "string", "iri", "var"):
            continue
        word = token.group()
        named = token.lastgroup == "word" and _PREFIXED_NAME.fullmatch(word) is not None
        if any(not named or found.start() == 0 for found in _SERVICE.finditer(word)):
            return True
    return False


TOKENS = re.compile(
    "|".join(
        [
            r"(?P<comment>#[^\n]*)",
            r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""' + r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
            + r'|"(?:[^"\\\n\r]|\\.)*"' + r"|'(?:[^'\\\n\r]|\\.)*')",
            r'(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)',
            r"(?P<var>[?$]\w+)",
            r"(?P<word>[^\W\d][\w.-]*(?::[\w.:%\\-]*)?|:[\w.:%\\-]*)",
            r"(?P<open>\{)",
            r"(?P<close>\})",
            r"(?P<other>.)",
        ]
    ),
    re.DOTALL,
)  # fmt: skip


# -- the wall ---------------------------------------------------------------------------------------

_THREAD = threading.local()


@functools.cache
def _network_filter() -> Any:
    """The seccomp filter that refuses (EACCES) every socket but a Unix one, or None where there is no
    seccomp (not Linux, no libseccomp)."""
    try:
        import pyseccomp as seccomp

        rules = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
        rules.add_rule(seccomp.ERRNO(errno.EACCES), "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
    except Exception:  # ImportError, OSError (libseccomp missing), RuntimeError (an unknown machine)
        return None
    return rules


def wall_available() -> bool:
    """Whether :func:`no_network` can cut a thread off the network on this machine."""
    return _network_filter() is not None


def no_network() -> bool:
    """Cut the calling thread, and the threads it starts from now on, off the network: it can no longer
    open any socket but a Unix one (a request to another server fails with EACCES). For good: call it
    in a thread that only runs queries. Whether the wall is up (False where there is no seccomp)."""
    if getattr(_THREAD, "walled", False):
        return True
    rules = _network_filter()
    if rules is None:
        return False
    rules.load()  # no_new_privs and the filter, for this thread only (no TSYNC)
    _THREAD.walled = True
    return True


def blocked(err: BaseException) -> bool:
    """Whether ``err`` may be the wall's refusal (EACCES on a socket) as an engine reports it:
    pyoxigraph as "Permission denied (os error 13)", rdflib's SERVICE through urllib's URLError."""
    reason = getattr(err, "reason", None)
    if isinstance(reason, BaseException):
        err = reason
    return isinstance(err, PermissionError) or "Permission denied" in str(err)
