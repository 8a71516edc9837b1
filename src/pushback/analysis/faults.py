"""The closed list of form fault codes, their thresholds, and per-rep detection.

Every code (:data:`FAULT_CODES`) is one record of :data:`FAULTS`: the metric of
:mod:`pushback.analysis.form` it reads, the direction that is bad, the catalog cue
that corrects it (found by keywords in the exercise's ``cues``, falling back to the
push-up entry's), and what to do about it.

Thresholds live in the frozen :class:`FormConfig`, each with an *on* and an *off*
value (hysteresis, brief section 6: "[design] add hysteresis to every threshold").
Across the reps of a set a fault switches on when the rep's metric passes ``on`` and
stays on for the following reps until the metric is back past ``off``; a rep whose
metric could not be judged (view, landmarks) is never flagged and keeps the state.

Sources: brief section 6 (depth, lockout, body line, head, elbow flare, hand width,
asymmetry, shrug, tempo), the seed (wide push-up 1.5x shoulder width, 3 s descent).
No study validates 2D-pose cut-offs ("numbers from open-source MediaPipe trackers are
heuristics", brief section 6), so every band below is **[design]** unless a source is
named; where the 2D measure reads systematically off the anatomical angle, the
default says so and shows what the labelled clips read.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from pushback.analysis.form import RepForm
from pushback.domain._words import N_
from pushback.domain.catalog import Exercise
from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg, table_phrase

__all__ = [
    "DEFAULT_FORM_CONFIG",
    "FAULTS",
    "FAULT_CODES",
    "FaultDefinition",
    "FormConfig",
    "catalog_cue",
    "detect_faults",
    "fault_advice",
    "hysteresis",
]

Direction = Literal["above", "below"]


@dataclass(frozen=True)
class FormConfig:
    """Every form threshold, units in the names: ``*_on`` flags, ``*_off`` clears."""

    #: Depth: smallest elbow angle above this is shallow, deg. Brief section 6: "one
    #: blog flags >110 deg as incomplete" (ACSM-style target <= 90 deg).
    shallow_on_deg: float = 110.0
    #: ...cleared again below this, deg [design].
    shallow_off_deg: float = 100.0
    #: Lockout: top elbow angle under this is no lockout, deg. Brief: >= 160-170 deg at
    #: the top; 2D elbows of the good-form clips top out at 159-165, so [design] 5 deg
    #: under the brief's 160.
    lockout_on_deg: float = 155.0
    #: ...cleared at or above the brief's 160 deg.
    lockout_off_deg: float = 160.0
    #: Hip sag: body line below this, torso lengths (brief [design]: beyond -5 to -8%).
    sag_on: float = -0.08
    #: ...cleared above this (the brief band's other end).
    sag_off: float = -0.05
    #: Pike: body line above this, torso lengths (brief [design]: beyond +8%).
    pike_on: float = 0.08
    #: ...cleared below this [design, mirrors the sag band].
    pike_off: float = 0.05
    #: Head drop, side view: ear-shoulder-hip angle below this, deg. Brief [design]:
    #: flag beyond 15-20 deg of a neutral neck; the good-form clips already read -3
    #: to -23 deg (the ear landmark sits under the torso line), so on at -25 deg.
    head_drop_on_deg: float = -25.0
    #: ...cleared above this, deg [design].
    head_drop_off_deg: float = -20.0
    #: Head drop, front/oblique view: ears below the shoulder line by more than this,
    #: shoulder widths [design: clean front/oblique clips -0.2-0.22, dropped 0.31-0.62].
    head_hang_on: float = 0.3
    #: ...cleared below this, shoulder widths [design].
    head_hang_off: float = 0.25
    #: Elbow flare above this, deg from the torso. Coaching norm about 45 deg, avoid
    #: about 90 deg (brief; Suprak 2013). The front-view 2D estimate reads low: a
    #: hand-labelled 70-90 deg flare reads 38-41, tucked elbows 18-22, so [design] 35.
    flare_on_deg: float = 35.0
    #: ...cleared below this, deg [design].
    flare_off_deg: float = 30.0
    #: Wide push-up hands narrower than this, shoulder widths (seed: 1.5x; brief
    #: section 1.4: "wide" usually >= 150% of biacromial breadth).
    wide_hands_on: float = 1.5
    #: ...cleared at or above this, shoulder widths [design].
    wide_hands_off: float = 1.6
    #: Left/right asymmetry above this, deg (brief [design]: flag > 10-15 deg).
    asymmetry_on_deg: float = 15.0
    #: ...cleared below this, deg (the brief band's other end).
    asymmetry_off_deg: float = 10.0
    #: Shrug: ear-shoulder distance below this fraction of the first reps' [design].
    shrug_on_ratio: float = 0.8
    #: ...cleared above this fraction [design].
    shrug_off_ratio: float = 0.85
    #: Fast descent clears this much (s) above the on threshold (prescribed descent
    #: minus the tempo tolerance, brief section 6: 3 s, +-0.5 s) [design].
    fast_descent_hysteresis_s: float = 0.25
    #: Reps at the start of the set that give the set's own reference (depth, descent,
    #: shrug) [design].
    baseline_reps: int = 3
    #: Depth loss: min elbow this much larger than the first reps' [design].
    depth_loss_deg: float = 15.0
    #: Form broke when the breakdown holds on this many consecutive reps (brief
    #: section 4 stop signals: "hip sag or depth loss on 2 consecutive reps").
    stop_consecutive_reps: int = 2

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, int | float) or value != value:
                raise InvalidInput(f.name, value, msg("a number"))
        for name in ("baseline_reps", "stop_consecutive_reps"):
            if getattr(self, name) < 1:
                raise InvalidInput(
                    name, getattr(self, name), msg("a whole number >= 1")
                )

    def with_overrides(self, **overrides: Any) -> FormConfig:
        """A copy with named fields replaced.

        Raises:
            InvalidInput: an unknown field or an invalid value.
        """
        names = {f.name for f in dataclasses.fields(self)}
        for key in overrides:
            if key not in names:
                raise InvalidInput(
                    "setting",
                    key,
                    msg("one of %(choices)s", choices=", ".join(sorted(names))),
                )
        return dataclasses.replace(self, **overrides)


#: The shipped defaults.
DEFAULT_FORM_CONFIG = FormConfig()


@dataclass(frozen=True)
class FaultDefinition:
    """One fault code: the metric it reads, the bad direction, its thresholds (names
    of :class:`FormConfig` fields), the cue keywords and the advice."""

    code: str
    title: str
    metric: str
    direction: Direction
    on: str
    off: str
    cue_keywords: tuple[str, ...]
    advice: str


FAULTS: dict[str, FaultDefinition] = {
    d.code: d
    for d in (
        FaultDefinition(
            "shallow", N_("Not deep enough"), "min_elbow_deg", "above",
            "shallow_on_deg", "shallow_off_deg",
            ("fist's height", "chest to", "all the way down"),
            "Lower until the elbows pass 90 deg; use an incline or knee push-up "
            "if full depth is not there yet.",
        ),
        FaultDefinition(
            "no-lockout", N_("No lockout at the top"), "lockout_elbow_deg", "below",
            "lockout_on_deg", "lockout_off_deg",
            ("push the floor away", "push the", "arms straight"),
            "Straighten the arms fully at the top and spread the shoulder blades "
            "(the 'plus').",
        ),
        FaultDefinition(
            "hip-sag", N_("Hips sagging"), "body_line", "below", "sag_on", "sag_off",
            ("one line", "glutes", "one piece", "plank", "straight"),
            "Squeeze the glutes and brace the belly so the hips stay on the "
            "shoulder-heel line; sagging loads the lower back.",
        ),
        FaultDefinition(
            "pike", N_("Hips piked up"), "body_line", "above", "pike_on", "pike_off",
            ("one line", "hips", "plank", "straight"),
            "Lower the hips into the shoulder-heel line; a pike shortens the "
            "range and shifts the work off the chest.",
        ),
        FaultDefinition(
            "head-drop", N_("Head dropping"), "head_deg", "below",
            "head_drop_on_deg", "head_drop_off_deg",
            ("ears in line", "chin", "neck"),
            "Keep the ears in line with the shoulders and look at the floor just "
            "ahead of the hands; lead with the chest, not the chin.",
        ),
        FaultDefinition(
            "elbow-flare", N_("Elbows flared"), "elbow_flare_deg", "above",
            "flare_on_deg", "flare_off_deg",
            ("45 deg", "flared", "elbows"),
            "Keep the elbows about 45 deg from the body; flaring towards 90 deg "
            "can pinch the shoulder (Suprak 2013).",
        ),
        FaultDefinition(
            "hands-narrow-for-wide", N_("Hands too narrow for a wide push-up"),
            "hand_width", "below", "wide_hands_on", "wide_hands_off",
            ("shoulder widths apart", "hands"),
            "Set the hands about 1.5 shoulder widths apart (the article's wide "
            "push-up).",
        ),
        FaultDefinition(
            "shrug", N_("Shrugging"), "neck_ratio", "below",
            "shrug_on_ratio", "shrug_off_ratio",
            ("shrug", "away from the ears", "back and down"),
            "Keep the shoulder blades back and down, away from the ears, all the "
            "way down.",
        ),
        FaultDefinition(
            "asymmetry", N_("One side lower"), "asymmetry_deg", "above",
            "asymmetry_on_deg", "asymmetry_off_deg",
            ("shoulders level", "square", "level"),
            "Keep the shoulders level and bend both arms together.",
        ),
        FaultDefinition(
            "fast-descent", N_("Descent too fast"), "descent_s", "below",
            "prescribed descent - tolerance", "fast_descent_hysteresis_s",
            ("3 s", "slow", "pull yourself"),
            "Lower under control: count the prescribed seconds on the way down "
            "and pull yourself to the floor.",
        ),
    )
}  # fmt: skip
#: The closed list of fault codes, in report order.
FAULT_CODES: tuple[str, ...] = tuple(FAULTS)


def hysteresis(
    values: Sequence[float | None], on: float, off: float, direction: Direction
) -> list[bool]:
    """Per-value fault flags with hysteresis (see the module docstring).

    ``direction="above"``: flagged when a value exceeds ``on``, cleared when it is at
    or below ``off`` (``off <= on``); ``"below"`` mirrors it. None is never flagged.
    """
    flags: list[bool] = []
    active = False
    for value in values:
        if value is None:
            flags.append(False)
            continue
        bad = value > on if direction == "above" else value < on
        clear = value <= off if direction == "above" else value >= off
        active = bad or (active and not clear)
        flags.append(active)
    return flags


def _thresholds(
    fault: FaultDefinition, config: FormConfig, fast_on_s: float
) -> tuple[float, float]:
    if fault.code == "fast-descent":
        return fast_on_s, fast_on_s + config.fast_descent_hysteresis_s
    return float(getattr(config, fault.on)), float(getattr(config, fault.off))


def _values(
    fault: FaultDefinition, forms: Sequence[RepForm], descents_s: Sequence[float]
) -> list[float | None]:
    if fault.metric == "descent_s":
        return list(descents_s)
    return [form.value(fault.metric) for form in forms]


def detect_faults(
    forms: Sequence[RepForm],
    descents_s: Sequence[float],
    *,
    fast_descent_below_s: float,
    wide: bool = False,
    config: FormConfig = DEFAULT_FORM_CONFIG,
) -> list[tuple[str, ...]]:
    """Fault codes of each rep, in :data:`FAULT_CODES` order.

    ``descents_s`` are the reps' descents (s); a descent under
    ``fast_descent_below_s`` (prescribed descent minus tolerance) is too fast.
    ``hands-narrow-for-wide`` is only judged when ``wide`` (a wide push-up).
    """
    flags: dict[str, list[bool]] = {}
    for fault in FAULTS.values():
        if fault.code == "hands-narrow-for-wide" and not wide:
            continue
        on, off = _thresholds(fault, config, fast_descent_below_s)
        flags[fault.code] = hysteresis(
            _values(fault, forms, descents_s), on, off, fault.direction
        )
    hang = hysteresis(
        [form.value("head_drop") for form in forms],
        config.head_hang_on,
        config.head_hang_off,
        "above",
    )
    flags["head-drop"] = [a or b for a, b in zip(flags["head-drop"], hang, strict=True)]
    return [
        tuple(code for code in FAULT_CODES if code in flags and flags[code][i])
        for i in range(len(forms))
    ]


def catalog_cue(code: str, exercise: Exercise | None, fallback: Exercise | None) -> str:
    """The catalog cue that corrects ``code``: the first cue of ``exercise`` (then of
    ``fallback``, the push-up entry) containing one of the fault's keywords, else the
    fault's own advice.

    Raises:
        InvalidInput: unknown fault code.
    """
    fault = FAULTS.get(code)
    if fault is None:
        raise InvalidInput(
            "fault", code, msg("one of %(choices)s", choices=", ".join(FAULT_CODES))
        )
    for entry in (exercise, fallback):
        if entry is None:
            continue
        for index, cue in enumerate(entry.cues):
            if any(k in cue.lower() for k in fault.cue_keywords):
                return table_phrase("exercises", entry.slug, "cues", cue, index)
    return fault_advice(code)


def fault_advice(code: str) -> str:
    """The advice of fault ``code`` (a phrase: shown in the reader's language)."""
    return table_phrase("faults", code, "advice", FAULTS[code].advice)
