"""``add text``: an official text a user brings (DOCX, PDF, HTML) made a data/texts file, checked first.

The file is read into lines (hgr_kg.sources.officialfile), optionally cut to the lines from ``first`` to
``last`` (page chrome before and after the text), and parsed as the build parses data/texts. It is
refused when it has no article, and when an article the project already holds of the same version
differs (hgr_kg.sources.textcompare) or is missing, unless a reason is given (then recorded in the
header). The file is written atomically to ``data/texts/VERSION.md`` (or ``out``); a file already
holding the version is replaced only with ``replace`` (its name is kept). Nothing is written on refusal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from hgr_kg.errors import HgrKgError
from hgr_kg.paths import Project
from hgr_kg.sources.officialfile import read_official
from hgr_kg.sources.readfile import ReadFile
from hgr_kg.sources.statutes import Statute, git_blob_sha1, parse_statute, split_header
from hgr_kg.sources.textcompare import Comparison, compare, ranges

# the licence basis line of every data/texts header, word for word
LICENCE = ("Not subject to copyright. Copyright Law of the PRC (2020), Art. 5: 本法不适用于：（一）法律、"
           "法规，国家机关的决议、决定、命令和其他具有立法、行政、司法性质的文件，及其官方正式译文 (quoted "
           "from LawRefBook/Laws 民法商法/著作权法(2020-11-11).md at commit "
           "2f4c5c23716267af9dbebbbbd6cbbf732b101981).")
CARRIED = ("title", "version_label", "articles_total", "chapters_total", "graph_articles")


class TextRefused(HgrKgError):
    """A refusal with one line per problem (``problems``) before its own one-line summary."""

    def __init__(self, summary: str, problems: list[str]) -> None:
        super().__init__(summary)
        self.problems = problems


@dataclass
class Added:
    """What ``add_text`` did (or, with ``dry_run``, would do)."""

    target: Path
    read: ReadFile
    statute: Statute
    comparison: Comparison
    held: Path | None
    dates_dropped: list[str] = field(default_factory=list)
    written: bool = False


def check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    bad = any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in url)
    if parts.scheme not in ("http", "https") or not parts.netloc or bad:
        raise HgrKgError(f"--source-url {url!r}: not an http(s) URL (the page the file was downloaded from)")
    return url


def version_ids(project: Project, version: str, instrument: str | None) -> tuple[str, str | None]:
    """(the instrument id, the Chinese title the graph gives) of ``version`` in data/instruments.ttl."""
    from rdflib import Graph, Literal
    from rdflib.namespace import RDF

    from hgr_kg.namespaces import ELI, HGRID

    graph = Graph().parse(project.data / "instruments.ttl", format="turtle")
    node = HGRID[version]
    if (node, RDF.type, ELI.LegalResource) not in graph:
        raise HgrKgError(f"--version {version}: no such version in data/instruments.ttl "
                         "(hgrid:VERSION a eli:LegalResource); add it there first")  # fmt: skip
    works = sorted(str(w).removeprefix(str(HGRID)) for w in graph.objects(node, ELI.is_member_of))
    found = works[0] if works else version
    if instrument is not None and instrument != found:
        raise HgrKgError(f"--instrument {instrument}: {version} is a version of {found}, not of {instrument}")
    titles = [t for n in (node, HGRID[found]) for t in graph.objects(n, ELI.title)]
    zh = [str(t) for t in titles if isinstance(t, Literal) and (t.language or "").startswith("zh")]
    return found, (zh[0] if zh else None)


def held_text(project: Project, version: str) -> Path | None:
    """The data/texts file whose header names ``version``, if any."""
    for path in project.text_files():
        header, _, _ = split_header(path.read_bytes(), str(path))
        if str(header.get("version")) == version:
            return path
    return None


def select_lines(lines: list[str], first: str | None, last: str | None, name: str) -> tuple[list[str], str]:
    """The lines from the first opening with ``first`` to the next opening with ``last`` (both kept), and
    the words saying what was left out ('' if nothing)."""
    start, end = 0, len(lines)
    if first is not None:
        start = next((i for i, line in enumerate(lines) if line.startswith(first)), -1)
        if start < 0:
            raise HgrKgError(f"--first {first!r}: no line of {name} opens with it")
    if last is not None:
        end = next((i + 1 for i in range(start, len(lines)) if lines[i].startswith(last)), -1)
        if end < 0:
            raise HgrKgError(f"--last {last!r}: no line of {name} from --first on opens with it")
    if (start, end) == (0, len(lines)):
        return lines, ""
    return lines[start:end], (f"{start} lines before the line opening with {first!r} and {len(lines) - end} "
                              f"after the line opening with {last!r} (page chrome), by --first/--last")


def parse_body(body: bytes, name: str) -> Statute:
    statute = parse_statute(b"---\nstructure: articles\n---\n" + body, name)
    if not statute.articles:
        lines = [f"{name}: no article (第一条 …) found in the {len(body.splitlines())} lines read"]
        raise TextRefused(f"{name}: refused: not a text of articles", lines)
    return statute


def check_against(held: Statute | None, new: Statute, reason: str | None, name: str) -> Comparison:
    result = compare(held, new)
    problems = result.problems()
    if problems and not reason:
        raise TextRefused(f"{name}: refused: articles differing from the text held: {len(result.differing)}, "
                          f"missing from the new text: {len(result.missing)}; give --reason to accept it "
                          "anyway (the reason goes into the header)", problems)  # fmt: skip
    return result


def carry_dates(old: dict, new: Statute, text: str) -> tuple[list[dict], list[str]]:
    """The held header's dates still stated in the new text (the day as 2019年7月1日 in it, and the words
    quoted from an article in that article), and a line for each one dropped."""
    import re

    kept, dropped = [], []
    for entry in old.get("dates") or []:
        try:
            day = dt.date.fromisoformat(str(entry["date"]))
        except (KeyError, ValueError):
            dropped.append(f"date {entry!r}: not a date entry")
            continue
        stated = str(entry.get("stated_in", ""))
        quoted = re.search(r"\bArt\. ([0-9]+(?:-[0-9]+)?): ([^;\s]+)", stated)
        article = next((a for a in new.articles if quoted and a.number == quoted.group(1)), None)
        if f"{day.year}年{day.month}月{day.day}日" not in text:
            dropped.append(f"date {day} ({entry.get('event')}): the new text does not print {day.year}年"
                           f"{day.month}月{day.day}日; not carried over")  # fmt: skip
        elif quoted and (article is None or quoted.group(2) not in article.text):
            dropped.append(f"date {day} ({entry.get('event')}): Art. {quoted.group(1)} of the new text does "
                           f"not say {quoted.group(2)}; not carried over")  # fmt: skip
        else:
            kept.append(dict(entry))
    return kept, dropped


def coverage(old: dict, new: Statute) -> dict:
    """The header's words on what the new text holds, against the held header's ``articles_total``."""
    numbers = sorted({a.base for a in new.articles})
    total = old.get("articles_total")
    if not isinstance(total, int):
        return {"articles_read": ranges(numbers), "missing": "not stated: the header of the text held gives "
                f"no number of articles; the file as read holds Arts. {ranges(numbers)}"}  # fmt: skip
    lacking = [n for n in range(1, total + 1) if n not in numbers]
    if not lacking:
        return {"missing": f"nothing: Arts. 1-{total} (articles_total) are all in the file as read"}
    return {"complete": False, "articles_read": ranges(numbers), "articles_not_read": ranges(lacking),
            "missing": f"Arts. {ranges(lacking)} are not in the file as read. These are NOT READ; never fill "
            "them from the study or a translation."}  # fmt: skip


def title_in(title: str, lines: list[str]) -> bool:
    """As tests/test_texts.py checks it: the title opens the body (its first line, or its first two)."""
    return bool(lines) and (lines[0].startswith(title) or "".join(lines[:2]) == title)


@dataclass
class Given:
    """What the user gave: the file, the ids, the URL, the reason, where to write and how to read."""

    file: Path
    version: str
    source_url: str
    instrument: str | None = None
    reason: str | None = None
    out: Path | None = None
    replace: bool = False
    kind: str | None = None
    encoding: str | None = None
    first: str | None = None
    last: str | None = None
    dry_run: bool = False
    today: dt.date | None = None


def header_for(given: Given, ids: tuple[str, str | None], old: dict, read: ReadFile, body: bytes,
               parts: tuple[Statute, Comparison, Path | None, list[dict], str]) -> dict:  # fmt: skip
    statute, result, held, dates, cut = parts
    lines = body.decode("utf-8").split("\n")
    header: dict = {"instrument": ids[0], "version": given.version}
    carried = {key: old[key] for key in CARRIED if key in old}
    if old.get("complete") is False:  # the held label may say "fragments only"; the graph uses the id
        carried.pop("version_label", None)
    header["title"] = carried.pop("title", None) or ids[1] or lines[0]
    if not title_in(header["title"], lines):
        header["title_in_body"] = False
    header.update(carried)
    cover = coverage(old, statute)
    missing = cover.pop("missing")
    header.update(cover)
    header["dates"] = dates
    source: dict = {"kind": read.kind, "url": given.source_url, "file": given.file.name,
                    "sha256": hashlib.sha256(read.data).hexdigest(), "bytes": len(read.data),
                    "method": f"hgr-kg add text: the file read with {read.reader}; the body below is its "
                    "text, one paragraph a line, as the reader gave it (nothing retyped or corrected)",
                    "normalised": read.normalised + ([cut] if cut else []),
                    "origin": "As given by the user who added the file: downloaded from the url above. The "
                    "tool did not fetch it and cannot confirm it."}  # fmt: skip
    if held is not None:
        old_body = split_header(held.read_bytes(), str(held))[1]
        source["compared_with"] = {"file": held.name, "body_git_blob_sha1": git_blob_sha1(old_body),
                                   "articles_equal": len(result.equal), "articles_new": len(result.new),
                                   "articles_differing": [m.line() for m in result.differing],
                                   "articles_missing": result.missing}  # fmt: skip
    if given.reason:
        source["reason"] = given.reason
    header.update({"source": source, "read": (given.today or dt.date.today()).isoformat(),
                   "licence": LICENCE, "missing": missing, "body_git_blob_sha1": git_blob_sha1(body)})
    return header


def target_for(project: Project, given: Given, held: Path | None) -> Path:
    """Where the file goes; refused when it would overwrite without ``replace`` or put a second file
    for the version into data/texts."""
    target = given.out or held or project.texts / f"{given.version}.md"
    inside = target.resolve().parent == project.texts.resolve()
    if held is not None and inside and target.resolve() != held.resolve():
        raise HgrKgError(f"-o {target}: {held.name} in data/texts already holds {given.version}; a second "
                         "file for it would give the version two texts (replace that one with --replace)")
    if target.exists() and not given.replace and not given.dry_run:
        raise HgrKgError(f"{target}: exists (it holds {given.version}'s text); give --replace to replace it "
                         "(its articles are the comparison)")  # fmt: skip
    return target


def add_text(project: Project, given: Given) -> Added:
    """Read, check and (unless ``given.dry_run``) write the text; TextRefused / HgrKgError on refusal."""
    check_url(given.source_url)
    ids = version_ids(project, given.version, given.instrument)
    held = held_text(project, given.version)
    target = target_for(project, given, held)
    name = str(given.file)
    read = read_official(given.file, given.kind, given.encoding)
    lines, cut = select_lines(read.lines, given.first, given.last, name)
    body = ("\n".join(lines) + "\n").encode("utf-8")
    statute = parse_body(body, name)
    old_statute = parse_statute(held.read_bytes(), str(held)) if held else None
    result = check_against(old_statute, statute, given.reason, name)
    old = old_statute.header if old_statute else {}
    dates, dropped = carry_dates(old, statute, body.decode("utf-8"))
    header = header_for(given, ids, old, read, body, (statute, result, held, dates, cut))
    head = yaml.safe_dump(header, allow_unicode=True, sort_keys=False, width=1 << 20)
    data = b"---\n" + head.encode("utf-8") + b"---\n" + body
    parse_statute(data, str(target))  # the file as written parses (the header too)
    added = Added(target, read, statute, result, held, dropped)
    if not given.dry_run:
        from hgr_kg.atomic import write_file

        write_file(target, data)
        added.written = True
    return added


def mentions(project: Project, name: str) -> list[str]:
    """The curated data files that cite lines of ``data/texts/NAME`` (they may need checking after a
    replacement: the new file's lines are not the old one's)."""
    files = sorted(project.data.glob("*.ttl"))
    return [p.name for p in files if f"data/texts/{name}" in p.read_text(encoding="utf-8")]
