"""A bibliographic entry as hgr-kg cites it (``Reference``), a person's name, and one citation of
a fact or a statute (``Cited``): what ``hgr_kg.export.cite`` reads from the graph and the writers
(``cite_files``, ``cite_text``) write. Below all three."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hgr_kg.export.legislation import Pinpoint, Statute

_LINE_END = re.compile(r"[ \t]*[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+[ \t]*")

@dataclass(frozen=True)
class Name:
    family: str = ""
    given: str = ""
    literal: str = ""  # an organisation or a name not split into parts


@dataclass(frozen=True)
class Reference:
    key: str
    iri: str
    kind: str  # a CSL item type: article-journal, webpage, document, legislation
    title: str
    authors: tuple[Name, ...] = ()
    issued: str = ""  # ISO 8601: 2025-07-03, 2025-07 or 2025
    container: str = ""
    issn: str = ""
    publisher: str = ""
    volume: str = ""
    issue: str = ""
    number: str = ""  # an article number
    pages: str = ""
    doi: str = ""
    url: str = ""
    license: str = ""
    language: str = ""
    note: str = ""
    identifiers: tuple[str, ...] = field(default_factory=tuple)
    translated_title: str = ""  # a statute's English title (its title is the official Chinese one)
    authority: str = ""  # a statute's issuing body (CSL "authority")
    statute: Statute | None = field(default=None, compare=False)

    @property
    def year(self) -> str:
        return self.issued[:4] if re.match(r"\d{4}", self.issued) else ""


@dataclass(frozen=True)
class Cited:
    """One citation of a fact: the source and where in it (``hgr:locator``)."""

    reference: Reference
    locator: str
    pinpoint: Pinpoint | None = None  # a statute's article, paragraph and item


def one_line(text: str) -> str:
    """``text`` with every line end folded to a space: a field value stays one field (in RIS a line
    ``ER  - `` would end the record and ``TY  - `` forge another)."""
    return _LINE_END.sub(" ", text).strip()
