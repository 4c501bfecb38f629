"""The HTML pages: the query editor, resource pages at their IRIs' paths, the statute reader."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hgr_kg.serve.app import ServeContext


def routes(context: ServeContext) -> list:
    """The routes of this part (to be written)."""
    return []
