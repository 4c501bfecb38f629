"""The entries reference managers import: CSL-JSON (the Citation Style Language's data, plain
JSON), BibTeX (written by bibtexparser; text fields LaTeX-escaped, url and doi verbatim; a statute as
biblatex's @legislation) and RIS (written by rispy; a statute as STAT). Line ends in a field are
folded (``one_line``), so no value can end a RIS record or a BibTeX field early."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from hgr_kg.export.citation import Name, Reference, one_line


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
