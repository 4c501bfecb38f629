"""data/texts: every file has its header, and its body is the copy the header describes (no network)."""

from __future__ import annotations

import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
import yaml

TEXTS = Path(__file__).resolve().parent.parent / "data" / "texts"
FILES = sorted(p for p in TEXTS.glob("*.md") if p.name != "README.md")


def split(path: Path) -> tuple[dict, bytes]:
    data = path.read_bytes()
    assert data.startswith(b"---\n"), path
    head, body = data[4:].split(b"\n---\n", 1)
    return yaml.safe_load(head.decode("utf-8")), body


def test_the_texts_are_there():
    assert [p.stem for p in FILES] == [
        "biosecurity-law-2020",
        "biosecurity-law-2024",
        "civil-code-2020",
        "criminal-law-after-amendment-11",
        "criminal-law-after-amendment-12",
        "implementation-rules-2023",
        "npcsc-decision-2024-04-26",
        "rmhgr-2019",
        "rmhgr-2024",
        "state-council-decision-2024",
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_body_is_the_blob_the_header_names(path):
    header, body = split(path)
    done = subprocess.run(["git", "hash-object", "--stdin"], input=body, capture_output=True, check=True)
    assert done.stdout.decode().strip() == header["body_git_blob_sha1"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_header_names_source_date_read_and_licence(path):
    header, _ = split(path)
    assert {"instrument", "version", "title", "dates", "source", "read", "licence", "missing"} <= set(header)
    source = header["source"]
    assert source["method"] and source["origin"]
    if "excerpts" in source:  # fragments from web pages: each names its page and what it gives
        assert header["complete"] is False and header["articles_not_read"]
        assert all(e["url"].startswith("https://") and e["gives"] for e in source["excerpts"])
    else:
        assert source["repository"] in ("LawRefBook/Laws", "Theonefkguy/Chinese-Laws")
        assert re.fullmatch(r"[0-9a-f]{40}", source["commit"])
        assert source["path"].endswith(".md")
    assert header["read"] == "2026-12-01"
    article5 = "本法不适用于：（一）法律、法规，国家机关的决议、决定、命令和其他具有立法、行政、司法性质"
    assert article5 in header["licence"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_date_is_stated_in_the_text(path):
    """No date is invented: each appears in the body, as 2019年3月20日 or as the mirror's ISO metadata."""
    header, body = split(path)
    text = body.decode("utf-8")
    for entry in header["dates"]:
        day = date.fromisoformat(entry["date"])
        chinese = f"{day.year}年{day.month}月{day.day}日"
        assert chinese in text or f"EFFECTIVE_FROM: {day.isoformat()}" in text, (path.name, entry)
        assert entry["event"] and entry["stated_in"]


def test_the_title_opens_the_body():
    """The header's title is the body's first line of text (a Markdown title, or an excerpt's first line)."""
    for path in FILES:
        header, body = split(path)
        lines = [x for x in body.decode("utf-8").split("\n") if x.strip() and not x.startswith("<!--")]
        assert lines[0] == f"# {header['title']}" or lines[0].startswith(header["title"]), path.name


def test_the_readme_lists_every_file():
    readme = (TEXTS / "README.md").read_text(encoding="utf-8")
    for path in FILES:
        assert f"`{path.name}`" in readme


def test_lawrefbook_bodies_are_the_upstream_blobs():
    """For files copied with git show, the blob id is the one git gave for COMMIT:PATH (recorded when
    copying); these are the ids of LawRefBook/Laws, checkable by anyone with a clone."""
    blobs = {p.stem: split(p)[0]["body_git_blob_sha1"] for p in FILES}
    assert blobs["rmhgr-2019"] == "f5abe0ec885b077ae5593628eb0bddfcf2c0b16d"
    assert blobs["biosecurity-law-2020"] == "205bffb1da47af737b5fcf18a6133e0f9f1fe2cd"
    assert blobs["biosecurity-law-2024"] == "b7c64855c653cf8058d83cd684cd1e0e6fc6e71a"
    assert blobs["criminal-law-after-amendment-11"] == "a24107b125aeb5d3ce79a046a8146c981f27f746"
    assert blobs["criminal-law-after-amendment-12"] == "dd224fd5c18ed9590e2e678eff90790c6728533a"
    assert blobs["civil-code-2020"] == "e374a3b11e7d06afc75821ebd3177d44b7e9cdad"
