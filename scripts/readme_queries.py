"""Write the README's list of canned queries (between its two marker comments) from queries/*.rq,
as `hgr-kg query list` prints it; tests/test_cli.py checks that the README holds that list.

    python scripts/readme_queries.py [--root DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

BEGIN = "<!-- queries: begin (python scripts/readme_queries.py writes this list) -->"
END = "<!-- queries: end -->"


def main(argv: list[str] | None = None) -> int:
    """Rewrite the block of ROOT/README.md; exit 2 with one line if the markers are not there once each."""
    from hgr_kg.query.canned import query_list_text

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args(argv)
    readme = args.root / "README.md"
    text = readme.read_text(encoding="utf-8")
    if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(BEGIN) > text.index(END):
        print(f"{readme}: the two marker comments {BEGIN!r} and {END!r} must each be there once, in order",
              file=sys.stderr)  # fmt: skip
        return 2
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    block = "\n```\n" + query_list_text(args.root / "queries") + "```\n"
    readme.write_text(text[:start] + block + text[end:], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
