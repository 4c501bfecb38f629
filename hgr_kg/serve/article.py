"""One article on one date, at a stable address: ``/law/INSTRUMENT/ARTICLE?on=DATE`` (the version in
force that day) or ``?version=NAME`` (a form that never changes meaning), with the article's history
(each version's text of it, its interval in force, whether it changed and by which act), the diff to
the previous version, and a "cite this" box (the permalink, the Chinese form 《…》第…条, an English form
with the version and where the text was read). Everything from the graph; each value escaped by the
template."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.routing import Route

from hgr_kg.errors import HgrKgError
from hgr_kg.serve.site import Site, guarded, page, problem

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

    from hgr_kg.read.law import ArticleText, Version

DETAILS = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX hgr: <https://w3id.org/hgr-kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?titleEn ?act ?actLabel ?locator WHERE {
  OPTIONAL { ?version eli:is_member_of ?work . ?work eli:title ?workEn . FILTER(LANG(?workEn) = "en") }
  OPTIONAL { ?version eli:title ?ownEn . FILTER(LANG(?ownEn) = "en") }
  BIND(COALESCE(?workEn, ?ownEn) AS ?titleEn)
  OPTIONAL { ?article hgr:amendedBy ?act .
             OPTIONAL { ?act eli:title_short|eli:title|rdfs:label ?actLabel .
                        FILTER(LANG(?actLabel) = "en") } }
  OPTIONAL { ?article <http://purl.org/dc/terms/source>/hgr:locator ?locator }
}"""


@dataclass
class Step:
    version: Version
    text: str | None  # None: the version has no such article, or its text was not read
    change: str  # "first", "same text", "changed", "not in this version", "text not read"


def routes(site: Site) -> list:
    return [Route("/law/{instrument}/{article}", guarded(lambda request: article_page(site, request)))]


def article_page(site: Site, request: Request) -> Response:
    from hgr_kg.graph.statute_ids import article_iri
    from hgr_kg.query.canned import run_local
    from hgr_kg.read.law import articles, char_ops, coverage_of
    from hgr_kg.serve.reader import choose, instruments, text_source
    from hgr_kg.sources.statutes import comparable, normalised_article

    instrument = request.path_params["instrument"]
    if instrument not in dict(instruments(site)):
        return problem(f"unknown instrument {instrument!r}: no version of it has a text", status=404)
    try:
        number = normalised_article(request.path_params["article"])
    except ValueError as err:
        raise HgrKgError(f"article {request.path_params['article']!r}: {err}") from None
    known, version = choose(site, instrument, request)
    version.coverage = coverage_of(site.graph, version)
    texts = {v.name: {a.number: a for a in articles(site.graph, v)} for v in known}
    shown: ArticleText | None = texts[version.name].get(number)
    if shown is None:
        return problem(f"{version.name} has no article {number} in the graph. {version.coverage}".strip(),
                       status=404)  # fmt: skip
    history = _history(known, texts, number, comparable)
    previous = _previous(history, version)
    rows = run_local(site.graph, DETAILS, {"version": _iri(version.iri),
                                           "article": _iri(str(article_iri(version.name, number)))}).rows
    title_en = next((str(r[0]) for r in rows if r[0] is not None), "")
    acts = sorted({(str(r[1]), str(r[2] or r[1])) for r in rows if r[1] is not None})
    locator = next((str(r[3]) for r in rows if r[3] is not None and "line" in str(r[3])), "")
    forms = _forms(site, version.iri, str(article_iri(version.name, number)))
    permalink = f"{request.url.scheme}://{request.url.netloc}/law/{instrument}/{number}?version={version.name}"
    raw = request.query_params.get("raw") == "1"  # every edit, punctuation width too; else the wording's
    ops = char_ops(previous.text, shown.text, raw) if previous and previous.text and shown.text else None
    return page("article", title=f"{version.title} {shown.printed} ({version.name})", instrument=instrument,
                version=version, article=shown, history=history, previous=previous, ops=ops, acts=acts,
                zh=forms["zh"], title_en=title_en, locator=locator, permalink=permalink, number=number,
                forms=forms, source=text_source(site, version), raw=raw)  # fmt: skip


def _forms(site: Site, version: str, article: str) -> dict[str, str]:
    """The article cited as legislation in the Chinese form, OSCOLA's and GB/T 7714's
    (hgr_kg.export.legislation: what ``hgr-kg cite --style zh|oscola|gbt7714`` prints)."""
    from rdflib import URIRef

    from hgr_kg.export.legislation import pinpoint, render, statute

    law, where = statute(site.graph, URIRef(version)), pinpoint(site.graph, URIRef(article), article)
    return {style: render(style, law, where) for style in ("zh", "oscola", "gbt7714")}


def _history(known: list[Version], texts: dict, number: str, comparable: object) -> list[Step]:
    """The article in each version of the instrument, in order, and how it compares with the last."""
    steps: list[Step] = []
    last: str | None = None
    for v in known:
        art = texts[v.name].get(number)
        if art is None:
            steps.append(Step(v, None, "not in this version"))
            continue
        if art.text is None:
            steps.append(Step(v, None, "text not read"))
            continue
        if last is None:
            change = "first"
        else:
            change = "same text" if comparable(last) == comparable(art.text) else "changed"  # type: ignore[operator]
        steps.append(Step(v, art.text, change))
        last = art.text
    return steps


def _previous(history: list[Step], version: Version) -> Step | None:
    names = [s.version.name for s in history]
    earlier = [s for s in history[: names.index(version.name)] if s.text is not None]
    return earlier[-1] if earlier else None


def _iri(value: str) -> object:
    from rdflib import URIRef

    return URIRef(value)
