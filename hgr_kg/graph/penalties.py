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

This module reads the penalties from the text (:func:`penalties`); :mod:`hgr_kg.graph.penalty_graph`
writes their triples, and :mod:`hgr_kg.graph.criminal_routes` the routes from their conducts to the
crimes of the Criminal Law.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import URIRef

from hgr_kg.graph.statute_ids import item_iri, paragraph_iri
from hgr_kg.sources.statutes import Article, Paragraph, Statute, cn_numeral

LIABILITY_CHAPTER = "法律责任"
HGR_WORDS = "人类遗传资源"

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
