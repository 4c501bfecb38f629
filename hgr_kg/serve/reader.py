"""The statute reader at ``/law/INSTRUMENT?on=DATE`` (or ``?version=NAME``), and the list of the
instruments with a text at ``/law``.

Everything comes from the graph through ``hgr_kg.read.law`` (the version in force on a day, its
articles and headings, the diff between two versions): a table of contents, each article's Chinese
text with the curated English paraphrase where there is one, the cross-references of the text as links
(``hgr:Reference``: the quoted words link to what they resolve to, ``hgr:refersTo``), and the penalties
(``hgr:penaltyOf``) beside the article that imposes them; the diff to the previous version on the same
page. Text is split into pieces in Python and each piece is escaped by the template.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import URIRef
from starlette.routing import Route

from hgr_kg.errors import HgrKgError
from hgr_kg.serve.site import Site, guarded, page, problem
from hgr_kg.sources.statutes import NUMERAL

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

    from hgr_kg.read.law import ArticleText, Version

MENTION = re.compile(rf"第([{NUMERAL}]+)条(?:之([{NUMERAL}]+))?")  # an article named in a quoted reference
PREFIXES = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX hgr: <https://w3id.org/hgr-kg/ontology#>
PREFIX hgrid: <https://w3id.org/hgr-kg/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
WORKS = (
    PREFIXES
    + """SELECT DISTINCT ?work ?title WHERE {
  { ?version eli:is_member_of ?work } UNION { ?work hgr:textFile ?file . BIND(?work AS ?version) }
  ?version a eli:LegalResource ; hgr:textFile ?textFile .
  OPTIONAL { ?work eli:title ?title . FILTER(LANG(?title) = "en") }
}"""
)
EXTRAS = (
    PREFIXES
    + """SELECT ?art ?kind ?a ?b WHERE {
  ?art hgr:partOfVersion ?version ; eli:type_subdivision hgrid:subdivision-article .
  { ?art eli:description ?a . FILTER(LANG(?a) = "en") BIND("en" AS ?kind) }
  UNION { ?ref hgr:citingArticle ?art ; hgr:quotedText ?a ; hgr:refersTo ?b . BIND("ref" AS ?kind) }
  UNION { ?b hgr:penaltyOf ?art . BIND("penalty" AS ?kind) }
  UNION { ?read a hgr:ObligationReading ; hgr:readsConduct ?c .
          ?b hgr:sanctionsConduct ?c ; hgr:penaltyOf ?a .
          { ?read hgr:obligation ?art } UNION { ?read hgr:obligation/eli:is_part_of ?art }
          UNION { ?read hgr:obligation/eli:is_part_of/eli:is_part_of ?art }
          BIND("punished" AS ?kind) }
  UNION { ?back hgr:refersTo ?art ; hgr:citingArticle ?a . BIND("citedby" AS ?kind) }
  UNION { ?rel a hgr:ProvisionRelation ; rdfs:label ?a ; hgr:isInterpretation ?reading .
          { ?rel hgr:relatesFrom ?art ; hgr:relatesTo ?b }
          UNION { ?rel hgr:relatesTo ?art ; hgr:relatesFrom ?b }
          FILTER(LANG(?a) = "en") BIND(IF(?reading, "reading", "stated") AS ?kind) }
}"""
)
PENALTIES = (
    PREFIXES
    + """SELECT ?penalty ?kind ?a WHERE {
  ?penalty a hgr:Penalty ; hgr:inVersion ?version .
  { ?penalty rdfs:label ?a . FILTER(LANG(?a) = "en") BIND("label" AS ?kind) }
  UNION { ?penalty hgr:sanctionKind ?a . BIND("sanction" AS ?kind) }
  UNION { ?penalty hgr:fine/hgr:text ?a . BIND("fine" AS ?kind) }
  UNION { ?penalty hgr:authorityText ?a . BIND("authority" AS ?kind) }
  UNION { ?penalty hgr:sanctionsConduct/hgr:conductDefinedIn ?a . BIND("breach" AS ?kind) }
}"""
)


AMENDING_ACTS = (
    PREFIXES
    + """SELECT DISTINCT ?act ?label WHERE {
  ?art hgr:partOfVersion ?version ; hgr:amendedBy ?act .
  OPTIONAL { ?act eli:title_short|eli:title|rdfs:label ?label . FILTER(LANG(?label) = "en") }
} ORDER BY ?act ?label"""
)


def amending_acts(site: Site, version: Version) -> list[tuple[str, str]]:
    """The acts that amended articles into ``version`` (``hgr:amendedBy``): (page, label), one each."""
    from hgr_kg.query.canned import run_local

    found: dict[str, str] = {}
    for act, name in run_local(site.graph, AMENDING_ACTS, {"version": URIRef(version.iri)}).rows:
        found.setdefault(str(act), str(name) if name is not None else str(act).rsplit("/", 1)[-1])
    return [(f"/id/{iri.rsplit('/', 1)[-1]}", name) for iri, name in found.items()]


def routes(site: Site) -> list:
    return [
        Route("/law", guarded(lambda request: law_index(site, request))),
        Route("/law/{instrument}", guarded(lambda request: reader(site, request))),
    ]


def instruments(site: Site) -> list[tuple[str, str]]:
    """(work id, English title) of every instrument with a text, by id."""
    from hgr_kg.query.canned import run_local

    def make() -> list[tuple[str, str]]:
        rows = run_local(site.graph, WORKS, {}).rows
        found = {str(w).rsplit("/", 1)[-1]: str(t) if t is not None else "" for w, t in rows}
        return sorted(found.items())

    return site.once("instruments", make)


def law_index(site: Site, request: Request) -> Response:
    return page("law-index", title="Statutes", instruments=instruments(site))


@dataclass
class Penalty:
    iri: str
    label: str = ""
    sanctions: list[str] = field(default_factory=list)
    fines: list[str] = field(default_factory=list)
    authorities: list[str] = field(default_factory=list)
    breaches: list[tuple[str, str]] = field(default_factory=list)  # (text, href)


@dataclass
class Article:
    text: ArticleText
    anchor: str
    pieces: list[tuple[str, str | None, str]]  # (text, href or None, title)
    english: list[str]
    cites: list[tuple[str, str]]  # (label, href)
    penalties: list[Penalty]
    punished_by: list[tuple[str, str | None]]  # (label, href): the penalty articles for breaking it
    cited_by: list[tuple[str, str | None]]  # (label, href): the articles whose text refers to it
    # (label, href, what the relation says, whether it is the curators' reading)
    related: list[tuple[str, str | None, str, bool]] = field(default_factory=list)


def choose(site: Site, instrument: str, request: Request) -> tuple[list[Version], Version]:
    """The versions of ``instrument`` and the one asked for: ``?version=NAME``, else the one in force
    ``?on=DATE``, else the one in force today (else the latest)."""
    from hgr_kg.read.law import parse_day, version_on, versions

    known = versions(site.graph, instrument)
    name, on = request.query_params.get("version"), request.query_params.get("on")
    if name:
        for version in known:
            if version.name == name:
                return known, version
        names = ", ".join(v.name for v in known)
        raise HgrKgError(f"version={name}: not a version of {instrument} ({names})")
    if on:
        return known, version_on(site.graph, instrument, parse_day(on, "on="))
    try:
        return known, version_on(site.graph, instrument, dt.date.today())
    except HgrKgError:
        return known, known[-1]


def reader(site: Site, request: Request) -> Response:
    from hgr_kg.read.law import articles, coverage_of, diff, loose_paragraphs

    instrument = request.path_params["instrument"]
    if instrument not in dict(instruments(site)):
        return problem(f"unknown instrument {instrument!r}: no version of it has a text", status=404)
    known, version = choose(site, instrument, request)
    version.coverage = coverage_of(site.graph, version)
    found = articles(site.graph, version) or loose_paragraphs(site.graph, version)
    earlier = [v for v in known if v.start and version.start and v.start < version.start]
    changes = None
    if earlier:
        previous = earlier[-1]
        start, end = dt.date.fromisoformat(previous.start), dt.date.fromisoformat(version.start)
        changes = diff(site.graph, instrument, start, end)
    return page("law", title=f"{version.title} ({version.name})", instrument=instrument, known=known,
                version=version, articles=annotate(site, version, found), diff=changes,
                source=text_source(site, version), acts=amending_acts(site, version) if changes else [],
                on=request.query_params.get("on", ""), toc=toc(found))  # fmt: skip


def toc(found: list[ArticleText]) -> list[tuple[str, list[ArticleText]]]:
    """The articles under their innermost heading, in order (a heading repeats if the text does)."""
    groups: list[tuple[str, list[ArticleText]]] = []
    for art in found:
        heading = " · ".join(art.headings)
        if not groups or groups[-1][0] != heading:
            groups.append((heading, []))
        groups[-1][1].append(art)
    return groups


def annotate(site: Site, version: Version, found: list[ArticleText]) -> list[Article]:
    """Each article with its paraphrase, its references as links and its penalties."""
    from hgr_kg.graph.statute_ids import article_iri
    from hgr_kg.query.canned import run_local
    from hgr_kg.serve.resources import href, link

    rows = run_local(site.graph, EXTRAS, {"version": URIRef(version.iri)}).rows
    english, refs = defaultdict(set), defaultdict(list)
    penalty_iris, punished, cited_by = defaultdict(set), defaultdict(set), defaultdict(set)
    related = defaultdict(set)
    for art, kind, a, b in rows:
        key = str(art)
        if str(kind) in ("reading", "stated"):
            related[key].add((b, str(a), str(kind) == "reading"))
        elif str(kind) == "en":
            english[key].add(str(a))
        elif str(kind) == "ref":
            refs[key].append((str(a), b))
        elif str(kind) == "punished":
            punished[key].add(a)
        elif str(kind) == "citedby":
            cited_by[key].add(a)
        else:
            penalty_iris[key].add(str(b))
    penalties = _penalties(site, version)
    out = []
    for art in found:
        iri = str(article_iri(version.name, art.number))
        targets = refs[iri]
        cites = sorted({(link(site, t).text, _target(version, t, href(site, t))) for _, t in targets})
        out.append(Article(
            art, f"art-{art.number}", pieces(art.text or "", targets, version, href),
            sorted(english[iri]), cites, [penalties[p] for p in sorted(penalty_iris[iri]) if p in penalties],
            _articles(site, version, punished[iri]), _articles(site, version, cited_by[iri]),
            _related(site, version, related[iri]),
        ))  # fmt: skip
    return out


def _related(site: Site, version: Version, found: set) -> list[tuple[str, str | None, str, bool]]:
    """The articles of other instruments a curated relation links (hgr:ProvisionRelation): (label,
    href, what the relation says, whether it is the curators' reading), by label. An article is named
    by its work's short English title and its number, and links to it in the reader."""
    from hgr_kg.namespaces import ELI, HGR

    out = []
    for article, text, reading in found:
        other = site.graph.value(article, HGR.partOfVersion)
        work = site.graph.value(other, ELI.is_member_of) if other is not None else None
        number = str(site.graph.value(article, ELI.number) or "")
        titles = [t for t in site.graph.objects(work, ELI.title_short) if getattr(t, "language", "") == "en"]
        if other is None or work is None or not number:
            out.append((str(article).rsplit("/", 1)[-1], None, text, reading))
            continue
        name = str(min(titles)) if titles else str(work).rsplit("/", 1)[-1]
        page_of = f"/law/{str(work).rsplit('/', 1)[-1]}?version={str(other).rsplit('/', 1)[-1]}#art-{number}"
        out.append((f"{name} Art. {number}", page_of, text, reading))
    return sorted(out)


def _articles(site: Site, version: Version, iris: set) -> list[tuple[str, str | None]]:
    """Articles as (label, href), in the order of their numbers: an article of the version read by
    its number and in-page anchor, another by its label and page."""
    from hgr_kg.serve.resources import href

    found = {(_article_label(site, version, a), _target(version, a, href(site, a))) for a in iris}
    return sorted(found, key=lambda pair: _number_key(pair[0]))


def _number_key(label: str) -> tuple:
    """Art. 9 before Art. 10 before another instrument's article (by its label)."""
    number = label.removeprefix("Art. ")
    base, _, sub = number.partition("-")
    if label.startswith("Art. ") and base.isdigit():
        return (0, int(base), int(sub) if sub.isdigit() else 0, label)
    return (1, 0, 0, label)


def text_source(site: Site, version: Version) -> dict[str, str]:
    """Where the version's text was read (the mirror, its address, the commit, the file, the kind of
    source) and the status of that text (its derived hgr:factStatus), for the reader's pages."""
    from hgr_kg.export.legislation import statute
    from hgr_kg.namespaces import HGR

    law = statute(site.graph, URIRef(version.iri))
    from hgr_kg.graph.labels import label as label_of

    status = site.graph.value(URIRef(version.iri), HGR.factStatus)
    return {"mirror": law.mirror, "url": law.mirror_url if law.mirror_url.startswith("https://") else "",
            "commit": law.commit.removeprefix("commit "), "file": law.text_file, "kind": law.mirror_kind,
            "status": label_of(site.graph, status, "en") if status is not None else "",
            "witness": second_witness(site.graph, URIRef(version.iri))}  # fmt: skip


def second_witness(graph: object, version: URIRef) -> str:
    """The comparison with a second witness recorded for the version's text file ('Second witness: …', a
    comment of the file's source document, hgr_kg.graph.statute_graph), or ''."""
    from rdflib.namespace import DCTERMS, RDFS

    from hgr_kg.namespaces import HGR

    for citation in sorted(graph.objects(version, DCTERMS.source), key=str):
        if (citation, HGR.supports, HGR.textFile) not in graph:
            continue
        doc = graph.value(citation, DCTERMS.isPartOf)
        notes = [str(c) for c in graph.objects(doc, RDFS.comment) if str(c).startswith("Second witness: ")]
        return min(notes, default="")
    return ""


def _article_label(site: Site, version: Version, article: object) -> str:
    """``Art. 36`` for an article of the version read, else the article's label."""
    from hgr_kg.serve.resources import link

    prefix = f"{version.iri}-art"
    if str(article).startswith(prefix):
        return f"Art. {str(article)[len(prefix) :]}"
    return link(site, article).text


def _target(version: Version, target: object, fallback: str | None) -> str | None:
    """An in-page anchor for an article (or its paragraph, item) of the version read, else its page
    here, else the IRI itself if it is an http(s) one; None (no link, the text alone) for any other
    scheme: a ``javascript:``, ``data:`` or ``vbscript:`` IRI from the data never becomes an href."""
    prefix = f"{version.iri}-art"
    iri = str(target)
    if iri.startswith(prefix):
        return "#art-" + iri[len(prefix) :].split("-para", 1)[0]
    return fallback or web_link(iri)


def web_link(iri: str) -> str | None:
    """``iri`` if a browser may follow it as a link (http or https, by a case-blind scheme), else None."""
    return iri if re.match(r"https?://", iri, re.IGNORECASE) else None


def pieces(text: str, targets: list, version: Version, href: object) -> list[tuple[str, str | None, str]]:
    """``text`` cut into (piece, link, title): in each quoted reference (wherever it occurs), each
    article it names (第三十六条) links to that article where the reference resolves to it; a quote that
    names none (前款, 本条例) links whole to the first thing it resolves to."""
    by_quote: dict[str, list] = defaultdict(list)
    for quote, target in targets:
        by_quote[quote].append(target)
    spans = []
    for quote, where in by_quote.items():
        parts = _article_parts(quote, where, version, href)
        start = text.find(quote)
        while start != -1:
            spans += [(start + i, start + j, link, title) for i, j, link, title in parts]
            start = text.find(quote, start + len(quote))
    spans.sort()
    out, at = [], 0
    for start, end, target, title in spans:
        if start < at:  # overlaps a longer reference already linked
            continue
        if start > at:
            out.append((text[at:start], None, ""))
        out.append((text[start:end], target, title))
        at = end
    if at < len(text):
        out.append((text[at:], None, ""))
    return out


def _article_parts(quote: str, where: list, version: Version, href: object) -> list[tuple]:
    """(start, end, link, title) within ``quote``: each 第N条 that one of ``where`` is article N of."""
    from hgr_kg.sources.statutes import cn_numeral

    by_number = {}
    for target in sorted(where, key=str):
        match = re.search(r"-art(\d+(?:-\d+)?)(?:-para\d+.*)?$", str(target))
        if match:
            by_number.setdefault(match.group(1), target)
    parts = []
    for match in MENTION.finditer(quote):
        number = str(cn_numeral(match.group(1)))
        if match.group(2):
            number += f"-{cn_numeral(match.group(2))}"
        if number in by_number:
            target = by_number[number]
            link = _target(version, target, href(None, target))
            parts.append((match.start(), match.end(), link, str(target).rsplit("/", 1)[-1]))
    if parts:
        return parts
    first = sorted(where, key=str)[0]
    title = ", ".join(sorted(str(t).rsplit("/", 1)[-1] for t in where))
    return [(0, len(quote), _target(version, first, href(None, first)), title)]


def _penalties(site: Site, version: Version) -> dict[str, Penalty]:
    from hgr_kg.query.canned import run_local
    from hgr_kg.serve.resources import href, link

    found: dict[str, Penalty] = {}
    for iri, kind, value in run_local(site.graph, PENALTIES, {"version": URIRef(version.iri)}).rows:
        penalty = found.setdefault(str(iri), Penalty(str(iri)))
        kind = str(kind)
        if kind == "label":
            penalty.label = str(value)
        elif kind == "sanction":
            penalty.sanctions.append(link(site, value).text)
        elif kind == "fine":
            penalty.fines.append(str(value))
        elif kind == "authority":
            penalty.authorities.append(str(value))
        else:
            target = _target(version, value, href(site, value))
            penalty.breaches.append((str(value).rsplit("/", 1)[-1], target))
    for penalty in found.values():
        for values in (penalty.sanctions, penalty.fines, penalty.authorities, penalty.breaches):
            values[:] = sorted(set(values))
    return found
