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
# second witnesses: a text's copy from another mirror, compared with the version's file (not read as versions)
WITNESSES = sorted((TEXTS / "witnesses").glob("*.md"))


def split(path: Path) -> tuple[dict, bytes]:
    data = path.read_bytes()
    assert data.startswith(b"---\n"), path
    head, body = data[4:].split(b"\n---\n", 1)
    return yaml.safe_load(head.decode("utf-8")), body


def test_the_texts_are_there():
    assert [p.stem for p in FILES] == [
        "biomedical-technology-regulation-2025",
        "biosecurity-law-2020",
        "biosecurity-law-2024",
        "civil-code-2020",
        "criminal-law-after-amendment-11",
        "criminal-law-after-amendment-12",
        "data-security-law-2021",
        "drug-administration-law-2019",
        "dual-use-export-regulation-2024",
        "export-control-law-2020",
        "hgr-licensing-service-guide-2015",
        "implementation-rules-2023",
        "interim-measures-1998",
        "network-data-regulation-2024",
        "npcsc-decision-2024-04-26",
        "pipl-2021",
        "rmhgr-2019",
        "rmhgr-2024",
        "state-council-decision-2024",
    ]
    assert [p.stem for p in WITNESSES] == ["rmhgr-2024-chinese-law-mcp"]


@pytest.mark.parametrize("path", FILES + WITNESSES, ids=lambda p: p.stem)
def test_body_is_the_blob_the_header_names(path):
    header, body = split(path)
    done = subprocess.run(["git", "hash-object", "--stdin"], input=body, capture_output=True, check=True)
    assert done.stdout.decode().strip() == header["body_git_blob_sha1"]


@pytest.mark.parametrize("path", FILES + WITNESSES, ids=lambda p: p.stem)
def test_header_names_source_date_read_and_licence(path):
    header, _ = split(path)
    assert {"instrument", "version", "title", "dates", "source", "read", "licence", "missing"} <= set(header)
    source = header["source"]
    assert source["method"] and source["origin"]
    if "excerpts" in source:  # fragments from web pages: each names its page and what it gives
        assert header["complete"] is False and header["articles_not_read"]
        assert all(re.match(r"https?://", e["url"]) and e["gives"] for e in source["excerpts"])
    elif source.get("kind") in ("docx", "pdf", "html"):  # brought by a user with hgr-kg add text
        assert re.match(r"https?://", source["url"]) and re.fullmatch(r"[0-9a-f]{64}", source["sha256"])
        date.fromisoformat(header["read"])
    else:
        mirrors = ("LawRefBook/Laws", "Theonefkguy/Chinese-Laws", "Ansvar-Systems/chinese-law-mcp")
        assert source["repository"] in mirrors
        assert re.fullmatch(r"[0-9a-f]{40}", source["commit"])
        json_body = header.get("structure") == "json-provisions"
        assert source["path"].endswith(".json" if json_body else ".md")
    assert header["read"] in ("2026-12-01", "2026-12-07") or source.get("kind") in ("docx", "pdf", "html")
    article5 = "本法不适用于：（一）法律、法规，国家机关的决议、决定、命令和其他具有立法、行政、司法性质"
    assert article5 in header["licence"]


@pytest.mark.parametrize("path", FILES + WITNESSES, ids=lambda p: p.stem)
def test_every_date_is_stated_in_the_text(path):
    """No date is invented: each appears in the body, as 2019年3月20日 or as the mirror's ISO metadata
    (a comment <!-- EFFECTIVE_FROM: … -->, or a JSON body's "issued_date" / "in_force_date" key)."""
    header, body = split(path)
    text = body.decode("utf-8")
    for entry in header["dates"]:
        day = date.fromisoformat(entry["date"])
        chinese = f"{day.year}年{day.month}月{day.day}日"
        metadata = [f"EFFECTIVE_FROM: {day.isoformat()}"] + [
            f'"{key}": "{day.isoformat()}"' for key in ("issued_date", "in_force_date")
        ]
        assert chinese in text or any(m in text for m in metadata), (path.name, entry)
        assert entry["event"] and entry["stated_in"]


def test_the_title_opens_the_body():
    """The header's title is the body's first line of text (a Markdown title, or an excerpt's first line,
    or its first two lines where the page breaks the title). A header saying ``title_in_body: false``
    (an excerpt that starts after the title) is checked too: the title is then nowhere in the body."""
    for path in FILES + WITNESSES:
        header, body = split(path)
        lines = [x for x in body.decode("utf-8").split("\n") if x.strip() and not x.startswith("<!--")]
        title = header["title"]
        if header.get("structure") == "json-provisions":  # the JSON's title key, on its fourth line
            assert lines[3] == f'  "title": "{title}",', path.name
            continue
        if header.get("title_in_body") is False:
            assert header["complete"] is False and not any(title in x for x in lines), path.name
            continue
        first_two = "".join(lines[:2])
        assert lines[0] == f"# {title}" or lines[0].startswith(title) or first_two == title, path.name


def test_the_readme_lists_every_file():
    readme = (TEXTS / "README.md").read_text(encoding="utf-8")
    for path in FILES:
        assert f"`{path.name}`" in readme
    for path in WITNESSES:
        assert f"`witnesses/{path.name}`" in readme


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
    assert blobs["data-security-law-2021"] == "ff7a98b02fb4780ac31d38b01c65571697cd4780"
    assert blobs["pipl-2021"] == "27b7f9ac3eaf1654dd00cb3f0c09d3695fe62dd0"
    assert blobs["network-data-regulation-2024"] == "5a87f295af19055f30becbb25b0964bcfbd2b154"
    assert blobs["export-control-law-2020"] == "dee37370221a7fa066dd29e265f729bc4168a031"
    assert blobs["dual-use-export-regulation-2024"] == "c02185fc50bdff6cd6b561b6c195ad28aef3c60a"
    assert blobs["drug-administration-law-2019"] == "c62c34723f1e6d8bcd1dacedd6bd660ce5477ba7"


def test_chinese_law_mcp_bodies_are_the_upstream_blobs():
    """The two JSON files of Ansvar-Systems/chinese-law-mcp, as git gave them for COMMIT:PATH at commit
    04567af (they were removed at 8fd4f58): byte for byte, so the blob ids are the repository's."""
    blobs = {p.stem: split(p)[0]["body_git_blob_sha1"] for p in FILES + WITNESSES}
    assert blobs["biomedical-technology-regulation-2025"] == "c9b5564e9ead952601b492faf157565c50fc465a"
    assert blobs["rmhgr-2024-chinese-law-mcp"] == "9e364db9e3f842bdc5b26ea448ab5f71f2e93ad2"
    for path in (TEXTS / "biomedical-technology-regulation-2025.md", *WITNESSES):
        header, body = split(path)
        assert header["source"]["commit"] == "04567afa1dc803e4eb46f2b6c2ebc52634b63cf2"
        assert header["structure"] == "json-provisions" and body.startswith(b'{\n  "id": "ff80818')


def test_web_excerpt_bodies_are_the_copies_recorded():
    """The files written out from web-page excerpts: their blob ids as recorded when they were written,
    and what each holds (the first characters of a piece, the last line kept)."""
    blobs = {p.stem: split(p)[0]["body_git_blob_sha1"] for p in FILES}
    assert blobs["implementation-rules-2023"] == "d9187ae677836b38a5f24bdd7dadcfbe56678136"
    assert blobs["interim-measures-1998"] == "cd450a24df5e9b4a81f684cc369f4ed3fcc55db3"
    assert blobs["hgr-licensing-service-guide-2015"] == "204b868c337bca6ac194d3f4c5457b8931639907"


def test_interim_measures_excerpt_holds_articles_1_to_8():
    header, body = split(TEXTS / "interim-measures-1998.md")
    lines = body.decode("utf-8").split("\n")
    assert lines[0] == "<!-- excerpt 1: https://teddywedding.com/system/2017/04/12/014003417.shtml -->"
    assert lines[2] == "(一九九八年六月十日经国务院同意,国务院办公厅转发施行)"
    assert lines[4].startswith("第一条 为了有效保护和合理利用我国的人类遗传资源,加强人类基因的研究与开发")
    # the page prints Art. 3 on the line of Art. 2; kept as published
    assert "的信息资料。 第三条 凡从事涉及我国人类遗传资源的采集、收集、研究、开发" in lines[5]
    assert lines[-2] == "(五) 与人类遗传资源管理有关的其他工作。" and lines[-1] == ""
    assert "第九" not in body.decode("utf-8")  # the cut-off opening of Art. 9 left out, as the header says
    assert header["articles_read"].startswith("1-8")
    assert header["articles_not_read"].startswith("9 to the end")
    assert "graph_articles" not in header  # the parser splits the line (hgr_kg.sources.statutes)


def test_service_guide_excerpts_hold_sections_one_to_seven():
    header, body = split(TEXTS / "hgr-licensing-service-guide-2015.md")
    text = body.decode("utf-8")
    first = "<!-- excerpt 1: https://rrjk160.com/unit/newsdetail/uid-325/did-28105.html -->"
    title = "人类遗传资源采集、收集、买卖、出口、出境审批\n行政许可事项服务指南"
    assert text.startswith(f"{first}\n\n{title}\n一、适用范围\n")
    assert "\n1.《人类遗传资源管理暂行办法》国办发[1998]36号(1998年6月)。\n" in text
    assert "\n(三)项目编号:03002\n" in text
    second = "<!-- excerpt 2: http://lucy365.cn/a/20190111/118652.html -->"
    assert f"{second}\n\n  科技部门户 > 办事服务 > 行政许可\n" in text
    assert text.endswith(" (8)知识产权归属明确,分享方案合理;\n")
    assert "77vr|" not in text and "已阅读" not in text  # page chrome left out, as the header says
    assert [e["url"] for e in header["source"]["excerpts"]] == [
        "https://rrjk160.com/unit/newsdetail/uid-325/did-28105.html",
        "http://lucy365.cn/a/20190111/118652.html",
    ]
