"""Each fact's status and caveat (README, "Status and caveats"), as the canned queries give them.

tests/data/status/before.json holds the values the five queries gave while each computed them
itself (the rule pasted into each), taken before the rule moved into the build: every row's key
columns, status and caveat; and the whole rows of single-secondary-source and sources."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from hgr_kg.paths import Project
from tests.conftest import DATA
from tests.support.rows import rows

PINNED = json.loads((DATA / "status" / "before.json").read_text(encoding="utf-8"))
WITH_STATUS = ("cases", "sanctions", "timeline", "instruments", "permits-by-year")


@pytest.mark.parametrize("name", WITH_STATUS)
def test_status_and_caveat_as_pinned(project: Project, graph: Graph, name: str) -> None:
    found = rows(project, graph, name)
    first = list(found[0])[:2]
    assert sorted([r[first[0]], r[first[1]], r["status"], r["caveat"]] for r in found) == PINNED[name]


@pytest.mark.parametrize("name", ["single-secondary-source", "sources"])
def test_provenance_rows_as_pinned(project: Project, graph: Graph, name: str) -> None:
    assert sorted(list(r.values()) for r in rows(project, graph, name)) == PINNED[name]
