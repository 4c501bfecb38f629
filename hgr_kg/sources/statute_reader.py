"""The reading of a statute text file: its header (``split_header``), the units it is read into (``Statute``,
``Division``, ``Article``, ``Paragraph``, ``Item``) and the line reader (``_Reader``) that
:func:`hgr_kg.sources.statutes.parse_statute` drives, and that a text of another layout
(``hgr_kg.sources.json_provisions``) feeds as well. See :mod:`hgr_kg.sources.statutes` for the layout."""


from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import yaml

from hgr_kg.errors import HgrKgError
from hgr_kg.sources.numerals import ARTICLE_NUMBER_FORMS as ARTICLE_NUMBER_FORMS
from hgr_kg.sources.numerals import ARTICLE_RE as ARTICLE_RE
from hgr_kg.sources.numerals import DIGITS as DIGITS
from hgr_kg.sources.numerals import NUMERAL as NUMERAL
from hgr_kg.sources.numerals import UNITS as UNITS
from hgr_kg.sources.numerals import article_number as article_number
from hgr_kg.sources.numerals import cn_numeral as cn_numeral
from hgr_kg.sources.numerals import int_to_cn as int_to_cn
from hgr_kg.sources.numerals import normalised_article as normalised_article

# an article heading inside a line, after a full stop (a copy that prints two articles on one line)
MID_ARTICLE_RE = re.compile(rf"(?<=。)[ \u3000]+(?=第([{NUMERAL}]+)条(?:之([{NUMERAL}]+))?[ \u3000])")
ITEM_RE = re.compile(rf"^([（(]([{NUMERAL}]+)[）)])[ \u3000]*")
DIVISION_RE = re.compile(rf"^第([{NUMERAL}]+)(分编|编|章|节)(?:[ \u3000]+(.*))?$")
SUPPLEMENTARY_RE = re.compile(r"^附[ \u3000]*则$")
ANNEX_RE = re.compile(rf"^附件([{NUMERAL}0-9]*)$")
# An editor's footnote (① …), e.g. the national database's note after the Criminal Law's last article.
NOTE_RE = re.compile(r"^[\u2460-\u2473]")
# Headings that may appear without Markdown '#' (Civil Code sub-parts and its final 附 则; chapter and
# section lines in web excerpts): a division number, a space and a short title without sentence marks.
PLAIN_HEADING_RE = re.compile(
    rf"^(第[{NUMERAL}]+(分编|编|章|节)[ \u3000]+[^，。；：,.;:]{{1,24}}|附[ \u3000]*则)$"
)

KINDS = {"编": "part", "分编": "subpart", "章": "chapter", "节": "section"}
# A new division of the key kind restarts the numbering of these kinds below it.
RESTARTS = {
    "part": ("subpart", "chapter", "section"),
    "subpart": (),
    "chapter": ("section",),
    "section": (),
    "supplementary": ("chapter", "section"),
    "annex": (),
}
RANK = {"part": 0, "supplementary": 0, "annex": 0, "subpart": 1, "chapter": 2, "section": 3}


def git_blob_sha1(data: bytes) -> str:
    """The id ``git hash-object`` gives these bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class Item:
    """A 项: （三） -> number 3. ``text`` follows the number; ``printed`` is the whole line."""

    number_printed: str
    number: int
    position: int
    text: str
    line: int
    printed: str


@dataclass
class Paragraph:
    """A 款: a line of an article's text, with the items that follow it. ``text`` includes the items."""

    position: int
    intro: str
    line: int
    items: list[Item] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join([self.intro] + [item.printed for item in self.items])


@dataclass
class Article:
    """A 条. ``number`` is normalised ("21", "334-1"); ``base``/``sub`` are its two parts (sub 0 if none)."""

    number_printed: str
    number: str
    base: int
    sub: int
    position: int
    line: int
    paragraphs: list[Paragraph] = field(default_factory=list)
    division: Division | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    @property
    def deleted(self) -> bool:
        """True for an article printed as （删去） (deleted by an amendment, number kept)."""
        return self.text.strip() in ("（删去）", "(删去)")


@dataclass
class Division:
    """A part (编), sub-part (分编), chapter (章), section (节), supplementary provisions (附则) or annex."""

    kind: str
    number_printed: str
    number: int | None
    title: str
    position: int
    line: int
    children: list[Division | Article] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    parent: Division | None = field(default=None, repr=False, compare=False)

    @property
    def articles(self) -> list[Article]:
        found: list[Article] = []
        for child in self.children:
            found.extend([child] if isinstance(child, Article) else child.articles)
        return found


@dataclass
class Statute:
    """One text file parsed. ``divisions`` are the top-level ones; ``articles`` all, in order."""

    path: str
    header: dict
    body: bytes
    body_line: int
    title: str | None = None
    preamble: list[tuple[int, str]] = field(default_factory=list)
    divisions: list[Division] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)

    @property
    def structure(self) -> str:
        return str(self.header.get("structure", "articles"))

    def article(self, number: str | int) -> Article:
        for art in self.articles:
            if art.number == str(number):
                return art
        raise HgrKgError(f"{self.path}: no article {number}")

    def loose_paragraphs(self) -> list[tuple[int, int, str]]:
        """(position, line, text) of each paragraph of a text without articles: a decision's
        paragraphs; else its lines that are not ``<!-- … -->`` markers (the guide's sections)."""
        if self.paragraphs:
            return [(p.position, p.line, p.intro) for p in self.paragraphs]
        lines = [(line, text) for line, text in self.preamble if not text.startswith("<!--")]
        return [(n, line, text) for n, (line, text) in enumerate(lines, start=1)]

    def divisions_of(self, kind: str) -> list[Division]:
        found: list[Division] = []
        stack = list(reversed(self.divisions))
        while stack:
            div = stack.pop()
            if div.kind == kind:
                found.append(div)
            stack.extend(reversed([c for c in div.children if isinstance(c, Division)]))
        return found


def split_header(data: bytes, path: str) -> tuple[dict, bytes, int]:
    """The YAML header, the body bytes and the body's first line number (1-based)."""
    lines = data.split(b"\n")
    if not lines or lines[0] != b"---":
        raise HgrKgError(f"{path}:1: a text file starts with a '---' line (YAML header)")
    try:
        end = lines.index(b"---", 1)
    except ValueError:
        raise HgrKgError(f"{path}:1: the YAML header has no closing '---' line") from None
    try:
        header = yaml.safe_load(b"\n".join(lines[1:end]).decode("utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 2
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise HgrKgError(f"{path}:{line}: bad YAML header: {problem}") from None
    if not isinstance(header, dict):
        raise HgrKgError(f"{path}:2: the YAML header is not a mapping")
    body = b"\n".join(lines[end + 1 :])
    return header, body, end + 2


class _Reader:
    """Builds a Statute line by line; one method per kind of line."""

    def __init__(self, statute: Statute) -> None:
        self.statute = statute
        self.stack: list[Division] = []
        self.article: Article | None = None
        self.paragraph: Paragraph | None = None
        self.annex = False

    def fail(self, line: int, message: str) -> HgrKgError:
        return HgrKgError(f"{self.statute.path}:{line}: {message}")

    def heading(self, text: str, line: int) -> bool:
        match = DIVISION_RE.match(text)
        if match:
            kind, printed = KINDS[match.group(2)], f"第{match.group(1)}{match.group(2)}"
            number = self.numeral(match.group(1), line)
            title = (match.group(3) or "").strip()
        elif SUPPLEMENTARY_RE.match(text):
            kind, printed, number, title = "supplementary", text, None, text
        elif ANNEX_RE.match(text):
            kind, printed, title = "annex", text, text
            suffix = ANNEX_RE.match(text).group(1)
            number = self.numeral(suffix, line) if suffix else None
        else:
            return False
        self.open_division(kind, printed, number, title, line)
        return True

    def numeral(self, text: str, line: int) -> int:
        try:
            return cn_numeral(text)
        except ValueError as exc:
            raise self.fail(line, str(exc)) from None

    def open_division(self, kind: str, printed: str, number: int | None, title: str, line: int) -> None:
        while self.stack and RANK[self.stack[-1].kind] >= RANK[kind]:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        siblings = parent.children if parent else self.statute.divisions
        position = sum(1 for s in siblings if isinstance(s, Division) and s.kind == kind) + 1
        div = Division(kind, printed, number, title, position, line, parent=parent)
        siblings.append(div)
        self.stack.append(div)
        self.article, self.paragraph = None, None
        self.annex = kind == "annex" or (self.annex and kind not in ("part", "supplementary"))

    def start_article(self, match: re.Match[str], text: str, line: int) -> None:
        base = self.numeral(match.group(1), line)
        sub = self.numeral(match.group(2), line) if match.group(2) else 0
        printed = text[: match.end()].rstrip(" \u3000")
        number = f"{base}-{sub}" if sub else str(base)
        division = self.stack[-1] if self.stack else None
        art = Article(printed, number, base, sub, len(self.statute.articles) + 1, line, division=division)
        if division is not None:
            division.children.append(art)
        self.statute.articles.append(art)
        self.article = art
        self.paragraph = Paragraph(1, text[match.end() :], line)
        art.paragraphs.append(self.paragraph)

    def item(self, match: re.Match[str], text: str, line: int) -> bool:
        if self.paragraph is None or self.article is None:
            return False
        item = Item(
            match.group(1),
            self.numeral(match.group(2), line),
            len(self.paragraph.items) + 1,
            text[match.end() :],
            line,
            text,
        )
        self.paragraph.items.append(item)
        return True

    def plain(self, text: str, line: int) -> None:
        if self.article is not None:
            self.paragraph = Paragraph(len(self.article.paragraphs) + 1, text, line)
            self.article.paragraphs.append(self.paragraph)
        elif self.stack:
            self.stack[-1].paragraphs.append(Paragraph(len(self.stack[-1].paragraphs) + 1, text, line))
        else:
            self.statute.preamble.append((line, text))

    def split_articles(self, text: str) -> list[str]:
        """``text`` cut where a heading of the next article (number + 1, no 之) follows a full stop
        inside it; a mention such as 见第三条 is no heading (no full stop before it, or not the next)."""
        start = ARTICLE_RE.match(text)
        if self.annex or text.startswith(("<!--", "#")) or (start is None and self.article is None):
            return [text]
        number = cn_numeral(start.group(1)) if start else self.article.base
        pieces, begin = [], 0
        for match in MID_ARTICLE_RE.finditer(text):
            if match.group(2) is None and cn_numeral(match.group(1)) == number + 1:
                pieces.append(text[begin : match.start()])
                begin, number = match.end(), number + 1
        return [*pieces, text[begin:]]

    def read(self, text: str, line: int) -> None:
        for piece in self.split_articles(text):
            self.read_one(piece, line)

    def read_one(self, text: str, line: int) -> None:
        if text.startswith("<!--"):
            self.statute.preamble.append((line, text))
            if text.startswith("<!-- excerpt"):  # a new piece of a fragmentary text: no open division
                self.stack, self.article, self.paragraph = [], None, None
            return
        if text.startswith("#"):
            heading = text.lstrip("#").strip()
            if text.startswith("# ") and self.statute.title is None:
                self.statute.title = heading
                return
            if self.heading(heading, line):
                return
            raise self.fail(line, f"unrecognised heading: {heading}")
        if PLAIN_HEADING_RE.match(text) and self.heading(text, line):
            return
        if NOTE_RE.match(text):
            self.statute.notes.append((line, text))
            return
        match = None if self.annex else ARTICLE_RE.match(text)
        if match:
            self.start_article(match, text, line)
            return
        item = ITEM_RE.match(text)
        if item and not self.annex and self.item(item, text, line):
            return
        self.plain(text, line)
