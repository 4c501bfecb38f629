"""Output files (`-o` of every command): written through symlinks, never over a device, a pipe or a
folder, keeping the file's mode, with no temporary file left behind; a bad path is one line, exit 2."""

from __future__ import annotations

import errno
import os
import socket
import stat
import tempfile
from pathlib import Path

import pytest

from hgr_kg.atomic import write_file, write_files
from hgr_kg.cli import build_parser, main
from hgr_kg.errors import HgrKgError
from hgr_kg.paths import Project

QUERY = "SELECT ?s WHERE { ?s a <https://w3id.org/hgr-kg/ontology#Claim> } ORDER BY ?s LIMIT 2\n"


def _run(argv: list[str], capsys) -> tuple[int, list[str]]:
    """Exit code and stderr lines of one in-process run (argparse errors exit through SystemExit)."""
    try:
        code = main(argv)
    except SystemExit as done:
        code = done.code
    return code, capsys.readouterr().err.strip().splitlines()


def _sparql(project: Project, tmp_path: Path, out: str) -> list[str]:
    query = tmp_path / "q.rq"
    query.write_text(QUERY)
    return ["--root", str(project.root), "--store", "memory", "sparql", str(query), "-f", "csv", "-o", out]


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _char_device(tmp_path: Path) -> Path:
    """A character device like /dev/null: made in tmp_path as root (a test must never put /dev/null
    at risk); /dev/null itself otherwise, which a non-root process cannot replace anyway."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    node = tmp_path / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return node


def _one_line(code: int, err: list[str], *needles: str) -> None:
    assert code == 2, err
    assert len(err) == 1, err
    assert "Traceback" not in err[0]
    for needle in needles:
        assert needle in err[0], err


def test_a_character_device_is_refused_and_left_alone(project: Project, tmp_path: Path, capsys) -> None:
    device = _char_device(tmp_path)
    code, err = _run(_sparql(project, tmp_path, str(device)), capsys)
    _one_line(code, err, str(device), "not a regular file", "write to stdout and redirect")
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", ["fifo", "socket", "folder"])
def test_other_non_regular_targets_are_refused(kind: str, project: Project, tmp_path: Path, capsys) -> None:
    target = tmp_path / kind
    sock = None
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "socket":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(target))
    else:
        target.mkdir()
    try:
        code, err = _run(_sparql(project, tmp_path, str(target)), capsys)
    finally:
        if sock is not None:
            sock.close()
    _one_line(code, err, str(target), "not a regular file")
    assert not target.is_file() and (target.is_dir() or not stat.S_ISREG(os.lstat(target).st_mode))
    assert _leftovers(tmp_path) == []


def test_a_symlink_is_written_through_to_its_target(project: Project, tmp_path: Path, capsys) -> None:
    real = tmp_path / "real" / "results.csv"
    real.parent.mkdir()
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(Path("real") / "results.csv")
    code, err = _run(_sparql(project, tmp_path, str(link)), capsys)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(Path("real") / "results.csv")
    assert real.read_text().startswith("s\nhttps://w3id.org/hgr-kg/id/claim-")
    assert _leftovers(tmp_path) == [] and _leftovers(real.parent) == []


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "new.txt")
    write_file(link, "made\n")
    assert link.is_symlink() and (tmp_path / "new.txt").read_text() == "made\n"


@pytest.mark.parametrize("where", ["/proc/self/fd/1", "/proc/self/fd/2", "/dev/stdout", "device"])
def test_a_symlink_to_a_descriptor_or_a_device_is_refused(
    where: str, project: Project, tmp_path: Path, capsys
) -> None:
    destination = _char_device(tmp_path) if where == "device" else Path(where)
    link = tmp_path / "out.csv"
    link.symlink_to(destination)
    code, err = _run(_sparql(project, tmp_path, str(link)), capsys)
    _one_line(code, err, str(link), "not a regular file")
    assert link.is_symlink() and os.readlink(link) == str(destination)
    assert _leftovers(tmp_path) == []


def test_an_existing_files_mode_and_owner_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "secret.txt"
    target.write_text("old\n")
    os.chmod(target, 0o600)
    # root can give the file away (as in a container writing a user's file): the owner stays
    owner = (4242, 4343) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    os.chown(target, *owner)
    write_file(target, "new\n")
    info = os.stat(target)
    assert stat.S_IMODE(info.st_mode) == 0o600
    assert (info.st_uid, info.st_gid) == owner
    assert target.read_text() == "new\n"


def test_a_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_file(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.txt").st_mode) == 0o644


def test_an_empty_path_is_refused(project: Project, tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, err = _run(_sparql(project, tmp_path, ""), capsys)
    _one_line(code, err, "-o/--out: ''", "empty file name")
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path.parent) == []


@pytest.mark.parametrize("where", ["/proc/x", "/proc/sys/hgr-kg-test", "/sys/hgr-kg-test"])
def test_a_path_in_proc_or_sys_is_refused(where: str, project: Project, tmp_path: Path, capsys) -> None:
    code, err = _run(_sparql(project, tmp_path, where), capsys)
    _one_line(code, err, where)
    assert not Path(where).exists()


def test_a_read_only_location_is_one_line(project: Project, tmp_path: Path, capsys, monkeypatch) -> None:
    # root passes a chmod 555 folder, and a read-only mount needs privileges a test does not have:
    # the file system's answer is simulated where the temporary file is made
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), kwargs.get("dir"))

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    target = tmp_path / "out.csv"
    code, err = _run(_sparql(project, tmp_path, str(target)), capsys)
    _one_line(code, err, str(target), "Read-only file system")
    assert not target.exists()


def test_a_full_disk_leaves_the_old_file_and_no_temporary(
    project: Project, tmp_path: Path, capsys, monkeypatch
) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    real_write = os.write
    calls = []

    def full(fd: int, data: bytes) -> int:  # the first chunk goes in, then the disk is full
        if fd <= 2:
            return real_write(fd, data)
        calls.append(fd)
        if len(calls) == 1:
            return real_write(fd, bytes(data)[:4])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", full)
    code, err = _run(_sparql(project, tmp_path, str(target)), capsys)
    monkeypatch.undo()
    _one_line(code, err, str(target), "No space left on device")
    assert len(calls) == 2  # the failure happened while writing, not before
    assert target.read_text() == "old\n"
    assert _leftovers(tmp_path) == []


def test_a_failed_rename_leaves_no_temporary_and_no_target_changed(tmp_path: Path) -> None:
    first, folder = tmp_path / "a.txt", tmp_path / "b"
    first.write_text("old\n")
    folder.mkdir()
    with pytest.raises(HgrKgError, match="not a regular file"):
        write_files({first: b"new\n", folder: b"x"})
    assert first.read_text() == "old\n" and folder.is_dir()
    assert _leftovers(tmp_path) == []


def test_an_interrupted_write_leaves_no_temporary(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.txt"

    def interrupted(fd: int, data: bytes) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "write", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_file(target, "x" * 100)
    monkeypatch.undo()
    assert not target.exists() and _leftovers(tmp_path) == []


def _out_options():
    """(command, the -o action) for every command and sub-command of the parser."""

    def walk(parser, name):
        for action in parser._actions:
            if "-o" in action.option_strings:
                yield name, action
            if hasattr(action, "choices") and isinstance(action.choices, dict):
                for sub_name, sub in action.choices.items():
                    yield from walk(sub, f"{name} {sub_name}".strip())

    return list(walk(build_parser(), ""))


def test_every_command_with_o_uses_the_one_output_mechanism() -> None:
    from hgr_kg.cli import output_file

    found = {name for name, _ in _out_options()}
    assert found == {"validate", "info", "query run", "sparql", "timeline", "export", "audit", "text", "diff",
                     "search", "cite", "chart", "add text"}
    assert all(action.type is output_file for _, action in _out_options())


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["info"],
        ["query", "run", "sources"],
        ["sparql", "-"],
        ["timeline"],
        ["export", "-f", "json"],
        ["audit"],
        ["text", "rmhgr", "--on", "2024-06-01"],
        ["diff", "rmhgr", "--from", "2019-07-01", "--to", "2024-05-01"],
        ["search", "出境"],
        ["cite", "--all", "-f", "bibtex"],
        ["chart", "permits"],
    ],  # fmt: skip
)
def test_every_command_refuses_a_folder_before_working(
    argv: list[str], project: Project, tmp_path: Path, capsys
) -> None:
    code, err = _run(["--root", str(project.root), *argv, "-o", str(tmp_path)], capsys)
    _one_line(code, err, str(tmp_path), "not a regular file")
    assert list(tmp_path.iterdir()) == [] and _leftovers(tmp_path.parent) == []


# CSV injection (OWASP): a cell a spreadsheet would run as a formula is neutralised with a quote

HOSTILE_CELLS = ['=HYPERLINK("http://evil.example/","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
                 "\tTAB", "\rCR"]  # fmt: skip


def _csv_rows(text: str) -> list[list[str]]:
    import csv
    import io

    return list(csv.reader(io.StringIO(text, newline="")))


def test_csv_neutralises_formula_cells_but_not_numbers() -> None:
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD

    from hgr_kg.query.results import ResultTable, to_csv

    cells = [Literal(text) for text in HOSTILE_CELLS]
    numbers = [Literal("-58.8", datatype=XSD.decimal), Literal("-3", datatype=XSD.integer),
               Literal("-1.5E3", datatype=XSD.double), Literal("-58.8"), Literal("+7")]  # fmt: skip
    others = [URIRef("https://w3id.org/hgr-kg/id/x"), Literal("中文", lang="zh"), Literal("a=b"), None]
    row = tuple(cells + numbers + others)
    table = ResultTable([f"v{i}" for i in range(len(row))], [row])
    [header, got] = _csv_rows(to_csv(table))
    assert header == table.variables
    assert got[: len(cells)] == ["'" + text for text in HOSTILE_CELLS]
    assert got[len(cells) :] == ["-58.8", "-3", "-1500.0", "-58.8", "+7",
                                 "https://w3id.org/hgr-kg/id/x", "中文", "a=b", ""]  # fmt: skip
    [_, raw] = _csv_rows(to_csv(table, raw=True))
    assert raw[: len(cells)] == HOSTILE_CELLS


def _values_query(tmp_path: Path) -> Path:
    from rdflib import Literal

    # tab and CR as escapes: rdflib's SPARQL parser turns a raw tab in a string into spaces
    values = " ".join(Literal(t).n3().replace("\t", "\\t").replace("\r", "\\r") for t in HOSTILE_CELLS)
    query = tmp_path / "values.rq"
    query.write_text(
        "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
        f'SELECT ?v WHERE {{ VALUES ?v {{ {values} "-58.8"^^xsd:decimal }} }}\n',
        encoding="utf-8",
    )
    return query


@pytest.mark.parametrize("raw", [False, True])
def test_sparql_csv_is_neutralised_unless_raw_is_asked(
    raw: bool, project: Project, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "v.csv"
    argv = ["--root", str(project.root), "--store", "memory", "sparql", str(_values_query(tmp_path)),
            "-f", "csv", "-o", str(out)] + (["--raw-csv"] if raw else [])  # fmt: skip
    assert main(argv) == 0, capsys.readouterr().err
    cells = [row[0] for row in _csv_rows(out.read_bytes().decode("utf-8"))[1:]]  # CR kept
    expected = HOSTILE_CELLS if raw else ["'" + text for text in HOSTILE_CELLS]
    assert sorted(cells) == sorted([*expected, "-58.8"])


def test_query_run_takes_raw_csv_and_refuses_it_without_csv(project: Project, capsys) -> None:
    root = ["--root", str(project.root), "--store", "memory", "query", "run", "sources"]
    assert main([*root, "-f", "csv", "--raw-csv"]) == 0
    assert capsys.readouterr().out.startswith("source,")
    code, err = _run([*root, "-f", "json", "--raw-csv"], capsys)
    _one_line(code, err, "--raw-csv", "-f csv")


def _width(text: str) -> int:
    """Terminal columns: East Asian Wide and Fullwidth characters take two (an independent count)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _columns(line: str, starts: list[int]) -> list[str]:
    """``line`` cut at the display columns ``starts`` (each column ends two before the next starts)."""
    cells, col, current, k = [""] * len(starts), 0, [], 0
    for char in line:
        while k + 1 < len(starts) and col >= starts[k + 1]:
            cells[k], current, k = "".join(current), [], k + 1
        assert k + 1 >= len(starts) or col + _width(char) <= starts[k + 1] - 2 or char == " ", (
            f"{char!r} at column {col} crosses into the next column: {line!r}"
        )
        current.append(char)
        col += _width(char)
    cells[k] = "".join(current)
    return [c.rstrip() for c in cells]


def test_the_table_form_aligns_chinese_text_and_breaks_lines_within_cells(project: Project, graph) -> None:
    """Real rows (the RMHGR article by article: Chinese text in middle columns, Art. 9's three
    paragraphs on three lines): every column starts at the same display column on every line, and
    the cells read back, line by line, as the values (issue 22, 6)."""
    from hgr_kg.query.canned import find_query, run_local
    from hgr_kg.query.results import plain, to_text_table

    query = find_query(project.queries, "rmhgr-2019-vs-2024")
    table = run_local(graph, query.text, {}).terms()
    expected = [[plain(t, short=True) for t in row] for row in table.rows]
    assert any("\n" in cell for row in expected for cell in row)
    lines = to_text_table(table).rstrip("\n").split("\n")
    rule = lines[1]
    starts = [i for i, c in enumerate(rule) if c == "-" and (i == 0 or rule[i - 1] == " ")]
    assert _columns(lines[0], starts) == list(table.variables)
    rows: list[list[list[str]]] = []
    for line in lines[2:-1]:
        if not line:
            continue  # between rows of several lines
        cells = _columns(line, starts)
        if cells[0]:
            rows.append([[c] for c in cells])
        else:
            for k, c in enumerate(cells):
                rows[-1][k].append(c)
    assert lines[-1] == f"({len(expected)} rows)"
    got = [["\n".join(part).rstrip("\n") for part in row] for row in rows]
    assert got == [[c.rstrip() for c in row] for row in expected]
    art9 = next(row for row in got if row[0] == "9")
    assert art9[3].split("\n")[1].startswith("采集、保藏、利用、对外提供我国人类遗传资源，应当尊重")
