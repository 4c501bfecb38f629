"""hgr-kg text and hgr-kg diff (hgr_kg.read.law): the law as it stood on a day, and what changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hgr_kg.cli import main
from hgr_kg.paths import Project
from hgr_kg.read.law import ArticleText, Version, amended_articles, render_text
from hgr_kg.sources.statutes import read_statute

TEXTS = Path(__file__).resolve().parent.parent / "data" / "texts"
NOT_AN_ID = "not an instrument's id such as rmhgr (ASCII letters, digits, '.', '_' and '-')"


def run(project: Project, capsys, *args: str, store: str = "oxigraph") -> tuple[int, str, str]:
    code = main(["--root", str(project.root), "--store", store, *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_text_of_rmhgr_art37_on_two_dates(project: Project, capsys, store: str) -> None:
    code, out, _ = run(project, capsys, "text", "rmhgr", "--on", "2020-01-01", "--article", "37", store=store)
    assert code == 0
    assert "rmhgr-2019" in out and "第五章 法律责任" in out
    assert "第三十七条 提供虚假材料或者采取其他欺骗手段取得行政许可的，由国务院科学技术行政部门撤销" in out
    assert "国务院卫生健康主管部门" not in out
    code, out, _ = run(project, capsys, "text", "rmhgr", "--on", "2024-06-01", "--article", "37", store=store)
    assert code == 0
    assert "rmhgr-2024" in out and "由国务院卫生健康主管部门撤销已经取得的行政许可" in out
    assert "国务院科学技术行政部门" not in out


@pytest.mark.parametrize("article", ["第三十七条", "三十七", "37"])
def test_text_article_as_printed_or_normalised(project: Project, capsys, article: str) -> None:
    code, out, _ = run(
        project, capsys, "text", "rmhgr", "--on", "2024-06-01", "--article", article, "-f", "json"
    )
    assert code == 0
    assert [a["printed"] for a in json.loads(out)["articles"]] == ["第三十七条"]


def test_text_of_a_whole_version_and_of_articles_not_read(project: Project, capsys) -> None:
    code, out, _ = run(project, capsys, "text", "rmhgr", "--on", "2024-06-01", "-f", "json")
    payload = json.loads(out)
    assert code == 0 and payload["version"]["name"] == "rmhgr-2024"
    assert [a["number"] for a in payload["articles"]] == [str(n) for n in range(1, 48)]
    code, out, _ = run(
        project, capsys, "text", "implementation-rules-2023", "--on", "2024-01-01", "--article", "4"
    )
    assert code == 0 and "[text not read" in out
    code, out, _ = run(project, capsys, "text", "criminal-law", "--on", "2022-01-01", "--article", "334-1")
    assert code == 0 and "第三百三十四条之一 违反国家有关规定，非法采集我国人类遗传资源" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["text", "nolaw", "--on", "2020-01-01"], "unknown instrument 'nolaw'"),
        (["text", "rmhgr", "--on", "2020-01-01", "--article", "99"], "rmhgr-2019 has no article 99"),
        (["text", "rmhgr", "--on", "2010-01-01"], "rmhgr: no version with a text in force on 2010-01-01"),
        (["text", "rmhgr", "--on", "2020-13-01"], "--on 2020-13-01: not a date (YYYY-MM-DD)"),
        (["diff", "rmhgr", "--from", "2019-07-01", "--to", "soon"], "--to soon: not a date (YYYY-MM-DD)"),
        (["text", "rmhgr", "--on", "20240101"], "--on 20240101: not a date (YYYY-MM-DD)"),
        (
            ["text", "rmhgr", "--article", "Art. 37"],
            "--article 'Art. 37': not an article number such as 37, 334-1, 第三十七条 or 第三百三十四条之一",
        ),
        (["text", "<script>"], f"INSTRUMENT '<script>': {NOT_AN_ID}"),
        (["text", "a b", "--on", "2020-01-01"], f"INSTRUMENT 'a b': {NOT_AN_ID}"),
        (["diff", "<x>", "--from", "2019-07-01", "--to", "2024-06-01"], f"INSTRUMENT '<x>': {NOT_AN_ID}"),
        (
            ["diff", "rmhgr/../x", "--from", "2019-07-01", "--to", "2024-06-01"],
            f"INSTRUMENT 'rmhgr/../x': {NOT_AN_ID}",
        ),
        (["text", "rmhgr", "--on", "2024-W19-1"], "--on 2024-W19-1: not a date (YYYY-MM-DD)"),
        (
            ["diff", "rmhgr", "--from", "20190701", "--to", "2024-06-01"],
            "--from 20190701: not a date (YYYY-MM-DD)",
        ),
        (
            ["diff", "rmhgr", "--from", "2019-07-01", "--to", "2024-W19"],
            "--to 2024-W19: not a date (YYYY-MM-DD)",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(project: Project, capsys, args: list[str], message: str) -> None:
    code, out, err = run(project, capsys, *args)
    assert code == 2 and out == "" and "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith("hgr-kg: error: ") and message in err


def test_rmhgr_diff_equals_the_decisions_list(project: Project, capsys) -> None:
    """The articles the diff reports as changed are, article by article, those that Annex 1 item 4
    of the State Council Decision of 2024 names for the RMHGR (read from the Decision's text)."""
    decision = read_statute(TEXTS / "state-council-decision-2024.md")
    title = read_statute(TEXTS / "rmhgr-2024.md").header["title"]
    named = amended_articles(decision, title)
    assert len(named) == 27 and named[:3] == ["4", "5", "9"]
    code, out, _ = run(
        project, capsys, "diff", "rmhgr", "--from", "2019-07-01", "--to", "2024-05-01", "-f", "json"
    )
    assert code == 0
    result = json.loads(out)
    assert (result["old"]["name"], result["new"]["name"]) == ("rmhgr-2019", "rmhgr-2024")
    assert [c["number"] for c in result["changed"]] == named
    assert result["added"] == [] and result["removed"] == []
    art37 = next(c for c in result["changed"] if c["number"] == "37")
    edits = [(op["old"], op["new"]) for op in art37["ops"] if op["op"] != "equal"]
    assert edits == [("科学技术行政", "卫生健康主管")]
    # an article the Decision does not name differs at most in the mirrors' parentheses
    assert result["typographic"] == ["21"]


def test_biosecurity_law_diff_equals_the_npcsc_decision(project: Project, capsys) -> None:
    decision = read_statute(TEXTS / "npcsc-decision-2024-04-26.md")
    named = amended_articles(decision, "中华人民共和国生物安全法")
    assert named == ["54", "56", "57", "79", "80"]
    code, out, _ = run(
        project, capsys, "diff", "biosecurity-law", "--from", "2021-06-01", "--to", "2024-06-01"
    )
    assert code == 0
    assert "changed: 54, 56, 57, 79, 80" in out
    assert "应当经国务院[-科学技术-]{+卫生健康+}主管部门批准" in out


def test_diff_formats_and_output_file(project: Project, capsys, tmp_path: Path) -> None:
    target = tmp_path / "d.html"
    code, out, _ = run(project, capsys, "diff", "rmhgr", "--from", "2020-01-01", "--to", "2025-01-01",
                       "-f", "html", "-o", str(target))  # fmt: skip
    assert code == 0 and out == ""
    html = target.read_text(encoding="utf-8")
    assert "<del>科学技术行政</del><ins>卫生健康主管</ins>" in html
    code, out, _ = run(
        project, capsys, "diff", "rmhgr", "--from", "2020-01-01", "--to", "2021-01-01", "-f", "md"
    )
    assert code == 0 and "changed: none" in out and out.startswith("# rmhgr: rmhgr-2019")


def test_html_escapes_what_comes_from_the_data() -> None:
    version = Version("https://w3id.org/hgr-kg/id/x", "x", "2020-01-01", None, "<script>alert(1)</script>")
    art = ArticleText("1", "第一条", "a <b> & c", ["第一章 <i>总则</i>"])
    html = render_text(version, [art], "html")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "a &lt;b&gt; &amp; c" in html and "&lt;i&gt;总则&lt;/i&gt;" in html


SCRIPT = "<script>alert(1)</script>"


def _hostile_statute() -> tuple[Version, Version, ArticleText, ArticleText]:
    """Two versions of a statute whose title, heading and text carry a script (as a mirror could)."""
    old = Version("https://w3id.org/hgr-kg/id/x-1", "x-1", "2020-01-01", "2021-01-01", f"旧 {SCRIPT}")
    new = Version("https://w3id.org/hgr-kg/id/x-2", "x-2", "2021-01-01", None, f"新 {SCRIPT}")
    before = ArticleText("1", "第一条", "甲 & 乙。", [f"第一章 {SCRIPT}"])
    after = ArticleText("1", "第一条", f"甲 {SCRIPT} & 乙。", [f"第一章 {SCRIPT}"])
    return old, new, before, after


def test_markdown_text_escapes_what_comes_from_the_data() -> None:
    _, new, _, after = _hostile_statute()
    md = render_text(new, [after], "md")
    assert "<" not in md and ">" not in md
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert md.splitlines() == [
        f"# 新 {escaped} (x-2, in force 2021-01-01 to —)", "",
        f"## 第一章 {escaped}", "",
        f"**第一条** 甲 {escaped} &amp; 乙。",
    ]  # fmt: skip
    assert render_text(new, [after], "text").splitlines()[2] == f"第一章 {SCRIPT}"  # plain text stays


def test_markdown_diff_escapes_what_comes_from_the_data() -> None:
    from hgr_kg.read.law import Change, Diff, char_ops, render_diff

    old, new, before, after = _hostile_statute()
    change = Change("1", "第一条<b>", before.text, after.text, char_ops(before.text, after.text))
    md = render_diff(Diff("x<i>", old, new, [], [], [change], [], []), "md")
    assert "<" not in md and ">" not in md.replace(") -> x-2", "")
    lines = md.splitlines()
    assert lines[0] == "# x&lt;i&gt;: x-1 (in force from 2020-01-01) -> x-2 (in force from 2021-01-01)"
    assert lines[-2:] == ["## 第一条&lt;b&gt;", "甲{+ &lt;script&gt;alert(1)&lt;/script&gt;+} &amp; 乙。"]


def test_the_diff_shows_the_wording_and_gives_the_punctuation_on_request(project: Project, capsys) -> None:
    """Issue 23: the 2019 text (one mirror) prints (一) where the 2024 text (another) prints （一）; in
    Art. 11 that noise hid the one real change, the department. The wording's diff folds punctuation
    width; --raw gives every edit; JSON gives both."""
    args = ["--root", str(project.root), "diff", "rmhgr", "--from", "2020-01-01", "--to", "2025-01-01"]
    assert main(args) == 0
    art11 = capsys.readouterr().out.split("第十一条\n", 1)[1].split("\n\n", 1)[0]
    assert art11.count("[-") == 2 and "[-科学技术行政-]{+卫生健康主管+}" in art11
    assert "（一）具有法人资格；" in art11.splitlines()  # the 2024 text's characters, unmarked
    assert main([*args, "--raw"]) == 0
    raw = capsys.readouterr().out.split("第十一条\n", 1)[1].split("\n\n", 1)[0]
    assert "[-(-]{+（+}一[-)-]{+）+}具有法人资格；" in raw.splitlines() and raw.count("[-(-]") == 6
    assert main([*args, "-f", "json"]) == 0
    (change,) = [c for c in json.loads(capsys.readouterr().out)["changed"] if c["number"] == "11"]
    edits = [(o["old"], o["new"]) for o in change["ops"] if o["op"] != "equal"]
    assert edits == [("科学技术行政", "卫生健康主管")] * 2
    assert ("(", "（") in [(o["old"], o["new"]) for o in change["raw"] if o["op"] != "equal"]
