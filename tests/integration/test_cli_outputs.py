"""Every output path of the CLI fails the same way: one line, exit code 2.

``plan --out``, ``export --out`` (JSON and CSV), ``progress --out DIR`` and
``analyze --report / --annotated / --keypoints-out`` meet the same bad paths: a
folder that does not exist (``/proc/nope``), a path under a file, a folder where
a file should be (or a file where a folder should be), a read-only disk and a
full one (tmpfs mounts, made for the test). Each answers
``Error: Invalid value for OPTION: cannot write PATH (reason); expected ...``
and leaves nothing behind. The journal commands run on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pushback.cli.main import app
from tests.integration._disks import fill, read_only, tmpfs
from tests.unit.synthetic_pushups import RepSpec, make_set

PLAN = ["plan", "--max-pushups", "12", "--age", "30", "--parq", "nnnnnnn"]
Args = Callable[[Path, Path], list[str]]


def _plan(fmt: str) -> Args:
    return lambda out, _: [*PLAN, "--format", fmt, "--out", str(out)]


def _export(fmt: str) -> Args:
    return lambda out, _: ["export", "--format", fmt, "--out", str(out)]


def _analyze(source: str, option: str) -> Args:
    flag = ["--keypoints"] if source.endswith(".json") else []
    return lambda out, inputs: [
        "analyze",
        *flag,
        str(inputs / source),
        option,
        str(out),
    ]


#: command name -> (arguments with the output path, option, the output is a folder)
COMMANDS: dict[str, tuple[Args, str, bool]] = {
    "plan md": (_plan("md"), "--out", False),
    "plan ics": (_plan("ics"), "--out", False),
    "export json": (_export("json"), "--out", False),
    "export csv": (_export("csv"), "--out", False),
    "progress": (lambda out, _: ["progress", "--out", str(out)], "--out", True),
    "analyze report": (_analyze("set.json", "--report"), "--report", False),
    "analyze keypoints": (
        _analyze("set.mp4", "--keypoints-out"),
        "--keypoints-out",
        False,
    ),
    "analyze annotated": (_analyze("set.mp4", "--annotated"), "--annotated", False),
}


@pytest.fixture
def cli(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PUSHBACK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PUSHBACK_DATABASE_URL", database_url)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, list(args))


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """Saved keypoints of three reps and a one-second video (made by ffmpeg)."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    make_set(
        [RepSpec(descent_s=3.0, bottom_pause_s=1.0, ascent_s=1.0)] * 3
    ).series.save(folder / "set.json")
    subprocess.run(
        ["/usr/bin/ffmpeg", "-v", "error", "-f", "lavfi", "-i",
         "color=c=gray:s=64x48:d=1", "-pix_fmt", "yuv420p", str(folder / "set.mp4")],
        check=True,
    )  # fmt: skip
    return folder


def _refused(result, option: str, path: Path, reason: str, folder: bool) -> None:  # type: ignore[no-untyped-def]
    expected = (
        "a folder you can write to" if folder else "a file in a folder you can write to"
    )
    assert result.exit_code == 2, result.output
    assert result.output == (
        f"Error: Invalid value for {option}: cannot write {path} ({reason}); "
        f"expected {expected}.\n"
    )


def _bad_paths(tmp_path: Path, folder: bool) -> list[tuple[Path, str]]:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine\n")
    a_folder = tmp_path / "a-folder"
    a_folder.mkdir(exist_ok=True)
    taken = (a_file, "Not a directory") if folder else (a_folder, "Is a directory")
    return [
        (Path("/proc/nope/out"), "No such file or directory"),
        (a_file / "out", "Not a directory"),
        taken,
    ]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_a_bad_output_path_is_one_line_with_exit_code_2(
    cli, tmp_path: Path, inputs: Path, command: str
) -> None:  # type: ignore[no-untyped-def]
    arguments, option, folder = COMMANDS[command]
    for path, reason in _bad_paths(tmp_path, folder):
        result = cli(*arguments(path, inputs))
        _refused(result, option, path, reason, folder)
    assert (tmp_path / "notes.txt").read_text() == "mine\n"  # not overwritten
    assert list((tmp_path / "a-folder").iterdir()) == []  # nothing left behind


@pytest.mark.parametrize("command", ["plan md", "export json", "progress"])
def test_a_read_only_disk_is_the_same_one_line(
    cli, tmp_path: Path, inputs: Path, command: str
) -> None:  # type: ignore[no-untyped-def]
    arguments, option, folder = COMMANDS[command]
    with tmpfs(tmp_path / "disk", size="1m") as disk, read_only(disk):
        out = disk / "out"
        _refused(
            cli(*arguments(out, inputs)), option, out, "Read-only file system", folder
        )


@pytest.mark.parametrize("command", ["plan md", "export csv", "progress"])
def test_a_disk_that_fills_up_is_the_same_one_line_and_leaves_no_part(
    cli, tmp_path: Path, inputs: Path, command: str
) -> None:  # type: ignore[no-untyped-def]
    arguments, option, folder = COMMANDS[command]
    assert cli("log", "--exercise", "push-up", "--reps", "10").exit_code == 0
    with tmpfs(tmp_path / "disk", size="1m") as disk:
        filler = fill(disk)
        out = disk / "out"
        result = cli(*arguments(out, inputs))
        _refused(result, option, out, "No space left on device", folder)
        left = sorted(p.name for p in disk.rglob("*") if p != filler)
        assert left in ([], ["out"])  # at most the charts folder, empty
        assert not any(p.is_file() for p in disk.rglob("*") if p != filler)


def test_a_good_output_path_still_works(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "new" / "backup.json"
    result = cli("export", "--out", str(out))
    assert result.exit_code == 0 and result.output == f"Exported to {out}.\n"
    assert json.loads(out.read_text())["format"] == "pushback-journal"
    assert [p.name for p in out.parent.iterdir()] == ["backup.json"]
