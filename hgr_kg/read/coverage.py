"""What the graph holds of a version's text: the whole text, or fragments (the build's
``hgr:textCoverage``, from the text file's header), and the line every answer over a fragmentary text
carries, saying what was not read and so is not shown, compared or searched."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from hgr_kg.prefixes import PREFIX_IRIS
from hgr_kg.query.canned import run

if TYPE_CHECKING:
    from rdflib import Graph

QUERY = """PREFIX hgr: <https://w3id.org/hgr-kg/ontology#>
SELECT ?version ?coverage ?read ?notRead ?inFile ?stated WHERE {
  ?version hgr:textCoverage ?coverage .
  OPTIONAL { ?version hgr:partsRead ?read }
  OPTIONAL { ?version hgr:partsNotRead ?notRead }
  OPTIONAL { ?version hgr:articlesInTextFile ?inFile }
  OPTIONAL { ?version hgr:statedArticleCount ?stated }
}"""
FRAGMENTS = PREFIX_IRIS["hgrid"] + "coverage-fragments"
SELECTION = PREFIX_IRIS["hgrid"] + "coverage-selection"
NOT_HELD = "What was not read is not shown, compared or searched."


@dataclass(frozen=True)
class Coverage:
    version: str  # the version's local name (rmhgr-2019)
    whole: bool
    selection: bool  # the file is whole, but only some of its articles are in the graph
    read: str | None  # the header's words
    not_read: str | None
    in_file: int | None  # articles read
    stated: int | None  # articles the text has, where a source states it

    def line(self) -> str:
        """One line: what of this version is held and what is not ("" for a whole text)."""
        if self.whole:
            return ""
        read = self.in_file or 0
        if self.selection:
            return (f"{self.version}: selected articles only: {self.read} of the {read} articles of the text "
                    f"file are in the graph; not in the graph: {self.not_read}. What is not in the graph is "
                    "not shown, compared or searched.")  # fmt: skip
        if self.stated:
            missing = f"{self.stated - read} of {self.stated} articles not read ({self.not_read})"
        else:
            missing = f"not read: {self.not_read}"
        held = f"read: {read} articles ({self.read})" if read else f"read: {self.read}"
        return f"{self.version}: fragments only: {missing}; {held}. {NOT_HELD}"


def coverages(graph: Graph) -> dict[str, Coverage]:
    """Every version with a text: its IRI -> its coverage."""
    found = {}
    for version, coverage, read, not_read, in_file, stated in run(graph, QUERY, {}).rows:
        name = str(version).rsplit("/", 1)[-1]
        kind = str(coverage)
        found[str(version)] = Coverage(name, kind not in (FRAGMENTS, SELECTION), kind == SELECTION,
                                       _str(read), _str(not_read), _int(in_file), _int(stated))  # fmt: skip
    return found


def fragments(graph: Graph) -> list[Coverage]:
    """The versions held in fragments only, or with selected articles only, by name."""
    return sorted((c for c in coverages(graph).values() if not c.whole), key=lambda c: c.version)


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _int(value: object) -> int | None:
    return None if value is None else int(str(value))
