"""The pages on a laptop's and a phone's screen, in headless Chromium (issue 23): every page at 1366
and at 390 pixels wide is no wider than the screen, and axe-core (the accessibility engine, bundled by
the axe-playwright-python package: nothing fetched) finds no critical or serious violation. The query
editor's results link to this server's pages, its address keeps the query (a share link), and a chart
draws the numbers of the results offline."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest

from tests.test_pages import PAGES, Visit, chromium, served  # noqa: F401 (fixtures)

SCREENS = {"laptop": (1366, 900), "phone": (390, 844)}
MORE = ["/law/rmhgr/37?version=rmhgr-2019", "/id/study", "/id/claim-abstract-decline-pct",
        "/law/criminal-law"]
SERIOUS = ("critical", "serious")


def axe_script() -> str:
    import axe_playwright_python

    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_script()


class Screen(Visit):
    """A visit on a screen of a given size; the page's own Content-Security-Policy is bypassed only so
    that the test can add axe-core's script (the pages' policy allows no inline script)."""

    def __init__(self, chromium, base: str, size: tuple[int, int]) -> None:  # noqa: F811
        super().__init__(chromium, base)
        self.context.close()
        self.context = chromium.new_context(viewport={"width": size[0], "height": size[1]}, bypass_csp=True)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(120_000)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))


@pytest.fixture(params=sorted(SCREENS))
def screen(request, chromium, served):  # noqa: F811
    s = Screen(chromium, served, SCREENS[request.param])
    yield s
    s.close()


AXE_RUN = """async () => {
  const found = await axe.run(document, {resultTypes: ['violations']});
  return found.violations.map(v => ({id: v.id, impact: v.impact,
                                     nodes: v.nodes.map(n => n.target.join(' '))}));
}"""


@pytest.mark.parametrize("path", [p for p in PAGES if "planted" not in p] + MORE)
def test_every_page_fits_the_screen_and_axe_finds_nothing_serious(screen, axe, path):
    assert screen.open(path) == 200
    width = screen.page.evaluate("window.innerWidth")
    assert screen.page.evaluate("document.documentElement.scrollWidth") <= width, f"wider than {width} px"
    screen.page.evaluate(axe)
    serious = [v for v in screen.page.evaluate(AXE_RUN) if v["impact"] in SERIOUS]
    assert serious == []
    assert screen.errors == [] and screen.elsewhere == []


def run_in_editor(visit: Visit, text: str) -> None:
    page = visit.page
    page.click(".CodeMirror")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(".yasr table td", timeout=120_000)


def test_the_editor_links_results_here_keeps_the_query_and_charts_the_numbers(chromium, served):  # noqa: F811
    visit = Visit(chromium, served)
    try:
        visit.open("/query")
        run_in_editor(visit, "SELECT ?s WHERE { VALUES ?s { hgrid:rmhgr-2024-art37 } }")
        link = visit.page.locator(".yasr table td a.iri").first
        assert link.get_attribute("href") == "/id/rmhgr-2024-art37" and link.get_attribute("target") is None
        assert link.text_content() == "hgrid:rmhgr-2024-art37"
        shared = urllib.parse.urlsplit(visit.page.url)
        assert urllib.parse.parse_qs(shared.query)["query"][0].startswith("SELECT ?s WHERE")
        assert visit.page.locator("#share-link").get_attribute("href") == f"{shared.path}?{shared.query}"
        visit.page.reload(wait_until="networkidle")  # the query is kept
        assert visit.page.evaluate("window.hgrEditor.yasqe.getValue()").startswith("SELECT ?s WHERE")
        assert visit.page.locator("#chart").is_hidden()  # no numbers, no chart
        visit.page.click('button.example[data-name="permits-by-year"]')  # Table 1: year, category, count
        visit.page.wait_for_selector("#chart svg", timeout=120_000)
        lines = visit.page.eval_on_selector_all("#chart svg path title", "ts => ts.map(t => t.textContent)")
        ticks = visit.page.eval_on_selector_all("#chart svg text", "ts => ts.map(t => t.textContent)")
        dots = visit.page.eval_on_selector_all("#chart svg circle title", "ts => ts.map(t => t.textContent)")
        assert visit.errors == [] and visit.elsewhere == []
    finally:
        visit.close()
    categories = ["collection", "export", "international-collaboration", "preservation", "revocation",
                  "total-permits", "total-processed"]  # fmt: skip
    assert sorted(lines) == categories
    assert {"2021", "2022", "2023", "2024"} <= set(ticks)
    assert "collection: 1966 (2021)" in dots and "total-processed: 6070 (2021)" in dots  # Table 1
