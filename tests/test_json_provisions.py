"""hgr_kg.sources.json_provisions: a text whose body is a mirror's JSON file of provisions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hgr_kg.errors import HgrKgError
from hgr_kg.sources.statutes import numbering_problems, parse_statute, read_statute

ROOT = Path(__file__).resolve().parent.parent
BIOMED = ROOT / "data" / "texts" / "biomedical-technology-regulation-2025.md"


def doc(provisions: list[dict], header: str = "structure: json-provisions\n") -> bytes:
    body = json.dumps({"title": "某条例", "provisions": provisions}, ensure_ascii=False, indent=2)
    return f"---\n{header}---\n{body}".encode()


def test_the_2025_regulation_read_from_its_json():
    statute = read_statute(BIOMED)
    assert statute.title == "生物医学新技术临床研究和临床转化应用管理条例"
    assert len(statute.articles) == 58 and [a.number for a in statute.articles] == [
        str(n) for n in range(1, 59)
    ]
    assert statute.article(58).text == "本条例自2026年5月1日起施行。"
    assert statute.article(58).number_printed == "第五十八条"
    art8 = statute.article(8)
    assert art8.text.startswith("本条例所称生物医学新技术临床研究，是指以下列方式进行生物医学新技术试验")
    assert [i.number_printed for i in art8.paragraphs[0].items] == ["（一）", "（二）", "（三）", "（四）"]
    # chapters read late by one: Art. 7 (commendation) is before 第二章, which opens at Art. 8
    chapters = [(d.number_printed, d.title, d.articles[0].number) for d in statute.divisions]
    assert chapters == [
        ("第二章", "临床研究备案", "8"),
        ("第三章", "临床研究实施", "18"),
        ("第四章", "临床转化应用", "29"),
        ("第五章", "监督管理", "38"),
        ("第六章", "法律责任", "43"),
        ("第七章", "附 则", "55"),
    ]
    assert statute.article(7).division is None
    assert numbering_problems(statute) == [f"{BIOMED}:105: 第二章 where 第一章 was expected"]
    lines = BIOMED.read_text(encoding="utf-8").split("\n")
    assert lines[statute.article(58).line - 1] == '      "content": "本条例自2026年5月1日起施行。",'


def test_chapter_key_as_given_and_late_by_one():
    provisions = [
        {"provision_ref": "1", "chapter": "", "content": "甲。"},
        {"provision_ref": "2", "chapter": "第二章 乙", "content": "乙。\n（一）一；\n（二）二。\n丙。"},
        {"provision_ref": "3", "chapter": "第二章 乙", "content": "丁。"},
    ]
    given = parse_statute(doc(provisions), "x.md")
    assert [a.number for a in given.divisions[0].articles] == ["2", "3"]
    late = parse_statute(doc(provisions, "structure: json-provisions\nchapter_key: late-by-one\n"), "x.md")
    assert [a.number for a in late.divisions[0].articles] == ["3"]
    two = given.article(2)
    assert [p.intro for p in two.paragraphs] == ["乙。", "丙。"] and len(two.paragraphs[0].items) == 2
    assert two.line == 15 and all(p.line == 15 for p in two.paragraphs)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'---\nstructure: json-provisions\n---\n{\n  "provisions": [,]\n}', "x.md:5: the body is not JSON"),
        (b"---\nstructure: json-provisions\n---\n{}", "x.md:4: the JSON body has no 'provisions' list"),
        (b"---\nstructure: json-provisions\n---\n[1]", "x.md:4: the JSON body has no 'provisions' list"),
        (
            doc([{"provision_ref": "1a", "content": "x"}]),
            "x.md:4: provision 1 needs a numeric 'provision_ref'",
        ),
        (doc([{"provision_ref": "1", "content": 3}]), "x.md:4: provision 1 needs a numeric 'provision_ref'"),
        (doc([{"provision_ref": "1", "content": " \n"}]), "provision 1 has no text"),
        (
            doc([{"provision_ref": "1", "chapter": "第二回 x", "content": "甲"}]),
            "unrecognised chapter: 第二回 x",
        ),
        (
            b'---\nstructure: json-provisions\n---\n{"provisions": [{"provision_ref": "1", "content": "x"}]}',
            "1 provisions but 0 '\"content\":' lines",
        ),
        (
            doc([{"provision_ref": "1", "content": "x"}], "structure: json-provisions\nchapter_key: odd\n"),
            "chapter_key must be",
        ),
    ],
)
def test_bad_json_bodies_name_file_and_line(data, message):
    with pytest.raises(HgrKgError) as err:
        parse_statute(data, "x.md")
    assert message in str(err.value)


def test_the_script_prints_the_text_taken_out():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = ROOT / "scripts" / "json_provisions_text.py"
    done = subprocess.run([sys.executable, str(script), str(BIOMED)], capture_output=True, text=True, env=env)
    assert done.returncode == 0
    assert done.stdout.startswith(
        "# 生物医学新技术临床研究和临床转化应用管理条例\n\n第一条 (line 49)\n为了规范"
    )
    assert "\n## 第七章 附 则\n\n第五十五条 (line 481)\n" in done.stdout
    bad = subprocess.run([sys.executable, str(script), str(ROOT / "data/texts/rmhgr-2019.md")],
                         capture_output=True, text=True, env=env)  # fmt: skip
    assert bad.returncode == 2 and "structure: json-provisions" in bad.stderr
