"""Penalties as data: the penalty articles of a statute text, read into who sanctions what, how, how much.

A penalty article is an article of a chapter titled 法律责任 (legal liability); of an instrument that is
not itself about human genetic resources (the Biosecurity Law), only the articles whose text names
人类遗传资源. Each paragraph that imposes a sanction becomes one ``hgr:Penalty`` attached to its
article (version level), with:

- the conduct it sanctions: one ``hgr:Conduct`` per item (项), or the paragraph's opening clause
  (…的) where it has no items, with the Chinese text quoted;
- the authority that imposes it, as printed (由…部门), and the organisation where one matches;
- the sanction kinds (SKOS concepts in ``hgrid:scheme-sanction-types``);
- the fines, as numbers parsed from the text (50万元 and 五十万元 are both 500000 CNY): a fixed range,
  or a multiple of the illegal gains with the threshold above which it applies;
- the period of a ban (1至5年内, 五年内).

Everything is read from the text; nothing is typed in. Links from a conduct to the obligation article it
breaches are the curator's reading and live in ``data/penalty-readings.ttl`` (``hgr:ObligationReading``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from hgr_kg.graph.crossrefs import REF_RE, expand_chain
from hgr_kg.graph.statute_ids import article_iri, item_iri, paragraph_iri
from hgr_kg.namespaces import HGR, HGRID
from hgr_kg.sources.statutes import Article, Paragraph, Statute, cn_numeral, read_statute
from hgr_kg.sources.textcite import Triple, citation

LIABILITY_CHAPTER = "法律责任"
HGR_WORDS = "人类遗传资源"

# The organisations of data/organisations.ttl that an authority, as printed, names.
AUTHORITY_ORGS = {
    "国务院科学技术行政部门": HGRID["org-most"],
    "国务院科学技术主管部门": HGRID["org-most"],
    "国务院卫生健康主管部门": HGRID["org-nhc"],
}

# Sanction kinds: (concept local name, pattern in the paragraph's text). Order is the order of output.
KINDS: tuple[tuple[str, str], ...] = (
    ("sanction-order-to-stop", r"责令停止"),
    ("sanction-order-to-correct", r"责令改正"),
    ("sanction-warning", r"警告"),
    ("sanction-confiscation", r"没收[^，；。]*人类遗传资源"),
    ("sanction-confiscation-illegal-gains", r"没收[^，；。]*违法所得"),
    ("sanction-fine", r"罚款"),
    ("sanction-revocation", r"撤销[^，；。]*许可"),
    ("sanction-business-suspension", r"暂停相关业务|停业整顿"),
    ("sanction-licence-revocation", r"吊销[^，；。]*(?:许可证|营业执照)"),
    ("sanction-ban-applications", r"不受理[^，；。]*申请"),
    ("sanction-ban-activities", r"禁止其?[0-9零一二三四五六七八九十至]+年内从事|年内禁止从事"),
    ("sanction-ban-permanent", r"永久禁止"),
    ("sanction-responsible-persons", r"责任人|法定代表人"),
    ("sanction-disciplinary", r"处分"),
    ("sanction-credit-record", r"信用记录"),
    ("sanction-under-other-law", r"依照法律、行政法规的规定处罚"),
    ("sanction-civil-liability", r"民事责任"),
    ("sanction-criminal-liability", r"刑事责任"),
    # the punishments of a criminal provision (Criminal Law Art. 334之一)
    ("sanction-life-imprisonment", r"无期徒刑"),
    ("sanction-imprisonment", r"(?<!无期)有期徒刑"),
    ("sanction-criminal-detention", r"拘役"),
    ("sanction-public-surveillance", r"(?:徒刑|拘役)[、或者]*管制|处管制"),
    ("sanction-criminal-fine", r"罚金"),
    ("sanction-confiscation-of-property", r"没收财产"),
)
# An article that imposes a criminal punishment (a provision of the Criminal Law's specific part).
CRIMINAL_RE = re.compile(r"有期徒刑|拘役|管制")
# A liability article of a law not about HGR that reaches every violation of it (Biosecurity Law Art. 82:
# 违反本法规定，构成犯罪的，依法追究刑事责任): the criminal route of its HGR articles.
GENERAL_CRIMINAL_RE = re.compile(r"^违反本(?:法|条例)规定，构成犯罪的")

_NUM = r"[0-9]+|[零〇一二两三四五六七八九十百千]+"
AMOUNT = rf"({_NUM})(万)?元"
FIXED_RE = re.compile(rf"处(?:{AMOUNT}以上)?{AMOUNT}以下的?罚款")
MULTIPLE_RE = re.compile(rf"违法所得在{AMOUNT}以上的，并?处违法所得({_NUM})倍以上({_NUM})倍以下的?罚款")
BAN_RANGE_RE = re.compile(rf"({_NUM})至({_NUM})年内")
BAN_MAX_RE = re.compile(rf"({_NUM})年内(?:不受理|禁止)")
# a prison term, and the circumstance (…的) that opens its clause: 情节特别严重的，处三年以上七年以下有期徒刑
TERM_RE = re.compile(rf"(?:^|[，；])([^，；]*的)，(处(?:({_NUM})年以上)?(?:({_NUM})年以下)?有期徒刑)")
AUTHORITY_RE = re.compile(
    r"由((?:(?!由)[^，；。])+?)(?:依据职责|根据职责分工)?(?=责令|撤销|依照|禁止|没收|给予)"
)
# A clause (between ，and ；) that imposes a sanction, rather than states a condition: the conduct of a
# paragraph without items is its clauses before the first of these, then each later condition (…的) that
# leads to a liability of its own (依法承担民事责任, 依法追究刑事责任), not an aggravation (情节严重的) or
# the illegal gains' threshold, the sanctions between them elided as …… (Art. 44: 违反本条例规定，
# 侵害他人合法权益的……构成犯罪的).
SANCTION_CLAUSE_RE = re.compile(
    r"^(?:并?由|责令|没收|可以|并?处|依法(?:给予|承担|追究)|给予|撤销|禁止|永久禁止|记入|依照)"
)
LIABILITY_CLAUSE_RE = re.compile(r"^依法(?:承担|追究)")


def amount(number: str, wan: str | None) -> int:
    """50 + 万 -> 500000; 五十 + 万 -> 500000; 一千 + 万 -> 10000000 (yuan)."""
    return cn_numeral(number) * (10_000 if wan else 1)


@dataclass(frozen=True)
class Fine:
    """A fine: a fixed range in CNY (``minimum`` may be None: 以下 only), or a multiple of the illegal
    gains (``multiple``), applying where the gains reach ``threshold``. ``text`` is the clause quoted."""

    text: str
    minimum: int | None = None
    maximum: int | None = None
    multiple: tuple[int, int] | None = None
    threshold: int | None = None


@dataclass(frozen=True)
class PrisonTerm:
    """A fixed-term imprisonment: years (``minimum`` None: 以下 only; ``maximum`` None: 以上 only), with
    the circumstance it applies in (情节严重的), as printed; ``text`` is the clause quoted (处…有期徒刑)."""

    text: str
    circumstance: str
    minimum: int | None
    maximum: int | None


@dataclass
class Penalty:
    """What one paragraph of a penalty article imposes."""

    article: Article
    paragraph: Paragraph
    authorities: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    fines: list[Fine] = field(default_factory=list)
    ban_years: tuple[int | None, int] | None = None
    prison_terms: list[PrisonTerm] = field(default_factory=list)
    conducts: list[tuple[int | None, str, int]] = field(default_factory=list)  # (item no., text, line)


def find_fines(text: str) -> list[Fine]:
    """Every fine in ``text``, in order."""
    found: list[tuple[int, Fine]] = []
    for m in FIXED_RE.finditer(text):
        low = amount(m.group(1), m.group(2)) if m.group(1) else None
        found.append((m.start(), Fine(m.group(0), minimum=low, maximum=amount(m.group(3), m.group(4)))))
    for m in MULTIPLE_RE.finditer(text):
        multiple = (cn_numeral(m.group(3)), cn_numeral(m.group(4)))
        fine = Fine(m.group(0), multiple=multiple, threshold=amount(m.group(1), m.group(2)))
        found.append((m.start(), fine))
    return [fine for _, fine in sorted(found, key=lambda pair: pair[0])]


def find_prison_terms(text: str) -> list[PrisonTerm]:
    """Every fixed-term imprisonment in ``text`` with its circumstance, in order."""
    terms = []
    for m in TERM_RE.finditer(text):
        low, high = (cn_numeral(g) if g else None for g in (m.group(3), m.group(4)))
        if low is not None or high is not None:
            terms.append(PrisonTerm(m.group(2), m.group(1), low, high))
    return terms


def find_authorities(text: str) -> list[str]:
    """The authorities as printed (由X责令…): 由A或者B依据职责… gives both A and B."""
    names: list[str] = []
    for m in AUTHORITY_RE.finditer(text):
        for name in m.group(1).split("或者"):
            if name and name not in names:
                names.append(name)
    return names


def find_kinds(text: str) -> list[str]:
    return [name for name, pattern in KINDS if re.search(pattern, text)]


def find_ban(text: str) -> tuple[int | None, int] | None:
    """A ban's period in years: 1至5年内 -> (1, 5); 5年内 / 五年内 -> (None, 5)."""
    m = BAN_RANGE_RE.search(text)
    if m:
        return cn_numeral(m.group(1)), cn_numeral(m.group(2))
    m = BAN_MAX_RE.search(text)
    return (None, cn_numeral(m.group(1))) if m else None


def conduct_text(sentence: str) -> str:
    """The conduct a sentence without items sanctions, quoted (see SANCTION_CLAUSE_RE)."""
    parts = re.split(r"([，；])", sentence)
    clauses, seps = parts[0::2], parts[1::2] + [""]
    quoted: list[str] = []
    current = ""
    for n, (clause, sep) in enumerate(zip(clauses, seps, strict=True)):
        if SANCTION_CLAUSE_RE.match(clause):
            if current:
                quoted.append(current)
                current = ""
            continue
        following = clauses[n + 1] if n + 1 < len(clauses) else ""
        if current or not quoted:
            current += clause + sep
        elif clause.endswith("的") and LIABILITY_CLAUSE_RE.match(following):
            current = clause + sep
    if current:
        quoted.append(current)
    return "……".join(q.rstrip("，；") for q in quoted) or sentence


def is_penalty_article(statute: Statute, article: Article) -> bool:
    """A penalty article: one of the chapter 法律责任 of an HGR instrument, or of another instrument naming
    人类遗传资源 or reaching every violation of it (构成犯罪的); or one the text's header chooses
    (``penalty_articles``: the curators' choice of a related instrument's penalty, read by the same rules)."""
    if article.number in {str(n) for n in statute.header.get("penalty_articles") or []}:
        return True
    division = article.division
    while division is not None and division.kind != "chapter":
        division = division.parent
    text = article.text
    if division is None or LIABILITY_CHAPTER not in division.title.replace(" ", ""):
        return HGR_WORDS in text and CRIMINAL_RE.search(text) is not None
    return (
        HGR_WORDS in str(statute.header.get("title", ""))
        or HGR_WORDS in text
        or GENERAL_CRIMINAL_RE.match(text) is not None
    )


def penalties(statute: Statute) -> list[Penalty]:
    """The penalties of ``statute``'s penalty articles, one per sanctioning paragraph."""
    found: list[Penalty] = []
    for article in statute.articles:
        if not is_penalty_article(statute, article):
            continue
        for para in article.paragraphs:
            # the sanctions are in the first sentence; what follows (Art. 38: 海关应当将依法没收的…移送)
            # is about the procedure, not a further sanction
            sentence = para.intro.split("。", 1)[0]
            kinds = find_kinds(sentence)
            if not kinds:
                continue
            penalty = Penalty(article, para, find_authorities(sentence), kinds, find_fines(sentence))
            penalty.ban_years = find_ban(sentence)
            penalty.prison_terms = find_prison_terms(sentence)
            if para.items:
                penalty.conducts = [(item.number, item.text, item.line) for item in para.items]
            else:
                penalty.conducts = [(None, conduct_text(sentence), para.line)]
            found.append(penalty)
    return found


def penalty_iri(version: str, penalty: Penalty) -> URIRef:
    return URIRef(f"{paragraph_iri(version, penalty.article.number, penalty.paragraph.position)}-penalty")


def conduct_iri(version: str, penalty: Penalty, item: int | None) -> URIRef:
    number, k = penalty.article.number, penalty.paragraph.position
    base = item_iri(version, number, k, item) if item is not None else paragraph_iri(version, number, k)
    return URIRef(f"{base}-conduct")


def penalty_triples(
    statute: Statute, stem: str, path: str, offences: Sequence[Offence] = ()
) -> Iterator[Triple]:
    """The triples of every penalty of ``statute`` (a data/texts file named ``path``, stem ``stem``) whose
    article is in the graph (``graph_articles``), and the routes from its conducts to ``offences``."""
    version = str(statute.header["version"])
    chosen = statute.header.get("graph_articles")
    found = [p for p in penalties(statute) if chosen is None or p.article.number in map(str, chosen)]
    for penalty in found:
        node = penalty_iri(version, penalty)
        art = article_iri(version, penalty.article.number)
        cite, cite_triples = citation(stem, path, penalty.paragraph.line)
        yield from cite_triples
        yield (node, RDF.type, HGR.Penalty)
        yield (node, HGR.penaltyOf, art)
        yield (node, HGR.inVersion, HGRID[version])
        yield (node, HGR.provision, URIRef(str(node).removesuffix("-penalty")))
        yield (node, DCTERMS.source, cite)
        label = f"{statute.header.get('title', version)} {penalty.article.number_printed}"
        if len(penalty.article.paragraphs) > 1:
            label += f"第{penalty.paragraph.position}款"
        yield (node, RDFS.label, Literal(f"{label}：罚则", lang="zh"))
        yield (node, RDFS.label, Literal(_english_label(version, penalty), lang="en"))
        yield from _authority_triples(node, penalty)
        for kind in penalty.kinds:
            yield (node, HGR.sanctionKind, HGRID[kind])
        for n, fine in enumerate(penalty.fines, start=1):
            yield from _fine_triples(URIRef(f"{node}-fine{n}"), node, fine, cite)
        if penalty.ban_years is not None:
            low, high = penalty.ban_years
            if low is not None:
                yield (node, HGR.banMinYears, Literal(low))
            yield (node, HGR.banMaxYears, Literal(high))
        for n, term in enumerate(penalty.prison_terms, start=1):
            yield from _term_triples(URIRef(f"{node}-term{n}"), node, term, cite)
        yield from _conduct_triples(version, node, penalty, stem, path)
    yield from route_triples(version, found, offences, stem, path)


def _term_triples(term_node: URIRef, node: URIRef, term: PrisonTerm, cite: URIRef) -> Iterator[Triple]:
    yield (node, HGR.prisonTerm, term_node)
    yield (term_node, RDF.type, HGR.PrisonTerm)
    yield (term_node, HGR.text, Literal(term.text, lang="zh"))
    yield (term_node, HGR.circumstance, Literal(term.circumstance, lang="zh"))
    yield (term_node, DCTERMS.source, cite)
    if term.minimum is not None:
        yield (term_node, HGR.minimumYears, Literal(term.minimum))
    if term.maximum is not None:
        yield (term_node, HGR.maximumYears, Literal(term.maximum))


def _english_label(version: str, penalty: Penalty) -> str:
    where = f"Art. {penalty.article.number}"
    if len(penalty.article.paragraphs) > 1:
        where += f"({penalty.paragraph.position})"
    return f"Penalty under {version} {where}"


def _authority_triples(node: URIRef, penalty: Penalty) -> Iterator[Triple]:
    if not penalty.authorities:
        yield (node, HGR.authorityStatus, HGRID["authority-not-stated"])
    for name in penalty.authorities:
        yield (node, HGR.authorityText, Literal(name, lang="zh"))
        if name in AUTHORITY_ORGS:
            yield (node, HGR.authority, AUTHORITY_ORGS[name])


def _fine_triples(fine_node: URIRef, node: URIRef, fine: Fine, cite: URIRef) -> Iterator[Triple]:
    yield (node, HGR.fine, fine_node)
    yield (fine_node, RDF.type, HGR.Fine)
    yield (fine_node, HGR.text, Literal(fine.text, lang="zh"))
    yield (fine_node, DCTERMS.source, cite)
    if fine.multiple is not None:
        yield (fine_node, HGR.fineBasis, HGRID["fine-multiple-of-illegal-gains"])
        yield (fine_node, HGR.minimumMultiple, Literal(fine.multiple[0]))
        yield (fine_node, HGR.maximumMultiple, Literal(fine.multiple[1]))
        yield (fine_node, HGR.illegalGainsThreshold, Literal(fine.threshold, datatype=XSD.decimal))
    else:
        yield (fine_node, HGR.fineBasis, HGRID["fine-fixed-amount"])
        if fine.minimum is not None:
            yield (fine_node, HGR.minimumAmount, Literal(fine.minimum, datatype=XSD.decimal))
        yield (fine_node, HGR.maximumAmount, Literal(fine.maximum, datatype=XSD.decimal))
    yield (fine_node, HGR.currency, Literal("CNY"))


def _conduct_triples(version: str, node: URIRef, penalty: Penalty, stem: str, path: str) -> Iterator[Triple]:
    for item, text, line in penalty.conducts:
        conduct = conduct_iri(version, penalty, item)
        cite, cite_triples = citation(stem, path, line)
        yield from cite_triples
        yield (node, HGR.sanctionsConduct, conduct)
        yield (conduct, RDF.type, HGR.Conduct)
        yield (conduct, HGR.text, Literal(text, lang="zh"))
        yield (conduct, HGR.provision, URIRef(str(conduct).removesuffix("-conduct")))
        yield (conduct, DCTERMS.source, cite)
        for match in REF_RE.finditer(text):  # 对有本条例第三十六条…规定违法行为的单位: that conduct
            if match.group("schain"):
                for target in expand_chain(version, match.group("schain")):
                    yield (conduct, HGR.conductDefinedIn, target)


# ------------------------------------------------------------------ criminal routes

# the conducts of a crime: 非法采集我国人类遗传资源 / 非法运送、邮寄、携带我国人类遗传资源材料出境 ->
# the verbs (采集; 运送、邮寄、携带) and what follows the object (出境)
CRIME_CONDUCT_RE = re.compile(
    r"非法((?:[\u4e00-\u9fff]{2}、)*[\u4e00-\u9fff]{2})我国人类遗传资源(?:材料)?([^，；。或]*)"
)
ANY_VIOLATION_RE = re.compile(r"^违反本(?:法|条例)规定")


@dataclass(frozen=True)
class Offence:
    """A criminal provision naming HGR (every version of it read): its work-level article, the lines of
    its versions, and each conduct it names: (as printed, verbs, what must follow)."""

    work_article: str
    cites: tuple[tuple[str, str, int], ...]  # (stem, data/texts path, line)
    conducts: tuple[tuple[str, tuple[str, ...], str], ...]


@lru_cache(maxsize=4)
def offences(texts_dir: str) -> tuple[Offence, ...]:
    """The criminal provisions naming HGR in the texts of ``texts_dir`` (only files that print both
    人类遗传资源 and 有期徒刑 are parsed), one per work-level article, their versions' lines merged."""
    found: dict[str, tuple[list, list]] = {}
    for path in sorted(Path(texts_dir).glob("*.md")):
        data = path.read_bytes()
        if HGR_WORDS.encode() not in data or "有期徒刑".encode() not in data:
            continue
        statute = read_statute(path)
        work = str(statute.header.get("instrument", statute.header.get("version", path.stem)))
        for penalty in penalties(statute):
            if not penalty.prison_terms:
                continue
            cites, conducts = found.setdefault(f"{work}-art{penalty.article.number}", ([], []))
            cites.append((path.stem, f"data/texts/{path.name}", penalty.paragraph.line))
            for m in CRIME_CONDUCT_RE.finditer(penalty.conducts[0][1]):
                conduct = (m.group(0), tuple(m.group(1).split("、")), m.group(2))
                if conduct not in conducts:
                    conducts.append(conduct)
    return tuple(Offence(k, tuple(c), tuple(d)) for k, (c, d) in found.items())


def crime_conducts(text: str, offence: Offence) -> list[str]:
    """The conducts of ``offence`` whose words ``text`` uses: a verb, 人类遗传资源 and what must follow."""
    if HGR_WORDS not in text:
        return []
    return [
        printed
        for printed, verbs, tail in offence.conducts
        if any(verb in text for verb in verbs) and (not tail or tail in text)
    ]


def route_triples(
    version: str, found: list[Penalty], offences: Sequence[Offence], stem: str, path: str
) -> Iterator[Triple]:
    """A hgr:CriminalRoute from each conduct of ``found`` whose words are a crime's, through the penalty
    of the same text that answers every violation with criminal liability (构成犯罪的，依法追究刑事责任),
    to the crime's article; cited to the three provisions' lines. A reading by rule, so an interpretation."""
    via = [
        p
        for p in found
        if "sanction-criminal-liability" in p.kinds and ANY_VIOLATION_RE.match(p.paragraph.intro)
    ]
    if not via:
        return
    gate = via[0]
    for penalty in found:
        if penalty.prison_terms or penalty is gate:
            continue
        for item, text, line in penalty.conducts:
            for offence in offences:
                words = crime_conducts(text, offence)
                if not words:
                    continue
                conduct = conduct_iri(version, penalty, item)
                unit = str(conduct).rsplit("/", 1)[1].removesuffix("-conduct")
                route = HGRID[f"route-{unit}-to-{offence.work_article}"]
                yield (route, RDF.type, HGR.CriminalRoute)
                yield (route, HGR.fromConduct, conduct)
                yield (route, HGR.viaPenalty, penalty_iri(version, gate))
                yield (route, HGR.criminalProvision, HGRID[offence.work_article])
                yield (route, HGR.isInterpretation, Literal(True))
                for printed in words:
                    yield (route, HGR.crimeConduct, Literal(printed, lang="zh"))
                yield (route, RDFS.comment, Literal(ROUTE_COMMENT, lang="en"))
                for where in ((stem, path, line), (stem, path, gate.paragraph.line), *offence.cites):
                    cite, cite_triples = citation(*where)
                    yield from cite_triples
                    yield (route, DCTERMS.source, cite)


ROUTE_COMMENT = (
    "Read by rule, not by a court: the conduct's words are those of the crime (a verb of it, "
    "人类遗传资源 and what must follow, such as 出境), and its instrument answers every violation with "
    "构成犯罪的，依法追究刑事责任. Whether a conduct is the crime depends on what the criminal "
    "provision adds (违反国家有关规定, 危害公众健康或者社会公共利益, 情节严重)."
)
