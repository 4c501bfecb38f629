"""A new text of a version checked against the text the project holds of it, article by article.

Two articles are equal when their texts are equal after ``normalised``: each character that NFKC maps
to one character so mapped (full-width （，； and ASCII (,; folded together: ``fold_width``, which
``hgr-kg diff`` uses too), and every white space character removed within each paragraph; the
paragraphs (款) and items (项) are still compared line by line, so an article split into paragraphs
differently differs.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from hgr_kg.sources.statutes import Statute

WHITE_RE = re.compile(r"\s+")


def fold_width(text: str) -> str:
    """``text`` with each character that NFKC maps to one character so mapped (full-width （ and ASCII (
    become one), character for character: the result has the same length, so an edit found in it is
    at the same place in ``text``."""
    return "".join(_fold(c) for c in text)


@functools.lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def normalised(text: str) -> str:
    """``text`` as compared: widths folded, white space removed, paragraphs kept apart by a line end."""
    return "\n".join(WHITE_RE.sub("", fold_width(line)) for line in text.split("\n"))


@dataclass
class Mismatch:
    """Article ``number`` differs first at character ``position`` (1-based, in the normalised text)."""

    number: str
    position: int
    held: str
    new: str

    def line(self) -> str:
        return (f"Art. {self.number}: differs at character {self.position} (after folding widths and "
                f"removing white space): held {self.held!r}, new {self.new!r}")  # fmt: skip


@dataclass
class Comparison:
    equal: list[str] = field(default_factory=list)
    differing: list[Mismatch] = field(default_factory=list)
    new: list[str] = field(default_factory=list)  # articles the held text does not have
    missing: list[str] = field(default_factory=list)  # articles the held text has and the new one lacks

    def problems(self) -> list[str]:
        lines = [m.line() for m in self.differing]
        lines += [f"Art. {n}: in the text held, not in the new one" for n in self.missing]
        return lines


def first_difference(a: str, b: str, context: int = 6) -> tuple[int, str, str]:
    """(1-based position of the first differing character, ``context`` characters of each from there)."""
    n = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    show = lambda s: s[n : n + context] or "(end)"  # noqa: E731
    return n + 1, show(a), show(b)


def compare(held: Statute | None, new: Statute) -> Comparison:
    """Every article of ``new`` against the same-numbered one of ``held`` (None: all are new)."""
    result = Comparison()
    before = {a.number: a for a in held.articles} if held else {}
    after = {a.number: a for a in new.articles}
    for number, article in after.items():
        if number not in before:
            result.new.append(number)
            continue
        old, now = normalised(before[number].text), normalised(article.text)
        if old == now:
            result.equal.append(number)
        else:
            result.differing.append(Mismatch(number, *first_difference(old, now)))
    result.missing = [n for n in before if n not in after]
    return result


def ranges(numbers: list[int]) -> str:
    """``[1, 2, 3, 5]`` -> ``1-3, 5``."""
    parts: list[str] = []
    for n in sorted(numbers):
        if parts and parts[-1][1] == n - 1:
            parts[-1] = (parts[-1][0], n)
        else:
            parts.append((n, n))  # type: ignore[arg-type]
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in parts)  # type: ignore[misc]
