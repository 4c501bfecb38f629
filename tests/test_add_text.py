"""``hgr-kg add text``: an official text from a DOCX, PDF or HTML file the tests make from held texts
(data/texts/rmhgr-2019.md, implementation-rules-2023.md), checked against what the project holds, and
hostile files, each refused in one line with nothing written."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from hgr_kg.cli import main
from hgr_kg.paths import Project
from hgr_kg.sources.statutes import Statute, git_blob_sha1, read_statute, split_header

ROOT = Path(__file__).resolve().parent.parent
HELD = ROOT / "data" / "texts" / "rmhgr-2019.md"
URL = "https://flk.npc.gov.cn/detail2.html?ZmY4MDgxODE2YWY0NzJkNTAxNmI"
FONT = "STSong-Light"
# what the tests write where the real text was not read: marked as theirs, never a statute's words
PLACEHOLDER = "（测试用文字，非官方文本）"


def paragraphs_of(path: Path) -> list[str]:
    """The body's lines of text as an official file prints them: no Markdown marks, no comments."""
    _, body, _ = split_header(path.read_bytes(), str(path))
    lines = body.decode("utf-8").split("\n")
    return [line.lstrip("#").strip() for line in lines if line.strip() and not line.startswith("<!--")]


def make_docx(paragraphs: list[str], target: Path) -> Path:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph("\u3000\u3000" + text)  # official files indent with two full-width spaces
    document.save(str(target))
    return target


def make_pdf(paragraphs: list[str], target: Path, size: float = 11) -> Path:
    """A PDF as the national database prints one: A4, first lines indented two characters, wrapped at
    the right margin, a page number at the foot of each page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    width, height = A4
    pdf = canvas.Canvas(str(target), pagesize=A4)
    left, right, y, page = 72, width - 72, height - 72, 1
    for text in paragraphs:
        x, line, lines = left + 2 * size, "", []
        for char in text:
            if pdfmetrics.stringWidth(line + char, FONT, size) > right - x:
                lines.append((x, line))
                x, line = left, char
            else:
                line += char
        lines.append((x, line))
        for x, line in lines:
            if y < 72:
                pdf.setFont(FONT, 9)
                pdf.drawCentredString(width / 2, 40, f"- {page} -")
                pdf.showPage()
                y, page = height - 72, page + 1
            pdf.setFont(FONT, size)
            pdf.drawString(x, y, line)
            y -= size * 1.6
    pdf.save()
    return target


def make_html(paragraphs: list[str], target: Path, charset: str = "gb2312",
              encoding: str = "gb18030") -> Path:  # fmt: skip
    """A ministry's page: a meta charset, a script, a style, navigation before the text and a footer
    after it, each paragraph a <p> (GB18030 bytes by default, as many government sites serve)."""
    body = "\n".join(f"<p style='text-indent:2em'>\u3000\u3000{text}</p>" for text in paragraphs)
    page = (f"<!DOCTYPE html><html><head><meta http-equiv='Content-Type' content='text/html; "
            f"charset={charset}'><title>政策法规</title><style>p{{margin:0}}</style>"
            "<script>var s='第一条 脚本里的字';</script></head><body><div class='nav'>首页 &gt; 政策法规"
            f"</div><div class='text'>\n{body}\n</div><div class='foot'>版权所有：测试站点</div>"
            "</body></html>")
    target.write_bytes(page.encode(encoding))
    return target


def add(project: Project, *args: str) -> int:
    return main(["--root", str(project.root), "add", "text", *args])


def texts_state(project: Project) -> dict[str, bytes]:
    """Every file under data/texts and its folders (a temporary file left behind shows too)."""
    return {str(p.relative_to(project.texts)): p.read_bytes() for p in sorted(project.texts.rglob("*"))
            if p.is_file()}  # fmt: skip


def units(statute: Statute) -> list[tuple]:
    """Each article as (number, printed number, each paragraph's intro, each item as printed)."""
    return [(a.number, a.number_printed, [(p.intro, [i.printed for i in p.items]) for p in a.paragraphs])
            for a in statute.articles]  # fmt: skip


@pytest.fixture(scope="module")
def rmhgr_paragraphs() -> list[str]:
    return paragraphs_of(HELD)


@pytest.mark.parametrize("kind", ["docx", "pdf", "html"])
def test_round_trip_gives_the_47_articles_character_for_character(kind, project_copy, tmp_path,
                                                                  rmhgr_paragraphs, capsys):  # fmt: skip
    """A DOCX, a PDF and an HTML page made from rmhgr-2019.md's body, added in place of it: the same 47
    articles, every paragraph and item equal to the character (the readers only strip each line's white
    space; the PDF reader joins the wrapped lines of a paragraph)."""
    maker = {"docx": make_docx, "pdf": make_pdf, "html": make_html}[kind]
    source = maker(rmhgr_paragraphs, tmp_path / f"rmhgr.{kind}")
    cut = ["--first", "中华人民共和国人类遗传资源管理条例", "--last", "第四十七条"]
    extra = cut if kind == "html" else []
    assert add(project_copy, str(source), "--version", "rmhgr-2019", "--source-url", URL, "--replace",
               *extra) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "47 articles read" in out and "47 equal, 0 differing, 0 missing, 0 new" in out
    written = project_copy.texts / "rmhgr-2019.md"
    new, old = read_statute(written), read_statute(HELD)
    assert len(new.articles) == 47
    assert units(new) == units(old)
    assert [a.text for a in new.articles] == [a.text for a in old.articles]
    assert new.article("37").text.startswith("提供虚假材料或者采取其他欺骗手段取得行政许可的，由国务院科学"
                                             "技术行政部门撤销")  # fmt: skip
    assert [d.title for d in new.divisions] == [d.title for d in old.divisions]
    header, body, _ = split_header(written.read_bytes(), str(written))
    assert header["source"]["kind"] == kind and header["source"]["url"] == URL
    assert header["source"]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert header["body_git_blob_sha1"] == git_blob_sha1(body)
    assert header["dates"] == read_statute(HELD).header["dates"]  # all three still printed in the text
    assert header["licence"] == old.header["licence"]
    assert body.decode("utf-8").split("\n")[0] == "中华人民共和国人类遗传资源管理条例"


def test_the_pdf_reader_says_what_it_joined(project_copy, tmp_path, rmhgr_paragraphs):
    source = make_pdf(rmhgr_paragraphs, tmp_path / "rmhgr.pdf")
    assert add(project_copy, str(source), "--version", "rmhgr-2019", "--source-url", URL, "--replace") == 0
    header = read_statute(project_copy.texts / "rmhgr-2019.md").header
    words = " ".join(header["source"]["normalised"])
    assert "lines joined to the line before" in words and "page number left out" in words
    assert header["source"]["compared_with"]["articles_equal"] == 47


RULES = ROOT / "data" / "texts" / "implementation-rules-2023.md"
WIDE = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）"})


def rules_paragraphs(change: tuple[str, str] | None = None) -> list[str]:
    """The Implementation Rules as an official file would print them: the 15 articles held (their ASCII
    punctuation made full-width again, as the official text has it) and a marked placeholder for each
    of the 63 not read; ``change`` replaces words in Art. 2."""
    from hgr_kg.sources.numerals import int_to_cn

    held = {a.base: a for a in read_statute(RULES).articles}
    lines = ["人类遗传资源管理条例实施细则", "第一章 总则"]
    for n in range(1, 79):
        if n not in held:
            lines.append(f"第{int_to_cn(n)}条 {PLACEHOLDER}第{n}条")
            continue
        article = held[n]
        texts = [article.number_printed + " " + article.paragraphs[0].text] + [
            p.text for p in article.paragraphs[1:]]  # fmt: skip
        texts = [line.translate(WIDE) for text in texts for line in text.split("\n")]
        if change and n == 2:
            texts[0] = texts[0].replace(*change)
        lines.extend(texts)
    return lines


def test_implementation_rules_the_15_held_equal_and_63_new(project_copy, tmp_path, capsys):
    source = make_docx(rules_paragraphs(), tmp_path / "rules.docx")
    assert add(project_copy, str(source), "--version", "implementation-rules-2023", "--source-url",
               "https://www.most.gov.cn/xxgk/xinxifenlei/fdzdgknr/fgzc/bmgz/202306/t20230601_186416.html",
               "--replace") == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "78 articles read" in out and "15 equal, 0 differing, 0 missing, 63 new" in out
    header = read_statute(project_copy.texts / "implementation-rules-2023.md").header
    assert header["articles_total"] == 78 and "articles_not_read" not in header and "complete" not in header
    assert "version_label" not in header  # the held one said "fragments only"
    assert header["missing"] == "nothing: Arts. 1-78 (articles_total) are all in the file as read"
    assert header["source"]["compared_with"]["articles_new"] == 63
    assert main(["--root", str(project_copy.root), "build"]) == 0
    capsys.readouterr()
    text = ["--root", str(project_copy.root), "text", "implementation-rules-2023", "--article"]
    assert main([*text, "4"]) == 0
    shown = capsys.readouterr().out
    assert f"第四条 {PLACEHOLDER}第4条" in shown and "not read" not in shown
    assert main([*text, "2"]) == 0
    art2 = "第二条 采集、保藏、利用、对外提供我国人类遗传资源，应当遵守本实施细则。"
    assert art2 in capsys.readouterr().out


def test_implementation_rules_art_2_one_character_off_is_refused_then_accepted_with_a_reason(
        project_copy, tmp_path, capsys):  # fmt: skip
    source = make_docx(rules_paragraphs(change=("遵守", "遵从")), tmp_path / "rules.docx")
    before = texts_state(project_copy)
    args = [str(source), "--version", "implementation-rules-2023", "--source-url", URL, "--replace"]
    assert add(project_copy, *args) == 2
    err = capsys.readouterr().err.strip().split("\n")
    held = "采集、保藏、利用、对外提供我国人类遗传资源,应当遵守本实施细则。"
    position = held.index("遵守") + 2
    assert err[0] == (f"Art. 2: differs at character {position} (after folding widths and removing white "
                      "space): held '守本实施细则', new '从本实施细则'")  # fmt: skip
    assert err[1] == (f"hgr-kg: error: {source}: refused: articles differing from the text held: 1, missing "
                      "from the new text: 0; give --reason to accept it anyway (the reason goes into the "
                      "header)")  # fmt: skip
    assert len(err) == 2 and texts_state(project_copy) == before
    assert add(project_copy, *args, "--reason", "the official MoST page reads 遵从") == 0
    assert "accepted (--reason): Art. 2: differs" in capsys.readouterr().out
    source_header = read_statute(project_copy.texts / "implementation-rules-2023.md").header["source"]
    assert source_header["reason"] == "the official MoST page reads 遵从"
    assert source_header["compared_with"]["articles_differing"][0].startswith("Art. 2: differs at character")


def test_an_article_held_but_missing_from_the_new_text_is_refused(project_copy, tmp_path, capsys,
                                                                   rmhgr_paragraphs):  # fmt: skip
    cut = [p for p in rmhgr_paragraphs if not p.startswith("第四十七条")]
    source = make_docx(cut, tmp_path / "rmhgr.docx")
    assert add(project_copy, str(source), "--version", "rmhgr-2019", "--source-url", URL, "--replace") == 2
    err = capsys.readouterr().err
    assert "Art. 47: in the text held, not in the new one" in err and "missing from the new text: 1;" in err


def test_the_html_footer_after_the_last_article_is_caught_without_last(project_copy, tmp_path, capsys,
                                                                        rmhgr_paragraphs):  # fmt: skip
    """Without --last the page's footer line becomes a paragraph of Art. 47, which the comparison finds."""
    source = make_html(rmhgr_paragraphs, tmp_path / "rmhgr.html")
    assert add(project_copy, str(source), "--version", "rmhgr-2019", "--source-url", URL, "--replace") == 2
    assert "Art. 47: differs at character" in capsys.readouterr().err


def test_an_existing_file_is_kept_without_replace(project_copy, tmp_path, capsys, rmhgr_paragraphs):
    source = make_docx(rmhgr_paragraphs, tmp_path / "rmhgr.docx")
    before = texts_state(project_copy)
    assert add(project_copy, str(source), "--version", "rmhgr-2019", "--source-url", URL) == 2
    assert "give --replace" in capsys.readouterr().err
    second = project_copy.texts / "rmhgr-2019-official.md"
    assert add(project_copy, str(source), "--version", "rmhgr-2019", "--source-url", URL, "-o",
               str(second)) == 2  # fmt: skip
    assert "a second file for it would give the version two texts" in capsys.readouterr().err
    assert texts_state(project_copy) == before
    assert add(project_copy, str(source), "--version", "rmhgr-2019", "--source-url", URL, "--dry-run") == 0
    assert "would write (--dry-run)" in capsys.readouterr().out and texts_state(project_copy) == before


def test_the_written_file_passes_the_text_file_checks(project_copy, tmp_path, rmhgr_paragraphs):
    """tests/test_texts.py's checks of every data/texts file, run on the file written from a PDF."""
    from tests import test_texts

    source = make_pdf(rmhgr_paragraphs, tmp_path / "rmhgr.pdf")
    assert add(project_copy, str(source), "--version", "rmhgr-2019", "--source-url", URL, "--replace") == 0
    written = project_copy.texts / "rmhgr-2019.md"
    test_texts.test_body_is_the_blob_the_header_names(written)
    test_texts.test_header_names_source_date_read_and_licence(written)
    test_texts.test_every_date_is_stated_in_the_text(written)
    header, body = test_texts.split(written)
    lines = [x for x in body.decode("utf-8").split("\n") if x.strip()]
    assert lines[0].startswith(header["title"]) and "title_in_body" not in header


def docx_bytes(paragraphs: list[str]) -> bytes:
    buffer = io.BytesIO()
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, extra: dict[str, bytes] | None = None, drop: str | None = None,
          replace: dict[str, bytes] | None = None) -> bytes:  # fmt: skip
    """A DOCX's zip with parts added, one left out, or parts replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename != drop:
                new.writestr(info.filename, (replace or {}).get(info.filename, old.read(info.filename)))
        for name, payload in (extra or {}).items():
            new.writestr(name, payload)
    return out.getvalue()


def pdf_bytes(tmp_path: Path, draw: str) -> bytes:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    path = tmp_path / "made.pdf"
    encrypt = StandardEncryption("user-secret", "owner-secret") if draw == "encrypted" else None
    pdf = canvas.Canvas(str(path), encrypt=encrypt)
    if draw == "image-only":  # a scan: shapes, no text
        pdf.rect(72, 72, 400, 600, fill=1)
    else:
        pdf.setFont(FONT, 12)
        pdf.drawString(72, 700, "第一条 为了有效保护和合理利用我国人类遗传资源，制定本条例。")
    pdf.save()
    return path.read_bytes()


def hostile(case: str, tmp_path: Path, paragraphs: list[str]) -> tuple[str, bytes, list[str]]:
    """(file name, its bytes, more options) of each hostile input."""
    good = docx_bytes(paragraphs[:8])
    page = ("<html><head><meta charset='utf-8'></head><body><p>" + "</p><p>".join(paragraphs[:8])
            + "</p></body></html>")  # fmt: skip
    cases = {
        "not-a-zip": ("law.docx", b"\xd0\xcf\x11\xe0 an old binary .doc, not a zip" * 20, []),
        "zip-without-document": ("law.docx", rezip(good, drop="word/document.xml"), []),
        "broken-document-xml": ("law.docx", rezip(good, replace={"word/document.xml": b"<w:document>"}), []),
        "zip-bomb": ("law.docx", rezip(good, extra={"word/media/image1.png": bytes(40 << 20)}), []),
        "encrypted-pdf": ("law.pdf", pdf_bytes(tmp_path, "encrypted"), []),
        "image-only-pdf": ("law.pdf", pdf_bytes(tmp_path, "image-only"), []),
        "not-a-pdf": ("law.pdf", page.encode("utf-8"), []),
        "truncated-pdf": ("law.pdf", pdf_bytes(tmp_path, "text")[:300], []),
        "gb18030-says-utf8": ("law.html", page.encode("gb18030"), []),
        "utf8-says-gb2312": ("law.html", page.replace("utf-8", "gb2312").encode("utf-8"), []),
        "unknown-charset": ("law.html", page.replace("utf-8", "x-no-such").encode("utf-8"), []),
        "too-big": ("law.html", page.encode("utf-8") + b" " * 4096, ["--max-text-size", "4K"]),
        "no-articles": ("law.html", b"<html><body><p>\xe9\xa6\x96\xe9\xa1\xb5</p></body></html>", []),
        "unknown-kind": ("law.txt", b"text", []),
        "no-version": ("law.docx", good, ["--version", "rmhgr-2030"]),
        "wrong-instrument": ("law.docx", good, ["--instrument", "biosecurity-law"]),
        "ftp-url": ("law.docx", good, ["--source-url", "ftp://flk.npc.gov.cn/x.docx"]),
        "file-url": ("law.docx", good, ["--source-url", "file:///etc/passwd"]),
        "javascript-url": ("law.docx", good, ["--source-url", "javascript:alert(1)"]),
        "url-with-space": ("law.docx", good, ["--source-url", "https://flk.npc.gov.cn/a b"]),
        "first-not-found": ("law.docx", good, ["--first", "第九十九条"]),
    }
    return cases[case]


HOSTILE = {  # case -> what the one line says
    "not-a-zip": "law.docx: not a DOCX file (not a zip package: File is not a zip file)",
    "zip-without-document": "law.docx: not a DOCX file (a zip without word/document.xml)",
    "broken-document-xml": "law.docx: not a readable DOCX file (XMLSyntaxError",
    "zip-bomb": "law.docx: the DOCX unpacks to 40.8 MiB, over the limit of 32 MiB for an official text's "
    "file (a zip bomb?); raise it with --max-text-size",
    "encrypted-pdf": "law.pdf: the PDF is encrypted and needs a password",
    "image-only-pdf": "law.pdf: no text in this PDF file (an image-only or scanned PDF has none)",
    "not-a-pdf": "law.pdf: not a PDF file (no %PDF- header)",
    "truncated-pdf": "law.pdf: not a readable PDF file (",
    "gb18030-says-utf8": "law.html:1: not valid UTF-8 (charset=utf-8): byte 0xd6 at offset 50 does not "
    "decode",
    "utf8-says-gb2312": "law.html: the page says charset=gb2312, but its bytes are UTF-8: a wrong",
    "unknown-charset": "law.html: the page's meta charset: unknown encoding 'x-no-such'",
    "too-big": "law.html: 4.7 KiB is over the limit of 4 KiB for an official text's file",
    "no-articles": "law.html: refused: not a text of articles",
    "unknown-kind": "law.txt: cannot tell the kind of file from its name; give --kind docx, pdf or html",
    "no-version": "--version rmhgr-2030: no such version in data/instruments.ttl",
    "wrong-instrument": "--instrument biosecurity-law: rmhgr-2019 is a version of rmhgr, not of biosecurity",
    "ftp-url": "--source-url 'ftp://flk.npc.gov.cn/x.docx': not an http(s) URL",
    "file-url": "--source-url 'file:///etc/passwd': not an http(s) URL",
    "javascript-url": "--source-url 'javascript:alert(1)': not an http(s) URL",
    "url-with-space": "--source-url 'https://flk.npc.gov.cn/a b': not an http(s) URL",
    "first-not-found": "--first '第九十九条': no line of",
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_inputs_are_one_line_exit_2_nothing_written(case, project_copy, tmp_path, capsys,
                                                            rmhgr_paragraphs, monkeypatch):  # fmt: skip
    name, data, options = hostile(case, tmp_path, rmhgr_paragraphs)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(data)
    monkeypatch.chdir(folder)  # messages name the file as given
    before = texts_state(project_copy)
    given = dict(zip(options[::2], options[1::2], strict=True))
    args = [name, "--version", given.pop("--version", "rmhgr-2019"),
            "--source-url", given.pop("--source-url", URL), "--replace"]  # fmt: skip
    for option, value in given.items():
        args += [option, value]
    assert add(project_copy, *args) == 2
    err = capsys.readouterr().err.strip().split("\n")
    if case == "no-articles":  # one line per problem, then the summary
        assert err[0] == "law.html: no article (第一条 …) found in the 1 lines read"
        err = err[1:]
    assert len(err) == 1, err
    assert err[0].startswith("hgr-kg: error: " + HOSTILE[case]), err[0]
    assert "Traceback" not in err[0]
    assert texts_state(project_copy) == before


def test_a_gb18030_page_with_a_wrong_charset_reads_with_encoding(project_copy, tmp_path, rmhgr_paragraphs):
    source = make_html(rmhgr_paragraphs, tmp_path / "rmhgr.html", charset="utf-8")
    args = [str(source), "--version", "rmhgr-2019", "--source-url", URL, "--replace",
            "--first", "中华人民共和国", "--last", "第四十七条"]  # fmt: skip
    assert add(project_copy, *args) == 2
    assert add(project_copy, *args, "--encoding", "gb18030") == 0
    header = read_statute(project_copy.texts / "rmhgr-2019.md").header
    assert header["source"]["normalised"][0] == "read as gb18030 (--encoding)"
    assert "1 lines before the line opening with '中华人民共和国'" in header["source"]["normalised"][-1]


def flate_bomb_pdf(unpacked: int, fill: bytes = b"\0") -> bytes:
    """A one-page PDF whose content stream is ``unpacked`` bytes of ``fill`` (zeros), compressed (1:230)."""
    import zlib

    packer, chunk = zlib.compressobj(1), fill * (16 << 20)
    stream = b"".join(packer.compress(chunk) for _ in range(unpacked // len(chunk))) + packer.flush()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
               % (len(stream), stream)]  # fmt: skip
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 5\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def test_a_pdf_that_unpacks_past_the_memory_limit_is_refused(project_copy, tmp_path, capsys, monkeypatch):
    """The PDF is read in a child process with a memory limit (here lowered to 256 MiB; 1 GiB by default):
    a content stream of 512 MiB of zeros, 2.2 MiB compressed, stops the child, not this process."""
    from hgr_kg.sources import pdftext

    monkeypatch.setattr(pdftext, "MEMORY", 256 << 20)
    source = tmp_path / "bomb.pdf"
    source.write_bytes(flate_bomb_pdf(512 << 20))
    assert source.stat().st_size < 3 << 20
    before = texts_state(project_copy)
    assert add(project_copy, str(source), "--version", "rmhgr-2019", "--source-url", URL, "--replace") == 2
    err = capsys.readouterr().err.strip().split("\n")
    assert err == [f"hgr-kg: error: {source}: reading the PDF needed more than 256 MiB of memory; refused"]
    assert texts_state(project_copy) == before


def test_pdf_lines_join_only_a_wrapped_paragraph():
    """[text, x0, x1, size]: a line reaching the right margin (x1 = 500) goes on with the next line
    unless that one is indented or opens an article, a heading or an item; page numbers are left out."""
    from hgr_kg.sources.pdftext import join_lines

    page = [["第一条 为了有效保护和合理利用我国", 94, 500, 11], ["人类遗传资源，制定本条例。", 72, 380, 11],
            ["第二条 本条例所称人类遗传资源包括", 94, 500, 11], ["（一）人类遗传资源材料；", 72, 300, 11],
            ["满行的一段最后一行到达右边", 72, 500, 11], ["　　下一段缩进两字", 94, 300, 11],
            ["第三章 到达右边之后的标题", 72, 500, 11], ["- 1 -", 280, 300, 9]]  # fmt: skip
    lines, notes = join_lines([page, [["第三条 次页", 72, 200, 11]]])
    assert lines == ["第一条 为了有效保护和合理利用我国人类遗传资源，制定本条例。",
                     "第二条 本条例所称人类遗传资源包括", "（一）人类遗传资源材料；",
                     "满行的一段最后一行到达右边", "下一段缩进两字",
                     "第三章 到达右边之后的标题", "第三条 次页"]  # fmt: skip
    assert notes[0].startswith("PDF text lines read top to bottom, page by page; 1 lines joined")
    assert notes[1] == "1 lines holding only a page number left out"


def test_html_reader_bom_nesting_and_what_is_left_out():
    from hgr_kg.sources.htmltext import read_html

    deep = "<div>" * 250 + "第二条 深处的文字" + "</div>" * 250
    page = ("<html><head><style>p{}</style></head><body><script>第九条 脚本</script><noscript>无"
            f"</noscript><p>第一条\u3000甲，\n\t乙。</p><!-- 第八条 注释 -->{deep}<template>模板</template>"
            "</body></html>")  # fmt: skip
    found = read_html(b"\xef\xbb\xbf" + page.encode("utf-8"), "p.html")
    assert found.lines == ["第一条\u3000甲， 乙。", "第二条 深处的文字"]
    assert found.encoding == "utf-8 (byte order mark)"
    utf16 = read_html(b"\xff\xfe" + page.encode("utf-16-le"), "q.html")
    assert utf16.lines == found.lines and utf16.encoding == "utf-16-le (byte order mark)"


def test_comparison_folds_widths_and_white_space_only():
    from hgr_kg.sources.textcompare import first_difference, normalised

    assert normalised("甲，乙（一）\u3000丙") == normalised("甲,乙(一)丙") == "甲,乙(一)丙"
    assert normalised("甲\n乙") != normalised("甲乙")  # paragraphs stay apart
    assert first_difference("应当遵守本", "应当遵从本") == (4, "守本", "从本")
    assert first_difference("甲乙", "甲乙丙") == (3, "(end)", "丙")


def test_a_page_nested_past_the_parser_s_depth_is_refused_not_cut():
    """libxml2 stops at 256 levels and drops the rest of the page: that is refused, not read in part."""
    from hgr_kg.errors import HgrKgError
    from hgr_kg.sources.htmltext import read_html

    page = "<html><body><p>第一条 甲。</p>" + "<div>" * 300 + "第二条 乙。" + "</div>" * 300
    with pytest.raises(HgrKgError) as refused:
        read_html(page.encode("utf-8"), "deep.html")
    assert str(refused.value) == ("deep.html:1: the HTML parser stopped here (Excessive depth in document: "
                                  "256, use XML_PARSE_HUGE option); the rest of the page would be lost, so "
                                  "it is refused")  # fmt: skip
