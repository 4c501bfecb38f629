"""The second witness of the RMHGR 2024 (issue 24 item 1): chinese-law-mcp's copy compared with
data/texts/rmhgr-2024.md, the result recorded in that file's header recomputed here, and what the graph
derives from it (the text's status)."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import RDFS

from hgr_kg.namespaces import HGR, HGRID
from hgr_kg.sources.statutes import parse_statute, read_statute, split_header
from hgr_kg.sources.witness import compare_witness

TEXTS = Path(__file__).resolve().parent.parent / "data" / "texts"
VERSION = TEXTS / "rmhgr-2024.md"
WITNESS = TEXTS / "witnesses" / "rmhgr-2024-chinese-law-mcp.md"


def test_the_recorded_result_is_the_comparison_recomputed():
    version, witness = read_statute(VERSION), read_statute(WITNESS)
    found = compare_witness(version, witness)
    recorded = version.header["second_witness"]
    assert found.result == recorded["result"] == "identical"
    assert found.summary() == recorded["summary"]
    assert (found.articles, found.identical, found.characters, found.found_in_body) == (47, 47, 6331, 47)
    assert found.count("punctuation width") == recorded["punctuation_width_differences"] == 0
    assert found.count("text") == recorded["other_differences"] == 0
    assert recorded["articles_identical"] == 47
    assert found.chapters_compared == 5 and found.chapters_not_in_witness == ["第一章"]
    header = split_header(WITNESS.read_bytes(), str(WITNESS))[0]
    assert recorded["commit"] == header["source"]["commit"] and recorded["path"] == header["source"]["path"]
    assert recorded["file"] == "data/texts/witnesses/rmhgr-2024-chinese-law-mcp.md"
    # the header keeps its length (the record is written in flow style), so that every line of the body
    # cited elsewhere (penalty readings, provisions) stays where it was: the body opens on line 31
    assert version.body_line == 31
    assert VERSION.read_text(encoding="utf-8").split("\n")[190].startswith("第二十八条 将人类遗传资源信息")


def test_the_comparison_finds_differences_and_tells_punctuation_width_apart():
    """Against the 2019 text (ASCII item parentheses, the articles the 2024 Decision changed) the same
    witness differs: 19 articles equal, 88 runs that differ only in punctuation width, 49 others."""
    found = compare_witness(read_statute(TEXTS / "rmhgr-2019.md"), read_statute(WITNESS))
    assert found.result == "differs"
    assert (found.identical, found.count("punctuation width"), found.count("text")) == (19, 88, 49)
    widths = [d for d in found.differences if d.kind == "punctuation width"]
    assert (widths[0].version, widths[0].witness) == ("(", "（")


def test_one_changed_character_is_named_with_its_article():
    data = WITNESS.read_bytes()
    header_end = data.index(b"\n---\n") + 5
    doc = json.loads(data[header_end:])
    doc["provisions"][27]["content"] = doc["provisions"][27]["content"].replace("备案", "登记", 1)
    body = json.dumps(doc, ensure_ascii=False, indent=2).encode()
    changed = parse_statute(data[:header_end] + body, "changed.md")
    found = compare_witness(read_statute(VERSION), changed)
    assert found.result == "differs" and found.identical == 46
    assert [d.describe() for d in found.differences] == ["Art. 28 at character 164: '备案' / '登记' (text)"]


def test_the_graph_derives_the_text_status_from_the_witness(graph):
    source, witness = HGRID["src-text-rmhgr-2024"], HGRID["src-witness-rmhgr-2024"]
    assert (source, HGR.checkedAgainst, witness) in graph
    assert graph.value(HGRID["rmhgr-2024-art28"], HGR.factStatus) == HGRID["fact-mirror-checked"]
    assert graph.value(HGRID["rmhgr-2024"], HGR.factStatus) == HGRID["fact-mirror-checked"]
    assert graph.value(HGRID["rmhgr-2019-art28"], HGR.factStatus) == HGRID["fact-single-mirror"]
    comments = [str(c) for c in graph.objects(source, RDFS.comment) if str(c).startswith("Second witness")]
    assert comments == [
        "Second witness: Compared with data/texts/rmhgr-2024.md: identical. 47 of 47 articles "
        "character-equal (6331 characters); 0 punctuation-width differences, 0 other; 47 of 47 witness "
        "articles found verbatim in the version's body; 5 of 5 chapters equal (第一章 not in the witness)"
    ]
    assert (witness, RDFS.comment, Literal(comments[0].removeprefix("Second witness: "), lang="en")) in graph


def test_a_witness_that_differs_gives_no_check(project_copy):
    """A recorded result other than identical: the witness is a document, the text is not checked."""
    from hgr_kg.graph.build import build_graph

    path = project_copy.texts / "rmhgr-2024.md"
    text = path.read_text(encoding="utf-8")
    assert text.count(" result: identical,") == 1
    path.write_text(text.replace(" result: identical,", " result: differs,"), encoding="utf-8")
    built = build_graph(project_copy)
    assert (HGRID["src-text-rmhgr-2024"], HGR.checkedAgainst, None) not in built
    assert built.value(HGRID["rmhgr-2024-art28"], HGR.factStatus) == HGRID["fact-single-mirror"]
