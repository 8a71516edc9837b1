"""``pushback nutrition`` end to end: real CLI, real profile file, real output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from pushback.cli.main import app
from pushback.domain.profile import Profile


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data dir; the CLI finds it through PUSHBACK_DATA_DIR."""
    return tmp_path / "data"


def _run(data_dir: Path, *args: str) -> Any:
    runner = CliRunner()
    env = {"PUSHBACK_DATA_DIR": str(data_dir), "COLUMNS": "120"}
    return runner.invoke(app, ["nutrition", *args], env=env)


def _json(data_dir: Path, *args: str) -> dict[str, Any]:
    result = _run(data_dir, *args, "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def _save_profile(data_dir: Path, **fields: Any) -> Path:
    profile = Profile(**{"max_pushups": 10, **fields})
    path = data_dir / "profile.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(profile.to_dict()), encoding="utf-8")
    return path


def test_tables_show_targets_foods_and_the_clinician_note(data_dir: Path) -> None:
    result = _run(data_dir, "--weight-kg", "70", "--age", "30", "--sex", "female")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Protein per day" in out and "112-154" in out  # the seed's 1.6-2.2 g/kg
    assert "1.40-2.00" in out and "1.62" in out  # ISSN and Morton beside it
    assert "Vitamin D per day" in out and "15-20" in out and "4,000" in out
    assert "Chicken breast" in out and "Total" in out
    assert "clinician" in out and "Our rule" in out and "Not yet checked" in out
    assert "[design]" not in out and "brief" not in out and " ug" not in out
    assert "Energy" not in out  # no height given


def test_json_keeps_the_public_contract(data_dir: Path) -> None:
    data = _json(data_dir, "--weight-kg", "80", "--age", "45")
    assert data["protein_g_per_day"] == {"min": 128.0, "max": 176.0}
    assert data["vitamin_d_ug_per_day"] == {"min": 15.0, "max": 20.0}
    assert data["vitamin_d_upper_limit_ug_per_day"] == 100.0
    totals = data["day_of_foods_totals"]
    assert totals["protein_g"] >= data["protein_target_g_per_day"]
    assert totals["protein_g"] == pytest.approx(
        sum(item["protein_g"] for item in data["day_of_foods"])
    )


def test_over_70_the_vitamin_d_minimum_is_20_ug(data_dir: Path) -> None:
    data = _json(data_dir, "--weight-kg", "65", "--age", "72")
    assert data["vitamin_d_ug_per_day"] == {"min": 20.0, "max": 20.0}


def test_pounds_are_converted(data_dir: Path) -> None:
    data = _json(data_dir, "--weight-lb", "154.3")
    assert data["inputs"]["body_mass_kg"] == 70.0
    assert data["protein_g_per_day"]["min"] == pytest.approx(
        1.6 * 154.3 * 0.45359237, abs=0.05
    )


def test_height_adds_an_energy_estimate(data_dir: Path) -> None:
    args = ("--weight-kg", "70", "--age", "30", "--sex", "male", "--height-cm", "178")
    result = _run(data_dir, *args, "--activity", "moderate")
    assert result.exit_code == 0, result.stderr
    assert "Energy (estimate)" in result.stdout and "moderate (you)" in result.stdout
    energy = _json(data_dir, *args)["energy_kcal_per_day"]
    assert energy["resting"] == round(10 * 70 + 6.25 * 178 - 5 * 30 + 5)
    assert energy["total"] is None  # no activity chosen: every level is listed


def test_excluded_foods_stay_out_of_the_day(data_dir: Path) -> None:
    data = _json(
        data_dir,
        "--weight-kg",
        "70",
        "--exclude",
        "chicken-breast",
        "--exclude",
        "salmon",
    )
    foods = {item["food"] for item in data["day_of_foods"]}
    assert not foods & {"chicken-breast", "salmon"}
    assert data["day_of_foods_totals"]["protein_g"] >= 112.0


def test_without_a_weight_the_saved_profile_is_used(data_dir: Path) -> None:
    _save_profile(data_dir, body_mass_kg=80.0, age=72, sex="female")
    data = _json(data_dir)
    assert data["protein_g_per_day"] == {"min": 128.0, "max": 176.0}
    assert data["vitamin_d_ug_per_day"]["min"] == 20.0
    assert data["inputs"]["from_profile"] == ["weight_kg", "age", "sex"]
    table = _run(data_dir)
    assert "from your saved profile" in table.stdout


def test_an_age_flag_wins_over_the_profile(data_dir: Path) -> None:
    _save_profile(data_dir, body_mass_kg=80.0, age=72)
    data = _json(data_dir, "--age", "40")
    assert data["vitamin_d_ug_per_day"]["min"] == 15.0
    assert data["inputs"]["from_profile"] == ["weight_kg"]


def _assert_one_line_error(result: Any, *fragments: str) -> None:
    assert result.exit_code == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: Invalid value for ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("--weight-kg", "-70"), ("weight_kg", "between 30 and 300 kg", "-70")),
        (("--weight-kg", "700"), ("weight_kg", "between 30 and 300 kg", "700")),
        (("--weight-kg", "abc"), ("weight_kg", "a number", "abc")),
        (("--weight-kg", "nan"), ("weight_kg", "between 30 and 300")),
        (("--weight-lb", "1000"), ("weight_lb", "between 66.2 and 661.3 lb", "1000")),
        (("--weight-kg", "70", "--weight-lb", "154"), ("weight_lb", "154")),
        (("--weight-kg", "70", "--age", "7"), ("age", "between 15 and 100 years", "7")),
        (("--weight-kg", "70", "--age", "thirty"), ("age", "whole number", "thirty")),
        (("--weight-kg", "70", "--sex", "x"), ("sex", "female or male", "'x'")),
        (("--weight-kg", "70", "--meals", "0"), ("meals", "between 1 and 8", "0")),
        (
            ("--weight-kg", "70", "--exclude", "pizza"),
            ("exclude", "chicken-breast", "pizza"),
        ),
        (("--weight-kg", "70", "--activity", "moderate"), ("height_cm",)),
        (("--weight-kg", "70", "--height-cm", "175"), ("age",)),
        (
            ("--weight-kg", "70", "--age", "30", "--sex", "male", "--height-cm", "17"),
            ("height_cm", "between 120 and 230 cm", "17"),
        ),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(
    data_dir: Path, args: tuple[str, ...], fragments: tuple[str, ...]
) -> None:
    _assert_one_line_error(_run(data_dir, *args), *fragments)


def test_no_weight_and_no_profile_says_what_to_do(data_dir: Path) -> None:
    _assert_one_line_error(_run(data_dir), "weight_kg", "profile", "does not exist")
    assert not data_dir.exists() or not any(data_dir.iterdir())  # nothing written


def test_a_profile_without_weight_asks_for_one(data_dir: Path) -> None:
    _save_profile(data_dir, age=30)
    _assert_one_line_error(_run(data_dir), "weight_kg", "has no weight")


def test_a_broken_profile_is_named_and_left_alone(data_dir: Path) -> None:
    path = data_dir / "profile.json"
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    _assert_one_line_error(_run(data_dir), str(path))
    assert path.read_text(encoding="utf-8") == "{not json"


def test_help_explains_the_command_with_an_example(data_dir: Path) -> None:
    result = CliRunner().invoke(app, ["nutrition", "--help"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert "--weight-kg" in result.stdout and "--json" in result.stdout
    assert "pushback nutrition --weight-kg 70" in result.stdout
