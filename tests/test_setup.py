"""The set-up the README promises: `make` checks the Python version with a clear
message, `make run` installs ffmpeg, and the supported versions agree everywhere."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def _supported() -> tuple[str, str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    low = re.search(r"^PYTHON_MIN := (\S+)$", makefile, re.M)
    high = re.search(r"^PYTHON_MAX := (\S+)$", makefile, re.M)
    assert low and high
    return low.group(1), high.group(1)


def test_an_unsupported_python_stops_make_with_what_to_do(tmp_path: Path) -> None:
    fake = tmp_path / "python3.13"
    fake.write_text(
        '#!/bin/sh\nif [ "$1" = "-V" ]; then echo "Python 3.13.0"; exit 0; fi\nexit 1\n'
    )
    fake.chmod(0o755)
    done = _make("python-check", f"PYTHON={fake}")
    assert done.returncode != 0
    assert "pushback needs Python 3.11 or 3.12" in done.stdout
    assert "Python 3.13.0" in done.stdout
    assert "README.md" in done.stdout and "make run PYTHON=" in done.stdout


def test_this_python_passes_the_check() -> None:
    assert _make("python-check", f"PYTHON={sys.executable}").returncode == 0


def test_the_supported_versions_agree() -> None:
    low, high = _supported()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    minor = int(high.split(".")[1])
    assert project["project"]["requires-python"] == f">={low},<3.{minor + 1}"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"Python {low} and {high}" in readme


def test_make_run_installs_ffmpeg_when_missing() -> None:
    plan = _make("-n", "run")
    assert plan.returncode == 0, plan.stderr
    assert "command -v ffmpeg" in plan.stdout
    assert "apt-get install" in plan.stdout
    assert plan.stdout.index("ffmpeg") < plan.stdout.index("pushback serve")
