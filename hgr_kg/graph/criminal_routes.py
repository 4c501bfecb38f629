"""Criminal routes: from a conduct an administrative penalty sanctions to the crime whose words it uses
(Criminal Law Art. 334之一), through the penalty of the same text that answers every violation with
criminal liability. A reading by rule, so an interpretation (``hgr:isInterpretation``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, RDFS

from hgr_kg.graph.penalties import HGR_WORDS, Penalty, conduct_iri, penalties, penalty_iri
from hgr_kg.namespaces import HGR, HGRID
from hgr_kg.sources.statutes import read_statute
from hgr_kg.sources.textcite import Triple, citation

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
