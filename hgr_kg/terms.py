"""RDF terms as plain values, without rdflib: what a query binds and what it answers, on the cold query
path (``query run`` and ``sparql`` on the Oxigraph store: importing rdflib takes 0.1-0.2 s, about
half of such a command).

A :class:`Term` has a kind (``uri``, ``bnode``, ``literal``, the names of W3C SPARQL JSON results),
its text, and a literal's datatype IRI ("" for a plain literal) and language tag. :func:`canonical`
gives a number the canonical lexical form of its value and drops the ``xsd:string`` datatype that
RDF 1.1 gives a plain literal implicitly, so every store prints the same; ``query.results`` uses it
for rdflib's terms too. Where rdflib reads a lexical form as a number, this does with the same
Python constructors (``int``, ``Decimal``, ``float``), so the two agree (tested on edge cases)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, NamedTuple

from hgr_kg.prefixes import XSD

XSD_STRING = XSD + "string"
_INTEGERS = ("integer", "int", "long", "nonNegativeInteger")
# the numeric datatypes a table aligns right and writes canonically, with rdflib's reading of each
NUMBERS: dict[str, Callable[[str], Any]] = {
    **{XSD + name: int for name in _INTEGERS},
    XSD + "decimal": Decimal,
    XSD + "double": float,
    XSD + "float": float,
}
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


class Term(NamedTuple):
    kind: str  # "uri", "bnode" or "literal" ("triple": an RDF-star triple term, its value in RDF 1.2
    # N-Triples, <<( s p o )>>, which no result form but text and CSV can hold)
    value: str
    datatype: str = ""  # a literal's datatype IRI; "" for a plain literal (and a language-tagged one)
    lang: str = ""

    def __str__(self) -> str:
        return self.value

    def n3(self) -> str:
        """The term in SPARQL's syntax, for a ``VALUES`` block: as rdflib's ``n3()`` writes it, but a
        string on one line (its line ends escaped, where rdflib writes a long string in triple
        quotes); the same literal either way."""
        if self.kind == "triple":
            raise ValueError(f"an RDF-star triple cannot be bound here: {self.value}")
        if self.kind == "uri":
            if _IRI_FORBIDDEN.search(self.value):
                raise ValueError(f"not an IRI that can be written in SPARQL: {self.value!r}")
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = f'"{self.value.translate(_ESCAPES)}"'
        if self.lang:
            return f"{text}@{self.lang}"
        return f"{text}^^<{self.datatype}>" if self.datatype else text

    @property
    def numeric(self) -> bool:
        return self.kind == "literal" and self.datatype in NUMBERS


def iri(value: str) -> Term:
    return Term("uri", value)


def literal(value: str, datatype: str = "", lang: str = "") -> Term:
    return Term("literal", value, "" if lang else datatype, lang)


def canonical(term: Term | None) -> Term | None:
    """``term`` in its canonical form (see the module's docstring); any other term as it is. A number
    that does not read as one is kept as written."""
    if term is None or term.kind != "literal" or term.lang:
        return term
    if term.datatype == XSD_STRING:
        return term._replace(datatype="")
    read = NUMBERS.get(term.datatype)
    if read is None:
        return term
    try:
        value = read(term.value)
    except (ValueError, ArithmeticError):
        return term
    if isinstance(value, Decimal):
        if not value.is_finite():
            text = format(value, "f")
        elif value == value.to_integral():  # a whole number; zero without a sign (XSD has no -0)
            text = format(value.to_integral() if value else Decimal(0), "f")
        else:
            text = format(value.normalize(), "f")
    elif isinstance(value, float):
        text = repr(value)  # "inf", "nan" as rdflib writes them
    else:
        text = str(value)
    return term if text == term.value else term._replace(value=text)


def from_oxigraph(term: Any) -> Term | None:
    """The Term of a pyoxigraph term (None for an unbound variable): the rdflib term of one is
    ``to_rdflib(from_oxigraph(term))``."""
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Term("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Term("bnode", term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Term("literal", term.value, "", term.language)
        datatype = term.datatype.value  # a plain literal stays plain, as rdflib parses it (RDF 1.1)
        return Term("literal", term.value, "" if datatype == XSD_STRING else datatype)
    return Term("triple", f"<<( {term} )>>")


def from_rdflib(node: Any) -> Term | None:
    """The Term of an rdflib term (None for an unbound variable)."""
    from rdflib import BNode, Literal, URIRef

    if node is None:
        return None
    if isinstance(node, URIRef):
        return Term("uri", str(node))
    if isinstance(node, BNode):
        return Term("bnode", str(node))
    if isinstance(node, Literal):
        if node.language:
            return Term("literal", str(node), "", node.language)
        return Term("literal", str(node), str(node.datatype or ""))
    raise TypeError(f"not an RDF term: {node!r}")


def to_rdflib(term: Term | Any) -> Any:
    """The rdflib term of a Term (an rdflib term is returned as it is)."""
    if not isinstance(term, Term):
        return term
    from rdflib import BNode, Literal, URIRef

    if term.kind == "uri":
        return URIRef(term.value)
    if term.kind == "bnode":
        return BNode(term.value)
    if term.kind == "literal":
        if term.lang:
            return Literal(term.value, lang=term.lang)
        return Literal(term.value, datatype=URIRef(term.datatype) if term.datatype else None)
    from hgr_kg.errors import HgrKgError

    raise HgrKgError(f"an RDF-star triple in a result has no rdflib term here: {term.value}")


def sort_triples(triples: Iterable[tuple[Term, Term, Term]]) -> list[tuple[Term, Term, Term]]:
    """Distinct triples ordered by their terms' texts, then by their SPARQL forms (so that two terms
    of one text, such as ``"a"`` and ``"a"@en``, keep one order)."""
    return sorted(set(triples), key=lambda t: (tuple(x.value for x in t), tuple(x.n3() for x in t)))
