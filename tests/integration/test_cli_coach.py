"""``pushback assess`` / ``plan`` / ``onboard`` through the real Typer app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pushback.cli.main import app

ASSESS = ["assess", "--max-pushups", "12", "--age", "30", "--sex", "male"]


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def runner(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("PUSHBACK_DATA_DIR", str(data_dir))
    monkeypatch.delenv("PUSHBACK_DATABASE_URL", raising=False)
    return CliRunner()


def test_assess_reports_step_norm_and_safety_then_saves_the_profile(
    runner: CliRunner, data_dir: Path
) -> None:
    result = runner.invoke(app, [*ASSESS, "--weight-lb", "180", "--equipment", "trx"])
    assert result.exit_code == 0, result.output
    assert "PAR-Q+ not answered: all seven answers were taken as no" in result.output
    assert "Ladder step 6: push-up" in result.output
    assert "Norm category: fair" in result.output
    assert "Stop a set" in result.output
    saved = json.loads((data_dir / "profile.json").read_text())
    assert saved["max_pushups"] == 12
    assert saved["equipment"] == ["trx"]
    assert saved["body_mass_kg"] == pytest.approx(81.6)


def test_assess_json_gives_the_assessment_and_the_saved_path(
    runner: CliRunner, data_dir: Path
) -> None:
    result = runner.invoke(app, [*ASSESS, "--parq", "nnnnnyn", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["ladder_step"] == 6
    assert data["norm"] == {
        "applies": True,
        "category": "fair",
        "note": "CSEP/ACSM, male 30-39.",
    }
    assert data["conservative"] is True
    assert data["parq_advice"][0].startswith("PAR-Q+: you answered yes to bone joint")
    assert data["saved_to"] == str(data_dir / "profile.json")


def test_parq_advice_comes_before_everything_else(runner: CliRunner) -> None:
    result = runner.invoke(app, [*ASSESS, "--parq", "yes,no,no,no,no,no,no"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("PAR-Q+: you answered yes to heart condition")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--max-pushups", "-3"], "max_pushups"),
        (["--max-pushups", "lots"], "max_pushups"),
        (["--max-pushups", "12", "--age", "400"], "age"),
        (["--max-pushups", "12", "--weight-kg", "-70"], "weight_kg"),
        (["--max-pushups", "12", "--equipment", "barbell"], "equipment"),
        (["--max-pushups", "12", "--condition", "knee"], "condition"),
        (["--max-pushups", "12", "--days", "9"], "days"),
        (["--max-pushups", "12", "--sex", "x"], "sex"),
        (["--max-pushups", "12", "--variant", "bench"], "variant"),
        (["--max-pushups", "12", "--parq", "nnn"], "parq"),
    ],
)
def test_bad_assess_input_is_one_line_exit_2_and_saves_nothing(
    runner: CliRunner, data_dir: Path, args: list[str], field: str
) -> None:
    result = runner.invoke(app, ["assess", *args])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: Invalid value for {field}: must be")
    assert not (data_dir / "profile.json").exists()


def test_plan_without_a_profile_says_to_run_assess(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan"])
    assert result.exit_code == 2
    assert "run `pushback assess` first" in result.output


def test_plan_with_assessment_flags_but_no_max_is_rejected(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", "--age", "40"])
    assert result.exit_code == 2
    assert result.output.startswith("Error: Invalid value for max_pushups")


def test_plan_uses_the_saved_profile(runner: CliRunner) -> None:
    assert runner.invoke(app, ASSESS).exit_code == 0
    result = runner.invoke(
        app, ["plan", "--json", "--weeks", "2", "--start", "2025-03-03"]
    )
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["start"] == "2025-03-03"
    assert [w["week"] for w in plan["weeks"]] == [1, 2]
    assert [s["day"] for s in plan["weeks"][0]["sessions"]] == [1, 3, 5]


def test_plan_takes_assessment_flags_directly_and_saves_nothing(
    runner: CliRunner, data_dir: Path
) -> None:
    result = runner.invoke(
        app, ["plan", "--max-pushups", "20", "--days", "2", "--weeks", "4", "--json"]
    )
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["weeks"][3]["deload"] is True
    assert [s["day"] for s in plan["weeks"][0]["sessions"]] == [1, 4]
    first = plan["weeks"][0]["sessions"][0]["exercises"]
    main = [e for e in first if e.get("role") == "main"]
    assert {"slug", "sets", "reps", "rep_range", "tempo", "rest_s", "reason"} <= set(
        main[0]
    )
    assert not (data_dir / "profile.json").exists()


def test_plan_table_shows_seed_beside_ours(runner: CliRunner) -> None:
    result = runner.invoke(app, ["plan", "--max-pushups", "12", "--weeks", "1"])
    assert result.exit_code == 0, result.output
    assert "Wide push-up 4x12" in result.output
    assert "our own rule: no study gives a number" in result.output
    assert "Week 1, day 1" in result.output


def test_goal_and_training_age_shape_the_plan_json(runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        ["plan", "--max-pushups", "40", "--goal", "strength", "--training-age",
         "advanced", "--weeks", "52", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    plan = json.loads(result.output)
    assert plan["goal"] == "strength" and plan["training_age"] == "advanced"
    assert plan["profile"]["goal"] == "strength"
    assert len(plan["weeks"]) == 52 and plan["weeks"][3]["retest"] is True
    main = [e for e in plan["weeks"][0]["sessions"][1]["exercises"]
            if e.get("slot") == "push-main"][0]  # fmt: skip
    assert main["rest_s"] == 180 and main["rep_range"][1] <= 10
    assert any(rule["sources"] for rule in plan["person"])


def test_assess_json_has_the_goal(runner: CliRunner) -> None:
    result = runner.invoke(app, [*ASSESS, "--goal", "endurance", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["goal"] == "endurance" and data["profile"]["goal"] == "endurance"


def test_plan_writes_ics_and_markdown_files(runner: CliRunner, tmp_path: Path) -> None:
    ics = tmp_path / "plan.ics"
    result = runner.invoke(
        app,
        ["plan", "--max-pushups", "12", "--format", "ics", "--start", "2025-03-03"]
        + ["--out", str(ics)],
    )
    assert result.exit_code == 0, result.output
    text = ics.read_bytes().decode("utf-8")
    assert text.count("BEGIN:VEVENT") == 12
    assert "DTSTART;VALUE=DATE:20250303\r\n" in text
    markdown = tmp_path / "plan.md"
    result = runner.invoke(
        app, ["plan", "--max-pushups", "12", "--format", "md", "--out", str(markdown)]
    )
    assert result.exit_code == 0, result.output
    assert markdown.read_text().startswith("# pushback plan (4 weeks from")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--weeks", "0"], "weeks"),
        (["--weeks", "53"], "weeks"),
        (["--goal", "bulk"], "goal"),
        (["--training-age", "pro"], "training_age"),
        (["--weeks", "four"], "weeks"),
        (["--start", "2025-02-30"], "start"),
        (["--format", "pdf"], "format"),
    ],
)
def test_bad_plan_input_is_one_line_exit_2(
    runner: CliRunner, args: list[str], field: str
) -> None:
    result = runner.invoke(app, ["plan", "--max-pushups", "12", *args])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: Invalid value for {field}")


def test_chest_pain_blocks_the_plan_until_cleared(runner: CliRunner) -> None:
    assess = runner.invoke(app, [*ASSESS, "--parq", "nynnnnn"])
    assert assess.exit_code == 0
    assert "No plan until you confirm clearance" in assess.output
    blocked = runner.invoke(app, ["plan"])
    assert blocked.exit_code == 1
    assert "--cleared" in blocked.output
    cleared = runner.invoke(app, [*ASSESS, "--parq", "nynnnnn", "--cleared"])
    assert cleared.exit_code == 0
    assert runner.invoke(app, ["plan", "--json"]).exit_code == 0


def test_broken_profile_file_is_named_in_one_line(
    runner: CliRunner, data_dir: Path
) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "profile.json").write_text("{not json")
    result = runner.invoke(app, ["plan"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert str(data_dir / "profile.json") in lines[0]


def test_profile_with_out_of_range_value_is_rejected_naming_the_file(
    runner: CliRunner, data_dir: Path
) -> None:
    assert runner.invoke(app, ASSESS).exit_code == 0
    path = data_dir / "profile.json"
    data = json.loads(path.read_text())
    data["days_per_week"] = 9
    path.write_text(json.dumps(data))
    result = runner.invoke(app, ["plan"])
    assert result.exit_code == 2
    assert str(path) in result.output and "days" in result.output


def test_assess_asks_interactively_without_flags(
    runner: CliRunner, data_dir: Path
) -> None:
    answers = ["push-up", "15", "25", "female", "60", "bands", "3", "", "posture", ""]
    answers += ["n"] * 7
    result = runner.invoke(app, ["assess"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Ladder step 6" in result.output
    assert "knee-push-up" in result.output  # women's norms use the knee push-up
    saved = json.loads((data_dir / "profile.json").read_text())
    assert saved["parq_answered"] is True
    assert saved["equipment"] == ["bands"]
    assert saved["goal"] == "posture" and saved["training_age"] is None


def test_interactive_input_ending_early_is_one_line_exit_2(
    runner: CliRunner, data_dir: Path
) -> None:
    result = runner.invoke(app, ["assess"], input="push-up\n")
    assert result.exit_code == 2
    assert "Error: Invalid value for max_pushups" in result.output
    assert not (data_dir / "profile.json").exists()


def test_onboard_assesses_then_shows_the_plan(
    runner: CliRunner, data_dir: Path
) -> None:
    answers = ["knee-push-up", "8", "72", "", "", "", "3", "wrist", "", "novice"]
    answers += ["n"] * 7
    result = runner.invoke(app, ["onboard"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Norm category: not applicable" in result.output
    assert "Neutral wrist" in result.output or "neutral wrist" in result.output
    assert "Week 4 (easy week)" in result.output
    assert (data_dir / "profile.json").exists()
