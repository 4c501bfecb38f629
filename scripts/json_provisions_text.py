"""Print the text taken out of a data/texts file whose body is a mirror's JSON (structure: json-provisions),
as the build reads it (hgr_kg.sources.json_provisions): each article's printed number and its paragraphs,
with the file line of its "content" key, and each chapter heading where it opens.

    python scripts/json_provisions_text.py data/texts/biomedical-technology-regulation-2025.md
"""

from __future__ import annotations

import argparse
import sys


def main(argv: list[str] | None = None) -> int:
    from hgr_kg.errors import HgrKgError
    from hgr_kg.sources.statutes import read_statute

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    args = parser.parse_args(argv)
    try:
        statute = read_statute(args.file)
    except HgrKgError as exc:
        print(exc, file=sys.stderr)
        return 2
    if statute.structure != "json-provisions":
        print(f"{args.file}: the header does not say structure: json-provisions", file=sys.stderr)
        return 2
    print(f"# {statute.title}")
    division = None
    for art in statute.articles:
        if art.division is not division and art.division is not None:
            print(f"\n## {art.division.number_printed} {art.division.title}")
        division = art.division
        print(f"\n{art.number_printed} (line {art.line})")
        print(art.text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
