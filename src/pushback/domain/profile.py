"""The user's profile: what the assessment learns and the plan is built from.

Pure data; validation lives in ``assessment.py`` (``build_profile``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from pushback.domain._words import N_

__all__ = ["PARQ_QUESTIONS", "TRAINING_AGES", "ParQ", "Profile"]

Sex = Literal["female", "male"]
Goal = Literal["strength", "endurance", "posture"]
TrainingAge = Literal["novice", "intermediate", "advanced"]
#: ACSM 2009: novice = no resistance training (or none for several years);
#: intermediate = about 6 months of consistent training; advanced = years.
TRAINING_AGES: tuple[str, ...] = ("novice", "intermediate", "advanced")

#: The seven PAR-Q+ (2020) general-health questions, in form order.
PARQ_QUESTIONS: tuple[tuple[str, str], ...] = (
    (
        "heart_condition",
        N_("Has a doctor ever said you have a heart condition or high blood pressure?"),
    ),
    (
        "chest_pain",
        N_(
            "Do you feel pain in your chest at rest, during daily activities, or "
            "when you do physical activity?"
        ),
    ),
    (
        "dizziness",
        N_(
            "Do you lose balance because of dizziness, or have you lost "
            "consciousness in the last 12 months?"
        ),
    ),
    (
        "chronic_condition",
        N_(
            "Have you ever been diagnosed with another chronic medical condition "
            "(other than heart disease or high blood pressure)?"
        ),
    ),
    (
        "medication",
        N_(
            "Are you currently taking prescribed medications for a chronic medical "
            "condition?"
        ),
    ),
    (
        "bone_joint",
        N_(
            "Do you currently have (or have had within the past 12 months) a bone, "
            "joint, or soft tissue problem that could be made worse by becoming "
            "more physically active?"
        ),
    ),
    (
        "supervised_only",
        N_(
            "Has your doctor ever said that you should only do medically supervised "
            "physical activity?"
        ),
    ),
)


@dataclass(frozen=True)
class ParQ:
    """Answers to the seven PAR-Q+ questions (True = yes)."""

    heart_condition: bool = False
    chest_pain: bool = False
    dizziness: bool = False
    chronic_condition: bool = False
    medication: bool = False
    bone_joint: bool = False
    supervised_only: bool = False

    def yes_answers(self) -> tuple[str, ...]:
        """Names of the questions answered yes, in form order."""
        return tuple(name for name, _ in PARQ_QUESTIONS if getattr(self, name))


@dataclass(frozen=True)
class Profile:
    """Everything the plan generator needs about one person.

    ``max_pushups`` is the assessment result: consecutive clean reps on
    ``variant`` (a catalog slug). ``cleared`` records that the user confirmed
    medical clearance after a PAR-Q+ yes. ``goal`` (strength, endurance,
    posture) and ``training_age`` (novice, intermediate, advanced) are optional:
    None means not stated.
    """

    max_pushups: int
    variant: str = "push-up"
    age: int | None = None
    sex: Sex | None = None
    body_mass_kg: float | None = None
    equipment: tuple[str, ...] = ("none",)
    days_per_week: int = 3
    conditions: tuple[str, ...] = ()
    parq: ParQ = field(default_factory=ParQ)
    parq_answered: bool = False
    cleared: bool = False
    goal: Goal | None = None
    training_age: TrainingAge | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back unchanged."""
        data = asdict(self)
        data["equipment"] = list(self.equipment)
        data["conditions"] = list(self.conditions)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Profile:
        """Rebuild a profile from :meth:`to_dict` output (no range checks here)."""
        values = dict(data)
        values["parq"] = ParQ(**values.get("parq", {}))
        values["equipment"] = tuple(values.get("equipment", ("none",)))
        values["conditions"] = tuple(values.get("conditions", ()))
        return cls(**values)
