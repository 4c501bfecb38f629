"""A second witness of a version's text: another mirror's copy (data/texts/witnesses/*.md) compared with the
version's file, character by character.

Two comparisons. Article by article through the parser: each article's text (its paragraphs and items, as
the parser reads them from either file) against the same-numbered article of the other; a difference is a
run of characters that differs (difflib), counted as a punctuation-width difference where the two runs are
equal under NFKC (ASCII ``(`` against full-width ``（``), else as a text difference. Body against body,
without the parser on the version's side: each witness article, printed as the version's Markdown prints
one (``第N条`` + a space + its paragraphs separated by a blank line), found verbatim in the version's body.
The chapters the two files give (number, title, first article) are compared too. The version's header
records the result (``second_witness:``); ``tests/test_witness.py`` recomputes it.
"""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import dataclass, field

from hgr_kg.sources.statutes import Statute


@dataclass(frozen=True)
class Difference:
    """One run of characters that differs in an article: ``kind`` 'punctuation width' or 'text'."""

    article: str
    kind: str
    offset: int
    version: str
    witness: str

    def describe(self) -> str:
        where = f"Art. {self.article} at character {self.offset}"
        return f"{where}: {self.version!r} / {self.witness!r} ({self.kind})"


@dataclass
class Comparison:
    articles: int = 0
    identical: int = 0
    characters: int = 0
    found_in_body: int = 0
    differences: list[Difference] = field(default_factory=list)
    only_in_version: list[str] = field(default_factory=list)
    only_in_witness: list[str] = field(default_factory=list)
    chapters_compared: int = 0
    chapters_differing: list[str] = field(default_factory=list)
    chapters_not_in_witness: list[str] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for d in self.differences if d.kind == kind)

    @property
    def result(self) -> str:
        """'identical' where every article and every chapter both give agree, else 'differs'."""
        whole = not (self.differences or self.only_in_version or self.only_in_witness)
        return "identical" if whole and not self.chapters_differing else "differs"

    def summary(self) -> str:
        text = (
            f"{self.identical} of {self.articles} articles character-equal ({self.characters} characters); "
            f"{self.count('punctuation width')} punctuation-width differences, {self.count('text')} other; "
            f"{self.found_in_body} of {self.articles} witness articles found verbatim in the version's body; "
            f"{self.chapters_compared - len(self.chapters_differing)} of {self.chapters_compared} "
            "chapters equal"
        )
        if self.chapters_not_in_witness:
            text += f" ({', '.join(self.chapters_not_in_witness)} not in the witness)"
        return text


def compare_witness(version: Statute, witness: Statute) -> Comparison:
    """Compare ``witness`` with ``version`` (see the module docstring)."""
    found = Comparison()
    theirs = {art.number: art for art in witness.articles}
    body = version.body.decode("utf-8")
    for art in version.articles:
        other = theirs.pop(art.number, None)
        if other is None:
            found.only_in_version.append(art.number)
            continue
        found.articles += 1
        found.characters += len(art.text)
        diffs = _differences(art.number, art.text, other.text)
        found.differences.extend(diffs)
        found.identical += not diffs
        paragraphs = "\n\n".join(p.text.replace("\n", "\n\n") for p in other.paragraphs)
        printed = f"{other.number_printed} {paragraphs}"
        found.found_in_body += printed in body
    found.only_in_witness = sorted(theirs, key=lambda n: tuple(int(x) for x in n.split("-")))
    _compare_chapters(version, witness, found)
    return found


def _differences(number: str, mine: str, theirs: str) -> list[Difference]:
    diffs = []
    matcher = difflib.SequenceMatcher(None, mine, theirs, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        a, b = mine[i1:i2], theirs[j1:j2]
        same = unicodedata.normalize("NFKC", a) == unicodedata.normalize("NFKC", b)
        diffs.append(Difference(number, "punctuation width" if same else "text", i1, a, b))
    return diffs


def _compare_chapters(version: Statute, witness: Statute, found: Comparison) -> None:
    theirs = {d.number_printed: d for d in witness.divisions_of("chapter")}
    for div in version.divisions_of("chapter"):
        other = theirs.get(div.number_printed)
        if other is None:
            found.chapters_not_in_witness.append(div.number_printed)
            continue
        found.chapters_compared += 1
        first = [d.articles[0].number if d.articles else "" for d in (div, other)]
        if div.title != other.title or first[0] != first[1]:
            found.chapters_differing.append(div.number_printed)
