"""The triples of the penalties read from a statute text (:func:`hgr_kg.graph.penalties.penalties`):
one ``hgr:Penalty`` per sanctioning paragraph, with its authority, sanction kinds, fines, ban, prison
terms and conducts, each cited to its line; and the criminal routes from its conducts
(:mod:`hgr_kg.graph.criminal_routes`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from hgr_kg.graph.criminal_routes import Offence, route_triples
from hgr_kg.graph.crossrefs import REF_RE, expand_chain
from hgr_kg.graph.penalties import Fine, Penalty, PrisonTerm, conduct_iri, penalties, penalty_iri
from hgr_kg.graph.statute_ids import article_iri
from hgr_kg.namespaces import HGR, HGRID
from hgr_kg.sources.statutes import Statute
from hgr_kg.sources.textcite import Triple, citation

# The organisations of data/organisations.ttl that an authority, as printed, names.
AUTHORITY_ORGS = {
    "国务院科学技术行政部门": HGRID["org-most"],
    "国务院科学技术主管部门": HGRID["org-most"],
    "国务院卫生健康主管部门": HGRID["org-nhc"],
}


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
