"""Commands that read the law: ``text`` (an instrument on a date), ``diff`` (between two dates) and
``search`` (the articles that contain words)."""

from __future__ import annotations

import argparse

from hgr_kg.cli.common import EXIT_OK, add_out_option, emit, project, queryable


def add_law_output_options(p: argparse.ArgumentParser) -> None:
    """``-f`` and ``-o`` of the commands that print statute text (``text``, ``diff``)."""
    p.add_argument("-f", "--format", choices=("text", "md", "html", "json"), default="text",
                   help="text (default), md, html, json")  # fmt: skip
    add_out_option(p)


def add_text(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("text", help="the Chinese text of an instrument as it stood on a date",
                       description="Print the version of INSTRUMENT (a work id: rmhgr, biosecurity-law, "
                       "criminal-law, civil-code, implementation-rules-2023 ...) in force on DATE, with its "
                       "chapter headings and each article's printed number; articles whose text was not "
                       "read are marked so.")  # fmt: skip
    p.add_argument("instrument", metavar="INSTRUMENT")
    p.add_argument("--on", metavar="DATE", help="the day (YYYY-MM-DD; default: today)")
    p.add_argument("--article", metavar="N", help="only this article (37, 334-1, or as printed: 第三十七条)")
    add_law_output_options(p)
    p.set_defaults(func=run_text)


def run_text(args: argparse.Namespace) -> int:
    from hgr_kg.read.law import parse_day, render_text, text_on

    version, found = text_on(queryable(args), args.instrument, parse_day(args.on, "--on"), args.article)
    emit(render_text(version, found, args.format), args.out)
    return EXIT_OK


def add_diff(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("diff", help="what changed in an instrument between two dates",
                       description="Compare the versions of INSTRUMENT in force on two dates: articles "
                       "added, removed and changed, with a character-level diff of the Chinese text "
                       "([-old-]{+new+}).")  # fmt: skip
    p.add_argument("instrument", metavar="INSTRUMENT")
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help="the earlier day (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="the later day (YYYY-MM-DD)")
    p.add_argument("--raw", action="store_true",
                   help="every edit, the mirrors' ASCII and full-width punctuation included (by default the "
                   "wording's edits: (一) against （一） is no change)")  # fmt: skip
    add_law_output_options(p)
    p.set_defaults(func=run_diff)


def run_diff(args: argparse.Namespace) -> int:
    from hgr_kg.read.law import diff, parse_day, render_diff

    start, end = parse_day(args.start, "--from"), parse_day(args.end, "--to")
    emit(render_diff(diff(queryable(args), args.instrument, start, end), args.format, args.raw), args.out)
    return EXIT_OK


def add_search(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("search", help="articles whose Chinese text or English paraphrase contains the words",
                       description="Search the statute texts (data/texts/): the articles whose Chinese "
                       "text, or English paraphrase, contains every word (Chinese by substring: 出境 finds "
                       "携带出境), ranked by number of matches, with the passage around the first match and "
                       "the line of the file.")  # fmt: skip
    p.add_argument("words", nargs="+", metavar="WORD")
    p.add_argument("--on", metavar="DATE", help="only the versions in force on DATE (YYYY-MM-DD)")
    p.add_argument("--instrument", metavar="I", help="only this work (rmhgr) or version (rmhgr-2019)")
    p.add_argument("-f", "--format", choices=("table", "json", "md"), default="table")
    add_out_option(p)
    p.set_defaults(func=run_search)


def run_search(args: argparse.Namespace) -> int:
    from hgr_kg.read.search import format_hits, not_searched, search, terms_tried

    hits = search(project(args), args.words, on=args.on, instrument=args.instrument)
    tried = terms_tried(project(args), args.words)
    unsearched = not_searched(project(args), args.on, args.instrument)
    emit(format_hits(hits, args.format, args.words, args.on, tried, unsearched), args.out)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    for add in (add_text, add_diff, add_search):
        add(sub)
