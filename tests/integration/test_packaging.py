"""The wheel is complete and the CLI runs from it (STYLE.md section 12, last bullet).

datasette once shipped a stale ``MANIFEST.in``; Sports2D ships a 3.9 MB clip. We build
the wheel the way a release would (offline: ``pip wheel --no-deps
--no-build-isolation`` with the setuptools already in the venv), check what it holds,
then unzip it and run ``pushback`` from the unzipped copy. The dependencies come from
the venv's site-packages; the package itself must come from the wheel, which the
tests assert, because the editable install would otherwise hide a missing file.

Last, the wheel is installed in a fresh virtual environment outside the checkout
(its dependencies borrowed from this venv, offline), ``pushback serve`` runs from
it, and a page and the vendor files it links (htmx, Chart.js, the pose model)
are fetched: the wheel carries them, no ``node_modules`` is needed.
"""

from __future__ import annotations

import configparser
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest

from pushback.web.assets import VENDOR_FILES

ROOT = Path(__file__).resolve().parents[2]
PACKAGE_SRC = ROOT / "src" / "pushback"
VIDEO_SUFFIXES = {".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v", ".mpg", ".mpeg"}
#: Largest single file we expect in the wheel (the vendor files aside: the pose
#: model's weights and WebAssembly are a few MB each); a clip would be far bigger.
MAX_FILE_BYTES = 1_000_000
#: The package without its vendor files stays under 5 MB; those add about 25 MB.
MAX_WHEEL_BYTES = 5_000_000 + 30_000_000
VENDOR_PATHS = {f"pushback/web/static/vendor/{name}" for name in VENDOR_FILES}
_IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from a copy of the sources, so the tree gets no build/ folder."""
    work = tmp_path_factory.mktemp("packaging")
    project = work / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md", "setup.py"):
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
    large = [
        i.filename
        for i in infos
        if i.file_size > MAX_FILE_BYTES and i.filename not in VENDOR_PATHS
    ]
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


def test_wheel_carries_every_vendor_file(wheel_names: set[str]) -> None:
    missing = sorted(VENDOR_PATHS - wheel_names)
    assert not missing, f"run `make assets` before building: {missing}"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - loopback
        return int(answer.status), bytes(answer.read())


@pytest.fixture(scope="module")
def installed(
    wheel: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Path, str]]:
    """The wheel in a fresh venv outside the checkout, serving on a free port."""
    home = tmp_path_factory.mktemp("installed")
    venv = home / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)],
        check=True,
        timeout=120,
    )
    python = venv / "bin" / "python"
    # Offline: the dependencies are this venv's, on the path after the new venv's
    # own site-packages (a path line: this venv's editable install is not loaded).
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    own = subprocess.run(
        [str(python), "-c", code], capture_output=True, text=True, check=True,
        timeout=60,
    ).stdout.strip()  # fmt: skip
    Path(own, "_borrowed_dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    command = [sys.executable, "-m", "pip", "--python", str(python), "install"]
    command += ["--no-deps", "--no-index", "--disable-pip-version-check", "-q"]
    done = subprocess.run(
        [*command, str(wheel)], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]
    env = {**os.environ, "PUSHBACK_DATA_DIR": str(home / "data")}
    env.pop("PUSHBACK_DATABASE_URL", None)
    env.pop("PYTHONPATH", None)
    port = _free_port()
    log = (home / "server.log").open("wb")
    server = subprocess.Popen(
        [str(venv / "bin" / "pushback"), "serve", "--port", str(port)],
        cwd=home,
        env=env,
        stdout=log,
        stderr=log,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if server.poll() is not None:
                break
            try:
                _get(url + "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        assert server.poll() is None, (home / "server.log").read_text()[-3000:]
        yield venv, url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def test_the_installed_wheel_runs_from_its_own_venv(
    installed: tuple[Path, str],
) -> None:
    venv, _ = installed
    code = "import pushback; print(pushback.__file__)"
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True,
        check=True, timeout=60, cwd=venv,
    ).stdout.strip()  # fmt: skip
    assert where.startswith(str(venv)), where
    assert (ROOT / "src") not in Path(where).parents


def test_the_installed_wheel_serves_a_page_and_its_vendor_files(
    installed: tuple[Path, str],
) -> None:
    _, url = installed
    status, page = _get(url + "/login")
    assert status == 200
    assert b"/static/vendor/htmx.min.js" in page
    for name in ("htmx.min.js", "chart.umd.min.js", "pose_landmark_lite.tflite"):
        status, body = _get(f"{url}/static/vendor/{name}")
        packaged = PACKAGE_SRC / "web" / "static" / "vendor" / name
        assert status == 200 and body == packaged.read_bytes(), name
