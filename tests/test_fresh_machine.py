"""`make test` on a fresh machine: Chromium is installed when we are root, else we stop at once saying how.

Only the system boundary is faked: `id` and `apt-get` are stand-ins on PATH that record how they were called.
"""

import os
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "ensure-chromium"


def fake_system(tmp_path: Path, *, uid: int) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    (bin_dir / "apt-get").write_text(f'#!/bin/sh\necho "$@" >> {tmp_path}/apt-get.log\n')
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    return bin_dir


def run(tmp_path: Path, bin_dir: Path, chromium: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own script
        [str(SCRIPT)],
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "CHROMIUM": str(chromium)},
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


def test_nothing_happens_when_chromium_is_there(tmp_path):
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)

    result = run(tmp_path, fake_system(tmp_path, uid=0), chromium)

    assert result.returncode == 0
    assert not (tmp_path / "apt-get.log").exists()


def test_root_installs_debian_s_chromium(tmp_path):
    result = run(tmp_path, fake_system(tmp_path, uid=0), tmp_path / "missing")

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "apt-get.log").read_text().splitlines() == ["update -qq", "install -y -qq chromium"]


def test_anyone_else_is_stopped_at_once_with_the_one_command_to_run(tmp_path):
    started = time.monotonic()
    result = run(tmp_path, fake_system(tmp_path, uid=1000), tmp_path / "missing")

    assert time.monotonic() - started < 5
    assert result.returncode != 0
    assert "sudo apt-get install -y chromium" in result.stderr
    assert not (tmp_path / "apt-get.log").exists()


def test_make_test_checks_for_chromium_before_anything_else():
    makefile = (ROOT / "Makefile").read_text()
    [test_rule] = [line for line in makefile.splitlines() if line.startswith("test:")]

    assert test_rule.split(":", 1)[1].split()[0] == "chromium"
    assert os.access(SCRIPT, os.X_OK)
