"""Shared fixtures. In CI (CI=true) a skipped test fails the run: no assertion may be skipped."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Graph

from hgr_kg.graph.build import build_graph
from hgr_kg.paths import Project
from hgr_kg.validate.shacl import load_shapes
from tests.support.listener import Listener

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # noqa: ANN201
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, which is not allowed: {report.longrepr}"


@pytest.fixture(scope="session")
def whole_project() -> Project:
    """The project itself: every article of every text file in its graph (tests/test_law_whole.py)."""
    return Project.locate(ROOT)


@pytest.fixture(scope="session")
def whole_graph(whole_project: Project) -> Graph:
    return build_graph(whole_project)


@pytest.fixture(scope="session")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The project's ontology, data and queries, with the two codes holding only their HGR articles
    (``select_code_articles``): the graph of the HGR instruments, on which every test of a feature
    runs (a command, a query, an export, a page). Every article of the codes, as the project's own
    graph holds them, is tested on ``whole_project`` and ``whole_graph``."""
    return hgr_copy(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="session")
def graph(project: Project) -> Graph:
    return build_graph(project)


@pytest.fixture(scope="session")
def shapes(project: Project) -> Graph:
    return load_shapes(project.shapes)


# The HGR articles of the two codes, and the articles of the related instruments (issue 24) that the
# relations, the tests and the guide use: what a copy of the project holds of them (``project_copy``)
CODE_ARTICLES = {
    "civil-code-2020.md": ["1009"],
    "criminal-law-after-amendment-11.md": ["280", "334", "334-1"],
    "criminal-law-after-amendment-12.md": ["280", "334", "334-1"],
    "data-security-law-2021.md": ["31", "46"],
    "pipl-2021.md": ["38", "39", "40"],
    "network-data-regulation-2024.md": ["1", "35", "37"],
    "export-control-law-2020.md": ["2"],
    "dual-use-export-regulation-2024.md": ["2"],
    "drug-administration-law-2019.md": ["19"],
    "biomedical-technology-regulation-2025.md": ["23", "55", "58"],
}
WHOLE_LINE = "# every article of the body is in the graph"


def select_code_articles(data: Path) -> None:
    """Make the copy's two codes hold only their HGR articles (a header's ``graph_articles``, on the
    line the project's headers keep for it, so that every line number stays): the graph of the copy
    is then that of the HGR instruments, 31,000 triples instead of 176,000, which a test of how the
    build, the validation or a command handles its input builds in a few seconds. The project's own
    graph, every article of the codes in it, is what the ``whole_project`` and ``whole_graph`` fixtures
    give."""
    for name, articles in CODE_ARTICLES.items():
        path = data / "texts" / name
        lines = path.read_text(encoding="utf-8").split("\n")
        (index,) = [i for i, line in enumerate(lines[:12]) if line.startswith(WHOLE_LINE)]
        lines[index] = f"graph_articles: {articles!r}  # a test's copy: these articles only"
        path.write_text("\n".join(lines), encoding="utf-8")


def hgr_copy(folder: Path) -> Project:
    """A copy in ``folder`` of the project's ontology, data and queries, the two codes holding only
    their HGR articles (``select_code_articles``)."""
    for name in ("ontology", "data", "queries"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, folder / name)
    select_code_articles(folder / "data")
    return Project(folder)


@pytest.fixture()
def project_copy(tmp_path: Path) -> Project:
    """A writable copy of the project (``hgr_copy``) to break or extend."""
    return hgr_copy(tmp_path)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, graph: Graph):
    """A real Virtuoso on 127.0.0.1 (free ports, throwaway database) with the graph published."""
    from hgr_kg.export.publish import Server, publish
    from tests.support import virtuoso as server

    if not server.available():
        pytest.skip("virtuoso-opensource is not installed (make test installs it)")
    running = server.start(tmp_path_factory.mktemp("virtuoso") / "db")
    try:
        target = Server(query=running.sparql, update=f"{running.base}/sparql-auth",
                        user="dba", password=running.password)  # fmt: skip
        publish(graph, target)
        yield running
    finally:
        running.stop()


@pytest.fixture()
def listener() -> Iterator[Listener]:
    """An HTTP server on 127.0.0.1 that records every request: what must receive nothing."""
    running = Listener()
    yield running
    running.server.shutdown()
