"""Hostile text planted in the data, and a real HTML parser to see what a page made of it holds."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# each would run a script in the reader's browser if it reached a page unescaped
PAYLOADS = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(2)>',
    "<!--<script>alert(3)//",
    "</script><script>alert(4)</script>",
    "line\u2028separator\u2029end & 'quotes'",
)


@dataclass
class Page:
    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    text: str = ""  # the text a reader sees (outside script and style)
    scripts: list[str] = field(default_factory=list)  # the content of each script element


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._open: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open = tag
            if tag == "script":
                self.page.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open == "script":
            self.page.scripts[-1] += data
        elif self._open is None:
            self._text.append(data)


def parse(html: str) -> Page:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    collector.page.text = "".join(collector._text)
    return collector.page


def handlers(page: Page) -> list[tuple[str, str]]:
    """Every (tag, attribute) that carries an event handler (on...)."""
    return [(tag, name) for tag, attrs in page.tags for name in attrs if name.startswith("on")]
