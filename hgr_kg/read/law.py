"""Reading the law from the graph: the version of an instrument in force on a day, its articles'
Chinese text with their headings, and what changed between the versions in force on two days.

Everything is read by SPARQL from the graph (either store), so it is what the build put there from
data/texts. Dates compare as YYYY-MM-DD strings, as in the canned queries.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING

from hgr_kg.errors import HgrKgError
from hgr_kg.prefixes import PREFIX_IRIS
from hgr_kg.query.canned import run
from hgr_kg.sources.statutes import NUMERAL, Statute, cn_numeral, comparable, normalised_article
from hgr_kg.sources.textcompare import fold_width
from hgr_kg.terms import iri

if TYPE_CHECKING:
    from rdflib import Graph

FORMATS = ("text", "md", "html", "json")
PREFIXES = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX hgr: <https://w3id.org/hgr-kg/ontology#>
PREFIX hgrid: <https://w3id.org/hgr-kg/id/>
"""
VERSIONS = (
    PREFIXES
    + """SELECT ?version ?from ?until ?title (MIN(STR(?day)) AS ?issued) WHERE {
  { ?version eli:is_member_of ?work } UNION { ?work hgr:textFile ?file . BIND(?work AS ?version) }
  ?version a eli:LegalResource ; hgr:textFile ?textFile .
  OPTIONAL { ?version eli:first_date_entry_in_force ?from }
  OPTIONAL { ?version eli:date_no_longer_in_force ?until }
  OPTIONAL { ?version eli:title ?title . FILTER(LANG(?title) = "zh") }
  OPTIONAL { ?version eli:date_document|eli:date_publication ?day }
} GROUP BY ?version ?from ?until ?title"""
)
UNITS = (
    PREFIXES
    + """SELECT ?unit ?kind ?number ?printed ?title ?text ?status ?parent WHERE {
  ?unit hgr:partOfVersion ?version ; eli:type_subdivision ?kind ; eli:number ?number ;
        eli:is_part_of ?parent .
  FILTER(?kind != hgrid:subdivision-paragraph && ?kind != hgrid:subdivision-item)
  OPTIONAL { ?unit hgr:printedNumber ?printed }
  OPTIONAL { ?unit eli:title ?title }
  OPTIONAL { ?unit hgr:text ?text }
  OPTIONAL { ?unit hgr:textStatus ?status }
}"""
)
ARTICLE = PREFIX_IRIS["hgrid"] + "subdivision-article"
INSTRUMENT_ID = re.compile(r"[A-Za-z0-9._-]+")
DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # the one form of a date taken: YYYY-MM-DD


@dataclass
class Version:
    iri: str
    name: str
    start: str | None
    end: str | None
    title: str
    issued: str | None = None  # the earliest adoption or publication date recorded
    note: str = ""  # what the answer must say about the choice of this version
    coverage: str = ""  # what of its text is held, where not the whole (hgr_kg.read.coverage)


@dataclass
class ArticleText:
    number: str
    printed: str
    text: str | None
    headings: list[str] = field(default_factory=list)

    @property
    def read(self) -> bool:
        return self.text is not None


def parse_day(value: str | None, option: str) -> dt.date:
    """A YYYY-MM-DD value of ``option`` (ASCII digits; none of the other ISO 8601 forms that
    ``date.fromisoformat`` takes, such as 20240101 or 2024-W19-1); None is today."""
    if value is None:
        return dt.date.today()
    try:
        if not DAY.fullmatch(value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HgrKgError(f"{option} {value}: not a date (YYYY-MM-DD)") from None


def versions(graph: Graph, instrument: str) -> list[Version]:
    """The versions of ``instrument`` (a work id such as rmhgr) that have a text, by entry into force.
    An id is ASCII letters, digits, '.', '_' and '-' (it is the end of an IRI): anything else is
    refused in one line naming the argument, before a query is made of it."""
    if not INSTRUMENT_ID.fullmatch(instrument):
        raise HgrKgError(
            f"INSTRUMENT {instrument!r}: not an instrument's id such as rmhgr "
            "(ASCII letters, digits, '.', '_' and '-')"
        )
    table = run(graph, VERSIONS, {"work": iri(PREFIX_IRIS["hgrid"] + instrument)})
    found = {
        str(row[0]): Version(str(row[0]), str(row[0]).rsplit("/", 1)[-1], *(_str(v) for v in row[1:3]),
                             _str(row[3]) or "", _str(row[4]))  # fmt: skip
        for row in table.rows
    }
    if not found:
        raise HgrKgError(f"unknown instrument {instrument!r}: no version of it has a text in data/texts")
    return sorted(found.values(), key=lambda v: (v.start is None, v.start or "", v.name))


def version_on(graph: Graph, instrument: str, day: dt.date) -> Version:
    """The version of ``instrument`` in force on ``day``."""
    known = versions(graph, instrument)
    iso = day.isoformat()
    for version in known:
        if version.start and version.start <= iso and (version.end is None or version.end > iso):
            return version
    undated = [v for v in known if v.start is None and v.issued and v.issued <= iso and not v.end]
    if len(undated) == 1 and len(known) == 1:  # the one text held, its entry into force not recorded
        version = undated[0]
        version.note = (f"Entry into force not recorded: {version.name} (issued {version.issued}) is "
                        f"the only version held; whether it was in force on {iso} is not established.")
        return version
    spans = ", ".join(f"{v.name} {v.start or '?'}..{v.end or ''}" for v in known)
    raise HgrKgError(f"{instrument}: no version with a text in force on {iso} (versions: {spans})")


def articles(graph: Graph, version: Version) -> list[ArticleText]:
    """The articles of ``version`` in order, each with the headings (part, chapter, section) above it."""
    table = run(graph, UNITS, {"version": iri(version.iri)})
    units = {str(row[0]): row for row in table.rows}
    found = []
    for _, kind, number, printed, _title, text, _status, parent in units.values():
        if str(kind) != ARTICLE:
            continue
        headings = []
        parent_iri = str(parent)
        while parent_iri in units:
            row = units[parent_iri]
            headings.insert(0, " ".join(str(x) for x in (row[3], row[4]) if x is not None))
            parent_iri = str(row[7])
        printed_number = str(printed) if printed is not None else f"Art. {number}"
        found.append(ArticleText(str(number), printed_number, _str(text), headings))
    return sorted(found, key=lambda a: _order(a.number))


def text_on(graph: Graph, instrument: str, day: dt.date, article: str | None = None) -> tuple[Version, list]:
    """The version in force on ``day`` and its articles (only ``article`` if given)."""
    version = version_on(graph, instrument, day)
    version.coverage = coverage_of(graph, version)
    found = articles(graph, version) or loose_paragraphs(graph, version)
    if article is not None:
        try:
            article = normalised_article(article)
        except ValueError as err:
            raise HgrKgError(f"--article {article!r}: {err}") from None
        found = [a for a in found if a.number == article]
        if not found and version.coverage:
            raise HgrKgError(f"{version.name}: article {article} is not in the text held. {version.coverage}")
        if not found:
            raise HgrKgError(f"{version.name} has no article {article}")
    return version, found


def coverage_of(graph: Graph, version: Version) -> str:
    """The coverage line of ``version`` ("" for a whole text)."""
    from hgr_kg.read.coverage import coverages

    found = coverages(graph).get(version.iri)
    return found.line() if found is not None else ""


LOOSE = (
    PREFIXES
    + """SELECT ?position ?text WHERE {
  ?unit eli:is_part_of ?version ; eli:type_subdivision hgrid:subdivision-paragraph ;
        hgr:position ?position ; hgr:text ?text .
}"""
)


def loose_paragraphs(graph: Graph, version: Version) -> list[ArticleText]:
    """The paragraphs of a text without articles (a decision's items, a guide's numbered sections), in
    order, each as an ArticleText numbered ¶1, ¶2, … with no printed number of its own."""
    rows = run(graph, LOOSE, {"version": iri(version.iri)}).rows
    ordered = sorted((int(str(position)), str(text)) for position, text in rows)
    # the mirrors' markers (<!-- SOURCE: … -->) are kept in the graph as the file has them, not shown
    return [ArticleText(f"¶{n}", "", text) for n, text in ordered if not text.startswith("<!--")]


@dataclass
class Change:
    number: str
    printed: str
    old: str
    new: str
    ops: list[dict]  # the wording's edits: punctuation width folded (char_ops)
    raw: list[dict] = field(default_factory=list)  # every edit, punctuation width included


@dataclass
class Diff:
    instrument: str
    old: Version
    new: Version
    added: list[str]
    removed: list[str]
    changed: list[Change]
    typographic: list[str]  # differ only in the mirrors' punctuation (ASCII vs full-width)
    not_read: list[str]
    coverage: list[str] = field(default_factory=list)  # of either version held in fragments only


def char_ops(old: str, new: str, raw: bool = False) -> list[dict]:
    """The character-level edits from ``old`` to ``new``, equal runs included (difflib on characters:
    CJK has no spaces). Unless ``raw``, the wording's edits: each character is compared with its width
    folded (``fold_width``), so the mirrors' （一） against (一) is no edit, and an equal run is given
    in the new text's characters."""
    a, b = (old, new) if raw else (fold_width(old), fold_width(new))
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [
        {"op": op, "old": new[j1:j2] if op == "equal" and not raw else old[i1:i2], "new": new[j1:j2]}
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def diff(graph: Graph, instrument: str, start: dt.date, end: dt.date) -> Diff:
    """Articles added, removed and changed between the versions in force on ``start`` and ``end``."""
    old, new = version_on(graph, instrument, start), version_on(graph, instrument, end)
    before = {a.number: a for a in articles(graph, old)}
    after = {a.number: a for a in articles(graph, new)}
    result = Diff(instrument, old, new, [], [], [], [], [])
    lines = (coverage_of(graph, old), coverage_of(graph, new))
    result.coverage = list(dict.fromkeys(line for line in lines if line))
    result.added = [n for n in after if n not in before]
    result.removed = [n for n in before if n not in after]
    for number in (n for n in after if n in before):
        a, b = before[number], after[number]
        if a.text is None or b.text is None:
            result.not_read.append(number)
        elif a.text != b.text and comparable(a.text) == comparable(b.text):
            result.typographic.append(number)
        elif a.text != b.text:
            result.changed.append(Change(number, b.printed, a.text, b.text, char_ops(a.text, b.text),
                                         char_ops(a.text, b.text, raw=True)))  # fmt: skip
    return result


def _str(value: object) -> str | None:
    return None if value is None else str(value)


def _order(number: str) -> tuple[int, int]:
    base, _, sub = number.partition("-")
    return (int(base), int(sub or 0)) if base.isdigit() else (10**9, 0)


# ---------------------------------------------------------------- rendering


def render_text(version: Version, found: list[ArticleText], fmt: str) -> str:
    """The text as plain text, Markdown, HTML (escaped) or JSON."""
    if fmt == "json":
        payload = {"version": asdict(version), "articles": [asdict(a) for a in found]}
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return _template("law-text.html.jinja2").render(version=version, articles=found)
    esc = _md if fmt == "md" else str
    head = esc(f"{version.title} ({version.name}, in force {version.start or '?'} to {version.end or '—'})")
    lines = [f"# {head}" if fmt == "md" else head, ""]
    lines += [esc(note) + "\n" for note in (version.note, version.coverage) if note]
    shown: list[str] = []
    for art in found:
        for depth, heading in enumerate(art.headings):
            if shown[: depth + 1] != art.headings[: depth + 1]:
                lines += [("#" * (depth + 2) + " " if fmt == "md" else "") + esc(heading), ""]
        shown = art.headings
        body = art.text if art.read else "[text not read: no primary text of this article was available]"
        title = (f"**{esc(art.printed)}** " if fmt == "md" else f"{art.printed} ") if art.printed else ""
        lines += [f"{title}{esc(body)}".replace("\n", "\n\n" if fmt == "md" else "\n"), ""]
    return "\n".join(lines)


def _md(text: str) -> str:
    """Text for Markdown: the HTML-significant characters as entities (a renderer passes raw HTML
    through, so a ``<script>`` in a statute's text would run in the reader's page)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _marked(ops: list[dict]) -> str:
    parts = []
    for op in ops:
        if op["op"] == "equal":
            parts.append(op["old"])
        else:
            parts.append(
                (f"[-{op['old']}-]" if op["old"] else "") + (f"{{+{op['new']}+}}" if op["new"] else "")
            )
    return "".join(parts)


def render_diff(result: Diff, fmt: str, raw: bool = False) -> str:
    """The diff as plain text (wdiff marks [-old-]{+new+}), Markdown, HTML (escaped) or JSON: the
    wording's edits (punctuation width folded), or with ``raw`` every edit (JSON gives both)."""
    if raw:
        result = replace(result, changed=[replace(c, ops=c.raw) for c in result.changed])
    if fmt == "json":
        return json.dumps(asdict(result), ensure_ascii=False, indent=2) + "\n"
    if fmt == "html":
        return _template("law-diff.html.jinja2").render(diff=result)
    o, n = result.old, result.new
    esc = _md if fmt == "md" else str
    lines = [
        f"{'# ' if fmt == 'md' else ''}{esc(result.instrument)}: {esc(o.name)} (in force from {o.start}) -> "
        f"{esc(n.name)} (in force from {n.start})",
        "",
        f"added: {', '.join(result.added) or 'none'}",
        f"removed: {', '.join(result.removed) or 'none'}",
        f"changed: {', '.join(c.number for c in result.changed) or 'none'}",
    ]
    if result.typographic:
        lines.append(
            f"punctuation only (ASCII vs full-width in the mirrors): {', '.join(result.typographic)}"
        )
    if result.not_read:
        lines.append(f"not compared (text not read): {', '.join(result.not_read)}")
    lines += [esc(note) for note in (result.old.note, result.new.note, *result.coverage) if note]
    for change in result.changed:
        lines += ["", f"{'## ' if fmt == 'md' else ''}{esc(change.printed)}", esc(_marked(change.ops))]
    return "\n".join(lines) + "\n"


def _template(name: str):  # noqa: ANN202
    from hgr_kg.templating import environment  # the package's one Jinja2 environment, autoescaped

    return environment().get_template(name)


# ---------------------------------------------------------------- amending decisions

ITEM_START = re.compile(rf"^[{NUMERAL}]+、")
ARTICLE_REF = re.compile(rf"第([{NUMERAL}]+)条(?:之([{NUMERAL}]+))?(?:至第([{NUMERAL}]+)条)?")
QUOTED = re.compile(r"“[^”]*”")


def amended_articles(decision: Statute, title: str) -> list[str]:
    """The article numbers that an amending decision's item for the instrument ``title`` names (its
    paragraphs from the one naming 《title》 to the next numbered item; new wording in quotes is left
    out; 第二十六条至第三十七条 is a range), in order."""
    paragraphs = [p.intro for p in decision.paragraphs]
    start = next(
        (i for i, text in enumerate(paragraphs) if f"《{title}》" in text and ITEM_START.match(text)), None
    )
    if start is None:
        raise HgrKgError(f"{decision.path}: no amending item names 《{title}》")
    numbers: list[str] = []
    for i, text in enumerate(paragraphs[start:]):
        if i and ITEM_START.match(text):
            break
        for match in ARTICLE_REF.finditer(QUOTED.sub("", text)):
            first = cn_numeral(match.group(1))
            if match.group(2):
                found = [f"{first}-{cn_numeral(match.group(2))}"]
            else:
                found = [str(n) for n in range(first, cn_numeral(match.group(3) or match.group(1)) + 1)]
            numbers += [n for n in found if n not in numbers]
    return sorted(numbers, key=_order)
