"""The one Jinja2 environment of the package's pages and reports (hgr_kg/templates/).

Every template is HTML-escaped unless it is named ``*.md.jinja2`` (Markdown: the ``md`` filter
escapes what a Markdown renderer would pass through as raw HTML). Data put inside a ``<script>``
goes through ``script_json``: JSON in which ``<``, ``>``, ``&``, ``'`` and the line separators
U+2028/U+2029 are ``\\u`` escapes, so no ``</script>``, ``<!--`` or ``<script`` can end or
change the script element.
"""

from __future__ import annotations

import json
import re
from functools import cache

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027",
                   "\u2028": "\\u2028", "\u2029": "\\u2029"}  # fmt: skip
_SCRIPT_UNSAFE = re.compile("[<>&'\u2028\u2029]")
_MD_TAG = re.compile(r"<(?=[A-Za-z/!?])")


def script_json(value: object) -> Markup:
    """``value`` as JSON that is safe as the content of an HTML ``<script>`` element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return Markup(_SCRIPT_UNSAFE.sub(lambda m: _SCRIPT_ESCAPES[m.group()], text))


def md_text(value: object) -> str:
    """Text for a Markdown line: a backslash before any ``<`` that would open an HTML tag, comment
    or autolink (a renderer passes raw HTML through); line breaks become spaces."""
    return _MD_TAG.sub(r"\\<", " ".join(str(value).splitlines()))


def _autoescape(name: str | None) -> bool:
    return name is None or not name.endswith(".md.jinja2")


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("hgr_kg", "templates"),
        autoescape=_autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["script_json"] = script_json
    env.filters["md"] = md_text
    return env
