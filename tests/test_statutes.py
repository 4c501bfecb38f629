"""hgr_kg.sources.statutes: Chinese numerals, and the structure parsed from the real texts in data/texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from hgr_kg.errors import HgrKgError
from hgr_kg.sources.statutes import (
    article_number,
    cn_numeral,
    int_to_cn,
    numbering_problems,
    parse_statute,
    read_statute,
)

TEXTS = Path(__file__).resolve().parent.parent / "data" / "texts"


@pytest.fixture(scope="module")
def texts():
    names = [p.stem for p in TEXTS.glob("*.md") if p.name != "README.md"]
    return {name: read_statute(TEXTS / f"{name}.md") for name in names}


# --- numerals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("九十九", 99), ("一百", 100), ("一百零五", 105),
     ("一百一十", 110), ("三百三十四", 334), ("一千零九", 1009), ("一千二百六十", 1260), ("两", 2),
     ("四百五十二", 452), ("47", 47)],
)
def test_cn_numeral(text, value):
    assert cn_numeral(text) == value


@pytest.mark.parametrize("text", ["", "十十", "百", "一一", "千百", "三X"])
def test_cn_numeral_rejects(text):
    with pytest.raises(ValueError):
        cn_numeral(text)


def test_int_to_cn_round_trip():
    assert int_to_cn(10) == "十"
    assert int_to_cn(110) == "一百一十"
    assert int_to_cn(1009) == "一千零九"
    assert int_to_cn(1260) == "一千二百六十"
    assert all(cn_numeral(int_to_cn(n)) == n for n in range(1, 3000))


def test_article_number():
    assert article_number("第二十一条") == "21"
    assert article_number("第三百三十四条之一") == "334-1"
    assert article_number("第一千零九条") == "1009"


def test_printed_numbers_of_the_civil_code_are_the_numerals(texts):
    """Every one of the 1260 printed article numbers is int_to_cn of its position."""
    code = texts["civil-code-2020"]
    assert [a.number_printed for a in code.articles] == [f"第{int_to_cn(n)}条" for n in range(1, 1261)]


# --- counts per version ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "articles", "chapters"),
    [("rmhgr-2019", 47, 6), ("rmhgr-2024", 47, 6), ("biosecurity-law-2020", 88, 10),
     ("biosecurity-law-2024", 88, 10), ("civil-code-2020", 1260, 84),
     ("criminal-law-after-amendment-11", 505, 15), ("criminal-law-after-amendment-12", 505, 15)],
)
def test_counts_and_whole_numbering(texts, name, articles, chapters):
    statute = texts[name]
    assert len(statute.articles) == articles
    assert len(statute.divisions_of("chapter")) == chapters
    assert numbering_problems(statute) == []


def test_rmhgr_chapters(texts):
    for name in ("rmhgr-2019", "rmhgr-2024"):
        chapters = texts[name].divisions_of("chapter")
        assert [c.number for c in chapters] == [1, 2, 3, 4, 5, 6]
        assert [c.title.replace(" ", "") for c in chapters] == [
            "总则", "采集和保藏", "利用和对外提供", "服务和监督", "法律责任", "附则"]
        assert [a.number for a in chapters[4].articles] == [str(n) for n in range(36, 46)]
    assert texts["rmhgr-2024"].divisions_of("chapter")[0].title == "总 则"


def test_criminal_law_has_334_1_and_inserted_articles(texts):
    law = texts["criminal-law-after-amendment-11"]
    assert len([a for a in law.articles if a.sub == 0]) == 452
    assert len([a for a in law.articles if a.sub]) == 53
    art = law.article("334-1")
    assert art.number_printed == "第三百三十四条之一"
    assert (art.base, art.sub) == (334, 1)
    assert art.text == (
        "违反国家有关规定，非法采集我国人类遗传资源或者非法运送、邮寄、携带我国人类遗传资源材料出境，"
        "危害公众健康或者社会公共利益，情节严重的，处三年以下有期徒刑、拘役或者管制，并处或者单处罚金；"
        "情节特别严重的，处三年以上七年以下有期徒刑，并处罚金。")
    assert (art.division.number_printed, art.division.title) == ("第五节", "危害公共卫生罪")
    assert art.division.parent.title == "妨害社会管理秩序罪"
    assert law.article("334").text.startswith("非法采集、供应血液或者制作、供应血液制品")
    assert law.article("199").deleted and law.article("199").text == "（删去）"


def test_criminal_law_hgr_articles_same_after_amendment_12(texts):
    old, new = texts["criminal-law-after-amendment-11"], texts["criminal-law-after-amendment-12"]
    for number in ("280", "334", "334-1"):
        assert old.article(number).text == new.article(number).text
    changed = [a.number for a in old.articles if a.text != new.article(a.number).text]
    assert changed == ["165", "166", "169", "387", "390", "391", "393"]
    assert new.notes[0][1].startswith("① 刑法、历次刑法修正案、涉及修改刑法的决定的施行日期")
    assert len(new.article("452").paragraphs) == 3


def test_criminal_law_annexes_hold_no_articles(texts):
    law = texts["criminal-law-after-amendment-11"]
    annexes = law.divisions_of("annex")
    assert [a.number_printed for a in annexes] == ["附件一", "附件二"]
    assert all(not a.articles for a in annexes)
    assert law.article("452").division.kind == "supplementary"


def test_civil_code_1009(texts):
    code = texts["civil-code-2020"]
    art = code.article(1009)
    assert art.number_printed == "第一千零九条"
    assert art.text == (
        "从事与人体基因、人体胚胎等有关的医学和科研活动，应当遵守法律、行政法规和国家有关规定，"
        "不得危害人体健康，不得违背伦理道德，不得损害公共利益。")
    assert art.division.title == "生命权、身体权和健康权"
    assert (art.division.parent.number_printed, art.division.parent.title) == ("第四编", "人格权")
    assert len(code.divisions_of("part")) == 7
    assert [d.title for d in code.divisions_of("subpart")][:2] == ["通则", "所有权"]
    assert code.article(1260).division.kind == "supplementary"


# --- articles, paragraphs and items ---------------------------------------------------------------


def test_rmhgr_article_37_names_the_authority_of_its_version(texts):
    old, new = texts["rmhgr-2019"].article(37), texts["rmhgr-2024"].article(37)
    assert old.text == (
        "提供虚假材料或者采取其他欺骗手段取得行政许可的，由国务院科学技术行政部门撤销已经取得的行政许可，"
        "处50万元以上500万元以下罚款，5年内不受理相关责任人及单位提出的许可申请。")
    assert new.text == old.text.replace("国务院科学技术行政部门", "国务院卫生健康主管部门")
    assert "国务院卫生健康主管部门" in new.text and "科学技术" not in new.text


def test_rmhgr_article_36_items_and_fines(texts):
    for name, paren in (("rmhgr-2019", "(一)"), ("rmhgr-2024", "（一）")):
        art = texts[name].article(36)
        assert len(art.paragraphs) == 1
        para = art.paragraphs[0]
        fines = "处50万元以上500万元以下罚款，违法所得在100万元以上的，处违法所得5倍以上10倍以下罚款："
        assert para.intro.endswith(fines)
        assert [i.number for i in para.items] == [1, 2, 3, 4, 5]
        assert para.items[0].number_printed == paren
        assert para.items[2].text == "未经批准，利用我国人类遗传资源开展国际合作科学研究；"


def test_rmhgr_2024_article_22_second_paragraph(texts):
    art = texts["rmhgr-2024"].article(22)
    assert [len(p.items) for p in art.paragraphs] == [7, 0]
    assert art.paragraphs[1].intro.startswith("为获得相关药品和医疗器械在我国上市许可")
    assert "向国务院卫生健康主管部门备案" in art.paragraphs[1].intro


def test_lines_point_into_the_file(texts):
    for name in ("rmhgr-2019", "rmhgr-2024", "civil-code-2020"):
        lines = (TEXTS / f"{name}.md").read_text(encoding="utf-8").split("\n")
        statute = texts[name]
        for art in statute.articles:
            assert lines[art.line - 1].startswith(art.number_printed + " ")
            for para in art.paragraphs:
                assert para.intro in lines[para.line - 1]
                for item in para.items:
                    assert lines[item.line - 1] == item.printed


def test_rmhgr_2019_to_2024_changes_are_the_decisions_list(texts):
    """The articles whose text differs (ASCII parentheses aside) are those Annex 1 item 4 names:
    Arts. 4, 5, 9, 11, 14, 15, 17, 22, 26-37, 39-43, 45 and, separately, Art. 38."""
    old, new = texts["rmhgr-2019"], texts["rmhgr-2024"]
    full_width = str.maketrans("()", "（）")
    changed = [a.number for a in old.articles if a.text.translate(full_width) != new.article(a.number).text]
    expected = [4, 5, 9, 11, 14, 15, 17, 22, *range(26, 44), 45]
    assert changed == [str(n) for n in expected]
    decision = "\n".join(p.intro for p in texts["state-council-decision-2024"].paragraphs)
    item4 = "第二十六条至第三十七条、第三十九条至第四十三条、第四十五条中的“国务院科学技术行政部门”"
    assert item4 in decision


def test_biosecurity_law_amendment_of_2024(texts):
    old, new = texts["biosecurity-law-2020"], texts["biosecurity-law-2024"]
    changed = [a.number for a in old.articles if a.text != new.article(a.number).text]
    assert changed == ["54", "56", "57", "79", "80"]
    assert "应当经国务院科学技术主管部门批准" in old.article(56).text
    assert "应当经国务院卫生健康主管部门批准" in new.article(56).text
    chapter = new.divisions_of("chapter")[5]
    assert (chapter.number_printed, chapter.title) == ("第六章", "人类遗传资源与生物资源安全")
    assert [a.number for a in chapter.articles] == [str(n) for n in range(53, 61)]
    assert len(new.article(85).paragraphs[0].items) == 11


def test_decisions_are_read_as_paragraphs(texts):
    for name in ("state-council-decision-2024", "npcsc-decision-2024-04-26"):
        statute = texts[name]
        assert statute.structure == "decision"
        assert statute.articles == [] and statute.paragraphs
    npcsc = "\n".join(p.intro for p in texts["npcsc-decision-2024-04-26"].paragraphs)
    assert "第五十四条第二款、第五十六条、第五十七条、第七十九条、第八十条中的“科学技术主管部门”" in npcsc


# --- the numbering check catches breaks --------------------------------------------------------


def rmhgr_2019_bytes() -> bytes:
    return (TEXTS / "rmhgr-2019.md").read_bytes()


def test_a_missing_article_is_reported_with_its_line():
    data = rmhgr_2019_bytes()
    start = data.index("第十二条 ".encode())
    end = data.index("第十三条 ".encode())
    statute = parse_statute(data[:start] + data[end:], "broken.md")
    line = data[:start].count(b"\n") + 1
    assert numbering_problems(statute) == [
        f"broken.md:{line}: 第十三条 where 第十二条 (or the next 之 article) was expected"]


def test_a_misnumbered_chapter_and_item_are_reported():
    data = rmhgr_2019_bytes().replace("## 第三章 ".encode(), "## 第四章 ".encode())
    data = data.replace("(二)采集目的明确、合法；".encode(), "(三)采集目的明确、合法；".encode())
    assert numbering_problems(parse_statute(data, "broken.md")) == [
        "broken.md:80: 第十一条 item (三) where （二） was expected",
        "broken.md:124: 第四章 where 第三章 was expected",
        "broken.md:186: 第四章 where 第五章 was expected",
    ]
    lines = data.decode("utf-8").split("\n")
    assert lines[79].startswith("(三)采集目的") and lines[123] == "## 第四章 利用和对外提供"


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"# no header\n", "bad.md:1: a text file starts with a '---' line"),
     (b"---\ntitle: x\n", "bad.md:1: the YAML header has no closing '---' line"),
     (b"---\nsource: x\ntitle: [x\n---\n", "bad.md:3: bad YAML header: expected ',' or ']'"),
     (b"---\nstructure: poem\n---\n# t\n", "bad.md: structure must be 'articles', 'decision' or"),
     (b"---\ntitle: t\n---\n# t\n\n## Chapter one\n", "bad.md:6: unrecognised heading: Chapter one")],
)
def test_bad_files_name_file_and_line(data, message):
    with pytest.raises(HgrKgError) as caught:
        parse_statute(data, "bad.md")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


# --- the Implementation Rules: fragments, with their gaps ----------------------------------------


def test_implementation_rules_fragments_and_their_gaps(texts):
    rules = texts["implementation-rules-2023"]
    read = [str(n) for n in [1, 2, 3, *range(18, 27), 47, 48, 49]]
    assert [a.number for a in rules.articles] == read
    assert rules.header["articles_read"] == "1-3, 18-26, 47-49"
    assert numbering_problems(rules) == [
        f"{rules.path}:51: 第十八条 where 第四条 (or the next 之 article) was expected",
        f"{rules.path}:54: 第三章 where 第二章 was expected",
        f"{rules.path}:66: 第四十七条 where 第二十七条 (or the next 之 article) was expected",
    ]
    assert rules.article(3).paragraphs[0].intro.startswith("科学技术部(以下称科技部)负责全国人类遗传资源调查")
    assert [p.position for p in rules.article(2).paragraphs] == [1, 2, 3]
    assert all(rules.article(n).division is None for n in (18, 19, 20))
    chapter = rules.article(21).division
    assert (chapter.number_printed, chapter.title) == ("第三章", "调查与登记")
    section = rules.divisions_of("section")[0]
    assert (section.number_printed, section.title, section.articles) == ("第一节", "采集、保藏行政许可", [])
    assert section.parent.title == "行政许可与备案"
    # the third piece (lx0797.cn page 7): Arts. 47-49, after a gap, so in no division
    assert all(rules.article(n).division is None for n in (47, 48, 49))
    art47 = rules.article(47)
    assert art47.paragraphs[0].intro.startswith("取得人类遗传资源国际科学研究合作行政许可后,出现下列情形的")
    # the page prints the four cases of Art. 47 without item numbers: they are read as paragraphs
    assert len(art47.paragraphs) == 5 and all(not p.items for p in art47.paragraphs)
    assert art47.paragraphs[4].intro.endswith("或者变更后内容不超出已批准范围的。")
    assert [p.position for p in rules.article(48).paragraphs] == [1, 2]
    art49 = "行政许可决定作出前,申请人书面撤回申请的,科技部终止对行政许可申请的审查。"
    assert rules.article(49).text == art49


# --- the Interim Measures (1998): a fragment, Art. 3 on the line of Art. 2 -----------------------


def test_interim_measures_fragment_and_the_line_holding_two_articles(texts):
    measures = texts["interim-measures-1998"]
    assert [a.number for a in measures.articles] == ["1", "2", "3", "4", "5", "6", "7", "8"]
    # the page prints Art. 3 after Art. 2 on one line: split there (next number, after 。), both on line 33
    art3 = "凡从事涉及我国人类遗传资源的采集、收集、研究、开发、买卖、出口、出境等活动,必须遵守本办法。"
    assert measures.article(3).text == art3 and measures.article(3).number_printed == "第三条"
    assert measures.article(2).text.endswith("及相关的信息资料。")
    assert measures.article(2).line == measures.article(3).line == 33
    assert numbering_problems(measures) == []
    chapters = [(d.number_printed, d.title) for d in measures.divisions]
    assert chapters == [("第一章", "总 则"), ("第二章", "管理机构")]
    assert measures.article(7).division.title == "管理机构"
    office = measures.article(8)
    assert [i.number for i in office.paragraphs[0].items] == [1, 2, 3, 4, 5]
    assert office.paragraphs[0].items[3].text == "受理人类遗传资源出口、出境的申请,办理出口、出境证明;"
    assert measures.preamble[1][1] == "(一九九八年六月十日经国务院同意,国务院办公厅转发施行)"


def test_an_article_heading_mid_line_starts_the_next_article_only_after_a_full_stop():
    body = "第一条 甲。 第二条 乙,见第三条 规定。 第四条 丙。\n第五条 丁。 第五条 不是下一条。\n"
    statute = parse_statute(("---\ninstrument: x\nversion: x\ntitle: 例\n---\n" + body).encode())
    assert [a.number for a in statute.articles] == ["1", "2", "5"]
    assert statute.article(2).text == "乙,见第三条 规定。 第四条 丙。"  # 第三条 not after 。; 第四条 not next
    assert statute.article(5).text == "丁。 第五条 不是下一条。"


def test_service_guide_has_no_articles(texts):
    guide = texts["hgr-licensing-service-guide-2015"]
    assert guide.articles == [] and guide.divisions == [] and numbering_problems(guide) == []
    lines = [text for _, text in guide.preamble]
    assert lines[1:4] == ["人类遗传资源采集、收集、买卖、出口、出境审批", "行政许可事项服务指南",
                          "一、适用范围"]
    assert "三、办理依据" in lines and "(三)项目编号:03002" in lines
