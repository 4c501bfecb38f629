"""Content negotiation of ``hgr-kg serve`` (RFC 9110 Accept: quality values, type/*, */*)."""

from __future__ import annotations

import pytest

from hgr_kg.serve.negotiate import GRAPH_FORMS, SOLUTION_FORMS, NotAcceptable, choose


@pytest.mark.parametrize(("accept", "chosen"), [
    (None, "application/sparql-results+json"),
    ("", "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("text/csv", "text/csv"),
    ("application/json", "application/sparql-results+json"),
    ("text/xml", "application/sparql-results+xml"),
    ("text/*", "text/csv"),
    ("text/*;q=0.5, application/sparql-results+xml;q=0.4", "text/csv"),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("TEXT/TAB-SEPARATED-VALUES", "text/tab-separated-values"),
    ("text/csv;q=0, */*", "application/sparql-results+json"),
    ("text/csv;q=abc, text/tab-separated-values;q=0.1", "text/tab-separated-values"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/sparql-results+xml"),
])  # fmt: skip
def test_solution_forms(accept, chosen) -> None:
    assert choose(SOLUTION_FORMS, accept).media_type == chosen


def test_graph_forms() -> None:
    assert choose(GRAPH_FORMS, None).media_type == "text/turtle"
    assert choose(GRAPH_FORMS, "application/json").media_type == "application/ld+json"
    assert choose(GRAPH_FORMS, "text/plain").media_type == "application/n-triples"
    assert choose(GRAPH_FORMS, "text/turtle").content_type == "text/turtle; charset=utf-8"


@pytest.mark.parametrize("accept", ["text/turtle", "*/*;q=0", "image/png, text/html"])
def test_nothing_acceptable(accept) -> None:
    refused = r"^none of the types in Accept \(.*\) is offered for this result; offered: application/"
    with pytest.raises(NotAcceptable, match=refused):
        choose(SOLUTION_FORMS, accept)
