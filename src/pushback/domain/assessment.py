"""Assessment: validate answers into a :class:`Profile`, place the user on the ladder,
rate them against the CSEP/ACSM norms where those apply, and screen with PAR-Q+.

Rules (brief sections 2.1, 3.1 and 4; **[design]** where the brief proposes them):

* **Ladder step**: work sets start at ~65% of the tested max. The max is carried
  to the other steps by the ladder rule (:mod:`pushback.domain.dose`: twice the
  reps one step easier). If the work sets fit the tested step's window, that step;
  if they already reach the reps of its gate, one step harder (never more than one
  step from one test, and never under conservative settings); if they fall below
  the window, the hardest easier step whose carried max fits (the wall push-up
  when none does, e.g. after a test of 0).
* **Norms**: only for the CSEP protocol: men on the standard push-up, women on the
  knee push-up, ages 15-69 (``data/norms.toml``). Anything else: no category, and
  the result says why.
* **PAR-Q+** (brief section 4): any yes -> the clearance advice comes first and
  the plan uses conservative settings. A yes on a heart condition or high blood
  pressure (Q1), chest pain (Q2), dizziness or loss of consciousness (Q3) or
  "medically supervised activity only" (Q7) -> no plan until the user confirms
  clearance (``cleared``): PAR-Q+ sends every yes to follow-up questions or
  clearance, and pushback asks no follow-up questions. Pregnancy is handled the
  same way: the PAR-Q+ says delay if pregnant and not yet cleared, and ACOG CO 804
  encourages strength work after a clinical evaluation.
* **Input bounds** [design, plausibility only]: max reps 0-200, age 15-100 (15 is
  the youngest CSEP band; pushback has no youth programme), body mass 30-300 kg,
  2-5 sessions a week (issue 2).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from pushback.domain._norms import NormResult, load_norms, norm_category
from pushback.domain.catalog import CONDITIONS, EQUIPMENT, Catalog, Exercise
from pushback.domain.dose import dose_for, estimated_max, work_reps
from pushback.domain.errors import InvalidInput, NotAllowed, NotFound
from pushback.domain.phrases import ITEMS, Phrase, exercise_phrase, joined, msg
from pushback.domain.profile import PARQ_QUESTIONS, TRAINING_AGES, ParQ, Profile
from pushback.domain.programming import GOALS, load_programming
from pushback.domain.units import kg_to_lb, lb_to_kg

__all__ = [
    "AGE_RANGE",
    "BLOCKING_PARQ",
    "BODY_MASS_KG_RANGE",
    "BODY_MASS_LB_RANGE",
    "DAYS_RANGE",
    "MAX_REPS_RANGE",
    "Assessment",
    "AssessmentAnswers",
    "NormResult",
    "StepResult",
    "answers_of",
    "assess",
    "build_profile",
    "is_conservative",
    "ladder_step",
    "load_norms",
    "norm_category",
    "parq_advice",
    "parse_parq",
    "require_plan_allowed",
    "safety_advice",
]

MAX_REPS_RANGE = (0, 200)
AGE_RANGE = (15, 100)
BODY_MASS_KG_RANGE = (30.0, 300.0)
#: The same range in pounds, rounded inwards to 0.1 lb: every accepted pound value
#: converts (and rounds) into BODY_MASS_KG_RANGE, or `pushback nutrition` would
#: refuse the profile.
BODY_MASS_LB_RANGE = (
    math.ceil(kg_to_lb(BODY_MASS_KG_RANGE[0]) * 10) / 10,
    math.floor(kg_to_lb(BODY_MASS_KG_RANGE[1]) * 10) / 10,
)
DAYS_RANGE = (2, 5)
#: PAR-Q+ questions whose yes blocks the plan until clearance is confirmed.
#: Chest pain and dizziness, as before; a heart condition or high blood pressure,
#: and "exercise only under medical supervision", because PAR-Q+ sends every yes to
#: follow-up questions or clearance and pushback asks no follow-up questions.
BLOCKING_PARQ: tuple[str, ...] = (
    "heart_condition",
    "chest_pain",
    "dizziness",
    "supervised_only",
)
_YES = {"y", "yes", "true", "1"}
_NO = {"n", "no", "false", "0"}

#: Safety table of brief section 4, one entry per declarable condition.
CONDITION_ADVICE: dict[str, Phrase] = {
    "wrist": msg(
        "Wrist pain: a floor push-up needs about 90 degrees of loaded wrist "
        "extension. Use push-up handles, hex dumbbells or fists for a neutral wrist, "
        "hands under the shoulders, elbows about 45 degrees (628th Medical Group PT "
        "advice, 2016)."
    ),
    "shoulder": msg(
        "Shoulder pain: incline or knee variants, elbows at most 45 degrees from the "
        "torso, avoid about 90 degrees of arm abduction (Suprak 2013); prefer the "
        "standard push-up plus to the wall push-up plus (Ludewig 2004; Lunden 2010). "
        "Stay pain-free."
    ),
    "lower-back": msg(
        "Low-back pain: incline or knee variants; avoid forward/backward hand "
        "placements and very unstable variants (Marcolin 2015). Watch for hip sag."
    ),
    "pregnancy": msg(
        "Pregnancy: ACOG CO 804 (2020) encourages strength work in an uncomplicated "
        "pregnancy after a clinical evaluation. Shift to incline or wall push-ups as "
        "the abdomen grows. Stop for vaginal bleeding, regular painful contractions, "
        "fluid leakage, breathlessness before exertion, dizziness, headache, chest "
        "pain, calf pain or swelling, or muscle weakness affecting balance."
    ),
}
STOP_SIGNALS = msg(
    "Stop a set at once for chest pain, dizziness, unusual breathlessness, sharp or "
    "joint pain (not muscle burn), numbness or tingling in the hand, or when form "
    "breaks (hip sag, lost depth) on %(reps)d reps in a row.",
    reps=2,
)
HEART_ADVICE = msg(
    "Heart condition or high blood pressure: move at a steady, moderate to slow "
    "pace, breathe out as you push up and in as you lower, and never hold your "
    "breath or strain (American Heart Association, Williams 2007). Every set stops "
    "well short of failure, and the retest stops %(reps)d reps early too.",
    reps=3,
)
KEY_CAVEAT = msg(
    "Push-ups are a press: for the back they mainly train the shoulder-blade "
    "stabilisers (serratus anterior, trapezius). Lats and rhomboids need the rows "
    "and pulls in your plan."
)
#: The PAR-Q+ questions (and pregnancy) in a few words, for the advice.
REASON_WORDS: dict[str, Phrase] = {
    "heart_condition": msg("heart condition"),
    "chest_pain": msg("chest pain"),
    "dizziness": msg("dizziness"),
    "chronic_condition": msg("chronic condition"),
    "medication": msg("medication"),
    "bone_joint": msg("bone joint"),
    "supervised_only": msg("supervised only"),
    "pregnancy": msg("pregnancy"),
}


def _reason_words(names: list[str] | tuple[str, ...]) -> Phrase:
    return joined(ITEMS, (REASON_WORDS[name] for name in names))


@dataclass(frozen=True)
class AssessmentAnswers:
    """Raw answers as a front end collected them; :func:`build_profile` checks them."""

    max_pushups: object
    variant: str = "push-up"
    age: object = None
    sex: str | None = None
    weight_kg: object = None
    weight_lb: object = None
    equipment: tuple[str, ...] = ()
    days_per_week: object = 3
    conditions: tuple[str, ...] = ()
    parq: str | ParQ | None = None
    cleared: bool = False
    goal: str | None = None
    training_age: str | None = None


def _int_in(field_name: str, value: object, bounds: tuple[int, int]) -> int:
    low, high = bounds
    expected = f"a whole number between {low} and {high}"
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise InvalidInput(field_name, value, expected)
    try:
        number = int(value)
    except ValueError:
        raise InvalidInput(field_name, value, expected) from None
    if not low <= number <= high:
        raise InvalidInput(field_name, value, expected)
    return number


def _mass_kg(answers: AssessmentAnswers) -> float | None:
    if answers.weight_kg is not None and answers.weight_lb is not None:
        raise InvalidInput(
            "weight", f"{answers.weight_kg} kg and {answers.weight_lb} lb", "given once"
        )
    low, high = BODY_MASS_KG_RANGE
    if answers.weight_kg is not None:
        name, raw, bounds = "weight_kg", answers.weight_kg, (low, high)
    elif answers.weight_lb is not None:
        name, raw, bounds = "weight_lb", answers.weight_lb, BODY_MASS_LB_RANGE
    else:
        return None
    expected = f"a number between {bounds[0]:g} and {bounds[1]:g}"
    try:
        number = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InvalidInput(name, raw, expected) from None
    if not bounds[0] <= number <= bounds[1]:
        raise InvalidInput(name, raw, expected)
    return round(number if name == "weight_kg" else lb_to_kg(number), 1)


def _choices(
    field_name: str, values: tuple[str, ...], accepted: tuple[str, ...]
) -> tuple[str, ...]:
    for value in values:
        if value not in accepted:
            raise InvalidInput(field_name, value, "one of " + ", ".join(accepted))
    return tuple(item for item in accepted if item in values)


def parse_parq(text: str) -> ParQ:
    """Parse the seven PAR-Q+ answers, in form order.

    Accepted: seven ``y``/``n`` letters (``nnnnnnn``, ``nynnnnn``), or seven
    comma-separated words from yes/no/y/n/true/false/1/0 (``yes,no,no,...``).
    Raises :class:`InvalidInput` naming ``parq``.
    """
    expected = "7 answers, y/n letters like nnnnnnn or comma-separated yes/no"
    raw = text.strip().lower()
    tokens = [t.strip() for t in raw.split(",")] if "," in raw else list(raw)
    if len(tokens) != len(PARQ_QUESTIONS):
        raise InvalidInput("parq", text, expected)
    answers: list[bool] = []
    for token in tokens:
        if token not in _YES | _NO:
            raise InvalidInput("parq", text, expected)
        answers.append(token in _YES)
    return ParQ(
        **{
            name: answer
            for (name, _), answer in zip(PARQ_QUESTIONS, answers, strict=True)
        }
    )


def _ladder_exercise(slug: str, catalog: Catalog) -> Exercise:
    ladder = [exercise.slug for exercise in catalog.ladder()]
    try:
        exercise = catalog.get(slug)
    except NotFound:
        exercise = None
    if exercise is None or exercise.ladder_step is None:
        raise InvalidInput("variant", slug, "a ladder variant: " + ", ".join(ladder))
    return exercise


def build_profile(answers: AssessmentAnswers, catalog: Catalog) -> Profile:
    """Check every answer and return the :class:`Profile`.

    Raises :class:`InvalidInput` naming the field, the value and what is accepted.
    """
    variant = _ladder_exercise(answers.variant, catalog).slug
    if answers.sex not in (None, "female", "male"):
        raise InvalidInput("sex", answers.sex, "female or male (or left out)")
    if answers.goal not in (None, *GOALS):
        raise InvalidInput("goal", answers.goal, " or ".join(GOALS) + " (or left out)")
    if answers.training_age not in (None, *TRAINING_AGES):
        expected = ", ".join(TRAINING_AGES) + " (or left out)"
        raise InvalidInput("training_age", answers.training_age, expected)
    parq = answers.parq if isinstance(answers.parq, ParQ) else None
    if isinstance(answers.parq, str):
        parq = parse_parq(answers.parq)
    equipment = _choices("equipment", answers.equipment, EQUIPMENT)
    if len(equipment) > 1:
        equipment = tuple(item for item in equipment if item != "none")
    return Profile(
        max_pushups=_int_in("max_pushups", answers.max_pushups, MAX_REPS_RANGE),
        variant=variant,
        age=None if answers.age is None else _int_in("age", answers.age, AGE_RANGE),
        sex=answers.sex,  # type: ignore[arg-type]
        body_mass_kg=_mass_kg(answers),
        equipment=equipment or ("none",),
        days_per_week=_int_in("days", answers.days_per_week, DAYS_RANGE),
        conditions=_choices("condition", answers.conditions, CONDITIONS),
        parq=parq or ParQ(),
        parq_answered=parq is not None,
        cleared=bool(answers.cleared),
        goal=answers.goal,  # type: ignore[arg-type]
        training_age=answers.training_age,  # type: ignore[arg-type]
    )


def answers_of(profile: Profile) -> AssessmentAnswers:
    """The answers that rebuild ``profile`` through :func:`build_profile`."""
    return AssessmentAnswers(
        max_pushups=profile.max_pushups,
        variant=profile.variant,
        age=profile.age,
        sex=profile.sex,
        weight_kg=profile.body_mass_kg,
        equipment=profile.equipment,
        days_per_week=profile.days_per_week,
        conditions=profile.conditions,
        parq=profile.parq,
        cleared=profile.cleared,
        goal=profile.goal,
        training_age=profile.training_age,
    )


def is_conservative(profile: Profile) -> bool:
    """True when the plan must use conservative settings (any PAR-Q+ yes, pregnancy)."""
    return bool(profile.parq.yes_answers()) or "pregnancy" in profile.conditions


def _blocking_reasons(profile: Profile) -> list[str]:
    reasons = [name for name in BLOCKING_PARQ if getattr(profile.parq, name)]
    if "pregnancy" in profile.conditions:
        reasons.append("pregnancy")
    return reasons


def require_plan_allowed(profile: Profile) -> None:
    """Raise :class:`NotAllowed` if a plan must wait for confirmed clearance."""
    reasons = _blocking_reasons(profile)
    if reasons and not profile.cleared:
        raise NotAllowed(
            msg(
                "No plan until a doctor or qualified exercise professional has "
                "cleared you (%(reasons)s).",
                reasons=_reason_words(reasons),
            )
        )


def parq_advice(profile: Profile) -> tuple[str, ...]:
    """The PAR-Q+ messages, shown before anything else (empty if all answers are no)."""
    advice: list[str] = []
    if not profile.parq_answered:
        advice.append(msg("PAR-Q+ not answered: all seven answers were taken as no."))
    yes = profile.parq.yes_answers()
    if yes:
        advice.append(
            msg(
                "PAR-Q+: you answered yes to %(names)s. Talk to your doctor or a "
                "qualified exercise professional before you start (PAR-Q+ 2020 "
                "follow-up). Your plan uses conservative settings.",
                names=_reason_words(yes),
            )
        )
    blocking = _blocking_reasons(profile)
    if blocking and not profile.cleared:
        advice.append(
            msg(
                "No plan until you confirm clearance: a doctor or qualified exercise "
                "professional has to clear you first."
            )
        )
    return tuple(advice)


def safety_advice(profile: Profile) -> tuple[str, ...]:
    """Safety advice for each declared condition, then the stop signals and caveat."""
    heart = (HEART_ADVICE,) if profile.parq.heart_condition else ()
    return (
        *heart,
        *(CONDITION_ADVICE[c] for c in profile.conditions),
        STOP_SIGNALS,
        KEY_CAVEAT,
    )


@dataclass(frozen=True)
class StepResult:
    """The ladder step a plan may use (never exceeded) and why."""

    step: int
    slug: str
    reason: str


def ladder_step(
    profile: Profile, catalog: Catalog, *, after_training: bool = False
) -> StepResult:
    """Place the user on the ladder from their max reps on the tested variant.

    The max is carried to the other steps by the ladder rule of
    :mod:`pushback.domain.dose` (a side variant counts as its main step).
    ``after_training``: a retest at the end of a block; the one step up is then
    allowed under conservative settings too (the block showed the step is
    tolerated), never from a first assessment.
    """
    rules = load_programming()
    tested = _ladder_exercise(profile.variant, catalog)
    start = catalog.at_step(tested.ladder_step or 1)
    window = start.rep_range or rules.rep_window
    work = work_reps(profile.max_pushups, rules)
    facts = {
        "max": profile.max_pushups,
        "name": exercise_phrase(tested.slug, tested.name),
        "work": work,
        "pct": 65,
    }
    gate = start.gate
    may_rise = after_training or not is_conservative(profile)
    if gate and start.harder and work >= gate.reps and may_rise:
        harder = catalog.get(start.harder)
        return StepResult(
            harder.ladder_step or 1,
            harder.slug,
            msg(
                "%(max)d × %(name)s in one go means sets of about %(work)d reps "
                "(%(pct)d%% of your best), enough for %(sets)d sets of %(reps)d: "
                "you start one level harder.",
                sets=gate.sets,
                reps=gate.reps,
                **facts,
            ),
        )
    rir = rules.conservative_rir if is_conservative(profile) else rules.early_rir
    step, fits = _fitting_step(start, tested, profile.max_pushups, catalog, rir)
    if step is start and fits and gate and start.harder and work >= gate.reps:
        why = msg(  # held back by conservative settings
            "%(max)d × %(name)s in one go means sets of about %(work)d reps "
            "(%(pct)d%% of your best), enough for %(sets)d sets of %(reps)d, but "
            "your health answers call for conservative settings: you stay on this "
            "level until the retest at the end of the block.",
            sets=gate.sets,
            reps=gate.reps,
            **facts,
        )
    elif step is start and fits:
        why = msg(
            "%(max)d × %(name)s in one go means sets of about %(work)d reps "
            "(%(pct)d%% of your best), inside the %(low)d-%(high)d reps we aim for.",
            low=window[0],
            high=window[1],
            **facts,
        )
    elif fits:
        why = msg(
            "%(max)d × %(name)s in one go means sets of about %(work)d reps "
            "(%(pct)d%% of your best), fewer than the %(low)d we aim for: "
            "%(step)s instead, the hardest easier exercise where your sets fit.",
            low=window[0],
            step=exercise_phrase(step.slug, step.name),
            **facts,
        )
    else:
        why = msg(
            "%(max)d × %(name)s in one go means sets of about %(work)d reps "
            "(%(pct)d%% of your best), fewer than the %(low)d we aim for: the first "
            "level, %(step)s, with fewer reps or a shorter range until they fit.",
            low=window[0],
            step=exercise_phrase(step.slug, step.name),
            **facts,
        )
    return StepResult(step.ladder_step or 1, step.slug, why)


def _fitting_step(
    start: Exercise, tested: Exercise, max_reps: int, catalog: Catalog, rir: int
) -> tuple[Exercise, bool]:
    """The hardest main step at or below ``start`` whose carried max fits its
    window with ``rir`` reps in reserve kept, and True; the first step and False
    when none does."""
    rules = load_programming()
    step = start
    while True:
        estimate = estimated_max(
            step, tested=tested, max_reps=max_reps, programming=rules
        )
        window = step.rep_range or rules.rep_window
        dose = dose_for(estimate, window=window, rir=rir, programming=rules)
        if dose.known and dose.fits:
            return step, True
        if step.easier is None:
            return step, False
        step = catalog.get(step.easier)


@dataclass(frozen=True)
class Assessment:
    """Everything ``pushback assess`` reports."""

    profile: Profile
    step: StepResult
    norm: NormResult
    parq_advice: tuple[str, ...]
    safety_advice: tuple[str, ...]
    plan_allowed: bool
    conservative: bool

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of ``pushback assess --json``."""
        return {
            "profile": self.profile.to_dict(),
            "ladder_step": self.step.step,
            "ladder_variant": self.step.slug,
            "ladder_reason": self.step.reason,
            "norm": {
                "applies": self.norm.applies,
                "category": self.norm.category,
                "note": self.norm.note,
            },
            "parq_advice": list(self.parq_advice),
            "safety_advice": list(self.safety_advice),
            "plan_allowed": self.plan_allowed,
            "conservative": self.conservative,
            "goal": self.profile.goal,
            "training_age": self.profile.training_age,
        }


def assess(profile: Profile, catalog: Catalog) -> Assessment:
    """Assess a checked profile: ladder step, norms, PAR-Q+ and safety advice."""
    blocked = bool(_blocking_reasons(profile)) and not profile.cleared
    return Assessment(
        profile=profile,
        step=ladder_step(profile, catalog),
        norm=norm_category(profile),
        parq_advice=parq_advice(profile),
        safety_advice=safety_advice(profile),
        plan_allowed=not blocked,
        conservative=is_conservative(profile),
    )
