"""The built graph as canonical N-Triples lines, for a build at the scale of imported records.

Record-level files are parsed (and so validated) by pyoxigraph's N-Triples parser, not by rdflib,
and written back by its serializer in canonical form: one triple, one line, the same text for the
same triple. The graph is then the set of those lines, merged with the curated graph's, sorted;
the classes are counted on them, and the Turtle and JSON-LD outputs are written by pyoxigraph from
them. No pyoxigraph ``Store`` is involved: a store keeps literals by value and would write
``"21.0"^^xsd:decimal`` back as ``"21"``; the parser and serializer keep every lexical form.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import BinaryIO

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from hgr_kg.errors import HgrKgError

_TYPE = re.compile(rb" " + re.escape(f"<{RDF.type}>".encode()) + rb" ([^\n]*) \.\n")
# normalise_decimals on canonical lines: a decimal without a point gets ".0" (a lexical form that
# needs escapes is no decimal, and is left as it is); "> " starts the object after the predicate
_DECIMAL = re.compile(rb'> "([^"\\.eE\n]*)"\^\^' + re.escape(f"<{XSD.decimal}> .\n".encode()))
_DECIMAL_FIXED = rb'> "\1.0"^^' + f"<{XSD.decimal}> .\n".encode()


def canonical(data: bytes | BinaryIO, rename: bool = False, lenient: bool = True) -> bytes:
    """N-Triples ``data`` (or a binary file) rewritten in canonical form, decimals normalised;
    ``rename`` gives blank nodes fresh labels (to keep apart those of different files); ``lenient``
    for lines already checked."""
    import pyoxigraph as ox

    triples = ox.parse(data, ox.RdfFormat.N_TRIPLES, rename_blank_nodes=rename, lenient=lenient)
    return _DECIMAL.sub(_DECIMAL_FIXED, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))


def file_lines(path: Path) -> list[bytes]:
    """The triples of an N-Triples file as canonical lines, blank nodes renamed apart; a syntax
    error names the file and line."""
    from hgr_kg.inputs import RECORDS, open_input

    try:
        with open_input(path, RECORDS) as handle:
            data = canonical(handle, rename=True, lenient=False)  # streamed from the file
    except SyntaxError as err:
        raise HgrKgError(f"{path}:{err.lineno}: N-Triples syntax error: {err.msg}") from None
    except OSError as err:
        raise HgrKgError(f"{path}: cannot read: {err.strerror or err}") from None
    return data.splitlines(keepends=True)


_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        text = f'"{str(term).translate(_ESCAPES)}"'
        if term.language:
            return f"{text}@{term.language}"
        return f"{text}^^<{term.datatype}>" if term.datatype else text
    raise TypeError(f"not an RDF term: {term!r}")


def triples_to_ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> bytes:
    """rdflib triples as canonical N-Triples (``canonical``), without an rdflib graph: the build's way
    for the triples of the statute texts (writing them through pyoxigraph's parser keeps the
    canonical form in one place)."""
    text = "".join(f"{_term(s)} {_term(p)} {_term(o)} .\n" for s, p, o in triples)
    return canonical(text.encode("utf-8"), lenient=False)


def graph_lines(graph: Graph) -> list[bytes]:
    """The triples of an rdflib graph as canonical lines."""
    return canonical(graph.serialize(format="nt", encoding="utf-8")).splitlines(keepends=True)


def class_counts(data: bytes, graph: Graph) -> list[tuple[str, int]]:
    """``build.counts_by_class`` on canonical N-Triples ``data``, named by ``graph``'s prefixes."""
    from rdflib.util import from_n3

    counter: Counter[bytes] = Counter()
    for match in _TYPE.finditer(data):
        start = data.rfind(b"\n", 0, match.start()) + 1
        if b" " not in data[start : match.start()]:  # the predicate, not text inside a literal
            counter[match.group(1)] += 1
    named: Counter[str] = Counter()
    for term, count in counter.items():
        named[graph.namespace_manager.normalizeUri(from_n3(term.decode()))] += count
    return sorted(named.items(), key=lambda item: (-item[1], item[0]))


def write_turtle(source: Path, handle: object, prefixes: dict[str, str]) -> None:
    """Write the N-Triples file ``source`` as Turtle to the binary ``handle``."""
    import pyoxigraph as ox

    triples = ox.parse(path=source, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    ox.serialize(triples, handle, ox.RdfFormat.TURTLE, prefixes=prefixes)


def write_turtle_lines(lines: Sequence[bytes], handle: object, prefixes: dict[str, str]) -> None:
    """Write canonical N-Triples ``lines`` as Turtle to the binary ``handle``, declaring those of
    ``prefixes`` that the lines use (Oxigraph's writer: a subject's triples grouped, in line order)."""
    import pyoxigraph as ox

    data = b"".join(lines)
    used = {prefix: iri for prefix, iri in sorted(prefixes.items()) if f"<{iri}".encode() in data}
    triples = ox.parse(input=data, format=ox.RdfFormat.N_TRIPLES)
    ox.serialize(triples, handle, ox.RdfFormat.TURTLE, prefixes=used)


def write_jsonld(source: Path, target: Path) -> None:
    """Write the N-Triples file ``source`` as JSON-LD (expanded, one node object per subject)."""
    import pyoxigraph as ox

    ox.serialize(ox.parse(path=source, format=ox.RdfFormat.N_TRIPLES, lenient=True), target,
                 ox.RdfFormat.JSON_LD)  # fmt: skip
