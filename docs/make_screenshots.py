"""The README's screenshots of ``hgr-kg serve``: the query editor with a canned query's results, the
statute reader at RMHGR Art. 37 with its 2024 change, one article on one date with its history and
citations, the chart of Table 1's permits drawn from a query, and the reader on a phone's screen
(headless Chromium through Playwright, over the app served on 127.0.0.1; any request to another host
is refused). Run: ``make images``."""

from __future__ import annotations

from pathlib import Path

from tests.support import browser
from tests.support.served import serving, with_sparql

DOCS = Path(__file__).resolve().parent
SIZE = {"width": 1400, "height": 1000}


def screenshots(out: Path = DOCS) -> list[Path]:
    """Write ``serve-query.png`` and ``serve-law.png`` into ``out``; their paths."""
    from playwright.sync_api import sync_playwright

    from hgr_kg.paths import Project
    from hgr_kg.serve.app import ServeContext, create_app

    context = ServeContext(Project.locate())
    elsewhere: list[str] = []
    names = ("serve-query", "serve-law", "serve-article", "serve-chart", "serve-phone")
    made = [out / f"{name}.png" for name in names]
    with serving(with_sparql(create_app(context), context)) as base, sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=browser.CHROMIUM, args=browser.FLAGS)
        page = chromium.new_context(viewport=SIZE).new_page()
        page.set_default_timeout(120_000)  # the first visit makes the examples, the index
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else
                   (elsewhere.append(r.request.url), r.abort()))  # fmt: skip
        page.goto(f"{base}/query", wait_until="networkidle")
        page.click("button.example[data-name='rmhgr-2019-vs-2024']")
        page.wait_for_selector("#yasr table.dataTable tbody tr td")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(made[0]))
        page.goto(f"{base}/law/rmhgr?version=rmhgr-2024", wait_until="networkidle")
        page.evaluate("document.querySelector('#art-36').scrollIntoView()")
        page.screenshot(path=str(made[1]))
        page.goto(f"{base}/law/rmhgr/37?on=2025-01-01", wait_until="networkidle")
        page.screenshot(path=str(made[2]))
        page.goto(f"{base}/query", wait_until="networkidle")
        page.click("button.example[data-name='permits-by-year']")
        page.wait_for_selector("#chart svg")
        page.evaluate("document.querySelector('#chart').scrollIntoView()")
        page.screenshot(path=str(made[3]))
        phone = chromium.new_context(viewport={"width": 390, "height": 844}).new_page()
        phone.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else
                    (elsewhere.append(r.request.url), r.abort()))  # fmt: skip
        phone.goto(f"{base}/law/rmhgr/37?on=2025-01-01", wait_until="networkidle")
        phone.screenshot(path=str(made[4]))
        chromium.close()
    if elsewhere:
        raise RuntimeError(f"a page asked another host: {elsewhere}")
    return made


if __name__ == "__main__":
    for path in screenshots():
        print(path)
