"""Full-text search over the statute texts: the articles whose Chinese text, or English paraphrase,
contains every word asked for, with the passage around the first match, ranked, as of a date.

The search reads an index of the texts (``dist/search-index.json``): every article of every version
in data/texts/, its Chinese text, the file and line, the version's interval in force, and the curated
English paraphrase (``eli:description`` @en, data/provisions.ttl) where there is one. The index is
rebuilt when a curated source changes (a digest of their bytes); only then are the graph and rdflib
loaded, so that a search in a fresh process stays well under half a second.

Chinese has no spaces: a word is matched as a substring (出境 finds 运送、邮寄、携带出境). English is
matched case-insensitively. A word that is a label of a concept of the term bank (data/terms.ttl), or
in English a whole word of one (international: international collaboration), also matches every other
label of that concept, in either language (export: 出境; 境外: 外国, foreign), so that English and
Chinese find the same articles. An article number as printed (第三十七条, 第三百三十四条之一) or in
English (Article 37, Art. 334-1) matches that article. A search that finds nothing says so and names
the terms tried. Ranking: number of occurrences of the words, then words found in the order asked,
then the older version first, then the article number.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hgr_kg.atomic import write_file
from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import SOURCE, digest_input
from hgr_kg.paths import Project
from hgr_kg.prefixes import PREFIX_IRIS

if TYPE_CHECKING:
    from rdflib import Graph

    from hgr_kg.sources.statutes import Statute

INDEX_NAME = "search-index.json"
INDEX_VERSION = 3
WINDOW = 24  # characters of context either side of a match
FORMATS = ("table", "json", "md")


@dataclass(frozen=True)
class Hit:
    article: str  # IRI
    instrument: str
    version: str
    number: str
    printed: str
    title: str
    in_force_from: str | None
    in_force_until: str | None
    matches: int
    in_order: bool
    passage: str
    field: str  # "zh" or "en"
    source: str  # data/texts/FILE, line N


def _digest(project: Project) -> str:
    digest = hashlib.sha256(f"v{INDEX_VERSION}".encode())
    for path in project.curated_sources():
        digest.update(path.name.encode())
        digest_input(digest, path, SOURCE)
    return digest.hexdigest()


def _index_path(project: Project) -> Path:
    return project.root / "dist" / INDEX_NAME


def load_index(project: Project) -> list[dict]:
    """The index of every article (see the module docstring), rebuilt if a curated source changed."""
    return _load(project)["articles"]


def load_fragments(project: Project) -> list[dict]:
    """The versions held in fragments only: version, instrument, interval and coverage line."""
    return _load(project)["fragments"]


def load_terms(project: Project) -> list[list[str]]:
    """The term bank: the labels of each concept (its preferred labels first), from the same index."""
    return _load(project)["terms"]


def _load(project: Project) -> dict:
    digest = _digest(project)
    path = _index_path(project)
    try:
        cached = json.loads(path.read_text(encoding="utf-8"))
        if cached.get("digest") == digest:
            return cached
    except (OSError, ValueError, AttributeError):
        pass  # no index yet, or an unreadable one: build it
    articles, terms, fragments = build_index(project)
    payload = {"digest": digest, "articles": articles, "terms": terms, "fragments": fragments}
    with contextlib.suppress(OSError):  # a read-only checkout: search without keeping the index
        write_file(path, json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    return payload


def build_index(project: Project) -> tuple[list[dict], list[list[str]], list[dict]]:
    """Every article of every data/texts file (a text without articles: its paragraphs, numbered ¶1,
    ¶2, …), with its version's interval and its paraphrase; the labels of every concept of the term
    bank; and the versions held in fragments only, with their coverage lines."""
    from hgr_kg.graph.build import build_graph
    from hgr_kg.namespaces import ELI, HGRID
    from hgr_kg.read.coverage import coverages
    from hgr_kg.sources.statutes import read_statute

    graph = build_graph(project)

    def date(node: object, prop: object) -> str | None:
        value = graph.value(node, prop)
        return str(value) if value is not None else None

    articles: list[dict] = []
    fragments: list[dict] = []
    held = coverages(graph)
    for path in project.text_files():
        statute = read_statute(path)
        version = str(statute.header.get("version", path.stem))
        vnode = HGRID[version]
        base = {"instrument": str(statute.header.get("instrument", version)), "version": version,
                "title": str(statute.header.get("title", "")),
                "from": date(vnode, ELI.first_date_entry_in_force),
                "until": date(vnode, ELI.date_no_longer_in_force)}  # fmt: skip
        coverage = held.get(str(vnode))
        if coverage is not None and not coverage.whole:
            fragments.append({**base, "coverage": coverage.line()})
        articles += _entries(graph, statute, path.name, base, date)
    return articles, _terms(graph), fragments


def _entries(graph: Graph, statute: Statute, name: str, base: dict, date: Callable) -> list[dict]:
    """The index entries of one text: its articles, or its paragraphs where it has none."""
    from hgr_kg.graph.statute_ids import article_iri
    from hgr_kg.namespaces import ELI

    out = []
    for art in statute.articles:
        iri = article_iri(base["version"], art.number)
        english = [str(d) for d in graph.objects(iri, ELI.description) if getattr(d, "language", "") == "en"]
        out.append({**base, "article": str(iri), "number": art.number, "printed": art.number_printed,
                    "from": date(iri, ELI.first_date_entry_in_force) or base["from"],
                    "until": date(iri, ELI.date_no_longer_in_force) or base["until"],
                    "zh": art.text, "en": " ".join(sorted(english)),
                    "source": f"data/texts/{name}, line {art.line}"})  # fmt: skip
    return out or [
        {**base, "article": f"{PREFIX_IRIS['hgrid']}{base['version']}-para{n}", "number": f"¶{n}",
         "printed": f"¶{n}", "zh": text, "en": "", "source": f"data/texts/{name}, line {line}"}
        for n, line, text in statute.loose_paragraphs() if not text.startswith("<!--")
    ]  # fmt: skip


def _terms(graph: object) -> list[list[str]]:
    from rdflib.namespace import SKOS

    from hgr_kg.namespaces import HGRID

    bank = []
    for concept in sorted(graph.subjects(SKOS.inScheme, HGRID["scheme-terms"])):
        labels = [str(x) for p in (SKOS.prefLabel, SKOS.altLabel) for x in sorted(graph.objects(concept, p))]
        bank.append(list(dict.fromkeys(labels)))
    return bank


ARTICLE_ZH_RE = re.compile(r"第([零〇一二两三四五六七八九十百千0-9]+)条(?:之([一二三四五六七八九十]+))?")
ARTICLE_EN_RE = re.compile(r"(?:art(?:icle)?\.?)\s*(\d+)(?:-(\d+))?", re.IGNORECASE)


def article_number(word: str) -> str | None:
    """第三十七条, Article 37, Art. 37 -> "37"; 第三百三十四条之一, Art. 334-1 -> "334-1"; else None."""
    from hgr_kg.sources.statutes import cn_numeral

    m = ARTICLE_ZH_RE.fullmatch(word.strip())
    if m:
        try:
            base, sub = cn_numeral(m.group(1)), cn_numeral(m.group(2)) if m.group(2) else 0
        except ValueError:
            return None
        return f"{base}-{sub}" if sub else str(base)
    m = ARTICLE_EN_RE.fullmatch(word.strip())
    return (m.group(1) + (f"-{m.group(2)}" if m.group(2) else "")) if m else None


def expand(word: str, terms: list[list[str]]) -> list[str]:
    """The word and every label of the concepts it names (a label, or in English a whole word of one)."""
    needle = word.lower()
    found = [word]
    for labels in terms:
        lowered = [label.lower() for label in labels]
        if needle in lowered or (needle.isascii() and any(needle in label.split() for label in lowered)):
            found += [label for label in labels if label not in found]
    return found


def _in_force(entry: dict, on: str | None) -> bool:
    if on is None:
        return True
    return (
        entry["from"] is not None and entry["from"] <= on and (entry["until"] is None or entry["until"] > on)
    )


def _passage(text: str, start: int, length: int) -> str:
    left, right = max(0, start - WINDOW), min(len(text), start + length + WINDOW)
    snippet = text[left:right].replace("\n", " ")
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")


def _score(entry: dict, groups: list[list[str]]) -> Hit | None:
    """A hit if each group (a word and the labels it expands to, or an article number) has a member in
    the Chinese text or the English paraphrase, else None."""
    zh, en = entry["zh"], entry["en"].lower()
    counts, firsts, lengths = 0, [], []
    for group in groups:
        number = article_number(group[0])
        if number is not None:
            if entry["number"] != number:
                return None
            counts, first, length = counts + 1, 0, len(entry["printed"])
        else:
            found = [(zh.count(w), en.count(w.lower()), w) for w in group]
            if not any(n_zh or n_en for n_zh, n_en, _ in found):
                return None
            counts += sum(n_zh + n_en for n_zh, n_en, _ in found)
            first, length = min(
                (zh.find(w) if n_zh else len(zh) + en.find(w.lower()), len(w))
                for n_zh, n_en, w in found
                if n_zh or n_en
            )
        firsts.append(first)
        lengths.append(length)
    first = min(firsts)
    if first < len(zh):
        passage, where = _passage(zh, first, lengths[firsts.index(first)]), "zh"
    else:
        offset = first - len(zh)
        passage, where = _passage(entry["en"], offset, lengths[firsts.index(first)]), "en"
    return Hit(
        entry["article"], entry["instrument"], entry["version"], entry["number"], entry["printed"],
        entry["title"], entry["from"], entry["until"], counts, firsts == sorted(firsts), passage, where,
        entry["source"],
    )  # fmt: skip


def _number_key(number: str) -> tuple[int, int]:
    base, _, sub = number.removeprefix("¶").partition("-")
    return int(base), int(sub or 0)


def search(
    project: Project, words: list[str], on: str | None = None, instrument: str | None = None
) -> list[Hit]:
    """The articles matching every word in ``words``, ranked; ``on``: only versions in force on that
    day (YYYY-MM-DD); ``instrument``: a work (rmhgr) or a version (rmhgr-2019), with or without hgrid:."""
    words = [w for w in (w.strip() for w in words) if w]
    if not words:
        raise HgrKgError("search: give at least one word")
    if on is not None:
        try:
            if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", on):
                raise ValueError
            dt.date.fromisoformat(on)
        except ValueError:
            raise HgrKgError(f"--on: {on!r} is not a date of the form YYYY-MM-DD") from None
    entries = load_index(project)
    if instrument is not None:
        name = instrument.removeprefix("hgrid:").rsplit("/", 1)[-1]
        known = sorted({e["instrument"] for e in entries} | {e["version"] for e in entries})
        if name not in known:
            raise HgrKgError(f"--instrument: unknown instrument {instrument!r} (known: {', '.join(known)})")
        entries = [e for e in entries if name in (e["instrument"], e["version"])]
    terms = load_terms(project)
    groups = [[w] if article_number(w) else expand(w, terms) for w in words]
    hits = [hit for e in entries if _in_force(e, on) and (hit := _score(e, groups)) is not None]
    return sorted(
        hits,
        key=lambda h: (
            -h.matches,
            not h.in_order,
            h.in_force_from or "9999",
            h.version,
            _number_key(h.number),
        ),
    )


def not_searched(project: Project, on: str | None = None, instrument: str | None = None) -> list[str]:
    """The coverage line of each version in the search's scope (``instrument``; in force on ``on``, or
    its interval not recorded) that is held in fragments only: what the search could not look at."""
    name = instrument.removeprefix("hgrid:").rsplit("/", 1)[-1] if instrument else None
    return [f["coverage"] for f in load_fragments(project)
            if (name is None or name in (f["instrument"], f["version"]))
            and (f["from"] is None or _in_force(f, on))]  # fmt: skip


def terms_tried(project: Project, words: list[str]) -> dict[str, list[str]]:
    """Each word and what it was matched as: itself and the labels it expands to, or an article."""
    terms = load_terms(project)
    tried = {}
    for word in (w.strip() for w in words):
        if word:
            number = article_number(word)
            tried[word] = [f"Art. {number}"] if number else expand(word, terms)
    return tried


def _nothing(tried: dict[str, list[str]] | None, on: str | None) -> str:
    where = f" in force on {on}" if on else ""
    if not tried:
        return f"no article{where} matches"
    names = "; ".join(f"{word}: {', '.join(found)}" for word, found in tried.items())
    return f"no article{where} matches every word (terms tried: {names})"


def format_hits(hits: list[Hit], fmt: str, words: list[str], on: str | None,  # noqa: PLR0913
                tried: dict[str, list[str]] | None = None,
                unsearched: list[str] | None = None) -> str:  # fmt: skip
    """Render hits as ``table`` (plain text), ``md`` (Markdown) or ``json``; ``tried``: the terms each
    word was matched as (``terms_tried``), named when nothing matches; ``unsearched``: what the search
    could not look at (``not_searched``), said after the hits."""
    unsearched = unsearched or []
    if fmt == "json":
        payload = {"words": words, "on": on, "count": len(hits), "hits": [asdict(h) for h in hits],
                   "not_searched": unsearched}  # fmt: skip
        if tried is not None:
            payload["tried"] = tried
        if not hits:
            payload["message"] = _nothing(tried, on)
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if fmt == "md":
        lines = [
            "| # | article | in force | matches | passage | source |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for n, h in enumerate(hits, start=1):
            cells = [str(n), f"{h.version} {h.printed}", _interval(h), str(h.matches), h.passage, h.source]
            lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
        lines.append("")
        lines.append(f"{len(hits)} article(s)" + (f" in force on {on}" if on else ""))
        if not hits:
            lines.append(_nothing(tried, on))
        lines += [f"Not searched: {_md_cell(line)}" for line in unsearched]
        return "\n".join(lines) + "\n"
    lines = []
    for n, h in enumerate(hits, start=1):
        lines.append(
            f"{n:3d}. {h.version} {h.printed} ({'Art. ' * h.number[0].isdigit()}{h.number}; {_interval(h)}; "
            f"{h.matches} match(es))"
        )
        lines.append(f"     {h.passage}")
        lines.append(f"     {h.source}")
    lines.append(f"{len(hits)} article(s)" + (f" in force on {on}" if on else ""))
    if not hits:
        lines.append(_nothing(tried, on))
    lines += [f"Not searched: {line}" for line in unsearched]
    return "\n".join(lines) + "\n"


def _interval(hit: Hit) -> str:
    if hit.in_force_from is None:
        return "in force: not recorded"
    return f"in force {hit.in_force_from} to {hit.in_force_until or '(end not recorded)'}"


def _md_cell(text: str) -> str:
    """A Markdown table cell: pipes and HTML-significant characters escaped, no line breaks."""
    for char, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("|", "\\|")):
        text = text.replace(char, escaped)
    return text.replace("\n", " ")
