"""A statute text file (data/texts/*.md) as RDF: the version, its divisions, articles, paragraphs and
items, each an ``eli:LegalResourceSubdivision`` with its numbers, position, Chinese text and the line
of the file it was read from; then, over the whole graph, each version's interval in force.

IRIs follow hgr_kg.graph.statute_ids (articles, paragraphs, items, work-level articles); a division's IRI
is its parent's plus ``-part{n}``, ``-sub{n}``, ``-ch{n}``, ``-sec{n}``, ``-supplementary`` or
``-annex{n}`` (so chapters restarting in each part of the Criminal Law stay distinct). A header's
``graph_articles`` keeps only those articles (and the divisions holding them) of a large code; the
version then says so (``hgr:textCoverage hgrid:coverage-selection``), and every answer over it too.
A header's ``articles_total`` (with ``articles_read``) makes the articles not read explicit:
``hgr:textStatus hgrid:status-not-read`` and no text.

``text_to_graph`` takes ``hooks``: functions called with the parsed statute and its header that
yield more triples for the same graph (the build passes hgr_kg.graph.lawdata's penalties and
cross-references).

Dates: the header's ``dates`` events map to ELI properties. An event dated before the version's own
date (its last amendment or revision) belongs to the work's history, so it goes on the work.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, XSD
from rdflib.term import Node

from hgr_kg.errors import HgrKgError
from hgr_kg.graph.statute_ids import article_iri, item_iri, paragraph_iri, work_article_iri
from hgr_kg.namespaces import ELI, HGR, HGRID
from hgr_kg.sources.statutes import Article, Division, Paragraph, Statute, read_statute

Triple = tuple[Node, Node, Node]
Hook = Callable[[Statute, dict], Iterable[Triple]]

KIND_SUFFIX = {"part": "part", "subpart": "sub", "chapter": "ch", "section": "sec", "annex": "annex"}
SUBDIVISION_TYPE = {
    kind: HGRID[f"subdivision-{kind}"]
    for kind in (
        "part",
        "subpart",
        "chapter",
        "section",
        "supplementary",
        "annex",
        "article",
        "paragraph",
        "item",
    )
}
NOT_READ = HGRID["status-not-read"]
VERSION_EVENTS = {  # header event (its first words) -> property
    "adopted": ELI.date_document,
    "promulgated": ELI.date_publication,
    "entry into force": ELI.first_date_entry_in_force,
}
OWN_DATE_EVENTS = ("amended", "revised")


class _Builder:
    """Adds one statute's triples to a graph; one method per kind of unit."""

    def __init__(self, statute: Statute, name: str, hooks: Sequence[Hook] = ()) -> None:
        self.statute, self.name, self.hooks = statute, name, tuple(hooks)
        header = statute.header
        try:
            self.version = str(header["version"])
            self.work = str(header["instrument"])
        except KeyError as missing:
            raise HgrKgError(f"{statute.path}:2: the header needs '{missing.args[0]}'") from None
        self.v = HGRID[self.version]
        self.w = HGRID[self.work] if self.work != self.version else None
        self.stem = Path(name).stem
        self.source = HGRID[f"src-text-{self.stem}"]
        self.out: list[Triple] = []  # added to the graph (or written as N-Triples) at the end: faster
        self.selection = _selection(header, statute.path)

    def add(self, s: Node, p: Node, o: Node) -> None:
        self.out.append((s, p, o))

    def cite(self, subject: URIRef, line: int | str, supports: Iterable[URIRef] = ()) -> URIRef:
        """``subject`` dcterms:source a citation of the text file at ``line`` (or 'header')."""
        where = f"line {line}" if isinstance(line, int) else str(line)
        key = re.sub(r"[^A-Za-z0-9]+", "-", where).strip("-")
        citation = HGRID[f"cite-text-{self.stem}-{key}"]
        self.add(citation, RDF.type, HGR.Citation)
        self.add(citation, DCTERMS.isPartOf, self.source)
        self.add(citation, HGR.locator, Literal(f"data/texts/{self.name}, {where}"))
        for prop in supports:
            self.add(citation, HGR.supports, prop)
        self.add(subject, DCTERMS.source, citation)
        return citation

    def subdivision(self, iri: URIRef, parent: URIRef, kind: str, number: str, position: int) -> None:
        self.add(iri, RDF.type, ELI.LegalResourceSubdivision)
        self.add(iri, ELI.is_part_of, parent)
        self.add(parent, ELI.has_part, iri)
        self.add(iri, HGR.partOfVersion, self.v)
        self.add(iri, ELI.type_subdivision, SUBDIVISION_TYPE[kind])
        self.add(iri, ELI.number, Literal(number))
        self.add(iri, HGR.position, Literal(position, datatype=XSD.integer))

    def build(self) -> list[Triple]:
        """Every triple of the statute and of the hooks, in order (some more than once)."""
        self.version_triples()
        self.source_document()
        if self.statute.structure == "decision":
            self.loose_paragraphs(self.statute.loose_paragraphs())
        else:
            top = self.statute.divisions + [a for a in self.statute.articles if a.division is None]
            self.children(self.v, self.version, sorted(top, key=lambda node: node.line))
            self.not_read()
            if not self.statute.articles:  # numbered sections, not articles (the service guide)
                self.loose_paragraphs(self.statute.loose_paragraphs())
        for hook in self.hooks:
            self.out.extend(hook(self.statute, self.statute.header))
        return self.out

    def loose_paragraphs(self, paragraphs: list[tuple[int, int, str]]) -> None:
        """(position, line, text): the paragraphs of a text without articles, directly in the version."""
        for position, line, text in paragraphs:
            iri = HGRID[f"{self.version}-para{position}"]
            self.subdivision(iri, self.v, "paragraph", str(position), position)
            self.add(iri, HGR.text, Literal(text, lang="zh"))
            self.cite(iri, line, [HGR.text])

    def children(self, parent: URIRef, prefix: str, nodes: list[Division | Article]) -> None:
        """The divisions and articles directly under ``parent``, in the order of the file."""
        positions: dict[str, int] = {}
        for node in nodes:
            if isinstance(node, Article):
                if self.selection is None or node.number in self.selection:
                    positions["article"] = positions.get("article", 0) + 1
                    self.article(node, parent, positions["article"])
            elif self.keeps(node):
                positions[node.kind] = positions.get(node.kind, 0) + 1
                self.division(node, parent, prefix, positions[node.kind])

    def keeps(self, division: Division) -> bool:
        return self.selection is None or any(a.number in self.selection for a in division.articles)

    def division(self, div: Division, parent: URIRef, prefix: str, position: int) -> None:
        suffix = KIND_SUFFIX.get(div.kind, div.kind)
        own = f"{prefix}-{suffix}" + ("" if div.number is None else str(div.number))
        iri = HGRID[own]
        number = str(div.number) if div.number is not None else div.title
        self.subdivision(iri, parent, div.kind, number, position)
        self.add(iri, HGR.printedNumber, Literal(div.number_printed, lang="zh"))
        if div.title and div.title != div.number_printed:
            self.add(iri, ELI.title, Literal(div.title, lang="zh"))
        self.cite(iri, div.line, [HGR.printedNumber, ELI.title])
        self.children(iri, own, div.children)

    def article(self, art: Article, parent: URIRef, position: int) -> None:
        iri = article_iri(self.version, art.number)
        self.subdivision(iri, parent, "article", art.number, position)
        self.add(iri, HGR.printedNumber, Literal(art.number_printed, lang="zh"))
        self.add(iri, HGR.text, Literal(art.text, lang="zh"))
        citation = self.cite(iri, art.line, [HGR.printedNumber, HGR.text])
        self.work_article(iri, art.number, citation)
        for para in art.paragraphs:
            self.paragraph(art, para)

    def work_article(self, iri: URIRef, number: str, citation: URIRef) -> None:
        if self.w is None:
            return
        work_art = work_article_iri(self.work, number)
        self.add(iri, ELI.is_member_of, work_art)
        self.add(work_art, ELI.has_member, iri)
        self.add(work_art, RDF.type, ELI.LegalResourceSubdivision)
        self.add(work_art, ELI.is_part_of, self.w)
        self.add(work_art, ELI.type_subdivision, SUBDIVISION_TYPE["article"])
        self.add(work_art, ELI.number, Literal(number))
        self.add(work_art, DCTERMS.source, citation)

    def paragraph(self, art: Article, para: Paragraph) -> None:
        iri = paragraph_iri(self.version, art.number, para.position)
        self.subdivision(iri, article_iri(self.version, art.number), "paragraph", str(para.position),
                         para.position)  # fmt: skip
        self.add(iri, HGR.text, Literal(para.text, lang="zh"))
        self.cite(iri, para.line, [HGR.text])
        for item in para.items:
            item_node = item_iri(self.version, art.number, para.position, item.position)
            self.subdivision(item_node, iri, "item", str(item.number), item.position)
            self.add(item_node, HGR.printedNumber, Literal(item.number_printed, lang="zh"))
            self.add(item_node, HGR.text, Literal(item.text, lang="zh"))
            self.cite(item_node, item.line, [HGR.printedNumber, HGR.text])

    def not_read(self) -> None:
        """Articles 1..articles_total that the file does not hold: marked, without text."""
        total = self.statute.header.get("articles_total")
        if total is None:
            return
        if not isinstance(total, int) or total < 1:
            raise HgrKgError(f"{self.statute.path}: articles_total must be a positive integer")
        read = {a.number for a in self.statute.articles}
        for n in range(1, total + 1):
            if str(n) in read:
                continue
            iri = article_iri(self.version, str(n))
            self.subdivision(iri, self.v, "article", str(n), n)
            self.add(iri, HGR.textStatus, NOT_READ)
            citation = self.cite(iri, "header: articles_total, articles_read", [HGR.textStatus])
            self.work_article(iri, str(n), citation)
        self.add(self.v, HGR.statedArticleCount, Literal(total, datatype=XSD.integer))
        chapters = self.statute.header.get("chapters_total")
        if isinstance(chapters, int):
            self.add(self.v, HGR.statedChapterCount, Literal(chapters, datatype=XSD.integer))
        supports = [HGR.statedArticleCount, HGR.statedChapterCount]
        self.cite(self.v, "header: articles_total, chapters_total", supports)

    def coverage(self) -> None:
        """Whole or fragments: a header that names what was not read (articles_not_read) holds
        fragments, and the header's words for what was and was not read go with it."""
        header = self.statute.header
        if self.selection is not None:
            chosen = sorted(self.selection, key=lambda n: [int(x) for x in n.split("-")])
            self.add(self.v, HGR.graphSelection, Literal(", ".join(chosen)))
            self.add(self.v, HGR.textCoverage, HGRID["coverage-selection"])
            rest = len(self.statute.articles) - len(chosen)
            held = f"Arts. {', '.join(chosen)} (header graph_articles)"
            self.add(self.v, HGR.partsRead, Literal(held, lang="en"))
            self.add(self.v, HGR.partsNotRead, Literal(f"the other {rest} articles of the file, which the "
                                                       "header does not put into the graph", lang="en"))
            return
        if header.get("articles_not_read") is None:
            self.add(self.v, HGR.textCoverage, HGRID["coverage-whole"])
            return
        self.add(self.v, HGR.textCoverage, HGRID["coverage-fragments"])
        self.add(self.v, HGR.partsNotRead, Literal(str(header["articles_not_read"]), lang="en"))
        if header.get("articles_read") is not None:
            self.add(self.v, HGR.partsRead, Literal(str(header["articles_read"]), lang="en"))

    def version_triples(self) -> None:
        header = self.statute.header
        self.add(self.v, RDF.type, ELI.LegalResource)
        if self.w is not None:
            self.add(self.w, RDF.type, ELI.LegalResource)
            self.add(self.v, ELI.is_member_of, self.w)
            self.add(self.w, ELI.has_member, self.v)
        if header.get("title"):
            self.add(self.v, ELI.title, Literal(str(header["title"]), lang="zh"))
        self.add(self.v, HGR.textFile, Literal(f"data/texts/{self.name}"))
        if self.statute.structure != "decision":  # articles, read from Markdown or from a JSON file
            count = Literal(len(self.statute.articles), datatype=XSD.integer)
            self.add(self.v, HGR.articlesInTextFile, count)
        self.coverage()
        self.cite(self.v, "header", [ELI.title, HGR.textFile, HGR.articlesInTextFile, HGR.textCoverage,
                                     HGR.partsRead, HGR.partsNotRead, HGR.graphSelection])  # fmt: skip
        for subject, prop, day, stated in _date_events(header, self.statute.path):
            node = self.v if subject == "version" or self.w is None else self.w
            if subject.startswith("revision "):
                node = self.revision(subject.removeprefix("revision "))
            self.add(node, prop, Literal(day, datatype=XSD.date))
            supports = [prop]
            if prop == ELI.version_date:  # the version's own change: a revision (修订) or an amendment (修正)
                change = "修订" if stated.startswith("revised") else "修正"
                self.add(node, HGR.versionChange, Literal(change, lang="zh"))
                supports.append(HGR.versionChange)
            self.cite(node, self.where_stated(stated), supports)

    def where_stated(self, stated: str) -> int | str:
        """The line of the article a header date is stated in (``Art. 1260: 本法自2021年1月1日起施行``:
        the quoted words must be in that article, else the header is refused), else the header."""
        match = re.search(r"\bArt\. ([0-9]+(?:-[0-9]+)?): ([^;\s]+)", stated)
        if match is None:
            return f"header, dates: {stated}"
        article = self.statute.article(match.group(1))  # one line naming the file if there is none
        if match.group(2) not in article.text:
            raise HgrKgError(f"{self.statute.path}: dates: {stated!r}: Art. {match.group(1)} (line "
                             f"{article.line}) does not say {match.group(2)}")  # fmt: skip
        return article.line

    def revision(self, day: str) -> URIRef:
        """The work as revised on ``day``: a version of it whose text is not held (the header of a later
        consolidated text dates the revision and its entry into force), so that the revision's entry
        into force is not put on the work as if the original law had entered into force then."""
        node = HGRID[f"{self.work}-revision-{day[:4]}"]
        self.add(node, RDF.type, ELI.LegalResource)
        self.add(node, ELI.is_member_of, self.w)
        self.add(self.w, ELI.has_member, node)
        title = self.statute.header.get("title", self.work)
        label = f"{title} as revised on {day} (in force until the next version held; its text is not held)"
        self.add(node, RDFS.label, Literal(label, lang="en"))
        self.cite(node, "header: title", [RDFS.label])
        return node

    def source_document(self) -> None:
        header, src = self.statute.header, self.source
        source = header.get("source") or {}
        label = header.get("version_label") or self.version
        self.add(src, RDF.type, HGR.SourceDocument)
        self.add(src, DCTERMS.title, Literal(f"{header.get('title', self.version)} ({label}), "
                                             f"text file data/texts/{self.name}", lang="zh"))  # fmt: skip
        self.add(src, HGR.sourceKind, HGRID["sourcekind-mirror"])  # each body is a mirror's file
        if source.get("repository"):
            self.add(src, DCTERMS.identifier, Literal(f"{source['repository']}: {source.get('path', '')}"))
            self.add(src, DCTERMS.publisher, Literal(f"{source['repository']} (GitHub)"))
        if source.get("commit"):
            self.add(src, DCTERMS.identifier, Literal(f"commit {source['commit']}"))
        if source.get("url"):
            self.add(src, FOAF.page, URIRef(str(source["url"])))
        for excerpt in source.get("excerpts") or []:
            self.add(src, DCTERMS.identifier, Literal(str(excerpt.get("url", ""))))
            if excerpt.get("publisher"):
                self.add(src, DCTERMS.publisher, Literal(str(excerpt["publisher"])))
        if header.get("licence"):
            self.add(src, DCTERMS.rights, Literal(str(header["licence"])))
        if header.get("missing"):
            self.add(src, RDFS.comment, Literal(f"Missing: {header['missing']}", lang="en"))
        if isinstance(header.get("second_witness"), dict):
            self.second_witness(header["second_witness"])

    def second_witness(self, witness: dict) -> None:
        """The header's ``second_witness``: another mirror's copy, a source document of its own; the text's
        document hgr:checkedAgainst it where the recorded result is 'identical' (hgr_kg.sources.witness)."""
        doc = HGRID[f"src-witness-{self.stem}"]
        self.add(doc, RDF.type, HGR.SourceDocument)
        title = self.statute.header.get("title", self.version)
        repository = witness.get("repository", "")
        where = f"file {witness.get('file', '')}"
        self.add(doc, DCTERMS.title, Literal(f"{title}, second witness, {where}", lang="zh"))
        self.add(doc, HGR.sourceKind, HGRID["sourcekind-mirror"])
        self.add(doc, DCTERMS.identifier, Literal(f"{repository}: {witness.get('path', '')}"))
        self.add(doc, DCTERMS.identifier, Literal(f"commit {witness.get('commit', '')}"))
        self.add(doc, DCTERMS.publisher, Literal(f"{repository} (GitHub)"))
        if witness.get("url"):
            self.add(doc, FOAF.page, URIRef(str(witness["url"])))
        result = str(witness.get("result", ""))
        comment = f"Compared with data/texts/{self.name}: {result}. {witness.get('summary', '')}".strip()
        self.add(doc, RDFS.comment, Literal(comment, lang="en"))
        self.add(self.source, RDFS.comment, Literal(f"Second witness: {comment}", lang="en"))
        if result == "identical":
            self.add(self.source, HGR.checkedAgainst, doc)


def _selection(header: dict, path: str) -> set[str] | None:
    chosen = header.get("graph_articles")
    if chosen is None:
        return None
    if not isinstance(chosen, list) or not chosen:
        raise HgrKgError(f"{path}: graph_articles must be a non-empty list of article numbers")
    return {str(n) for n in chosen}


def _date_events(header: dict, path: str) -> Iterator[tuple[str, URIRef, str, str]]:
    """(subject, property, YYYY-MM-DD, where stated) for each mapped header date event; the subject is
    "version", "work", or "revision DAY": an event dated before the version's own date belongs to the
    work's history, and a revision before that date with the entry into force that follows it (本法自
    1997年10月1日起施行 after the 1997 revision) to that revision, not to the work as first adopted."""
    events = header.get("dates") or []
    if not isinstance(events, list):
        raise HgrKgError(f"{path}: dates must be a list")
    own = [str(e["date"]) for e in events if str(e.get("event", "")).startswith(OWN_DATE_EVENTS)]
    version_date = max(own) if own else None
    revisions = sorted(str(e["date"]) for e in events if str(e.get("event", "")).startswith("revised"))
    for event in events:
        name, day = str(event.get("event", "")), str(event.get("date", ""))
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
            raise HgrKgError(f"{path}: dates: {day!r} is not YYYY-MM-DD")
        stated = f"{name}: {event['stated_in']}" if event.get("stated_in") else name
        if name.startswith(OWN_DATE_EVENTS) and day == version_date:
            yield "version", ELI.version_date, day, stated
            continue
        if name.startswith("revised") and version_date and day < version_date:
            yield f"revision {day}", ELI.date_document, day, stated
            continue
        prop = next((p for key, p in VERSION_EVENTS.items() if name.startswith(key)), None)
        if prop is None:
            continue
        if not version_date or day >= version_date:
            yield "version", prop, day, stated
            continue
        before = [r for r in revisions if r <= day]
        yield (f"revision {before[-1]}" if before else "work"), prop, day, stated


def text_triples(path: str | Path, hooks: Sequence[Hook] = ()) -> list[Triple]:
    """The triples of one data/texts file (see the module docstring) with those of every hook (the
    build writes them straight as N-Triples: adding 100,000 triples of a code to an rdflib graph takes
    seconds, hgr_kg.graph.build)."""
    return _Builder(read_statute(path), Path(path).name, hooks).build()


def text_to_graph(path: str | Path, graph: Graph | None = None, hooks: Sequence[Hook] = ()) -> Graph:
    """``text_triples`` added to ``graph`` (a new one if not given)."""
    graph = Graph() if graph is None else graph
    graph.addN((s, p, o, graph) for s, p, o in text_triples(path, hooks))
    return graph
