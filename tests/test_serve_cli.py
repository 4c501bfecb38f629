"""``hgr-kg serve`` as a user starts it: a subprocess on a free port of 127.0.0.1 that prints its
URL, answers, and stops cleanly on Ctrl-C (SIGINT); bad options in one line."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from hgr_kg.cli import main
from hgr_kg.paths import Project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_prints_its_url_answers_and_stops_on_ctrl_c_with_a_query_running(project, tmp_path) -> None:
    port = free_port()
    err = (tmp_path / "stderr").open("w+")
    process = subprocess.Popen([sys.executable, "-m", "hgr_kg", "--root", str(project.root), "serve",
                                "--port", str(port), "--timeout", "1", "--allow-host", "kg.example.org"],
                               stdout=subprocess.DEVNULL, stderr=err, start_new_session=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while "serving on" not in (tmp_path / "stderr").read_text():
            assert process.poll() is None, (tmp_path / "stderr").read_text()
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        first = (tmp_path / "stderr").read_text().splitlines()[0]
        assert first == (f"hgr-kg: serving on http://127.0.0.1:{port}/ (SPARQL at /sparql, API at /api; "
                         "Ctrl-C stops)")  # fmt: skip
        query = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?{query}", timeout=30) as answer:
            assert json.loads(answer.read()) == {"head": {}, "boolean": True}
        # the names it answers to: its own, and the reverse proxy's (--allow-host); no other
        assert host_status(port, "kg.example.org", query) == 200
        assert host_status(port, "evil.example", query) == 400
        # a query that computes for minutes before its first row: answered 503, abandoned, and it does
        # not hold back the exit
        slow = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?{slow}", timeout=30)
        assert refused.value.code == 503
        refused.value.close()
        assert len(group_members(process.pid)) > 1  # the server and its query workers
        os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C in a terminal: to the whole process group
        started = time.monotonic()
        code = process.wait(timeout=5)
        assert time.monotonic() - started < 2
        time.sleep(0.5)
        assert group_members(process.pid) == []  # no worker left behind
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert code in (0, 130)
    log = (tmp_path / "stderr").read_text()
    assert "Traceback" not in log
    assert log.splitlines()[-1] == "hgr-kg: stopped"


def group_members(pgid: int) -> list[int]:
    """The live processes of process group ``pgid``."""
    members = []
    for entry in os.listdir("/proc"):
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            members.append(int(entry))
    return members


def host_status(port: int, host: str, query: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", f"/sparql?{query}", headers={"Host": host})
    with connection.getresponse() as answer:
        answer.read()
    connection.close()
    return answer.status


def test_a_port_in_use_is_one_line(project: Project, capsys) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["--root", str(project.root), "serve", "--port", str(port)]) == 2
    assert capsys.readouterr().err == (f"hgr-kg: error: --host 127.0.0.1 --port {port}: cannot listen there: "
                                       "Address already in use\n")  # fmt: skip


@pytest.mark.parametrize(("option", "message"), [
    (["--port", "0"], "argument --port: '0' is not a port (1-65535)"),
    (["--timeout", "-1"], "argument --timeout: '-1' is not a positive number of seconds"),
    (["--max-rows", "0"], "argument --max-rows: '0' is not a whole number of at least 1"),
    (["--allow-host", "https://kg.example.org/"],
     "argument --allow-host: 'https://kg.example.org/' is not a host name (e.g. kg.example.org, "
     "without scheme, port or path)"),
    (["--allow-host", "kg.example.org:443"],
     "argument --allow-host: 'kg.example.org:443' is not a host name (e.g. kg.example.org, "
     "without scheme, port or path)"),
    (["--allow-host", ""],
     "argument --allow-host: '' is not a host name (e.g. kg.example.org, without scheme, port or path)"),
])  # fmt: skip
def test_bad_options_are_one_line(option, message, capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["serve", *option])
    assert exit_.value.code == 2
    assert capsys.readouterr().err == f"hgr-kg serve: error: {message}\n"
