"""Content negotiation: the forms of each kind of result (pyoxigraph's serialisers) and the choice
among them by an ``Accept`` header (RFC 9110 section 12.5.1: quality values, ``type/*`` and ``*/*``)."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox


@dataclass(frozen=True)
class Form:
    media_type: str  # what the answer's Content-Type says
    format: ox.QueryResultsFormat | ox.RdfFormat
    aliases: tuple[str, ...] = ()  # other media types a client may ask for this form with

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.media_type.startswith("text/") else self.media_type


R, G = ox.QueryResultsFormat, ox.RdfFormat
# the first of each list is the default (no Accept, or */*)
SOLUTION_FORMS = (
    Form("application/sparql-results+json", R.JSON, ("application/json",)),
    Form("application/sparql-results+xml", R.XML, ("application/xml", "text/xml")),
    Form("text/csv", R.CSV),
    Form("text/tab-separated-values", R.TSV),
)
GRAPH_FORMS = (
    Form("text/turtle", G.TURTLE, ("application/x-turtle",)),
    Form("application/n-triples", G.N_TRIPLES, ("text/plain",)),
    Form("application/ld+json", G.JSON_LD, ("application/json",)),
)


class NotAcceptable(Exception):
    """No form of the result is acceptable (the message says which are offered)."""


def _ranges(accept: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their quality (a malformed q counts as 0)."""
    ranges = []
    for item in accept.split(","):
        kind, *params = (part.strip() for part in item.split(";"))
        if not kind:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        ranges.append((kind.lower(), quality))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """The quality the most specific matching range gives ``media_type`` (0 if none matches)."""
    major = media_type.split("/")[0]
    best, specificity = 0.0, -1
    for kind, quality in ranges:
        level = 2 if kind == media_type else 1 if kind == f"{major}/*" else 0 if kind == "*/*" else -1
        if level > specificity:
            best, specificity = quality, level
    return best


def choose(forms: tuple[Form, ...], accept: str | None) -> Form:
    """The form ``accept`` prefers (the server's order breaks ties); the first with no header."""
    if not accept or not accept.strip():
        return forms[0]
    ranges = _ranges(accept)
    best, best_quality = None, 0.0
    for form in forms:
        # an alias counts when named exactly: text/* asks for a text/ type, not for XML sent as
        # application/sparql-results+xml because of its alias text/xml
        named = [q for kind, q in ranges if kind in form.aliases]
        quality = max([_quality(form.media_type, ranges), *named])
        if quality > best_quality:
            best, best_quality = form, quality
    if best is None:
        offered = ", ".join(f.media_type for f in forms)
        raise NotAcceptable(f"none of the types in Accept ({accept.strip()[:200]}) is offered for this "
                            f"result; offered: {offered}")  # fmt: skip
    return best
