"""No SERVICE request leaves the machine unless the user asked for it, whatever the query's line ends.

Two walls. The text is normalised once (every line end a LF) and the normalised text is both the one
checked (rdflib's parse) and the one run (Oxigraph), so the two parsers read the same text: a bare CR
ended a ``#`` comment for Oxigraph but not for rdflib, and ``# c\\r SERVICE <...>`` ran unseen. And
the thread (or worker process) that runs a query without ``--allow-service`` cannot open a network
socket at all (a seccomp filter), so a SERVICE the check missed fails instead of sending.
"""

from __future__ import annotations

import itertools
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from hgr_kg.cli import main
from hgr_kg.errors import HgrKgError
from hgr_kg.paths import Project
from hgr_kg.query import guard
from tests.support.listener import Listener, claim, one_line

# a comment ended by a bare CR: Oxigraph reads SERVICE on the next "line", rdflib read one long comment
BYPASS = "SELECT * WHERE {{ # c\r SERVICE <{url}> {{ ?s ?p ?o }} }}"


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
@pytest.mark.parametrize("end", ["\r", "\r\n", "\n"])
def test_sparql_refuses_service_after_any_line_end(project: Project, listener, tmp_path, capsys, store,
                                                   end) -> None:  # fmt: skip
    query = tmp_path / "q.rq"
    query.write_bytes(BYPASS.replace("\r", end).format(url=listener.url).encode())
    assert main(["--root", str(project.root), "--store", store, "sparql", str(query)]) == 2
    assert "SERVICE clause" in one_line(capsys)
    assert listener.hits == []


def test_sparql_from_stdin_refuses_the_cr_bypass(project: Project, listener, capsys, monkeypatch) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(BYPASS.format(url=listener.url).encode()),
                                                      newline=""))  # fmt: skip
    assert main(["--root", str(project.root), "sparql", "-"]) == 2
    assert "SERVICE clause" in one_line(capsys)
    assert listener.hits == []


def _cr_claim(project: Project, url: str) -> None:
    sparql = "SELECT ?value WHERE { # c\\r SERVICE <" + url + "> { ?value ?p ?o } }"
    with (project.data / "claims.ttl").open("a", encoding="utf-8") as out:
        out.write(claim(f'hgr:recomputeSparql "{sparql}"'))  # \\r: a CR in the Turtle string


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_audit_claim_refuses_the_cr_bypass(project_copy: Project, listener, capsys, store) -> None:
    _cr_claim(project_copy, listener.url)
    assert main(["--root", str(project_copy.root), "--store", store, "audit"]) == 2
    line = one_line(capsys)
    assert "claim-outbound" in line and "SERVICE clause" in line
    assert listener.hits == []


def test_shape_refuses_the_cr_bypass(project_copy: Project, listener, capsys) -> None:
    shapes = project_copy.root / "ontology" / "shapes.ttl"
    text = shapes.read_text(encoding="utf-8")
    marker = 'sh:select "SELECT ?this WHERE { ?this a hgr:Permit .'
    assert marker in text
    bypass = (f'sh:select "SELECT ?this WHERE {{ # c\\r SERVICE <{listener.url}> {{ ?this ?p ?o }} '
              "?this a hgr:Permit .")
    shapes.write_text(text.replace(marker, bypass), encoding="utf-8")
    assert main(["--root", str(project_copy.root), "validate"]) == 2
    line = one_line(capsys)
    assert "shapes.ttl" in line and "SERVICE clause" in line
    assert listener.hits == []


def test_server_refuses_the_cr_bypass(project: Project, listener) -> None:
    from hgr_kg.serve.app import ServeContext, create_app
    from tests.support.served import serving

    context = ServeContext(project, timeout=30)
    with serving(create_app(context)) as base:
        for method in ("GET", "POST"):
            text = BYPASS.format(url=listener.url)
            if method == "GET":
                request = urllib.request.Request(f"{base}/sparql?" + urllib.parse.urlencode({"query": text}))
            else:
                kind = {"Content-Type": "application/sparql-query"}
                request = urllib.request.Request(f"{base}/sparql", text.encode(), kind, method="POST")
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=30)
            assert refused.value.code == 403
            assert "SERVICE clause" in refused.value.read().decode()
    context.close()
    assert listener.hits == []


def test_server_audit_page_refuses_the_cr_bypass(project_copy: Project, listener) -> None:
    from hgr_kg.serve.app import ServeContext, create_app
    from tests.support.served import serving

    _cr_claim(project_copy, listener.url)
    context = ServeContext(project_copy, timeout=60)
    with serving(create_app(context)) as base:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/audit", timeout=120)
        assert "SERVICE clause" in refused.value.read().decode()
    context.close()
    assert listener.hits == []


# -- the differential test: rdflib's reading of "has SERVICE" and Oxigraph's (it sends a request) ---

LINE_ENDS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\u0085", "\f", "\v", "\\u000D", "\\u000A"]
BEFORE = ["# c{e}", "#{e}", "{e}", "'''a{e}'''", '"""a{e}"""', '"a" # {e}', "<urn:x> # <{e}>",
          "FILTER(?s != <urn:a{e}>)", "BIND('#' AS ?h) #{e}"]  # fmt: skip
KEYWORDS = ["SERVICE", "service", "SERVICE SILENT", "\\u0053ERVICE"]
SHAPES = [
    "SELECT * WHERE {{ {before} {kw} <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ {{ {{ {before} {kw} <{url}> {{ ?s ?p ?o }} }} }} }}",
    "ASK {{ {before} OPTIONAL {{ {kw} <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * WHERE {{ ?s ?p ?o . {before} MINUS {{ {kw} <{url}> {{ ?s ?p ?o }} }} }}",
]


def _texts(url: str) -> Iterator[str]:
    for shape, before, end, kw in itertools.product(SHAPES, BEFORE, LINE_ENDS, KEYWORDS):
        yield shape.format(before=before.format(e=end), kw=kw, url=url)


def _oxigraph_sends(store: ox.Store, text: str, listener: Listener) -> bool | None:
    """Whether Oxigraph, run without any wall, sends a request for ``text`` (None: it does not parse
    the text, and so runs nothing)."""
    before = len(listener.hits)
    try:
        results = store.query(text)
        if not isinstance(results, ox.QueryBoolean):
            list(results)
    except SyntaxError:
        assert len(listener.hits) == before
        return None
    except OSError:
        pass
    return len(listener.hits) > before


def _rdflib_reads_service(text: str) -> bool | None:
    tree = guard._parse(text)
    return None if isinstance(tree, str) else guard._has_service(tree)


def test_rdflib_and_oxigraph_agree_on_service_in_generated_texts(listener) -> None:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.NamedNode("urn:o")))
    checked = refused = 0
    for raw in _texts(listener.url):
        text = guard.normalise(raw)
        sends = _oxigraph_sends(store, text, listener)
        reads = _rdflib_reads_service(text)
        if reads is not None and reads is not sends:
            # the only disagreement allowed is the safe one: rdflib sees SERVICE where Oxigraph does not
            # parse the text at all (a codepoint escape outside a string, a control character in an IRI)
            assert reads is True and sends is None, (raw, reads, sends)
        try:
            guard.refuse_service(raw, "q")
        except HgrKgError:
            refused += 1
        else:
            assert not sends, raw  # what the check lets through sends nothing
        checked += 1
    assert checked == len(SHAPES) * len(BEFORE) * len(LINE_ENDS) * len(KEYWORDS) == 1440
    assert refused > 1000  # most texts hold a live SERVICE clause


# -- the second wall: what a (broken) check lets through still reaches nothing ----------------------


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_a_service_the_check_misses_cannot_reach_the_network(project: Project, listener, monkeypatch,
                                                              store) -> None:  # fmt: skip
    from rdflib import Graph

    from hgr_kg.query.canned import run_local

    monkeypatch.setattr(guard, "mentions_service", lambda text: False)  # the first wall broken
    text = f"SELECT ?s WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    where = ox.Store() if store == "oxigraph" else Graph()
    with pytest.raises(HgrKgError) as stopped:
        run_local(where, text, {}, origin="q.rq")
    assert "\n" not in str(stopped.value) and str(stopped.value).startswith("q.rq: ")
    assert "--allow-service" in str(stopped.value)
    assert listener.hits == []
    if guard.wall_available():
        run_local(where, text, {}, origin="q.rq", allow_service=True)  # asked for: it goes out
        assert listener.hits != []


def test_the_wall_is_up_on_this_machine() -> None:
    """CI runs on Linux with libseccomp: the second wall must be there, not silently missing."""
    assert guard.wall_available()
