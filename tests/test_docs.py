"""Issue 25 item 3: the README is a short tour (under 300 lines) and every link in it and in the user guides
(docs/*.md) resolves: a relative link names a file of the repository, and an anchor a heading of that file."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINK_RE = re.compile(r"\]\(([^)\s]+)\)")


def documents() -> list[Path]:
    return [ROOT / "README.md", ROOT / "BENCHMARKS.md", *sorted((ROOT / "docs").glob("*.md"))]


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    headings = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), flags=re.M)
    return {slug(h) for h in headings}


def broken_links(path: Path, root: Path = ROOT) -> list[str]:
    broken = []
    for target in LINK_RE.findall(path.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+:", target):  # https:, mailto: ... (not followed: nothing leaves the machine)
            continue
        file, _, anchor = target.partition("#")
        where = (path.parent / file).resolve() if file else path
        if not where.exists() or root not in where.parents:
            broken.append(f"{path.name}: {target} (no such file)")
        elif anchor and where.suffix == ".md" and anchor not in anchors(where):
            broken.append(f"{path.name}: {target} (no such heading)")
    return broken


def test_the_readme_is_a_short_tour() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) < 300
    assert "make demo" in lines[lines.index("## The two commands") + 5]  # the two commands come first
    guides = [p.name for p in (ROOT / "docs").glob("guide-*.md")]
    text = "\n".join(lines)
    assert len(guides) >= 9 and all(f"](docs/{g})" in text for g in guides)  # every guide is linked


def test_every_link_of_the_readme_and_the_guides_resolves() -> None:
    found = [b for path in documents() for b in broken_links(path)]
    assert found == []
    assert sum(len(LINK_RE.findall(p.read_text(encoding="utf-8"))) for p in documents()) > 30


def test_a_broken_link_is_found(tmp_path: Path) -> None:
    """The check itself can fail: a link to a missing file, to a missing heading, and out of the tree."""
    root = tmp_path / "root"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "other.md").write_text("# Other page\n\n## Its part\n")
    probe = root / "docs" / "probe.md"
    probe.write_text("# Probe\n\n[a](nothing.md) [b](other.md#no-such-heading) [c](other.md#its-part) "
                     "[d](#probe) [e](../../outside.md) [f](https://example.org/x)\n")  # fmt: skip
    (tmp_path / "outside.md").write_text("# Outside\n")
    assert broken_links(probe, root) == [
        "probe.md: nothing.md (no such file)",
        "probe.md: other.md#no-such-heading (no such heading)",
        "probe.md: ../../outside.md (no such file)",
    ]
