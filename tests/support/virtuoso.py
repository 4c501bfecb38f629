"""Start a real OpenLink Virtuoso (Debian's virtuoso-opensource) for the tests: loopback only,
free ports, a throwaway database folder, and a random dba password set over stdin."""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from string import Template

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Virtuoso:
    process: subprocess.Popen
    folder: Path
    http_port: int
    sql_port: int
    password: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    def isql(self, script: str, timeout: float = 60) -> str:
        """Run SQL through isql-vt, reading the commands (and so any password) from stdin."""
        try:
            done = subprocess.run(
                ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", self.password],
                input=script,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:  # not re-raised as is: its message holds the argv (password)
            raise RuntimeError(f"isql did not finish within {timeout} s") from None
        if done.returncode != 0 or "*** Error" in done.stdout or "*** Error" in done.stderr:
            raise RuntimeError(f"isql failed: {done.stdout}\n{done.stderr}")
        return done.stdout

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def available() -> bool:
    return shutil.which("virtuoso-t") is not None and shutil.which("isql-vt") is not None


def start(folder: Path, timeout: float = 90) -> Virtuoso:
    folder.mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = Template((HERE / "virtuoso.ini.template").read_text()).substitute(
        dir=folder, http_port=http_port, sql_port=sql_port
    )
    (folder / "virtuoso.ini").write_text(ini)
    process = subprocess.Popen(
        ["virtuoso-t", "+foreground", "+configfile", str(folder / "virtuoso.ini")],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    server = Virtuoso(process, folder, http_port, sql_port, password="dba")
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            log = (folder / "virtuoso.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"virtuoso exited with {process.returncode}:\n{log}")
        try:
            with urllib.request.urlopen(f"{server.sparql}?query=ASK%7B%7D", timeout=2) as answer:
                if answer.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            server.stop()
            raise RuntimeError("virtuoso did not answer in time")
        time.sleep(0.5)
    new = "p" + secrets.token_hex(16)  # isql takes it unquoted: a letter, then letters and digits
    server.isql(f"set password dba {new};\n")
    server.password = new
    return server
