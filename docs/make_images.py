"""Regenerate the README's pictures with the tool itself: the timeline in English and Chinese, as a
column (vertical) and as a 16:9 slide (horizontal), a screenshot of the interactive HTML view
(headless Chromium), and the screenshots of ``hgr-kg serve``'s query editor and statute reader
(docs/make_screenshots.py). Run: ``make images``."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hgr_kg.cli import main
from tests.support import browser

DOCS = Path(__file__).resolve().parent
TIMELINES = [(lang, orientation) for lang in ("en", "zh") for orientation in ("vertical", "horizontal")]


def timeline_name(lang: str, orientation: str) -> str:
    """docs/timeline-en.png (the README's picture) is the English column; the others say what they are."""
    return f"timeline-{lang}.png" if orientation == "vertical" else f"timeline-{lang}-{orientation}.png"


def run() -> None:
    for lang, orientation in TIMELINES:
        target = DOCS / timeline_name(lang, orientation)
        assert main(["timeline", "--lang", lang, "--orientation", orientation, "-o", str(target)]) == 0
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "graph.html"
        assert main(["export", "-f", "html", "--subset", "legislation", "-o", str(page)]) == 0
        report = browser.inspect(page, "window.hgrKg.nodeView.length", screenshot=DOCS / "graph-html.png",
                                 click_node="hgrid:rmhgr-2019")  # fmt: skip
        assert not report.errors, report.errors
    from docs.make_screenshots import screenshots

    screenshots()


if __name__ == "__main__":
    run()
