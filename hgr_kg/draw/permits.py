"""The permit trajectories figure (issue 24): the study's Table 1 drawn from the graph, by year and
category, as counts or as shares of the year's permits, in English or Chinese, with the dates on
which the HGR instruments entered into force as marks.

Everything drawn comes from the graph: the observations of the data set ``hgrid:ds-table1`` (year,
category, count), each category's label in the language asked for (``skos:prefLabel``), and the
entry into force (``eli:first_date_entry_in_force``) of each version of the instruments named in
``MARKED`` that falls within the years drawn. A year's count is drawn at the middle of its year, so
that a mark stands where its date falls. Shares are of the year's ``total-permits``; the categories
drawn as shares are the four kinds of permit. Output is reproducible as the timeline's is
(``hgr_kg.draw.timeline.render``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hgr_kg.errors import HgrKgError

FORMATS = ("svg", "pdf", "png")
MEASURES = ("counts", "shares")
MARKED = ("rmhgr", "implementation-rules-2023")  # works or single versions whose entry into force is marked
PERMITS = ("collection", "preservation", "international-collaboration", "export")
COLOURS = {"collection": "#0072b2", "preservation": "#009e73", "international-collaboration": "#d55e00",
           "export": "#cc79a7", "total-permits": "#000000", "total-processed": "#777777",
           "revocation": "#e69f00"}  # fmt: skip
PREFIXES = """PREFIX hgr: <https://w3id.org/hgr-kg/ontology#>
PREFIX hgrid: <https://w3id.org/hgr-kg/id/>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
"""
COUNTS = PREFIXES + """SELECT ?year ?category ?label ?count WHERE {
  ?obs qb:dataSet hgrid:ds-table1 ; hgr:refYear ?year ; hgr:permitCategory ?code ; hgr:permitCount ?count .
  ?code skos:notation ?category .
  OPTIONAL { ?code skos:prefLabel ?label . FILTER(LANG(?label) = ?lang) }
} ORDER BY ?category ?year"""
MARKED_VALUES = " ".join(f"hgrid:{name}" for name in MARKED)
MARKS = PREFIXES + f"""SELECT ?version ?date ?title WHERE {{
  VALUES ?marked {{ {MARKED_VALUES} }}
  ?version a eli:LegalResource ; eli:first_date_entry_in_force ?date .
  FILTER(?version = ?marked || EXISTS {{ ?version eli:is_member_of ?marked }})
  OPTIONAL {{ ?version eli:title ?title . FILTER(LANG(?title) = ?lang) }}
}} ORDER BY ?date"""
TEXT = {
    "en": {"counts": "Permits by year and category", "shares": "Share of the year's permits",
           "year": "year", "count": "number", "share": "share of total permits (%)",
           "source": "Source: Song, Liu and Meng (2025), Table 1, as held in hgr-kg; "
                     "dotted lines: entry into force"},
    "zh": {"counts": "人类遗传资源行政许可（按年度和类别）", "shares": "各类许可占当年许可总数的比例",
           "year": "年度", "count": "数量", "share": "占许可总数（%）",
           "source": "来源：Song, Liu and Meng (2025) 表1（hgr-kg）；虚线：施行日期"},
}  # fmt: skip


@dataclass(frozen=True)
class Series:
    category: str
    label: str
    points: tuple[tuple[int, float], ...]  # (year, value)


def series(graph: object, lang: str, measure: str) -> list[Series]:
    """Table 1 from the graph, one series per category: counts, or shares of the year's permits."""
    from rdflib import Literal

    from hgr_kg.query.canned import run_local

    rows = run_local(graph, COUNTS, {"lang": Literal(lang)}).rows
    if not rows:
        raise HgrKgError("chart permits: the graph holds no observation of Table 1 (hgrid:ds-table1)")
    found: dict[str, dict] = {}
    for year, category, label, count in rows:
        entry = found.setdefault(str(category), {"label": str(label or category), "points": {}})
        entry["points"][int(str(year)[:4])] = float(count.toPython())
    if measure == "counts":
        return [Series(c, e["label"], tuple(sorted(e["points"].items()))) for c, e in found.items()]
    totals = found.get("total-permits", {}).get("points", {})
    out = []
    for category in (c for c in PERMITS if c in found):
        entry = found[category]
        shares = tuple((y, 100 * v / totals[y]) for y, v in sorted(entry["points"].items()) if totals.get(y))
        out.append(Series(category, entry["label"], shares))
    return out


def marks(graph: object, lang: str, first: int, last: int) -> list[tuple[float, str]]:
    """(position on the year axis, title) of each marked version entering into force in the years drawn."""
    import datetime as dt

    from rdflib import Literal

    from hgr_kg.query.canned import run_local

    out = []
    for version, date, title in run_local(graph, MARKS, {"lang": Literal(lang)}).rows:
        day = dt.date.fromisoformat(str(date)[:10])
        if first <= day.year <= last:
            position = day.year + (day.timetuple().tm_yday - 1) / 365
            label = str(title) if title is not None else str(version).rsplit("/", 1)[-1]
            out.append((position, f"{label} ({day.isoformat()})"))
    return sorted(set(out))


def chart(graph: object, lang: str = "en", measure: str = "counts", fmt: str = "svg") -> bytes:
    """The figure in ``fmt``: one line per category, the marks numbered and listed under it."""
    from matplotlib import pyplot as plt
    from matplotlib.figure import Figure

    from hgr_kg.draw.timeline import render
    from hgr_kg.draw.timeline_style import font_family

    if lang not in TEXT:
        raise HgrKgError(f"--lang: {lang!r} is not one of {', '.join(TEXT)}")
    if measure not in MEASURES:
        raise HgrKgError(f"--measure: {measure!r} is not one of {', '.join(MEASURES)}")
    if fmt not in FORMATS:
        raise HgrKgError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    drawn = series(graph, lang, measure)
    years = sorted({y for s in drawn for y, _ in s.points})
    marked = marks(graph, lang, years[0], years[-1])
    words = TEXT[lang]
    with plt.rc_context({"font.family": font_family(lang), "svg.fonttype": "none", "pdf.fonttype": 42,
                         "svg.hashsalt": "hgr-kg", "font.size": 9}):  # fmt: skip
        fig = Figure(figsize=(8.5, 5.0))
        ax = fig.add_axes((0.08, 0.30, 0.50, 0.60))
        _lines(ax, drawn, marked, words, measure, years)
        notes = [f"{n}. {text}" for n, (_, text) in enumerate(marked, start=1)]
        fig.text(0.08, 0.17, "\n".join(notes), fontsize=7, va="top")
        fig.text(0.08, 0.02, words["source"], fontsize=7, color="#444444")
        return render(fig, (fmt,), title=words[measure])[fmt]


def _lines(ax, drawn: list[Series], marked: list, words: dict, measure: str, years: list[int]) -> None:  # noqa: ANN001
    for s in drawn:
        xs = [y + 0.5 for y, _ in s.points]
        ys = [v for _, v in s.points]
        ax.plot(xs, ys, marker="o", markersize=3.5, linewidth=1.6, color=COLOURS.get(s.category, "#333333"),
                label=s.label, linestyle="--" if s.category.startswith("total") else "-")  # fmt: skip
    for n, (position, _) in enumerate(marked, start=1):
        ax.axvline(position, color="#999999", linewidth=0.8, linestyle=":")
        ax.annotate(str(n), (position, 1.0), xycoords=("data", "axes fraction"), ha="center", va="bottom",
                    fontsize=8, color="#555555")  # fmt: skip
    ax.set_xticks([y + 0.5 for y in years], [str(y) for y in years])
    ax.set_xlim(years[0], years[-1] + 1)
    ax.set_ylim(bottom=0)
    ax.set_xlabel(words["year"])
    ax.set_ylabel(words["count"] if measure == "counts" else words["share"])
    ax.set_title(words[measure], fontsize=10, pad=14)
    ax.grid(axis="y", color="#eeeeee")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False, fontsize=8)


def demo_charts(ntriples: Path) -> dict[str, bytes]:
    """The main job's permit charts, drawn in a worker from the build's N-Triples: counts in SVG and
    PNG and shares in SVG, in English and Chinese (file name: data)."""
    from hgr_kg.graph.memory import OxigraphGraph, memory_store

    graph = OxigraphGraph(memory_store(ntriples.read_bytes()))
    files = {}
    for lang in TEXT:
        files |= {f"permits-{lang}.{fmt}": chart(graph, lang, "counts", fmt) for fmt in ("svg", "png")}
        files[f"permit-shares-{lang}.svg"] = chart(graph, lang, "shares", "svg")
    return files
