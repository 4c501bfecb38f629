"""The set-up script installs, for the main job, only what the main job uses (issue 10, "Also")."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "system-deps.sh"


def _run(tmp_path: Path, profile: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run the script on a PATH where nothing is installed and apt-get only records its call."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    stubs = {"apt-get": f'echo "$@" >> {log}', "id": "echo 0", "fc-list": "true"}
    for name, body in stubs.items():
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)
    for tool in ("grep", "chmod", "rm"):  # the shell tools it uses, and nothing that it looks for
        (bin_dir / tool).symlink_to(shutil.which(tool))
    env = {"PATH": str(bin_dir), "POLICY_RC_D": str(tmp_path / "policy-rc.d")}
    done = subprocess.run(["/bin/bash", str(SCRIPT), profile], capture_output=True, text=True,
                          env=env, check=False)  # fmt: skip
    calls = log.read_text().splitlines() if log.exists() else []
    return done, calls


def test_main_job_installs_only_the_cjk_font_and_says_so(tmp_path: Path) -> None:
    done, calls = _run(tmp_path, "main")
    assert done.returncode == 0, done.stderr
    assert calls[-1].split()[-1:] == ["fonts-wqy-zenhei"]
    assert "installing Debian packages: fonts-wqy-zenhei\n" in done.stderr
    assert not (tmp_path / "policy-rc.d").exists()  # the guard is removed again


def test_test_suite_installs_the_real_parts(tmp_path: Path) -> None:
    done, calls = _run(tmp_path, "test")
    assert done.returncode == 0, done.stderr
    packages = calls[-1].split()[4:]
    assert packages == ["fonts-wqy-zenhei", "virtuoso-opensource", "graphviz", "chromium", "poppler-utils"]


def test_unknown_profile_is_refused(tmp_path: Path) -> None:
    done, _ = _run(tmp_path, "everything")
    assert done.returncode == 2
    assert done.stderr == "system-deps: unknown profile 'everything' (main or test)\n"
    assert os.path.exists(SCRIPT)
