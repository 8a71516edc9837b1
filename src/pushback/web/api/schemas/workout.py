"""Schemas of the guided workout, background jobs and video uploads.

A job's ``result`` is open-ended (it grows with the analysis): its stable top level
and the analysis contract of ``pushback analyze --json`` are typed, anything else
passes through unchanged.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field

from pushback.web.api.schemas.common import (
    InModel,
    IsoDate,
    IsoDateTime,
    Number,
    OpenModel,
    OutModel,
)
from pushback.web.api.schemas.journal import LogResultOut, SetFieldsIn, SetKind
from pushback.web.params import MAX_ID

__all__ = [
    "UPLOAD_BODY",
    "GuidedSetIn",
    "GuidedSetOut",
    "JobOut",
    "JobsOut",
    "WorkoutFinishIn",
    "WorkoutFinishOut",
    "WorkoutOut",
]


class _ClientKeyIn(InModel):
    client_key: str = Field(
        min_length=1,
        max_length=64,
        description="A random id made when the set was entered (1-64 printable "
        "characters); resending it returns the stored set.",
        examples=["6f1c2b9e-3d4a-4c1e-9b7a-2f0e8d5c1a34"],
    )
    logged_at: str | None = Field(
        default=None,
        description="When the set was entered: an ISO date and time with its zone, "
        "within the last 2 days (a set queued offline longer is refused). "
        "Default: now.",
    )


class GuidedSetIn(SetFieldsIn, _ClientKeyIn):
    """One set of the guided workout, with the key that makes resending safe."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "client_key": "6f1c2b9e-3d4a-4c1e-9b7a-2f0e8d5c1a34",
                    "exercise": "push-up",
                    "reps": 8,
                    "rir": 2,
                }
            ]
        }
    )

    def data(self) -> dict[str, Any]:
        """The set's fields for the journal (key and time left out)."""
        return self.model_dump(exclude_none=True, exclude={"client_key", "logged_at"})


class WorkoutFinishIn(InModel):
    """Which workout to close (default: the open one)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{}]})

    session_id: int | None = Field(default=None, ge=1, le=MAX_ID)


class TimedStepOut(OutModel):
    """A warm-up or cool-down step, done for a time."""

    kind: Literal["warm-up", "cool-down"]
    slug: str | None
    name: str | None
    duration_s: int
    reps: int | None
    cues: list[str]
    skipped: bool = Field(
        default=False, description="Removed by pain logged earlier in the workout."
    )
    replaces: str | None = Field(
        default=None, description="The exercise this one replaces after pain."
    )


class PhaseOut(OutModel):
    """One phase of the tempo, as the metronome ticks it."""

    name: Literal["down", "bottom", "up", "top"]
    index: int = Field(ge=0, le=3)
    seconds: Number = Field(description="Seconds (an explosive phase: 1 s).")


class SetStepOut(OutModel):
    """One work set: target, rep window, tempo, RIR and rest."""

    kind: Literal["set"]
    slug: str | None
    name: str | None
    set_number: int
    sets: int
    tempo: str | None
    phases: list[PhaseOut] = Field(
        default_factory=list, description="The tempo's phases (zero-length left out)."
    )
    rest_s: int
    cues: list[str]
    timed: bool
    reps: int | None
    reps_per_side: int | None
    duration_s: int | None
    rep_range: list[int] | None
    rir: int | None
    skipped: bool = Field(
        default=False, description="Removed by pain logged earlier in the workout."
    )
    replaces: str | None = Field(
        default=None, description="The exercise this one replaces after pain."
    )


Step = Annotated[TimedStepOut | SetStepOut, Field(discriminator="kind")]


class WorkoutOut(OutModel):
    """Today's session as guided steps (no steps on a rest day)."""

    date: IsoDate
    session_id: int | None
    title: str
    week: int | None
    day: int | None
    deload: bool
    message: str
    steps: list[Step]
    pain_changes: list[str] = Field(
        default_factory=list,
        description="What pain logged today changed in this workout, and why.",
    )


class GuidedSetRecordOut(OutModel):
    """The stored set."""

    id: int | None
    exercise: str | None
    kind: SetKind
    reps: int | None
    reps_per_side: int | None
    duration_s: int | None
    rir: int | None
    form_broke: bool
    pain: bool
    pain_location: str | None
    logged_at: IsoDateTime


class GuidedSetOut(OutModel):
    """The set stored under the key (``created`` false for a resend) and its
    session."""

    session_id: int
    created: bool
    set: GuidedSetRecordOut
    workout: WorkoutOut | None = Field(
        default=None,
        description="After a set with pain: today's workout as it goes on.",
    )


class WorkoutFinishOut(LogResultOut):
    """The closed session, the plan's changes, and whether it was closed before."""

    already_finished: bool


class DescentVerdictOut(OutModel):
    """The verdict on one rep's descent against the target."""

    kind: Literal["too fast", "close", "on tempo", "too slow"]
    side: Literal["fast", "on", "slow"]
    delta_s: Number = Field(description="Descent minus target (negative: faster).")
    outside_s: Number = Field(description="Seconds beyond the tolerance (0: on tempo).")


class RepOut(OpenModel):
    """One complete rep: times in seconds from the start of the video."""

    index: int
    start_s: Number
    bottom_s: Number
    end_s: Number | None
    descent_s: Number
    bottom_pause_s: Number
    ascent_s: Number | None
    min_elbow_deg: Number | None
    faults: list[str]
    descent_verdict: DescentVerdictOut | None = None


class TempoOut(OpenModel):
    """The set's descents against the prescribed descent."""

    prescribed_descent_s: Number
    tolerance_s: Number
    source: str
    reps_timed: int
    mean_descent_s: Number | None
    median_descent_s: Number | None
    reps_on_target: int
    reps_close: int | None = None
    close_s: Number | None = None
    reps_too_fast: int
    reps_too_slow: int
    verdict: str


class AnalysisOut(OpenModel):
    """What the analysis found (``pushback analyze --json``), plus the form keys."""

    rep_count: int
    partial_reps: int
    view: str
    warnings: list[str]
    reps: list[RepOut]
    tempo: TempoOut


class JobResultOut(OpenModel):
    """A finished video analysis; files are relative to the data folder."""

    analysis: AnalysisOut | None = None
    exercise: str | None = None
    annotated_video: str | None = None
    report_html: str | None = None
    video_kept: bool | None = None
    filename: str | None = None


class JobOut(OutModel):
    """A background job (a video analysis): status, progress and result."""

    id: int
    kind: str
    status: Literal["queued", "running", "done", "failed", "cancelled"]
    progress: Number = Field(description="0 to 1.")
    stage: str
    attempts: int
    max_attempts: int
    error: str | None
    queue_position: int | None
    created_at: IsoDateTime
    started_at: IsoDateTime | None
    finished_at: IsoDateTime | None
    training_set_id: int | None
    result: JobResultOut | None


class JobsOut(OutModel):
    """Your jobs, newest first."""

    jobs: list[JobOut]


#: The multipart form ``POST /videos`` reads (documented by hand: the route reads
#: the form itself, so an oversize upload is refused before it is read).
UPLOAD_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["video"],
                "properties": {
                    "video": {
                        "type": "string",
                        "format": "binary",
                        "description": "The video file (mp4, mov, webm...).",
                    },
                    "exercise": {
                        "type": "string",
                        "description": "Catalog slug (default push-up).",
                    },
                    "keep_video": {
                        "type": "string",
                        "enum": ["yes", "no"],
                        "description": "Keep the upload after the analysis.",
                    },
                    "set_id": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": MAX_ID,
                        "description": "A logged set to attach the analysis to.",
                    },
                },
            }
        }
    },
}
