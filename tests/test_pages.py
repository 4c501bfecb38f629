"""The pages of ``hgr-kg serve``: over HTTP (content negotiation, 404, 400) and in a real browser
(headless Chromium through Playwright, every request recorded and any to another host refused): each
page loads with no request elsewhere and no console error, a query typed in the editor returns its rows,
the statute reader switches version and shows the 2024 change of RMHGR Art. 37, and hostile text planted
in the data stays text.

The server runs in a thread on a free 127.0.0.1 port over a temporary copy of the project with one
more data file (``data/planted.ttl``: a resource whose labels are script payloads, and a paraphrase of
rmhgr-2024 Art. 37 that is one). While ``hgr_kg.serve.sparql`` has no /sparql, the editor's requests
are answered by a minimal SPARQL route (tests.support.served.with_sparql), added to the test's app only."""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from hgr_kg.namespaces import ELI, HGR, HGRID
from hgr_kg.paths import Project
from tests.conftest import hgr_copy
from tests.support import browser
from tests.support.pages import PAYLOADS, handlers, parse
from tests.support.served import serving, with_sparql

ROOT = Path(__file__).resolve().parent.parent
PLANTED = HGRID["planted-script"]
ART37_2019 = "国务院科学技术行政部门"
ART37_2024 = "国务院卫生健康主管部门"
PAGES = ["/", "/query", "/law", "/law/rmhgr", "/law/rmhgr?version=rmhgr-2019", "/id/rmhgr-2024-art37",
         "/id/planted-script", "/ontology", "/search?q=%E5%87%BA%E5%A2%83", "/timeline", "/audit",
         "/validation", "/downloads", "/law/rmhgr/37?on=2025-01-01"]  # fmt: skip


HOSTILE_IRIS = ("javascript:alert(5)", "JavaScript:alert(6)", "data:text/html;base64,PHNjcmlwdD4=",
                "vbscript:msgbox(8)")  # fmt: skip
QUOTED = ("提供虚假材料", "欺骗手段", "取得行政许可", "撤销已经取得的行政许可")  # words of rmhgr-2024 Art. 37


def planted_data() -> str:
    g = Graph()
    g.add((PLANTED, RDFS.label, Literal(PAYLOADS[0], lang="en")))
    g.add((PLANTED, SKOS.prefLabel, Literal(PAYLOADS[1], lang="zh")))
    g.add((PLANTED, RDFS.comment, Literal(PAYLOADS[2] + PAYLOADS[3], lang="en")))
    g.add((PLANTED, DCTERMS.relation, HGRID["rmhgr-2024"]))
    g.add((HGRID["rmhgr-2024-art37"], ELI.description, Literal(PAYLOADS[3], lang="en")))
    # references and a penalty's breach whose targets are scripts: on the reader page they stay text
    for n, target in enumerate(HOSTILE_IRIS):
        ref = HGRID[f"planted-ref-{n}"]
        g.add((ref, HGR.citingArticle, HGRID["rmhgr-2024-art37"]))
        g.add((ref, HGR.quotedText, Literal(QUOTED[n])))
        g.add((ref, HGR.refersTo, URIRef(target)))
    g.add((HGRID["rmhgr-2024-art37-para1-penalty"], HGR.sanctionsConduct, HGRID["planted-conduct"]))
    g.add((HGRID["planted-conduct"], HGR.conductDefinedIn, URIRef(HOSTILE_IRIS[0])))
    return g.serialize(format="turtle")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The base URL of ``hgr-kg serve``'s app over a copy of the project with data/planted.ttl."""
    from hgr_kg.serve.app import ServeContext, create_app

    root = hgr_copy(tmp_path_factory.mktemp("served")).root
    (root / "data" / "planted.ttl").write_text(planted_data(), encoding="utf-8")
    context = ServeContext(Project(root))
    context.store  # noqa: B018
    with serving(with_sparql(create_app(context), context)) as base:
        yield base


def get(url: str, accept: str | None = None) -> tuple[int, str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read()


# ---------------------------------------------------------------- over HTTP


ART37 = URIRef(HGRID["rmhgr-2024-art37"])


@pytest.mark.parametrize(
    ("accept", "media", "rdf_format"),
    [("text/turtle", "text/turtle", "turtle"), ("application/ld+json", "application/ld+json", "json-ld"),
     ("application/n-triples", "application/n-triples", "nt"),
     ("application/rdf+xml", "application/rdf+xml", "xml"),
     ("text/html;q=0.5, text/turtle", "text/turtle", "turtle")],
)  # fmt: skip
def test_resource_by_content_negotiation(served, accept, media, rdf_format):
    status, ctype, body = get(f"{served}/id/rmhgr-2024-art37", accept)
    assert status == 200
    assert ctype.split(";")[0] == media
    g = Graph().parse(data=body.decode("utf-8"), format=rdf_format)
    assert Literal("Article 37", lang="en") in set(g.objects(ART37, ELI.title))
    assert (ART37, ELI.description, Literal(PAYLOADS[3], lang="en")) in g
    assert any(str(o).startswith("提供虚假材料") for o in g.objects(ART37, URIRef(
        "https://w3id.org/hgr-kg/ontology#text")))  # fmt: skip
    # the links in: the penalty that this article imposes points at it
    assert (URIRef(HGRID["rmhgr-2024-art37-para1-penalty"]), URIRef(
        "https://w3id.org/hgr-kg/ontology#penaltyOf"), ART37) in g  # fmt: skip


@pytest.mark.parametrize("accept", [None, "*/*", "text/html", "text/html,application/xhtml+xml,*/*;q=0.8"])
def test_a_browser_gets_html(served, accept):
    status, ctype, body = get(f"{served}/id/rmhgr-2024-art37", accept)
    assert (status, ctype.split(";")[0]) == (200, "text/html")
    page = parse(body.decode("utf-8"))
    assert "Article 37" in page.text
    assert ART37_2024 in page.text  # its hgr:text


def test_format_parameter_overrides_accept(served):
    status, ctype, body = get(f"{served}/id/rmhgr-2024-art37?format=nt", "text/html")
    assert (status, ctype) == (200, "application/n-triples")
    assert body.startswith(b"<https://w3id.org/hgr-kg/id/rmhgr-2024-art37> ")


def test_unknown_iri_is_404(served):
    status, ctype, body = get(f"{served}/id/no-such-thing")
    assert status == 404 and ctype.startswith("text/html")
    assert "&lt;https://w3id.org/hgr-kg/id/no-such-thing&gt; is not in the graph" in body.decode()
    assert get(f"{served}/id/no-such-thing", "text/turtle")[0] == 404
    assert get(f"{served}/law/no-such-law")[0] == 404


@pytest.mark.parametrize(("path", "shown"), [("a%20b", "a%20b"), ("%3E", "%3E"), ("%00", "%00"),
                                             ("x%7By%7D", "x%7By%7D")])  # fmt: skip
def test_a_path_that_is_no_iri_is_404_not_500(served, path, shown):
    for accept in (None, "text/turtle"):
        status, ctype, body = get(f"{served}/id/{path}", accept)
        assert (status, ctype.split(";")[0]) == (404, "text/html"), accept
        page = parse(body.decode("utf-8"))
        assert f"/id/{shown} is not the path of an IRI of the graph" in page.text
        assert "Traceback" not in page.text and "Internal Server Error" not in page.text


def test_unacceptable_media_type_is_406(served):
    status, _, body = get(f"{served}/id/rmhgr-2024-art37", "image/png")
    assert status == 406
    assert "offered: text/html, text/turtle" in body.decode()


def test_bad_date_is_400_with_its_message(served):
    status, _, body = get(f"{served}/law/rmhgr?on=2024-13-01")
    assert status == 400
    assert "on= 2024-13-01: not a date (YYYY-MM-DD)" in parse(body.decode()).text
    for day in ("20240101", "2024-W19-1"):
        status, _, body = get(f"{served}/law/rmhgr?on={day}")
        assert status == 400
        assert f"on= {day}: not a date (YYYY-MM-DD)" in parse(body.decode()).text


def test_ontology_terms_as_turtle(served):
    status, ctype, body = get(f"{served}/ontology", "text/turtle")
    assert (status, ctype.split(";")[0]) == (200, "text/turtle")
    g = Graph().parse(data=body.decode(), format="turtle")
    term = URIRef("https://w3id.org/hgr-kg/ontology#penaltyOf")
    assert Literal("penalty of article", lang="en") in set(g.objects(term, RDFS.label))


def test_planted_text_reaches_the_html_escaped(served):
    for path in ("/id/planted-script", "/id/rmhgr-2024", "/law/rmhgr?version=rmhgr-2024",
                 "/search?q=" + urllib.parse.quote("alert(4)")):  # fmt: skip
        status, _, body = get(served + path)
        assert status == 200, path
        page = parse(body.decode("utf-8"))
        assert PAYLOADS[0] in page.text or PAYLOADS[3] in page.text, path
        assert not any("alert(" in script for script in page.scripts), path
        assert handlers(page) == [], path
        assert not any(tag == "img" and attrs.get("src") == "x" for tag, attrs in page.tags), path


def test_a_link_from_the_data_to_a_script_stays_text(served):
    status, _, body = get(f"{served}/law/rmhgr?version=rmhgr-2024")
    assert status == 200
    page = parse(body.decode("utf-8"))
    hrefs = [attrs.get("href") or "" for tag, attrs in page.tags if tag == "a"]
    assert hrefs and all(h.startswith(("/", "#", "http://", "https://")) for h in hrefs), hrefs
    assert not [h for h in hrefs if h.lower().startswith(("javascript:", "data:", "vbscript:"))]
    art37 = body.decode("utf-8").split('id="art-37"', 1)[1].split("</section>", 1)[0]
    for quote in QUOTED:
        assert quote in parse(art37).text  # the quoted words are there, as text
    cites = art37.split('<p class="cites">', 1)[1].split("</p>", 1)[0]
    assert "<a " not in cites  # each named by its label, not linked
    assert (
        cites.count('<span class="iri">') == len(HOSTILE_IRIS)
        and '<span class="iri">alert(5)</span>' in cites
    )
    assert '<span class="iri">javascript:alert(5)</span>' in art37.split('class="penalties"', 1)[1]


def test_reader_links_the_cross_references_of_the_text(served):
    status, _, body = get(f"{served}/law/rmhgr?version=rmhgr-2024")
    assert status == 200
    page = parse(body.decode("utf-8"))
    refs = [attrs for tag, attrs in page.tags if tag == "a" and attrs.get("class") == "ref"]
    # Art. 43: 对有本条例第三十六条、第三十九条…规定违法行为的单位: the quoted words link to Art. 36
    assert {"#art-36", "#art-39", "#art-41", "#art-42"} <= {a["href"] for a in refs}
    assert "Penalty under rmhgr-2024 Art. 37" in page.text


def test_reader_links_an_obligation_to_the_penalty_for_breaking_it(served):
    """Issue 23: Art. 22 (approval of international collaboration, filing before a trial) links to Art. 36,
    which punishes both without naming Art. 22: the curator's reading, and the page says so."""
    _, _, body = get(f"{served}/law/rmhgr?version=rmhgr-2024")
    html = body.decode("utf-8")
    section = html[html.index('id="art-22"') : html.index('id="art-23"')]
    found = re.findall(r'<p class="punished">(.*?)</p>', section)
    assert len(found) == 1
    assert found[0].startswith('Breaking it is punished under <a href="#art-36">Art. 36</a> ')
    assert "(the curator's reading: the penalty's text does not name this article)" in found[0]
    assert '<p class="punished">' not in html[html.index('id="art-1"') : html.index('id="art-2"')]  # no duty


def test_reader_says_where_the_text_was_read_and_what_cites_each_article(served):
    """Issue 23: the source of the text (mirror, file, commit, kind) and its status on the page; "Cited
    by" beside "Cites": RMHGR 2024 Art. 36 is cited by Art. 43 (对有本条例第三十六条…规定违法行为的单位)."""
    _, _, body = get(f"{served}/law/rmhgr?version=rmhgr-2024")
    html = body.decode("utf-8")
    (source,) = re.findall(r'<p class="source" id="text-source">(.*?)</p>', html, re.S)
    assert " ".join(re.sub(r"<[^>]+>", "", source).split()) == (
        "Text read from Theonefkguy/Chinese-Laws (GitHub), file data/texts/rmhgr-2024.md at commit "
        "08eb6c2ab240: unofficial reproduction of an official text (mirror). "
        "Status: mirror copy checked against another witness."
    )
    assert '<a href="https://github.com/Theonefkguy/Chinese-Laws">' in source
    (witness,) = re.findall(r'<p class="source" id="text-witness">(.*?)</p>', html, re.S)
    assert witness.startswith("Second witness: Compared with data/texts/rmhgr-2024.md: identical. 47 of 47")
    _, _, body = get(f"{served}/law/rmhgr?version=rmhgr-2019")  # no witness for the 2019 text
    assert 'id="text-witness"' not in body.decode("utf-8")
    assert "Status: single mirror copy." in " ".join(re.sub(r"<[^>]+>", "", body.decode("utf-8")).split())
    _, _, body = get(f"{served}/law/rmhgr/28?on=2025-01-01")  # the article page shows it too
    assert '<p class="source" id="text-witness">Second witness: Compared with' in body.decode("utf-8")
    section = html[html.index('id="art-36"') : html.index('id="art-37"')]
    (cited_by,) = re.findall(r'<p class="cites">Cited by: (.*?)</p>', section)
    assert '<a href="#art-43">Art. 43</a>' in cited_by


def test_a_case_and_a_provision_lead_to_the_law_in_force_today(served):
    """Issue 23: from a court case to today's provisions for the same conduct. The 2020 forgery case
    applied Criminal Law Art. 280 (the work-level article); today that is the article of the text after
    Amendment XII. A 2019 RMHGR article leads to its 2024 version; the 2024 one leads nowhere."""
    import datetime as dt

    _, _, body = get(f"{served}/id/case-2020-forgery-seals")
    html = body.decode("utf-8")
    (today,) = re.findall(r'<section class="today" id="in-force-today">(.*?)</section>', html, re.S)
    assert f"({dt.date.today().isoformat()})" in today
    items = [
        " ".join(re.sub(r"<[^>]+>", " ", li).split()) for li in re.findall(r"<li>(.*?)</li>", today, re.S)
    ]
    hrefs = re.findall(r'href="(/id/[^"]+)"', today)
    assert (
        hrefs == ["/id/criminal-law-art280", "/id/criminal-law-after-amendment-12-art280"] and len(items) == 1
    )
    _, _, body = get(f"{served}/id/rmhgr-2019-art37")
    found = re.findall(
        r'href="(/id/[^"]+)"',
        body.decode("utf-8").split('id="in-force-today"', 1)[1].split("</section>", 1)[0],
    )
    assert found == ["/id/rmhgr-2019-art37", "/id/rmhgr-2024-art37"]
    assert 'id="in-force-today"' not in get(f"{served}/id/rmhgr-2024-art37")[2].decode("utf-8")


def test_a_sanction_leads_to_the_law_today_for_the_same_conduct(served):
    """Issue 23: from a sanction to today's provisions for the same conduct. The 2016 WuXi decision
    (samples taken out of China, under the Interim Measures) is read as the conduct of RMHGR 2019
    Art. 38; today that is the article of the 2024 text, with the same conduct's words. The reading is
    marked as the curators', and a decision without a reading says the graph holds none."""
    _, _, body = get(f"{served}/id/sanction-2016-wuxi-suzhou")
    html = body.decode("utf-8")
    (box,) = re.findall(r'<section class="today" id="conduct-today">(.*?)</section>', html, re.S)
    assert "The curators' reading, not the decision's legal basis" in box
    hrefs = re.findall(r'href="(/id/[^"]+)"', box)
    assert hrefs == [
        "/id/rmhgr-2019-art38-para1-conduct",
        "/id/rmhgr-2024-art38",
        "/id/rmhgr-2024-art38-para1-conduct",
        "/id/sreading-2016-wuxi-suzhou-export",
    ]
    _, _, body = get(f"{served}/id/sanction-2015-huada-tech")
    found = re.findall(r'href="(/id/rmhgr-2024-art\d+)"', body.decode("utf-8").split('id="conduct-today"')[1])
    assert found[:2] == ["/id/rmhgr-2024-art36", "/id/rmhgr-2024-art39"]
    _, _, body = get(f"{served}/id/sanction-2018-astrazeneca-china")
    (box,) = re.findall(r'<section class="today" id="conduct-today">(.*?)</section>', body.decode(), re.S)
    assert "The graph holds no reading of this decision's conduct against today's law" in box
    assert 'id="conduct-today"' not in get(f"{served}/id/rmhgr-2024-art37")[2].decode("utf-8")
    _, _, body = get(f"{served}/id/sreading-2016-wuxi-suzhou-export")
    page = parse(body.decode("utf-8"))
    assert "data/texts/rmhgr-2019.md, line 228" in page.text and "is an interpretation" in page.text


def test_a_decisions_page_lists_its_paragraphs_in_order_by_their_words(served):
    """Issue 23: the pages of the decisions and of the guide name their parts. A paragraph of the 2024
    State Council Decision has no title: it reads as its number and the opening of its words, and the
    parts come in the order of the text (¶2 before ¶10), not of their IRIs."""
    _, _, body = get(f"{served}/id/state-council-decision-2024")
    page = parse(body.decode("utf-8").split("<h2>Links in</h2>")[0])  # the facts: its own parts
    assert "¶14 一、将《教学成果奖励条例》第七条、第八条、第九条…" in page.text
    stem = "/id/state-council-decision-2024-para"
    parts = [a["href"] for tag, a in page.tags if tag == "a" and a.get("href", "").startswith(stem)]
    assert [int(h.rsplit("para", 1)[1]) for h in parts] == list(range(1, 61))
    _, _, body = get(f"{served}/id/hgr-licensing-service-guide-2015")
    text = parse(body.decode("utf-8")).text
    assert "service guide 2015 para" not in text and "¶2 " in text


def test_resource_page_marks_unverified_and_gives_each_fact_its_sources(served):
    _, _, body = get(f"{served}/id/case-2023-hgr-trafficking")
    html = body.decode("utf-8")
    assert '<span class="mark unverified">' in html
    assert "走私人类遗传资源材料刑事案件" in parse(html).text  # the Chinese label
    _, _, body = get(f"{served}/id/interim-measures-1998")
    page = parse(body.decode("utf-8"))
    cited = [a["href"] for tag, a in page.tags if tag == "a" and a.get("href", "").startswith("#interim")]
    assert cited and all(h.startswith("#interim-measures-1998-cite-") for h in cited)
    assert "First paragraph ('Having replaced its predecessor, the Interim Measures…')" in page.text
    assert "supports: rdfs:comment" in page.text  # the property it supports (by its label where it has one)


def test_resource_page_shows_the_status_label_and_caveat_of_its_fact(served):
    """Issue 22 item 5: the /id/ page shows the fact's derived status by its label, with the caveat,
    in the status line (not as a bare value among the facts): a mirror-only article reads "single
    mirror copy", never "verified"; the study's doubtful attribution of "export" reads "unverified"."""
    _, _, body = get(f"{served}/id/rmhgr-2019-art37")
    html = body.decode("utf-8")
    assert (
        '<p class="fact-status">status: <a class="mark fact-single-mirror" href="/id/fact-single-mirror"'
        in html
    )
    page = parse(html)
    assert (
        "status: single mirror copy — rests only on an unofficial reproduction of the official text "
        "and weaker sources" in " ".join(page.text.split())
    )
    assert not re.search(r"(?<!un)verified", page.text)
    _, _, body = get(f"{served}/id/def-export")
    text = " ".join(parse(body.decode("utf-8")).text.split())
    assert (
        "status: unverified — rests only on an unofficial reproduction of the official text and weaker "
        "sources; not confirmed from an official text" in text
    )


def test_every_download_is_offered(served):
    status, ctype, body = get(f"{served}/downloads/hgr-kg.nt")
    assert (status, ctype) == (200, "application/n-triples")
    assert f'<{ART37}> <{ELI.title}> "Article 37"@en .'.encode() in body
    status, ctype, body = get(f"{served}/downloads/hgr-kg-network.graphml")
    assert status == 200 and b"<graphml" in body
    assert get(f"{served}/downloads/passwd")[0] == 404


# ---------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def chromium():
    if not browser.available():
        pytest.skip("chromium is not installed (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=browser.CHROMIUM, args=browser.FLAGS)
        yield launched
        launched.close()


class Visit:
    """A browser context whose every request is recorded; any not to the server is aborted."""

    def __init__(self, chromium, base: str) -> None:
        self.base = base
        self.requests: list[str] = []
        self.elsewhere: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context = chromium.new_context(viewport={"width": 1400, "height": 900})
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.set_default_timeout(120_000)
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def _route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        if url.startswith(self.base + "/") or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()
        else:
            self.elsewhere.append(url)
            route.abort()

    def open(self, path: str) -> int:
        response = self.page.goto(self.base + path, wait_until="networkidle")
        return response.status

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def visit(chromium, served):
    v = Visit(chromium, served)
    yield v
    v.close()


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_with_no_request_elsewhere_and_no_console_error(visit, path):
    assert visit.open(path) == 200
    assert visit.elsewhere == []
    assert visit.errors == []
    assert visit.dialogs == []
    assert visit.requests[0] == visit.base + path  # and every other request was to the server too


def test_query_typed_in_the_editor_returns_its_rows(visit):
    visit.open("/query")
    page = visit.page
    page.click(".CodeMirror")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(
        "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
        "SELECT ?version ?title WHERE {\n"
        "  ?version eli:is_member_of <https://w3id.org/hgr-kg/id/rmhgr> ; eli:title ?title .\n"
        '  FILTER(LANG(?title) = "zh")\n} ORDER BY ?version'
    )
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#yasr table.dataTable tbody tr td")
    rows = page.eval_on_selector_all(
        "#yasr table.dataTable tbody tr", "rows => rows.map(r => r.innerText.replace(/\\s+/g, ' ').trim())"
    )
    assert len(rows) == 2
    assert "rmhgr-2019" in rows[0] and "rmhgr-2024" in rows[1]
    assert all("中华人民共和国人类遗传资源管理条例" in row for row in rows)
    assert visit.elsewhere == [] and visit.errors == []


def test_an_example_query_runs_from_the_list(visit):
    visit.open("/query")
    visit.page.click("button.example[data-name='timeline']")
    visit.page.wait_for_selector("#yasr table.dataTable tbody tr td")
    text = visit.page.inner_text("#yasr table.dataTable tbody")
    assert "2019" in text
    assert visit.elsewhere == [] and visit.errors == []


def test_planted_text_in_query_results_stays_text(visit):
    visit.open("/query")
    page = visit.page
    page.evaluate("""() => window.hgrEditor.yasqe.setValue(
        'SELECT ?label WHERE { <https://w3id.org/hgr-kg/id/planted-script> ?p ?label } ORDER BY ?label')""")
    page.keyboard.press("Escape")
    page.click("#yasqe .yasqe_queryButton")
    page.wait_for_selector("#yasr table.dataTable tbody tr td")
    shown = page.inner_text("#yasr table.dataTable tbody")
    assert "<script>alert(1)</script>" in shown
    assert page.evaluate("document.querySelectorAll('#yasr img, #yasr script').length") == 0
    assert visit.dialogs == [] and visit.errors == [] and visit.elsewhere == []


def test_editor_downloads_the_result_as_csv(visit):
    visit.open("/query")
    page = visit.page
    page.evaluate("""() => window.hgrEditor.yasqe.setValue(
        'PREFIX eli: <http://data.europa.eu/eli/ontology#> SELECT ?title WHERE { '
        + '<https://w3id.org/hgr-kg/id/rmhgr-2024> eli:title ?title FILTER(LANG(?title) = "zh") }')""")
    with page.expect_download() as info:
        page.click("button.download[data-suffix='csv']")
    download = info.value
    assert download.suggested_filename == "result.csv"
    assert Path(download.path()).read_text(encoding="utf-8").splitlines() == [
        "title", "中华人民共和国人类遗传资源管理条例"]  # fmt: skip
    page.click("button.download[data-suffix='ttl']")  # a SELECT has no Turtle: said so, nothing fetched
    assert "is for CONSTRUCT and DESCRIBE queries" in page.inner_text("#download-status")
    assert visit.elsewhere == [] and visit.errors == []


def _article(page, number: str) -> str:
    return page.inner_text(f"section#art-{number} p.text")


def test_reader_switches_version_and_shows_the_2024_change_of_art_37(visit):
    page = visit.page
    assert visit.open("/law/rmhgr?version=rmhgr-2024") == 200
    assert ART37_2024 in _article(page, "37")
    assert not page.is_visible("#change-37")  # the diff is folded until asked for
    page.click("#changes summary")
    change = page.inner_text("#change-37")
    assert page.inner_text("#change-37 del") == "科学技术行政" and "卫生健康主管" in change
    page.select_option("#version", "rmhgr-2019")
    with page.expect_navigation():
        page.click("#show-version")
    assert page.url.endswith("/law/rmhgr?version=rmhgr-2019")
    assert ART37_2019 in _article(page, "37") and ART37_2024 not in _article(page, "37")
    page.fill("#on", "2024-06-01")
    with page.expect_navigation():
        page.click("#show-date")
    assert ART37_2024 in _article(page, "37")
    assert "rmhgr-2024" in page.inner_text("p.meta")
    # the penalty beside the article that imposes it, and the references as links
    assert "Penalty under rmhgr-2024 Art. 37" in page.inner_text("section#art-37 aside.penalties")
    # the changes box names the amending act, and an address to it opens it (issue 23)
    assert visit.open("/law/rmhgr?version=rmhgr-2024#changes") == 200
    assert page.is_visible("#change-37")
    assert page.get_attribute("#changes p a[href^='/id/']", "href") == "/id/state-council-decision-2024"
    assert visit.elsewhere == [] and visit.errors == []


def test_planted_script_stays_text_in_the_browser(visit):
    page = visit.page
    for path in ("/id/planted-script", "/id/rmhgr-2024", "/law/rmhgr?version=rmhgr-2024"):
        assert visit.open(path) == 200
        assert page.evaluate("typeof window.alert === 'function'")
        shown = page.inner_text("main")
        assert PAYLOADS[0] in shown or PAYLOADS[3] in shown, path
        injected = page.evaluate("[...document.scripts].filter(s => s.text.includes('alert(')).length")
        assert injected == 0, path
        assert page.evaluate("document.querySelectorAll('img[src=x]').length") == 0, path
    assert page.inner_text("h1") != "" and visit.dialogs == []
    visit.open("/id/planted-script")
    assert page.inner_text("h1") == PAYLOADS[0]
    assert page.inner_text("p.label-zh") == PAYLOADS[1]


def test_templates_and_static_files_are_package_data():
    """A wheel carries every page template and static file (the globs of pyproject.toml match them),
    and the bundled YASGUI its licence."""
    import tomllib

    globs = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    data = globs["package-data"]
    package = ROOT / "hgr_kg"
    files = [*(package / "templates" / "pages").iterdir(), *(package / "serve" / "static").rglob("*.*")]
    assert len(files) > 10
    for path in files:
        owner = "hgr_kg.serve" if path.is_relative_to(package / "serve") else "hgr_kg"
        base = package / "serve" if owner == "hgr_kg.serve" else package
        relative = path.relative_to(base)
        assert any(relative.match(pattern) for pattern in data[owner]), path
    licence = (package / "serve" / "static" / "yasgui" / "LICENSE.txt").read_text(encoding="utf-8")
    assert licence.startswith("The MIT License (MIT)")


def test_reader_pages_say_what_of_a_text_is_held(served) -> None:
    """Issue 22 item 2: a fragmentary text's page names what was not read; a text without articles
    (the 2015 service guide, an amending decision) is read by its own paragraphs, not an empty page."""
    status, _, body = get(f"{served}/law/implementation-rules-2023")
    page = body.decode("utf-8")
    assert (
        status == 200
        and '<p class="coverage" role="note">implementation-rules-2023: fragments only: 63 of 78' in page
    )
    status, _, body = get(f"{served}/law/interim-measures-1998?on=1999-01-01")
    page = body.decode("utf-8")
    assert (
        status == 200 and "Entry into force not recorded: interim-measures-1998 (issued 1998-06-10)" in page
    )
    assert "为了有效保护和合理利用我国的人类遗传资源" in page
    status, _, body = get(f"{served}/law/hgr-licensing-service-guide-2015")
    page = body.decode("utf-8")
    assert status == 200 and "一、适用范围" in page and "&lt;!--" not in page
    status, _, body = get(f"{served}/search?q=%E7%9F%A5%E6%83%85%E5%90%8C%E6%84%8F")  # 知情同意
    page = body.decode("utf-8")
    assert status == 200 and "Not searched: interim-measures-1998: fragments only" in page


def test_an_article_on_a_date_has_a_stable_page_with_its_history_and_citation(served):
    """Issue 23: /law/rmhgr/37?on=… shows Art. 37 as it stood that day, its versions, the change and the
    amending act, and a citation with a permalink that names the version (it never changes meaning)."""
    status, _, body = get(f"{served}/law/rmhgr/37?on=2020-01-01")
    page = body.decode("utf-8")
    assert status == 200 and "由国务院科学技术行政部门撤销已经取得的行政许可" in page
    assert '<p lang="zh" id="cite-zh">《中华人民共和国人类遗传资源管理条例》第三十七条</p>' in page
    assert f'href="{served}/law/rmhgr/37?version=rmhgr-2019"' in page
    assert "Text read from data/texts/rmhgr-2019.md, line 226" in page
    status, _, body = get(f"{served}/law/rmhgr/%E7%AC%AC%E4%B8%89%E5%8D%81%E4%B8%83%E6%9D%A1?on=2025-01-01")
    page = body.decode("utf-8")
    assert status == 200 and "由国务院卫生健康主管部门撤销" in page
    cited = "《中华人民共和国人类遗传资源管理条例》（2024年修订）第三十七条"
    assert f'<p lang="zh" id="cite-zh">{cited}</p>' in page
    assert ('<p id="cite-oscola"><span class="form">OSCOLA:</span> Regulations of the People&#39;s '
            "Republic of China on the Management of Human Genetic Resources 2019 "
            "(中华人民共和国人类遗传资源管理条例), as revised 10 March 2024, art 37</p>") in page  # fmt: skip
    assert (
        '<p id="cite-gbt7714"><span class="form">GB/T 7714:</span> <span lang="zh">国务院. '
        "中华人民共和国人类遗传资源管理条例（2024年修订）[Z]. 2024-03-10: 第三十七条.</span></p>"
    ) in page
    assert "<del>科学技术行政</del><ins>卫生健康主管</ins>" in page
    assert 'href="/id/state-council-decision-2024"' in page  # the amending act, linked
    rows = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.findall(r"<tr.*?</tr>", page, re.S)]
    assert rows[1:] == ["rmhgr-2019 2019-07-01 – 2024-05-01 first", "rmhgr-2024 2024-05-01 – changed"]
    status, _, body = get(f"{served}/law/criminal-law/334-1?version=criminal-law-after-amendment-12")
    assert status == 200 and "《中华人民共和国刑法》（2023年修正）第三百三十四条之一" in body.decode("utf-8")
    status, _, body = get(f"{served}/law/rmhgr/11?version=rmhgr-2024")  # the wording; the raw on request
    assert status == 200 and "<del>(</del>" not in body.decode("utf-8")
    assert body.decode("utf-8").count("<del>科学技术行政</del><ins>卫生健康主管</ins>") == 2
    raw = get(f"{served}/law/rmhgr/11?version=rmhgr-2024&raw=1")[2].decode("utf-8")
    assert "<del>(</del><ins>（</ins>" in raw
    assert get(f"{served}/law/rmhgr/99")[0] == 404
    status, _, body = get(f"{served}/law/rmhgr/%3Cscript%3E")
    assert status == 400 and b"<script>" not in body


def test_answers_are_compressed_when_the_browser_asks(served):
    """Issue 23: the query editor's script (1.2 MB) goes out gzip-compressed to a client that asks, and
    unchanged to one that does not; the two read back the same."""
    import gzip

    url = f"{served}/static/yasgui/yasgui.min.js"
    plain = get(url)[2]
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=120) as response:
        assert response.headers.get("Content-Encoding") == "gzip"
        packed = response.read()
    assert len(plain) > 1_000_000 and len(packed) < len(plain) / 2
    assert gzip.decompress(packed) == plain


def test_a_skip_link_first_and_printing_a_statute_prints_the_text_only(visit):
    """Issue 23: the first thing a keyboard reaches is a link to the content; printed, /law/rmhgr shows
    the statute, not the site's header, navigation, forms or table of contents."""
    assert visit.open("/law/rmhgr?version=rmhgr-2024") == 200
    page = visit.page
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['header.top', 'footer', 'aside.toc', 'form.choose']
        .map(s => getComputedStyle(document.querySelector(s)).display)""")
    assert hidden == ["none", "none", "none", "none"]
    shown = "getComputedStyle(document.querySelector('section.article p.text')).display"
    assert page.evaluate(shown) != "none"
    assert "第三十七条" in page.inner_text("main")
    page.emulate_media(media="screen")


def test_a_conducts_page_leaves_out_the_builds_search_keys(served):
    """The words a conduct is found by (hgr:conductWords) and a term's keys in lower case (hgr:termKey)
    are the build's search index, derived from the facts the page shows: Art. 43's conduct page gives
    its own text once, not the twenty texts of the conducts it names; the term's page gives its labels."""
    _, _, body = get(f"{served}/id/rmhgr-2019-art43-para1-conduct")
    html = body.decode("utf-8")
    assert "对有本条例第三十六条、第三十九条、第四十一条、第四十二条规定违法行为的单位，情节严重的" in html
    assert "words a conduct is found by" not in html
    assert "未经批准，利用我国人类遗传资源开展国际合作科学研究" not in html  # Art. 36(1)(3)'s words
    _, _, body = get(f"{served}/id/term-export")
    html = body.decode("utf-8")
    assert "出境" in html and "term key" not in html
