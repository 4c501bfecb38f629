"""Cross-references in statute texts: 本条例第二十四条, 前款, 本条第一款, 第三十六条至第三十九条,
第X条第Y款第Z项, 《中华人民共和国生物安全法》, 依照法律、行政法规.

Each reference found in a paragraph (款) or item (项) becomes a ``hgr:Reference`` node holding the text
as quoted (``hgr:quotedText``), the unit it is in (``hgr:citingProvision``), its kind and what it
resolves to (``hgr:refersTo``): an article, paragraph or item of the same version (本条例…, 前款, a bare
第X条), or, for another instrument named by its title, that instrument's work and the work-level article
(``hgrid:{work}-art{n}``: which version applied depends on the date, which the reader chooses). The
citing article ``eli:cites`` every resource resolved. A reference that cannot be resolved (an instrument
not in the graph, an article the file does not hold) is kept, quoted, and becomes a validation warning
(hgrsh:UnresolvedReferenceShape). A generic reference (依照法律、行政法规, 按照国家有关规定,
遵守我国法律、行政法规和国家有关规定, 违反国家有关规定, or the 国家其他有关保密规定 joined to a
title) names no resource: it is
recorded with the kind ``hgrid:ref-generic`` and is not resolved, by its nature.

Instrument titles are matched against the ``title:`` of the data/texts headers and the ``eli:title``
@zh of data/instruments.ttl, with and without the prefix 中华人民共和国; an alias the text defines
(《中华人民共和国人类遗传资源管理条例》(以下称《条例》)) is followed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from hgr_kg.graph.statute_ids import article_iri, item_iri, paragraph_iri, work_article_iri
from hgr_kg.namespaces import ELI, HGR, HGRID
from hgr_kg.sources.statutes import Article, Statute, cn_numeral
from hgr_kg.sources.textcite import Triple, citation

NUM = r"[零〇一二两三四五六七八九十百千0-9]+"
UNIT = rf"第{NUM}条(?:之{NUM})?(?:第{NUM}款)?(?:第{NUM}项)?"
CHAIN = rf"{UNIT}(?:(?:至|、|和|或者|以及|及){UNIT})*"
# A generic reference: a verb of conformity (依照, 按照, 遵守, 依据, 根据) or breach
# (违反), an optional scope (有关, 相关, 我国) and field (有关生物技术研究、临床应用管理),
# then laws and regulations (法律、行政法规, 法律法规, ...) with or without state
# provisions (国家有关规定, 国家其他有关保密规定, 国务院的有关规定), or the state provisions
# alone; after a title, the state provisions joined to it (依照《…法》和国家其他有关保密规定).
# 依法 (by law) is an adverb, not a reference.
_LAWS = r"(?:法律、行政法规|法律、法规|法律法规|行政法规|法律)"
_STATE = r"(?:国家(?:其他)?(?:有关)?[^，。；、《》]{0,4}?规定|国务院(?:的)?有关规定)"
GENERIC = (
    rf"(?:依照|按照|遵守|依据|根据|违反)(?:相关|有关|我国)?(?:[^，。；：《》第]{{1,16}}?管理)?"
    rf"(?:{_LAWS}(?:(?:和|以及|或者){_STATE})?|{_STATE})(?:的规定|规定)?"
    rf"|(?:(?<=》和)|(?<=》及)|(?<=》以及)){_STATE}"
)
SELF_NAMES = ("本条例", "本法", "本细则", "本实施细则", "本办法", "本规定")
REF_RE = re.compile(
    rf"(?P<title>《[^》]+》)(?P<tchain>{CHAIN})?"
    rf"|(?P<self>{'|'.join(SELF_NAMES)})(?P<schain>{CHAIN})"
    rf"|本条(?!例)(?P<thispara>第{NUM}款(?:第{NUM}项)?)?"
    rf"|(?P<prev>前[两三四]?款)"
    rf"|(?P<chain>{CHAIN})"
    rf"|(?P<para>第{NUM}款(?:第{NUM}项)?)"
    rf"|(?P<generic>{GENERIC})"
)
UNIT_RE = re.compile(rf"第({NUM})条(?:之({NUM}))?(?:第({NUM})款)?(?:第({NUM})项)?")
PARA_RE = re.compile(rf"第({NUM})款(?:第({NUM})项)?")
ALIAS_RE = re.compile(r"《([^》]+)》[(（]以下(?:简)?称《([^》]+)》[)）]")
CN_PREFIX = "中华人民共和国"
KINDS = ("internal", "relative", "external", "generic")


@dataclass
class Reference:
    """One reference as quoted, where it is, and what it resolves to (empty: unresolved)."""

    quote: str
    kind: str  # one of KINDS
    article: Article
    unit: URIRef
    line: int
    targets: list[URIRef] = field(default_factory=list)


@functools.lru_cache(maxsize=8)
def title_index(texts_dir: str) -> dict[str, str]:
    """Instrument titles (Chinese) -> work id, from the data/texts headers and data/instruments.ttl."""
    index: dict[str, str] = {}
    instruments = Path(texts_dir).parent / "instruments.ttl"
    if instruments.is_file():
        from hgr_kg.sources.turtle import parse_turtle  # a syntax error names the file and line

        graph = parse_turtle(instruments)
        for subject, title in graph.subject_objects(ELI.title):
            if getattr(title, "language", None) == "zh" and (subject, ELI.is_member_of, None) not in graph:
                index.setdefault(str(title), str(subject).rsplit("/", 1)[1])
    for path in sorted(Path(texts_dir).glob("*.md")):
        header = _header(path)
        if header.get("title") and header.get("instrument"):
            index[str(header["title"])] = str(header["instrument"])
    for title, work in list(index.items()):
        if title.startswith(CN_PREFIX):
            index.setdefault(title[len(CN_PREFIX) :], work)
    return index


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 20x faster on these headers


def _header(path: Path) -> dict:
    from hgr_kg.inputs import SOURCE, read_input

    lines = read_input(path, SOURCE).split(b"\n")
    try:
        end = lines.index(b"---", 1)
        header = yaml.load(b"\n".join(lines[1:end]).decode("utf-8"), Loader=_LOADER) or {}
    except (ValueError, yaml.YAMLError):  # (a UnicodeDecodeError is a ValueError)
        return {}  # the statute parser reports a bad header with its line; here it only lacks a title
    return header if isinstance(header, dict) else {}


def expand_chain(version: str, text: str) -> list[URIRef]:
    """第三十六条至第三十九条 -> Arts. 36..39; 第四条第二款 -> para 2 of Art. 4; lists joined by 、和."""
    targets: list[URIRef] = []
    units = list(UNIT_RE.finditer(text))
    for n, unit in enumerate(units):
        base = cn_numeral(unit.group(1))
        number = f"{base}-{cn_numeral(unit.group(2))}" if unit.group(2) else str(base)
        joiner = text[units[n - 1].end() : unit.start()] if n else ""
        if joiner == "至" and not units[n - 1].group(2):
            start = cn_numeral(units[n - 1].group(1))
            targets += [article_iri(version, str(a)) for a in range(start + 1, base)]
        if unit.group(4):  # 第X条第Z项 without a 款: the article's only paragraph
            para = cn_numeral(unit.group(3)) if unit.group(3) else 1
            targets.append(item_iri(version, number, para, cn_numeral(unit.group(4))))
        elif unit.group(3):
            targets.append(paragraph_iri(version, number, cn_numeral(unit.group(3))))
        else:
            targets.append(article_iri(version, number))
    return targets


class _Resolver:
    """Resolves the references of one statute; knows its version, its units and the titles."""

    def __init__(self, statute: Statute, titles: dict[str, str]) -> None:
        self.statute = statute
        self.version = str(statute.header["version"])
        self.work = str(statute.header.get("instrument", ""))
        self.titles = dict(titles)
        self.own_title = str(statute.header.get("title", ""))
        self.known = self._units()

    def _units(self) -> set[URIRef]:
        """The units a reference may point to: those of the text, and every article up to the header's
        ``articles_total`` (an article not read is in the graph, marked so; its paragraphs are not)."""
        known: set[URIRef] = set()
        total = self.statute.header.get("articles_total")
        if isinstance(total, int):
            known.update(article_iri(self.version, str(n)) for n in range(1, total + 1))
        for art in self.statute.articles:
            known.add(article_iri(self.version, art.number))
            for para in art.paragraphs:
                known.add(paragraph_iri(self.version, art.number, para.position))
                k = para.position
                known.update(item_iri(self.version, art.number, k, i.position) for i in para.items)
        return known

    def learn_aliases(self, text: str) -> None:
        for full, short in ALIAS_RE.findall(text):
            work = self._work_of(full)
            if work:
                self.titles[short] = work

    def _work_of(self, title: str) -> str | None:
        if title == self.own_title or CN_PREFIX + title == self.own_title:
            return self.work
        return self.titles.get(title) or self.titles.get(title.removeprefix(CN_PREFIX))

    def internal(self, text: str) -> list[URIRef]:
        targets = expand_chain(self.version, text)
        return targets if all(t in self.known for t in targets) else []

    def resolve(self, match: re.Match[str], article: Article, k: int) -> tuple[str, list[URIRef]]:
        groups = match.groupdict()
        if groups["generic"]:
            return "generic", []
        if groups["title"]:
            work = self._work_of(groups["title"][1:-1])
            if work == self.work:
                return "internal", self.internal(groups["tchain"] or "") if groups["tchain"] else []
            if work is None:
                return "external", []
            if not groups["tchain"]:
                return "external", [HGRID[work]]
            targets = expand_chain(work, groups["tchain"])
            numbers = [str(t).rsplit("-art", 1)[1].split("-para")[0] for t in targets]
            return "external", [work_article_iri(work, n) for n in dict.fromkeys(numbers)]
        if groups["schain"] or groups["chain"]:
            return "internal", self.internal(groups["schain"] or groups["chain"])
        return "relative", self._relative(groups, article, k)

    def _relative(self, groups: dict, article: Article, k: int) -> list[URIRef]:
        if groups["prev"]:
            count = {"前款": 1, "前两款": 2, "前三款": 3, "前四款": 4}[groups["prev"]]
            paras = range(max(1, k - count), k)
            targets = [paragraph_iri(self.version, article.number, p) for p in paras]
        else:
            spec = groups["thispara"] or groups["para"]
            if not spec:
                return [article_iri(self.version, article.number)]
            m = PARA_RE.match(spec)
            para = cn_numeral(m.group(1))
            if m.group(2):
                targets = [item_iri(self.version, article.number, para, cn_numeral(m.group(2)))]
            else:
                targets = [paragraph_iri(self.version, article.number, para)]
        return targets if targets and all(t in self.known for t in targets) else []


def references(statute: Statute, titles: dict[str, str]) -> list[Reference]:
    """Every cross-reference in the articles of ``statute`` (those of ``graph_articles`` if the header
    selects some), in text order."""
    if statute.structure != "articles":
        return []
    resolver = _Resolver(statute, titles)
    selected = {str(n) for n in statute.header.get("graph_articles") or []}
    found: list[Reference] = []
    for art in statute.articles:
        if selected and art.number not in selected:
            continue
        for para in art.paragraphs:
            units = [(paragraph_iri(resolver.version, art.number, para.position), para.intro, para.line)]
            units += [
                (item_iri(resolver.version, art.number, para.position, i.position), i.text, i.line)
                for i in para.items
            ]
            for unit, text, line in units:
                resolver.learn_aliases(text)
                for match in REF_RE.finditer(text):
                    kind, targets = resolver.resolve(match, art, para.position)
                    found.append(Reference(match.group(0), kind, art, unit, line, targets))
    return found


def reference_triples(statute: Statute, stem: str, path: str, titles: dict[str, str]) -> Iterator[Triple]:
    """The triples of every cross-reference of ``statute``."""
    version = str(statute.header["version"])
    counters: dict[URIRef, int] = {}
    for ref in references(statute, titles):
        counters[ref.unit] = counters.get(ref.unit, 0) + 1
        node = URIRef(f"{ref.unit}-ref{counters[ref.unit]}")
        cite, cite_triples = citation(stem, path, ref.line)
        yield from cite_triples
        yield (node, RDF.type, HGR.Reference)
        yield (node, HGR.citingProvision, ref.unit)
        yield (node, HGR.citingArticle, article_iri(version, ref.article.number))
        yield (node, HGR.citingVersion, HGRID[version])
        yield (node, HGR.quotedText, Literal(ref.quote, lang="zh"))
        yield (node, HGR.referenceKind, HGRID[f"ref-{ref.kind}"])
        label = f"{ref.quote}, cited in {version} Art. {ref.article.number}"
        yield (node, RDFS.label, Literal(label, lang="en"))
        yield (node, DCTERMS.source, cite)
        for target in ref.targets:
            yield (node, HGR.refersTo, target)
            yield (article_iri(version, ref.article.number), ELI.cites, target)
