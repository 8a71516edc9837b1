"""The journal commands through the real Typer app (CliRunner), on both databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pushback.cli.main import app

JOURNAL_COMMANDS = ("today", "log", "history", "progress", "test", "export", "import")


@pytest.fixture
def run(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PUSHBACK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PUSHBACK_DATABASE_URL", database_url)
    monkeypatch.delenv("PUSHBACK_USER", raising=False)
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(app, list(args), input=input)

    return invoke


def _assess(run) -> None:  # type: ignore[no-untyped-def]
    result = run(
        "assess", "--max-pushups", "10", "--variant", "knee-push-up", "--age", "30",
        "--weight-kg", "70", "--parq", "nnnnnnn",
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_today_before_any_assessment_says_what_to_do(run) -> None:  # type: ignore[no-untyped-def]
    result = run("today")
    assert result.exit_code == 2
    assert "pushback assess" in result.output and "Traceback" not in result.output


def test_a_user_follows_the_plan_from_the_cli(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _assess(run)
    today = json.loads(run("today", "--json").output)
    assert today["is_today"] and today["session"]["week"] == 1
    assert "Week 1" in run("today").output
    logged = run(
        "log", "--exercise", "knee-push-up", "--reps", "15", "--reps", "15",
        "--reps", "15", "--rir", "2", "--sleep", "4", "--json",
    )  # fmt: skip
    assert logged.exit_code == 0, logged.output
    (result,) = json.loads(logged.output)
    assert [s["reps"] for s in result["session"]["sets"]] == [15, 15, 15]
    session_file = tmp_path / "session.json"
    gate = [{"exercise": "knee-push-up", "reps": 15, "rir": 2}] * 3  # the 3x15 gate
    session_file.write_text(json.dumps({"sets": gate}))
    assert run("log", "--file", str(session_file)).exit_code == 0
    history = json.loads(run("history", "--json").output)
    assert len(history["sessions"]) == 2
    assert any(c["code"] == "progress-step" for c in history["changes"])
    charts = tmp_path / "charts"
    progress = run("progress", "--out", str(charts), "--format", "svg")
    assert progress.exit_code == 0 and "streak" in progress.output
    assert sorted(p.name for p in charts.iterdir())[0].endswith(".svg")
    assert run("log", "--body-weight-lb", "154").exit_code == 0
    retest = json.loads(run("test", "--reps", "14", "--json").output)
    assert retest["max_pushups"] == 14 and retest["previous_max"] == 10


def test_the_interactive_log_asks_set_by_set(run) -> None:  # type: ignore[no-untyped-def]
    _assess(run)
    today = json.loads(run("today", "--json").output)
    work = [x for x in today["session"]["exercises"] if x.get("hard")]
    answers = ["4", "2"]  # sleep, soreness
    for item in work:
        for _ in range(item["sets"]):
            answers += ["12", "2", "n", "n"]  # reps, RIR, form broke?, pain?
    answers.append("good")  # notes
    result = run("log", "-i", "--no-rest", input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("Saved.") == sum(x["sets"] for x in work)
    history = json.loads(run("history", "--json").output)
    assert history["sessions"][0]["notes"] == "good"


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("log", "--exercise", "knee-push-up", "--reps", "-2"), "reps"),
        (("log", "--exercise", "no-such", "--reps", "5"), "no-such"),
        (("log",), "--file"),
        (
            ("log", "--exercise", "push-up", "--reps", "5", "--rir", "1", "--rir", "2"),
            "rir",
        ),
        (("history", "--limit", "0"), "limit"),
        (("progress", "--format", "gif", "--out", "x"), "format"),
        (("export", "--format", "xml"), "format"),
        (("test", "--reps", "-1"), "max"),
    ],
)
def test_bad_input_is_one_line_with_exit_code_2(
    run, args: tuple[str, ...], needle: str
) -> None:  # type: ignore[no-untyped-def]
    _assess(run)
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert needle in result.output and "Traceback" not in result.output


def test_export_and_import_from_the_cli(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _assess(run)
    run("log", "--exercise", "knee-push-up", "--reps", "9", "--rir", "2")
    backup = tmp_path / "backup.json"
    assert run("export", "--out", str(backup)).exit_code == 0
    assert json.loads(backup.read_text())["format"] == "pushback-journal"
    csv_text = run("export", "--format", "csv").output
    assert csv_text.startswith('"Date","Workout Name","Duration","Exercise Name"')
    refused = run("import", str(backup))
    assert refused.exit_code == 1 and "--replace" in refused.output
    assert run("import", str(backup), "--replace").exit_code == 0
    foreign = tmp_path / "foreign.json"
    foreign.write_text('{"workouts": []}')
    result = run("import", str(foreign))
    assert result.exit_code == 2 and "Strong CSV" in result.output
    assert run("import", str(tmp_path / "missing.csv")).exit_code == 2


def test_db_upgrade_creates_the_schema(run) -> None:  # type: ignore[no-untyped-def]
    result = run("db", "upgrade")
    assert result.exit_code == 0 and "revision" in result.output


@pytest.mark.parametrize("command", JOURNAL_COMMANDS)
def test_every_journal_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0 and "Example: pushback" in result.output
    assert "--user" in result.output or command == "db"
