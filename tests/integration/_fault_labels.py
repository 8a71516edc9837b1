"""Which faults ``labels.json`` names on which reps, as a table (shared by
``tests/integration/test_clip_faults.py`` and ``bench/bench_form.py``).

``labels.json`` describes faults in words per clip; this table is our reading of
those words, rep numbers as in the labels. ``clear`` marks the faults the labels
state plainly (tests assert them); the others (``mild``, uncertain) only count in
the benchmark. Clips labelled "none obvious" are clean for every form code; tempo
(``fast-descent``) is not a labelled form fault, so it is never scored.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "BODY_LINE_CLEAN",
    "BODY_LINE_CODES",
    "CLEAN_CLIPS",
    "LABELLED",
    "OVERHEAD_FLARE",
    "SCORED_CODES",
    "LabelledFault",
]


@dataclass(frozen=True)
class LabelledFault:
    """A fault on ``faulty`` reps and not on ``clean`` reps of one clip."""

    clip: str
    code: str
    faulty: tuple[int, ...]
    clean: tuple[int, ...] = ()
    clear: bool = True


LABELLED: tuple[LabelledFault, ...] = (
    # "segment A (reps 1-9): good form demo; segment B (reps 10-14): HIP SAG demo"
    LabelledFault("P04", "hip-sag", tuple(range(10, 15)), tuple(range(1, 10))),
    # "ALL reps: hips/thighs rest on the floor at the bottom (sag / worm)"
    LabelledFault("P02", "hip-sag", (1, 2, 3, 4)),
    # "HEAD DROP at every bottom"
    LabelledFault("P08", "head-drop", (1, 2, 3, 4, 5)),
    # "ELBOWS FLARED (~70-90 deg); head drops toward floor at bottom"
    LabelledFault("P11", "elbow-flare", (1, 2)),
    LabelledFault("P11", "head-drop", (1, 2)),
    # "head/neck flexed (looking at floor) on all reps, mild"
    LabelledFault("P01", "head-drop", (1, 2, 3, 4, 5, 6), clear=False),
)
#: Clips whose labels say "none obvious" (rep count from labels.json).
CLEAN_CLIPS: tuple[str, ...] = ("P03", "P05", "P06", "P09", "P14")
#: Reps whose body line is straight by the labels, per clip (rep numbers as in the
#: labels; None = every complete rep): the clean clips, P04's good-form segment, and
#: P01 whose legs are out of frame ("body line not assessable": any call is false).
BODY_LINE_CLEAN: dict[str, tuple[int, ...] | None] = {
    "P01": None,
    "P03": None,
    "P04": tuple(range(1, 10)),
    "P05": None,
    "P06": None,
    "P09": None,
    "P14": None,
}
#: The body-line faults.
BODY_LINE_CODES: tuple[str, ...] = ("hip-sag", "pike")
#: Form codes scored on the clean clips and the clean reps.
SCORED_CODES: tuple[str, ...] = (
    "shallow",
    "no-lockout",
    "hip-sag",
    "pike",
    "head-drop",
    "elbow-flare",
    "shrug",
    "asymmetry",
)
#: P18 (overhead, no counted reps): (start s, end s) of flared and tucked elbows.
OVERHEAD_FLARE = {
    "flared": ((6.6, 8.4), (10.2, 13.8), (20.4, 25.7)),
    "tucked": ((0.0, 6.0), (17.7, 20.0)),
}
