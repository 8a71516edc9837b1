"""The wheel is complete and the CLI runs from it (STYLE.md section 12, last bullet).

datasette once shipped a stale ``MANIFEST.in``; Sports2D ships a 3.9 MB clip. We build
the wheel the way a release would (offline: ``pip wheel --no-deps
--no-build-isolation`` with the setuptools already in the venv), check what it holds,
then unzip it and run ``pushback`` from the unzipped copy. The dependencies come from
the venv's site-packages; the package itself must come from the wheel, which the
tests assert, because the editable install would otherwise hide a missing file.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_SRC = ROOT / "src" / "pushback"
VIDEO_SUFFIXES = {".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v", ".mpg", ".mpeg"}
#: Largest single file we expect in the wheel; a clip or model would be far bigger.
MAX_FILE_BYTES = 1_000_000
MAX_WHEEL_BYTES = 5_000_000
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the sources, so the tree gets no build/ folder."""
    work = tmp_path_factory.mktemp("packaging")
    project = work / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, project / name)
    shutil.copytree(ROOT / "src", project / "src", ignore=_IGNORED)
    command = [
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
    ]
    command += ["--no-index", "--disable-pip-version-check", "-q", "-w", "dist", "."]
    result = subprocess.run(
        command, cwd=project, capture_output=True, text=True, check=False, timeout=300
    )
    assert result.returncode == 0, result.stderr[-4000:]
    (built,) = (project / "dist").glob("pushback-*.whl")
    return built


@pytest.fixture(scope="module")
def wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return {name for name in archive.namelist() if not name.endswith("/")}


@pytest.fixture(scope="module")
def unzipped(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("wheel-contents")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return target


def _source_files() -> set[str]:
    """Every file of src/pushback as a wheel path, caches left out."""
    return {
        PurePosixPath("pushback", *path.relative_to(PACKAGE_SRC).parts).as_posix()
        for path in PACKAGE_SRC.rglob("*")
        if path.is_file()
        and "__pycache__" not in path.parts
        and path.suffix not in {".pyc", ".pyo"}
    }


def test_wheel_holds_every_file_of_the_package(wheel_names: set[str]) -> None:
    # Catches a package-data glob that misses a new file type (a stale manifest).
    missing = sorted(_source_files() - wheel_names)
    assert not missing, f"in src/pushback but not in the wheel: {missing}"


@pytest.mark.parametrize(
    "required",
    [
        "pushback/py.typed",
        "pushback/data/exercises.toml",
        "pushback/data/sources.toml",
        "pushback/data/muscles.toml",
        "pushback/data/nutrition.toml",
        "pushback/data/foods.toml",
        "pushback/data/norms.toml",
        "pushback/journal/migrations/env.py",
        "pushback/journal/migrations/versions/0001_journal_core.py",
        "pushback/web/templates/base.html",
    ],
)
def test_wheel_holds_data_migrations_templates_and_py_typed(
    wheel_names: set[str], required: str
) -> None:
    assert required in wheel_names


def test_wheel_holds_every_migration(wheel_names: set[str]) -> None:
    versions = PACKAGE_SRC / "journal" / "migrations" / "versions"
    scripts = {
        f"pushback/journal/migrations/versions/{p.name}" for p in versions.glob("*.py")
    }
    assert scripts
    assert scripts <= wheel_names


def test_wheel_holds_no_video_and_no_large_file(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        infos = archive.infolist()
    videos = [
        i.filename
        for i in infos
        if PurePosixPath(i.filename).suffix.lower() in VIDEO_SUFFIXES
    ]
    large = [i.filename for i in infos if i.file_size > MAX_FILE_BYTES]
    assert not videos
    assert not large
    assert wheel.stat().st_size < MAX_WHEEL_BYTES


def test_wheel_only_holds_the_pushback_package(wheel_names: set[str]) -> None:
    top_levels = {name.split("/", 1)[0] for name in wheel_names}
    assert top_levels == {"pushback", "pushback-0.1.0.dist-info"}


def _console_script(unzipped: Path) -> str:
    (info,) = unzipped.glob("pushback-*.dist-info")
    entry_points = configparser.ConfigParser()
    entry_points.read(info / "entry_points.txt", encoding="utf-8")
    return entry_points["console_scripts"]["pushback"]


def _run_from_wheel(
    unzipped: Path, tmp_path: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """Run the wheel's ``pushback`` console script with ``args``."""
    module, function = _console_script(unzipped).split(":")
    code = (
        "import sys, pushback\n"
        f"assert pushback.__file__.startswith({str(unzipped)!r}), pushback.__file__\n"
        f"sys.argv[0] = 'pushback'\nfrom {module} import {function}\n{function}()\n"
    )
    env = {
        **os.environ,
        # Before site-packages, where the editable install of the repo lives.
        "PYTHONPATH": str(unzipped),
        "PUSHBACK_DATA_DIR": str(tmp_path / "data"),
        "COLUMNS": "100",
    }
    env.pop("PUSHBACK_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_console_script_is_the_cli_main(unzipped: Path) -> None:
    assert _console_script(unzipped) == "pushback.cli.main:main"


def test_cli_help_runs_from_the_wheel(unzipped: Path, tmp_path: Path) -> None:
    result = _run_from_wheel(unzipped, tmp_path, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage: pushback" in result.stdout
    assert "exercises" in result.stdout


def test_catalog_loads_from_the_wheel(unzipped: Path, tmp_path: Path) -> None:
    # Reads the shipped TOML through importlib.resources inside the unzipped wheel.
    result = _run_from_wheel(
        unzipped, tmp_path, "exercises", "show", "push-up", "--json"
    )
    assert result.returncode == 0, result.stderr
    assert '"push-up"' in result.stdout


def test_migrations_run_from_the_wheel(unzipped: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'journal.sqlite3'}"
    code = (
        "import sys, pushback\n"
        f"assert pushback.__file__.startswith({str(unzipped)!r}), pushback.__file__\n"
        "from pushback.journal.database import make_engine_for_url\n"
        "from pushback.journal import migrate\n"
        f"engine = make_engine_for_url({url!r})\n"
        "migrate.upgrade(engine)\n"
        "current = migrate.current_revision(engine)\n"
        "assert current == migrate.head_revision(), current\n"
        "print(current)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(unzipped)}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip()
