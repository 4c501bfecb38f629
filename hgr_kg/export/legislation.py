"""A statute cited as legislation: a version of an instrument (an ``eli:LegalResource``), or an article,
paragraph or item of one (an ``eli:LegalResourceSubdivision`` with ``hgr:partOfVersion``).

Everything comes from the graph: the official Chinese title (``eli:title`` @zh), the English title
(``eli:title`` @en of the work the version belongs to, else of the version), the issuing body
(``eli:passed_by``), the document number (``eli:number`` of the version, only where the graph holds
one: 国务院令第717号 for the 2019 Regulations, none for the 2024 revision), the date of that version
(``eli:version_date``, else ``eli:date_publication``, else ``eli:date_document``), whether it is a
revision (修订) or an amendment (修正) (``hgr:versionChange``), the pinpoint (the ``eli:number`` of the
article, paragraph and item) and where the text was read (the mirror, the file and the line), which is a
note and never the author.

Three built-in forms (``--style``):

- ``oscola``: OSCOLA's rule for legislation from other jurisdictions (cite it as it is cited in its own
  jurisdiction, the original title given beside the English one, no full stops in abbreviations):
  ``Regulations of the People's Republic of China on the Management of Human Genetic Resources 2019
  (中华人民共和国人类遗传资源管理条例), as revised 10 March 2024, art 41``; the year is the work's.
- ``gbt7714``: GB/T 7714-2015 (责任者. 题名: 其他题名信息[文献类型标识]. 日期: 引文位置.). The standard
  has no type code of its own for laws and regulations; [Z] (其他) is the one commonly used for them.
- ``zh``: the plain Chinese form, 《中华人民共和国人类遗传资源管理条例》（2024年修订）第四十一条.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF
from rdflib.term import Node

from hgr_kg.errors import HgrKgError
from hgr_kg.graph.labels import label
from hgr_kg.namespaces import ELI, HGR, HGRID, PREFIXES

STYLES = ("oscola", "gbt7714", "zh")
CHANGES = {"修订": "revised", "修正": "amended"}
# the subdivisions a pinpoint is made of: English abbreviation (OSCOLA, no full stop), Chinese unit
PINPOINT = {"article": ("art", "条"), "paragraph": ("para", "款"), "item": ("item", "项")}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip


@dataclass(frozen=True)
class Statute:
    """One version of an instrument, as its bibliographic entry needs it."""

    key: str
    iri: str
    title_zh: str
    title_en: str = ""
    body_en: str = ""
    body_zh: str = ""
    number_zh: str = ""
    number_en: str = ""
    date: str = ""  # ISO 8601, the date of this version
    change: str = ""  # 修订 or 修正 (a revision or an amendment); "" for the text as first made
    work_year: str = ""  # the year of the instrument (the work), for OSCOLA's "Title YEAR"
    mirror: str = ""  # where the text was read: the source document's publisher, address, kind
    mirror_url: str = ""
    mirror_kind: str = ""
    text_file: str = ""
    commit: str = ""

    def read_from(self, line: str = "") -> str:
        """Where the text was read, as a note: mirror <address>, file, line (commit): kind."""
        where = self.mirror + (f" <{self.mirror_url}>" if self.mirror_url else "")
        at = ", ".join(w for w in (where, self.text_file, line) if w)
        if not at:
            return ""
        return f"text read from {at}" + (f" ({self.commit})" if self.commit else "") + (
            f": {self.mirror_kind}" if self.mirror_kind else "")  # fmt: skip


@dataclass(frozen=True)
class Pinpoint:
    """An article, paragraph and item, outermost first: (("article", "41"), ("paragraph", "2"))."""

    parts: tuple[tuple[str, str], ...] = ()
    line: str = ""  # the file and line the subdivision's text was read from

    def english(self, oscola: bool = False) -> str:
        names = {"article": "Art.", "paragraph": "para", "item": "item"}
        parts = [f"{PINPOINT[k][0] if oscola else names[k]} {n}" for k, n in self.parts]
        return ", ".join(parts)

    def chinese(self) -> str:
        from hgr_kg.sources.statutes import int_to_cn

        out = []
        for kind, number in self.parts:
            base, _, sub = number.partition("-")
            zh = (
                f"第{int_to_cn(int(base))}{PINPOINT[kind][1]}"
                if base.isdigit()
                else f"第{base}{PINPOINT[kind][1]}"
            )
            out.append(zh + (f"之{int_to_cn(int(sub))}" if sub.isdigit() else ""))
        return "".join(out)


def _lang(graph: Graph, node: Node, prop: URIRef, lang: str) -> str:
    values = sorted(
        str(v) for v in graph.objects(node, prop) if isinstance(v, Literal) and v.language == lang
    )
    return " ".join(values[0].split()) if values else ""


def _date(graph: Graph, node: Node) -> str:
    for prop in (ELI.version_date, ELI.date_publication, ELI.date_document):
        value = graph.value(node, prop)
        if value is not None:
            return str(value)
    return ""


def version_of(graph: Graph, node: Node) -> Node | None:
    """The version ``node`` is (an ``eli:LegalResource``) or is part of; None for anything else."""
    if (node, RDF.type, ELI.LegalResource) in graph:
        return node
    if (node, RDF.type, ELI.LegalResourceSubdivision) in graph:
        return graph.value(node, HGR.partOfVersion)
    return None


def _mirror(graph: Graph, version: Node) -> dict[str, str]:
    """Where the version's text was read: the source document of its text file (the citation of the
    version that supports ``hgr:textFile``): its publisher, address, commit and kind, and the file."""
    found = {"text_file": str(graph.value(version, HGR.textFile) or "")}
    for citation in sorted(graph.objects(version, DCTERMS.source), key=str):
        doc = graph.value(citation, DCTERMS.isPartOf)
        if doc is None or (citation, HGR.supports, HGR.textFile) not in graph:
            continue
        commits = sorted(
            str(i) for i in graph.objects(doc, DCTERMS.identifier) if str(i).startswith("commit ")
        )
        kind = graph.value(doc, HGR.sourceKind)
        found |= {
            "mirror": " ".join(str(graph.value(doc, DCTERMS.publisher) or "").split()),
            "mirror_url": str(graph.value(doc, FOAF.page) or ""),
            "mirror_kind": label(graph, kind) if kind is not None else "",
            "commit": commits[0] if commits else "",
        }
        break
    return found


def statute(graph: Graph, version: Node) -> Statute:
    """The bibliographic data of ``version`` (see the module docstring)."""
    work = graph.value(version, ELI.is_member_of)
    body = graph.value(version, ELI.passed_by) or (graph.value(work, ELI.passed_by) if work else None)
    title_zh = _lang(graph, version, ELI.title, "zh") or (_lang(graph, work, ELI.title, "zh") if work else "")
    title_en = (_lang(graph, work, ELI.title, "en") if work else "") or _lang(graph, version, ELI.title, "en")
    change = str(graph.value(version, HGR.versionChange) or "")
    date = _date(graph, version)
    work_date = _date(graph, work) if work is not None else ""
    return Statute(
        key=short_key(str(version)),
        iri=str(version),
        title_zh=title_zh or title_en,
        title_en=title_en if title_zh else "",
        body_en=label(graph, body, "en") if body is not None else "",
        body_zh=label(graph, body, "zh") if body is not None else "",
        number_zh=_lang(graph, version, ELI.number, "zh"),
        number_en=_lang(graph, version, ELI.number, "en") or str(graph.value(version, ELI.number) or ""),
        date=date,
        change=change if date else "",
        work_year=(work_date or date)[:4] if change else date[:4],
        **_mirror(graph, version),
    )


def pinpoint(graph: Graph, node: Node, name: str) -> Pinpoint:
    """The article, paragraph and item ``node`` is or is in; empty for a version."""
    parts: list[tuple[str, str]] = []
    line = ""
    for citation in sorted(graph.objects(node, DCTERMS.source), key=str):
        locator = str(graph.value(citation, HGR.locator) or "")
        if ", line " in locator:
            line = "line " + locator.rsplit(", line ", 1)[1]
            break
    while (node, RDF.type, ELI.LegalResourceSubdivision) in graph:
        kind_node = graph.value(node, ELI.type_subdivision)
        kind = str(kind_node).removeprefix(str(HGRID["subdivision-"])) if kind_node is not None else ""
        if kind not in PINPOINT and parts:
            break  # the article's chapter or section: not part of the pinpoint
        if kind not in PINPOINT:
            raise HgrKgError(
                f"cite: {name}: a subdivision of kind {kind or 'unknown'!r} is not cited by a pinpoint "
                "(cite an article, a paragraph, an item or the version)"
            )
        parts.append((kind, str(graph.value(node, ELI.number) or "?")))
        node = graph.value(node, ELI.is_part_of)
    return Pinpoint(tuple(reversed(parts)), line)


def _day(iso: str) -> str:
    if len(iso) == 10 and iso[4] == "-":
        return f"{int(iso[8:])} {MONTHS[int(iso[5:7]) - 1]} {iso[:4]}"
    return iso


def _revised_zh(law: Statute) -> str:
    return f"（{law.date[:4]}年{law.change}）" if law.change and law.date else ""


def oscola(law: Statute, where: Pinpoint) -> str:
    """OSCOLA, legislation from other jurisdictions: English title and year, the Chinese title beside it,
    the document number, the revision, the pinpoint."""
    title = f"{law.title_en or law.title_zh} {law.work_year}".strip()
    if law.title_en:
        title += f" ({law.title_zh})"
    parts = [title]
    if law.number_en or law.number_zh:
        parts[0] += f" ({law.number_en or law.number_zh})"
    if law.change:
        parts.append(f"as {CHANGES.get(law.change, law.change)} {_day(law.date)}")
    if where.parts:
        parts.append(where.english(oscola=True))
    return ", ".join(parts)


def gbt7714(law: Statute, where: Pinpoint) -> str:
    """GB/T 7714-2015: 责任者. 题名: 文号[Z]. 日期: 条款."""
    head = f"{law.body_zh}. " if law.body_zh else ""
    title = law.title_zh + _revised_zh(law) + (f": {law.number_zh}" if law.number_zh else "")
    tail = law.date + (f": {where.chinese()}" if where.parts else "")
    return f"{head}{title}[Z]" + (f". {tail}." if tail else ".")


def zh(law: Statute, where: Pinpoint) -> str:
    """The plain Chinese form: 《题名》（2024年修订）第四十一条第二款第三项."""
    return f"《{law.title_zh}》{_revised_zh(law)}{where.chinese()}"


def render(style: str, law: Statute, where: Pinpoint) -> str:
    return {"oscola": oscola, "gbt7714": gbt7714, "zh": zh}[style](law, where)


def short_key(iri: str) -> str:
    """A citation key from an IRI: its name (rmhgr-2024) for hgrid:, prefix-name otherwise."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)) and iri != str(namespace):
            return (
                iri[len(str(namespace)) :] if prefix == "hgrid" else f"{prefix}-{iri[len(str(namespace)) :]}"
            )
    return re.sub(r"\W+", "-", iri).strip("-")
