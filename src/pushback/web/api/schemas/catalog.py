"""Schemas of ``/api/v1/exercises`` (``pushback exercises [show SLUG] --json``)."""

from __future__ import annotations

from pydantic import Field

from pushback.domain.catalog import Branch, Category, Unit
from pushback.web.api.schemas.common import Number, OutModel

__all__ = ["ExerciseOut", "ExerciseRowOut", "ExercisesOut"]

#: ``[low, high]`` reps of a set.
RepRange = list[int]


class ExerciseRowOut(OutModel):
    """One catalog row."""

    slug: str = Field(examples=["push-up"])
    name: str
    category: Category
    branch: Branch | None
    ladder_step: int | None
    equipment: list[str]
    unit: Unit
    rep_range: RepRange | None
    duration_s: int | None
    tempo: str | None
    rest_s: int
    back_stars: int | None
    evidence_grade: str


class ExercisesOut(OutModel):
    """The catalog in order: category, main ladder before side variants, step."""

    exercises: list[ExerciseRowOut]


class MuscleRoleOut(OutModel):
    """A muscle the exercise works and what it does there."""

    muscle: str
    role: str


class EvidenceOut(OutModel):
    """How well a claim is supported (grade A, B, C, verify, design, unsupported)."""

    grade: str
    sources: list[str]
    summary: str
    seed_claim: str | None


class GateOut(OutModel):
    """The standard to reach before the next ladder step."""

    sets: int
    reps: int
    per_side: bool
    grade: str
    sources: list[str]
    note: str | None


class SeedPrescriptionOut(OutModel):
    """What the seed article's plan prescribes for this exercise."""

    day: int
    sets: int
    reps: int
    per_side: bool
    note: str | None
    sources: list[str] = Field(
        default_factory=list, description="Ids of the sources of these numbers."
    )


class CitationOut(OutModel):
    """A source the entry cites."""

    id: str
    citation: str
    url: str | None
    kind: str


class ExerciseOut(OutModel):
    """One exercise with every field, its citations and muscle names."""

    slug: str = Field(examples=["push-up"])
    uuid: str
    name: str
    category: Category
    summary: str
    primary_muscles: list[MuscleRoleOut]
    secondary_muscles: list[MuscleRoleOut]
    equipment: list[str]
    unit: Unit
    evidence: EvidenceOut
    back_stars: int | None
    ladder_step: int | None
    easier: str | None
    harder: str | None
    gate: GateOut | None
    rep_range: RepRange | None
    duration_s: int | None
    tempo: str | None
    rest_s: int
    load_note: str | None
    back_volume_factor: Number
    key_points: list[str]
    cues: list[str]
    faults: list[str]
    contraindications: list[str]
    substitutions: dict[str, str]
    branch: Branch | None
    requires: GateOut | None
    claims: list[EvidenceOut]
    load_pct_body_mass: list[int] | None
    condition_notes: dict[str, str]
    seed_prescription: SeedPrescriptionOut | None
    number_sources: dict[str, list[str]]
    citations: list[CitationOut]
    muscle_names: dict[str, str]
    demands: list[str] = Field(
        default_factory=list,
        description="What the exercise asks of a body (e.g. `single-arm`, `jumping`): "
        "the plan leaves out demands an age or a condition rules out.",
    )
    levels: list[str] = Field(
        default_factory=list,
        description="Training levels the exercise is meant for (empty: any).",
    )
