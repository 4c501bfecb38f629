"""CSV to RDF through a CSVW metadata file (a subset of W3C *Generating RDF from Tabular Data*).

A table ``data/NAME.csv`` is described by ``data/NAME.csv-metadata.json`` with the CSVW keys
``url``, ``tableSchema.aboutUrl``, and per column ``name``, ``titles``, ``datatype``, ``required``,
``null``, ``lang``, ``aboutUrl``, ``propertyUrl``, ``valueUrl``, ``virtual``, ``default`` and
``suppressOutput``, and one extension, ``hgr:decimalsUrl``: a property that receives the number of
decimal places the cell is written with (RDF does not keep "3.70" apart from "3.7"). URI
templates use ``{column}`` (RFC 6570 level 1). Prefixed names from the
CSVW initial context (``rdf:``, ``qb:``, ``dcterms:``...) are expanded. Cells that are empty (the
column's ``null`` value) produce no triple. Anything malformed raises :class:`HgrKgError` naming the
file and line.
"""

from __future__ import annotations

import csv
import io
import os
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import SOURCE, read_input
from hgr_kg.sources.csvw_metadata import load_metadata, resolve_table, table_encoding
from hgr_kg.sources.decoding import decode

# The prefixes of the CSVW initial context that this project uses.
INITIAL_CONTEXT = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "org": "http://www.w3.org/ns/org#",
}

# XSD lexical forms are ASCII: \d would also take full-width and Arabic-Indic digits
_YEAR = re.compile(r"-?[0-9]{4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TEMPLATE = re.compile(r"\{([^{}]+)\}")


def _check_integer(value: str) -> bool:
    return re.fullmatch(r"[+-]?[0-9]+", value) is not None


def _check_decimal(value: str) -> bool:
    if not re.fullmatch(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)", value):
        return False
    try:
        Decimal(value)
    except InvalidOperation:
        return False
    return True


def _check_date(value: str) -> bool:
    if not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


DATATYPES = {
    "string": (XSD.string, lambda v: True, "text"),
    "integer": (XSD.integer, _check_integer, "a whole number such as 5690"),
    "decimal": (XSD.decimal, _check_decimal, "a decimal number such as 34.55"),
    "gYear": (XSD.gYear, lambda v: _YEAR.fullmatch(v) is not None, "a year such as 2023"),
    "date": (XSD.date, _check_date, "a date such as 2019-07-01"),
}


def _expand(term: str) -> str:
    prefix, sep, local = term.partition(":")
    if sep and prefix in INITIAL_CONTEXT and not local.startswith("//"):
        return INITIAL_CONTEXT[prefix] + local
    return term


def _fill(template: str, row: dict[str, str], where: str) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in row:
            raise HgrKgError(f"{where}: template names unknown column '{name}'")
        return quote(row[name], safe="-._~")

    return _expand(_TEMPLATE.sub(sub, template))


def _cell_term(column: dict[str, Any], value: str, row: dict[str, str], where: str) -> Any:
    if "valueUrl" in column:
        return URIRef(_fill(column["valueUrl"], row, where))
    datatype = column.get("datatype", "string")
    if datatype not in DATATYPES:
        raise HgrKgError(f"{where}: unsupported datatype '{datatype}'")
    xsd_type, check, expected = DATATYPES[datatype]
    if not check(value):
        raise HgrKgError(f"{where}: column '{column['name']}': '{value}' is not {expected} (xsd:{datatype})")
    if datatype == "string":
        return Literal(value, lang=column["lang"]) if "lang" in column else Literal(value)
    return Literal(value, datatype=xsd_type)


def _decode_table(csv_path: Path, metadata_path: Path, encoding: str) -> str:
    if not os.path.lexists(csv_path):
        raise HgrKgError(f"{metadata_path}: 'url' names {csv_path}, which does not exist")
    data = read_input(csv_path, SOURCE)
    try:
        return decode(data, str(csv_path), encoding)[0]
    except HgrKgError as err:
        if encoding != "utf-8":
            raise
        hint = f'declare the table\'s encoding in {metadata_path} ("dialect": {{"encoding": "gb18030"}})'
        raise HgrKgError(f"{err}; {hint}") from None


def _read_rows(
    csv_path: Path, columns: list[dict[str, Any]], metadata_path: Path, encoding: str
) -> list[tuple[int, dict[str, str]]]:
    real = [c for c in columns if not c.get("virtual")]
    text = _decode_table(csv_path, metadata_path, encoding)
    rows: list[tuple[int, dict[str, str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    done = 0  # the last line of the last record read: a malformed record starts on the next
    try:
        header = next(reader, None)
        done = reader.line_num
        expected = [c.get("titles", c["name"]) for c in real]
        if header != expected:
            raise HgrKgError(f"{csv_path}:1: header {header} does not match the declared columns {expected}")
        for record in reader:
            line, done = done + 1, reader.line_num
            if not record:
                continue
            if len(record) != len(real):
                raise HgrKgError(f"{csv_path}:{line}: {len(record)} cells, expected {len(real)}")
            rows.append((line, {c["name"]: v.strip() for c, v in zip(real, record, strict=True)}))
    except csv.Error as err:
        raise HgrKgError(f"{csv_path}:{done + 1}: malformed CSV: {err}") from None
    return rows


def table_to_graph(metadata_path: Path) -> Graph:
    """Map the CSV that ``metadata_path`` describes to an RDF graph."""
    meta = load_metadata(metadata_path)
    schema = meta["tableSchema"]
    columns: list[dict[str, Any]] = schema.get("columns", [])
    csv_path = resolve_table(meta, metadata_path)
    encoding = table_encoding(meta, metadata_path)
    graph = Graph()
    for line, row in _read_rows(csv_path, columns, metadata_path, encoding):
        where = f"{csv_path}:{line}"
        for column in columns:
            null = column.get("null", "")
            value = column.get("default", "") if column.get("virtual") else row[column["name"]]
            if value == null and not column.get("virtual"):
                if column.get("required"):
                    raise HgrKgError(f"{where}: column '{column['name']}' is required")
                continue
            if column.get("suppressOutput"):
                continue
            about = column.get("aboutUrl", schema.get("aboutUrl"))
            if about is None:
                raise HgrKgError(f"{metadata_path}:1: no aboutUrl for column '{column.get('name')}'")
            prop = column.get("propertyUrl")
            if prop is None:
                raise HgrKgError(f"{metadata_path}:1: no propertyUrl for column '{column.get('name')}'")
            subject = URIRef(_fill(about, row, where))
            graph.add((subject, URIRef(_fill(prop, row, where)), _cell_term(column, value, row, where)))
            if "hgr:decimalsUrl" in column:
                places = len(value.partition(".")[2])
                graph.add((subject, URIRef(_fill(column["hgr:decimalsUrl"], row, where)), Literal(places)))
    return graph
