"""Regenerate the README's pictures with the tool itself: the English timeline PNG and a screenshot
of the interactive HTML view (headless Chromium), and the screenshots of ``hgr-kg serve``'s query editor
and statute reader (docs/make_screenshots.py). Run: ``make images``."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hgr_kg.cli import main
from tests.support import browser

DOCS = Path(__file__).resolve().parent


def run() -> None:
    assert main(["timeline", "--lang", "en", "-o", str(DOCS / "timeline-en.png")]) == 0
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
