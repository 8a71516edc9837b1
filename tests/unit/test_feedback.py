"""Faults, feedback and the form trend on synthetic sets with scripted faults: every
fault code is found where it was scripted and nowhere else."""

from __future__ import annotations

import inspect

import pytest

from pushback.analysis.faults import (
    DEFAULT_FORM_CONFIG,
    FAULT_CODES,
    FAULTS,
    FormConfig,
    catalog_cue,
    hysteresis,
)
from pushback.analysis.feedback import assess_form, find_stop_rep
from pushback.analysis.result import AnalysisResult
from pushback.domain.catalog import load_catalog
from pushback.domain.errors import InvalidInput
from tests.unit._synthetic_form import FormRep, make_form_set

CATALOG = load_catalog()
PUSH_UP = CATALOG.get("push-up")


def _assess(
    reps: list[FormRep], view: str = "side", exercise: str = "push-up"
) -> AnalysisResult:
    series, result = make_form_set(reps, view=view)
    return assess_form(result, series, exercise=CATALOG.get(exercise), fallback=PUSH_UP)


#: code -> (view, exercise, the faulty rep's script)
SCRIPTED = {
    "shallow": ("side", "push-up", FormRep(depth=0.15)),
    "no-lockout": ("side", "push-up", FormRep(lockout=0.0)),
    "hip-sag": ("side", "push-up", FormRep(sag=-0.15)),
    "pike": ("side", "push-up", FormRep(sag=0.15)),
    "head-drop": ("side", "push-up", FormRep(head_deg=-40)),
    "elbow-flare": ("front", "push-up", FormRep(flare_deg=80)),
    "hands-narrow-for-wide": ("front", "wide-push-up", FormRep(hand_width=1.1)),
    "shrug": ("side", "push-up", FormRep(neck=0.6)),
    "asymmetry": ("front", "push-up", FormRep(roll=0.4)),
    "fast-descent": ("side", "push-up", FormRep(descent_s=1.0)),
}


def test_every_fault_code_has_a_synthetic_case() -> None:
    assert set(SCRIPTED) == set(FAULT_CODES)


@pytest.mark.parametrize("code", FAULT_CODES)
def test_a_scripted_fault_is_found_on_its_rep_only(code: str) -> None:
    view, exercise, bad = SCRIPTED[code]
    clean = FormRep(hand_width=1.7) if exercise == "wide-push-up" else FormRep()
    result = _assess([clean, clean, clean, bad, clean, clean], view, exercise)
    assert [code in rep.faults for rep in result.reps] == [False] * 3 + [True] + [
        False
    ] * 2
    for rep in result.reps:
        assert set(rep.faults) <= {code}, (rep.index, rep.faults)


@pytest.mark.parametrize("view", ["side", "front"])
def test_a_clean_set_has_no_fault_and_no_stop(view: str) -> None:
    result = _assess([FormRep()] * 5, view)
    assert all(rep.faults == () for rep in result.reps)
    assert result.form is not None
    assert result.form.feedback == () and result.form.stop_at_rep is None


def test_hands_width_is_only_judged_for_the_wide_push_up() -> None:
    result = _assess([FormRep(hand_width=1.0)] * 2, "front", "push-up")
    assert all("hands-narrow-for-wide" not in rep.faults for rep in result.reps)


def test_feedback_lists_each_code_with_its_reps_and_a_catalog_cue() -> None:
    result = _assess([FormRep(), FormRep(sag=-0.15), FormRep(sag=-0.15), FormRep()])
    data = result.to_dict()
    (item,) = data["feedback"]
    assert item["code"] == "hip-sag" and item["reps"] == [2, 3]
    assert catalog_cue("hip-sag", PUSH_UP, None) in item["message"]
    assert catalog_cue("hip-sag", PUSH_UP, None) in PUSH_UP.cues


@pytest.mark.parametrize("code", FAULT_CODES)
def test_every_code_is_tied_to_a_push_up_catalog_cue(code: str) -> None:
    entry = CATALOG.get(
        "wide-push-up" if code == "hands-narrow-for-wide" else "push-up"
    )
    assert catalog_cue(code, entry, PUSH_UP) in entry.cues


def test_an_exercise_without_the_cue_falls_back_to_the_push_up_cue() -> None:
    wall = CATALOG.get("wall-push-up")
    assert catalog_cue("head-drop", wall, PUSH_UP) in PUSH_UP.cues


def test_unknown_fault_code_is_rejected() -> None:
    with pytest.raises(InvalidInput):
        catalog_cue("wobble", PUSH_UP, None)


def test_lasting_hip_sag_sets_stop_at_rep_with_the_reason() -> None:
    result = _assess([FormRep()] * 4 + [FormRep(sag=-0.15)] * 3)
    assert result.form is not None
    assert result.form.stop_at_rep == 5
    assert "hips sag" in (result.form.stop_reason or "")
    assert "after rep 4" in (result.form.stop_reason or "")


def test_depth_loss_and_speed_up_break_form_from_the_rep_they_start() -> None:
    reps = [FormRep()] * 3 + [FormRep(depth=0.45, descent_s=1.0)] * 3
    result = _assess(reps)
    assert result.form is not None and result.form.stop_at_rep == 4
    reason = result.form.stop_reason or ""
    assert "depth shrinks" in reason and "descent speeds up" in reason


def test_one_bad_rep_then_recovery_is_not_a_stop() -> None:
    reps = [FormRep()] * 3 + [FormRep(sag=-0.15)] + [FormRep()] * 3
    result = _assess(reps)
    assert result.form is not None and result.form.stop_at_rep is None


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        ([False, False, True, True, True], 2),
        ([True, True, False, False, True], None),
        ([True, True, False, True, True], 0),
        ([False, True], None),
        ([], None),
    ],
)
def test_find_stop_rep_needs_two_in_a_row_that_last(
    broken: list[bool], expected: int | None
) -> None:
    assert find_stop_rep(broken, 2) == expected


def test_hysteresis_holds_a_fault_until_the_off_threshold() -> None:
    values = [0.0, -0.09, -0.06, -0.04, -0.06, None, -0.09]
    assert hysteresis(values, -0.08, -0.05, "below") == [
        False, True, True, False, False, False, True,
    ]  # fmt: skip


def test_tempo_compliance_uses_the_prescription() -> None:
    result = _assess([FormRep(descent_s=3.0), FormRep(descent_s=1.0)])
    data = result.to_dict()
    tempo = data["tempo_compliance"]
    assert tempo["prescribed_descent_s"] == 3.0
    assert tempo["reps_on_target"] == 1 and tempo["reps_timed"] == 2
    assert tempo["fraction_on_target"] == 0.5


def test_json_keeps_the_issue_4_keys_and_adds_the_form_keys() -> None:
    data = _assess([FormRep(), FormRep(sag=-0.15)]).to_dict()
    assert {"rep_count", "partial_reps", "view", "warnings", "reps", "tempo"} <= set(
        data
    )
    assert {
        "feedback",
        "stop_at_rep",
        "stop_reason",
        "tempo_compliance",
        "form",
    } <= set(data)
    rep = data["reps"][1]
    assert rep["faults"] == ["hip-sag"]
    assert rep["metrics"]["body_line"]["unit"] == "torso lengths"
    assert rep["metrics"]["elbow_flare_deg"]["value"] is None
    assert "side view" in rep["metrics"]["elbow_flare_deg"]["reason"]


def test_every_threshold_is_a_documented_config_field() -> None:
    fields = set(FormConfig.__dataclass_fields__)
    for fault in FAULTS.values():
        if fault.code != "fast-descent":
            assert {fault.on, fault.off} <= fields
    lines = inspect.getsource(FormConfig).splitlines()
    for name in fields:
        (at,) = [i for i, line in enumerate(lines) if line.startswith(f"    {name}:")]
        assert lines[at - 1].strip().startswith("#"), f"{name} has no comment"


def test_config_rejects_unknown_and_bad_settings() -> None:
    with pytest.raises(InvalidInput):
        DEFAULT_FORM_CONFIG.with_overrides(sag_limit=-0.1)
    with pytest.raises(InvalidInput):
        FormConfig(baseline_reps=0)
    assert DEFAULT_FORM_CONFIG.with_overrides(sag_on=-0.1).sag_on == -0.1
