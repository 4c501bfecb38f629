"""Every input is hostile (issue 21): what is not a regular file, or is larger than its limit, is one
line on stderr naming the file and the limit, exit 2, no traceback, nothing written, and no hang.

Large files are sparse (os.truncate: no disk used), and the limits are proved with small values set
through the options or the environment. The commands that could hang or eat memory run in a child
process with a time limit and a cap on its memory, so that a regression fails instead of stalling.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from hgr_kg.cli import main
from hgr_kg.errors import HgrKgError
from hgr_kg.inputs import format_size, parse_size
from hgr_kg.paths import Project

ROOT = Path(__file__).resolve().parent.parent
RECORDS = Path(__file__).resolve().parent / "data" / "records"
SOURCE_ADVICE = "raise it with --max-file-size or HGR_KG_MAX_FILE_SIZE"


def _cap_memory() -> None:  # the child may not grow past 3 GiB of address space
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))


def _child(*argv: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> tuple[int, str]:
    """Run ``hgr-kg ARGV`` in a child process (at most 120 s, 3 GiB); its exit code and stderr."""
    command = [sys.executable, "-m", "hgr_kg", *argv]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, preexec_fn=_cap_memory,
                          env={**os.environ, **(env or {})}, cwd=cwd)  # fmt: skip
    return done.returncode, done.stderr


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert "Traceback" not in err
    assert len(lines) == 1, lines
    return lines[0]


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_sizes_read_and_print_in_binary_units() -> None:
    assert [parse_size(t, "x") for t in ("1000", "64M", "64 MiB", "2G", "1.5k", "512mb")] == [
        1000, 64 << 20, 64 << 20, 2 << 30, 1536, 512 << 20]  # fmt: skip
    assert [format_size(n) for n in (300, 64 << 20, 2 << 30, (5 << 29))] == [
        "300 bytes", "64 MiB", "2 GiB", "2.5 GiB"]  # fmt: skip
    for bad in ("", "0", "-1", "lots", "1X", "NaN"):
        with pytest.raises(HgrKgError, match=r"^x '.*': not a size"):
            parse_size(bad, "x")


def test_a_sparse_2_gib_source_is_refused_before_it_is_read(project_copy: Project, tmp_path: Path) -> None:
    huge = project_copy.data / "zz.ttl"
    huge.touch()
    os.truncate(huge, 2 << 30)  # sparse: no disk, no memory
    out = tmp_path / "dist"
    code, err = _child("--root", str(project_copy.root), "build", "--out", str(out))
    assert code == 2
    assert _one_line(err) == (f"hgr-kg: error: {huge}: 2 GiB is over the limit of 64 MiB for a source "
                              f"file; {SOURCE_ADVICE}")  # fmt: skip
    assert not out.exists()


@pytest.mark.parametrize("how", ["option", "environment"])
def test_the_source_limit_is_set_by_option_or_environment(
    project_copy: Project, tmp_path: Path, capsys, monkeypatch, how: str
) -> None:
    big = project_copy.data / "zz.ttl"
    big.write_text("@prefix ex: <https://example.org/> .\n" + "ex:a ex:b ex:c .\n" * 30_000)
    size = big.stat().st_size
    out = tmp_path / "dist"
    option = ["--max-file-size", "400K"] if how == "option" else []  # the largest other source: 320 KiB
    if how == "environment":
        monkeypatch.setenv("HGR_KG_MAX_FILE_SIZE", "400K")
    assert main(["--root", str(project_copy.root), *option, "build", "--out", str(out)]) == 2
    err = _one_line(capsys.readouterr().err)
    assert err == (f"hgr-kg: error: {big}: {format_size(size)} is over the limit of 400 KiB for a source "
                   f"file; {SOURCE_ADVICE}")  # fmt: skip
    assert not out.exists()
    monkeypatch.delenv("HGR_KG_MAX_FILE_SIZE", raising=False)
    assert os.environ.get("HGR_KG_MAX_FILE_SIZE") is None  # the option does not outlive the command
    assert main(["--root", str(project_copy.root), "--max-file-size", "1M", "build", "--out", str(out)]) == 0


def test_a_bad_limit_is_one_line(project: Project, capsys, monkeypatch) -> None:
    with pytest.raises(SystemExit) as exited:  # argparse's usage error
        main(["--root", str(project.root), "--max-file-size", "lots", "query", "list"])
    assert exited.value.code == 2
    assert _one_line(capsys.readouterr().err) == (
        "hgr-kg: error: argument --max-file-size: 'lots': not a size (a number of bytes, or with a unit: "
        "64M, 512MiB, 2G)")  # fmt: skip
    monkeypatch.setenv("HGR_KG_MAX_FILE_SIZE", "-5")
    assert main(["--root", str(project.root), "query", "list"]) == 2
    assert _one_line(capsys.readouterr().err) == (
        "hgr-kg: error: HGR_KG_MAX_FILE_SIZE '-5': not a size (a number of bytes, or with a unit: 64M, "
        "512MiB, 2G)")  # fmt: skip


@pytest.mark.parametrize(
    ("where", "command"),
    [("data/zz.ttl", ["build"]), ("data/texts/zz.md", ["build"]), ("data/zz.csv-metadata.json", ["build"]),
     ("queries/zz.rq", ["query", "list"]), ("data/records/zz.nt", ["build"])],
)  # fmt: skip
def test_a_pipe_among_the_sources_is_refused_without_waiting(
    project_copy: Project, tmp_path: Path, where: str, command: list[str]
) -> None:
    fifo = project_copy.root / where
    fifo.parent.mkdir(exist_ok=True)
    os.mkfifo(fifo)
    extra = ["--out", str(tmp_path / "dist")] if command == ["build"] else []
    code, err = _child("--root", str(project_copy.root), *command, *extra)
    assert code == 2
    assert _one_line(err) == f"hgr-kg: error: {fifo}: a pipe, not a regular file"
    assert not (tmp_path / "dist").exists()


def test_a_folder_named_like_a_source_is_refused(project_copy: Project, tmp_path: Path, capsys) -> None:
    (project_copy.data / "zz.ttl").mkdir()
    assert main(["--root", str(project_copy.root), "build", "--out", str(tmp_path / "dist")]) == 2
    folder = project_copy.data / "zz.ttl"
    assert _one_line(capsys.readouterr().err) == f"hgr-kg: error: {folder}: a folder, not a regular file"


def test_a_statute_text_over_the_limit_is_refused(project_copy: Project, tmp_path: Path, capsys) -> None:
    text = project_copy.texts / "civil-code-2020.md"
    size = text.stat().st_size
    assert main(["--root", str(project_copy.root), "--max-file-size", "100K", "build", "--out",
                 str(tmp_path / "dist")]) == 2  # fmt: skip
    assert _one_line(capsys.readouterr().err) == (
        f"hgr-kg: error: {text}: {format_size(size)} is over the limit of 100 KiB for a source file; "
        f"{SOURCE_ADVICE}")  # fmt: skip


def test_a_record_file_over_its_limit_is_refused(project_copy: Project, tmp_path: Path, capsys) -> None:
    assert main(["--root", str(project_copy.root), "import", "permits", str(RECORDS / "good.csv"),
                 "--source", "x"]) == 0  # fmt: skip
    record = project_copy.records / "permits-good.nt"
    size = record.stat().st_size
    assert main(["--root", str(project_copy.root), "--max-record-size", "1K", "build", "--out",
                 str(tmp_path / "dist")]) == 2  # fmt: skip
    assert _one_line(capsys.readouterr().err) == (
        f"hgr-kg: error: {record}: {format_size(size)} is over the limit of 1 KiB for a record file; "
        "raise it with --max-record-size or HGR_KG_MAX_RECORD_SIZE")  # fmt: skip


@pytest.mark.parametrize(("special", "kind"), [("/dev/zero", "a character device"), ("fifo", "a pipe"),
                                               ("folder", "a folder")])  # fmt: skip
def test_import_refuses_what_is_not_a_regular_file(
    project_copy: Project, tmp_path: Path, special: str, kind: str
) -> None:
    path = Path(special) if special.startswith("/") else tmp_path / special
    if special == "fifo":
        os.mkfifo(path)
    elif special == "folder":
        path.mkdir()
    code, err = _child("--root", str(project_copy.root), "import", "permits", str(path), "--source", "x",
                       "--name", "zz")  # fmt: skip
    assert code == 2
    assert _one_line(err) == f"hgr-kg: error: {path}: {kind}, not a regular file"
    assert not project_copy.records.exists()


def test_import_refuses_a_file_over_its_limit(project_copy: Project, tmp_path: Path, capsys) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes((RECORDS / "good.csv").read_bytes())
    size = big.stat().st_size
    argv = ["--root", str(project_copy.root), "import", "permits", str(big), "--source", "x"]
    assert main([*argv, "--max-size", "100"]) == 2
    assert _one_line(capsys.readouterr().err) == (
        f"hgr-kg: error: {big}: {format_size(size)} is over the limit of 100 bytes for an imported file; "
        "raise it with --max-size or HGR_KG_MAX_IMPORT_SIZE")  # fmt: skip
    assert not project_copy.records.exists()
    os.truncate(big, 3 << 30)  # sparse; the default limit refuses it before it is read
    code, err = _child(*argv)
    assert code == 2
    assert _one_line(err) == (f"hgr-kg: error: {big}: 3 GiB is over the limit of 512 MiB for an imported "
                              "file; raise it with --max-size or HGR_KG_MAX_IMPORT_SIZE")  # fmt: skip
    assert not project_copy.records.exists()


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
def test_sparql_refuses_a_query_file_that_is_not_regular(
    project: Project, tmp_path: Path, special: str
) -> None:
    path = Path(special) if special.startswith("/") else tmp_path / special
    if special == "fifo":
        os.mkfifo(path)
    code, err = _child("--root", str(project.root), "sparql", str(path))
    assert code == 2
    kind = "a character device" if special.startswith("/") else "a pipe"
    assert _one_line(err) == f"hgr-kg: error: {path}: {kind}, not a regular file"


def test_sparql_from_endless_stdin_stops_at_the_limit(project: Project) -> None:
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run([sys.executable, "-m", "hgr_kg", "--root", str(project.root), "--max-file-size",
                               "1M", "sparql", "-"], stdin=zero, capture_output=True, text=True, timeout=120,
                              preexec_fn=_cap_memory)  # fmt: skip
    assert done.returncode == 2
    assert _one_line(done.stderr) == (
        "hgr-kg: error: <stdin>: more than 1 MiB is over the limit of 1 MiB for a source file; "
        f"{SOURCE_ADVICE}")  # fmt: skip


class Endless:
    """An HTTP server on 127.0.0.1 that answers every request with JSON that never ends (it stops by
    itself after ``most`` bytes, or when the client goes)."""

    def __init__(self, most: int = 64 << 20) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        sent: list[int] = [0]

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.end_headers()
                chunk = b'{"head": {"vars": ["s"]}, "results": {"bindings": [' + b" " * 65_536
                try:
                    while sent[0] < most:  # bounded: the test cannot run for ever
                        self.wfile.write(chunk)
                        sent[0] += len(chunk)
                except OSError:
                    pass  # the client stopped reading

            def log_message(self, *args) -> None:
                pass

        self.sent = sent
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture()
def endless():
    running = Endless()
    yield running
    running.server.shutdown()
    running.server.server_close()


def test_an_endless_answer_from_an_endpoint_stops_at_the_limit(project: Project, endless, capsys) -> None:
    argv = ["--root", str(project.root), "query", "run", "sponsors", "--endpoint", endless.url]
    assert main([*argv, "--max-answer-size", "1M"]) == 2
    assert _one_line(capsys.readouterr().err) == (
        f"hgr-kg: error: endpoint at {endless.url}: more than 1 MiB is over the limit of 1 MiB for an "
        "endpoint's answer; raise it with --max-answer-size or HGR_KG_MAX_ANSWER_SIZE")  # fmt: skip
    assert endless.sent[0] < 8 << 20  # it stopped reading soon after the limit


def test_the_answer_limit_holds_for_sparql_and_by_the_environment(
    project: Project, endless, tmp_path: Path, capsys, monkeypatch
) -> None:
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?s WHERE { ?s ?p ?o }\n")
    monkeypatch.setenv("HGR_KG_MAX_ANSWER_SIZE", "2M")
    assert main(["--root", str(project.root), "sparql", str(query), "--endpoint", endless.url]) == 2
    assert _one_line(capsys.readouterr().err) == (
        f"hgr-kg: error: endpoint at {endless.url}: more than 2 MiB is over the limit of 2 MiB for an "
        "endpoint's answer; raise it with --max-answer-size or HGR_KG_MAX_ANSWER_SIZE")  # fmt: skip


def test_publish_stops_reading_an_endless_answer(endless, monkeypatch) -> None:
    from hgr_kg.export.publish import Server, count_triples, update

    monkeypatch.setenv("HGR_KG_MAX_ANSWER_SIZE", "1M")
    server = Server(endless.url, endless.url, timeout=60)
    with pytest.raises(HgrKgError, match=r"^SPARQL update at .*: more than 1 MiB is over the limit of 1 MiB"):
        update(server, "DROP SILENT GRAPH <https://example.org/g>")
    with pytest.raises(HgrKgError, match=r"^endpoint at .*: more than 1 MiB is over the limit of 1 MiB"):
        count_triples(server, "https://example.org/g")


def test_a_killed_import_leaves_a_temporary_file_that_the_next_run_removes(project_copy: Project,
                                                                            monkeypatch) -> None:  # fmt: skip
    import hgr_kg.atomic

    renamed: list[str] = []
    replace = os.replace
    monkeypatch.setattr(hgr_kg.atomic.os, "replace", lambda a, b: (renamed.append(str(a)), replace(a, b))[1])
    dead = subprocess.Popen(["true"])
    dead.wait()  # its pid is no longer a process
    records = project_copy.records
    records.mkdir()
    stale = records / f".permits-good.nt.{dead.pid}.k1ll3d.tmp"
    stale.write_bytes(b"<a> <b> <c> .\n" * 1000)  # what kill -9 left half-written
    live = records / f".permits-good.nt.{os.getppid()}.wr1t1ng.tmp"  # another writer, still running
    live.write_bytes(b"<a> <b> <c> .\n")
    other = records / f".permits-other.nt.{dead.pid}.abcdef.tmp"  # another target's: not this writer's
    other.write_bytes(b"")
    assert main(["--root", str(project_copy.root), "import", "permits", str(RECORDS / "good.csv"),
                 "--source", "x"]) == 0  # fmt: skip
    assert not stale.exists()
    pid = str(os.getpid())  # the temporary file is named with the writer's process id
    assert [Path(name).name.split(".")[:4] for name in renamed] == [["", "permits-good", "nt", pid]]
    assert live.exists() and other.exists()
    assert sorted(p.name for p in records.iterdir()) == sorted(["permits-good.nt", live.name, other.name])


@pytest.mark.parametrize(("encoding", "reason"), [("rot13", "not a text encoding"),
                                                  ("base64", "not a text encoding"),
                                                  ("no-such-codec", "unknown encoding")])  # fmt: skip
def test_import_accepts_only_text_encodings(
    project_copy: Project, capsys, encoding: str, reason: str
) -> None:
    assert main(["--root", str(project_copy.root), "import", "permits", str(RECORDS / "good.csv"), "--source",
                 "x", "--encoding", encoding]) == 2  # fmt: skip
    assert _one_line(capsys.readouterr().err) == f"hgr-kg: error: --encoding {encoding!r}: {reason}"
    assert not project_copy.records.exists()


def test_a_root_name_too_long_is_one_line(capsys) -> None:
    root = "/tmp/" + "r" * 300
    assert main(["--root", root, "query", "list"]) == 2
    assert _one_line(capsys.readouterr().err) == f"hgr-kg: error: --root {root}: File name too long"


@pytest.mark.parametrize(
    ("text", "message"),
    [(b"---\n- 1\n---\nbody\n", ":2: the YAML header is not a mapping"),
     (b"---\ninstrument: [\n---\n", ":2: bad YAML header: "),
     (None, ":60: the body is not UTF-8 (invalid start byte: byte 0xff at offset ")],
)  # fmt: skip
def test_a_broken_statute_text_is_one_line_naming_the_line(
    project_copy: Project, tmp_path: Path, capsys, text: bytes | None, message: str
) -> None:
    path = project_copy.texts / "zz-broken.md"
    if text is None:  # a good text whose line 60 holds bytes that are not UTF-8
        lines = (project_copy.texts / "rmhgr-2019.md").read_bytes().split(b"\n")
        lines[59] = b"\xff\xfe" + lines[59]
        text = b"\n".join(lines)
    path.write_bytes(text)
    out = tmp_path / "dist"
    assert main(["--root", str(project_copy.root), "build", "--out", str(out)]) == 2
    assert _one_line(capsys.readouterr().err).startswith(f"hgr-kg: error: {path}{message}")
    assert not out.exists()


@pytest.mark.parametrize("url", ["/etc/passwd", "../../outside.csv", "../ontology/../../outside.csv"])
def test_a_table_outside_its_metadata_folder_is_refused_unread(
    project_copy: Project, tmp_path: Path, capsys, url: str
) -> None:
    import json

    (project_copy.root.parent / "outside.csv").write_text("secret,words\n1,2\n")
    metadata = project_copy.data / "table2.csv-metadata.json"
    (project_copy.data / "table2.csv").unlink()
    meta = json.loads(metadata.read_text(encoding="utf-8"))
    meta["url"] = url
    metadata.write_text(json.dumps(meta), encoding="utf-8")
    for command in (["build", "--out", str(tmp_path / "dist")], ["validate", str(metadata)]):
        assert main(["--root", str(project_copy.root), *command]) == 2
        err = _one_line(capsys.readouterr().err)
        assert err == (f"hgr-kg: error: {metadata}: 'url' {url!r} names a file outside {project_copy.data}; "
                       "a table must be in the folder of its metadata (or below)")  # fmt: skip
        assert "secret" not in err and "root:" not in err
    assert not (tmp_path / "dist").exists()
    from hgr_kg.sources.csvw import table_to_graph

    with pytest.raises(HgrKgError, match="names a file outside"):
        table_to_graph(metadata)


def test_every_default_output_is_under_the_root(
    project_copy: Project, tmp_path: Path, capsys, monkeypatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    root = project_copy.root
    assert main(["--root", str(root), "build"]) == 0
    assert (root / "dist" / "hgr-kg.nt").is_file() and (root / "dist" / "build-info.json").is_file()
    capsys.readouterr()
    assert main(["--root", str(root), "info"]) == 0  # reads the build in the root's dist/
    last = capsys.readouterr().out.splitlines()[-1]
    assert last.startswith("last build: 20") and last.endswith(" (current)"), last
    assert list(elsewhere.iterdir()) == []  # nothing in the current folder: no dist/, no out/
