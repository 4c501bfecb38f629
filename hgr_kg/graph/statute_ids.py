"""IRIs of statute subdivisions: one rule, shared by every module that mints or reads them.

A version (expression) of an instrument is named by the ``version:`` id of its text file's
header (e.g. ``rmhgr-2019``); its articles, paragraphs (款) and items (项) hang off that id.
The work-level article (the provision across versions) hangs off the ``instrument:`` id.
"""

from rdflib import URIRef

from hgr_kg.namespaces import HGRID


def article_iri(version: str, number: str) -> URIRef:
    """The article numbered ``number`` (normalised: "37", "334-1") of ``version``."""
    return HGRID[f"{version}-art{number}"]


def paragraph_iri(version: str, number: str, k: int) -> URIRef:
    """The ``k``-th paragraph (款, from 1) of an article of ``version``."""
    return HGRID[f"{version}-art{number}-para{k}"]


def item_iri(version: str, number: str, k: int, i: int) -> URIRef:
    """The ``i``-th item (项, from 1) of paragraph ``k`` of an article of ``version``."""
    return HGRID[f"{version}-art{number}-para{k}-item{i}"]


def work_article_iri(work: str, number: str) -> URIRef:
    """The article ``number`` of the work ``work`` across its versions (e.g. hgrid:rmhgr-art37)."""
    return HGRID[f"{work}-art{number}"]
