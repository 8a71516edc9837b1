"""The exercise catalog: typed, checked value objects loaded from ``data/*.toml``.

Interface contract (other modules rely on these names):

* ``load_catalog() -> Catalog`` reads the shipped TOML files (cached) and checks
  them; a broken file raises :class:`CatalogError` naming file and key.
  ``load_catalog_from(directory)`` does the same for any folder holding
  ``exercises.toml``, ``sources.toml`` and ``muscles.toml`` (tests use tiny ones).
* ``Catalog.get(slug)`` returns an :class:`Exercise` or raises ``NotFound``
  (with close matches in the message).
* ``Catalog.ladder()`` is the push-up ladder ordered by ``ladder_step`` (1 = easiest).
* ``Catalog.at_step(step)`` is the ladder exercise at that step.
* ``Catalog.filter(category=, equipment=, step=)`` for listings.
* ``Catalog.source(source_id)`` returns a :class:`Source` of the bibliography.

The ladder (brief section 2.1) has two kinds of entries, told apart by ``branch``:

* ``branch = "main"``: the ONE progression path. Steps run 1..N without gaps, one
  exercise per step; ``easier``/``harder`` link each step to its neighbours, so the
  path is connected both ways. Every step but the last has a ``gate``: the standard
  to reach before moving to ``harder``.
* ``branch = "side"``: a variant off the path (wide, arched, explosive, scapular...).
  Its ``ladder_step`` is the main step the user must have reached to use it, its
  ``easier`` (when set) is the main exercise at that step (the entry variant), and it
  has no ``harder``. ``requires``, when set, is an extra entry standard on top of the
  step (explosive push-ups: 3x15 full push-ups, brief side-branch row).

Exercises off the ladder (rows, flyes, warm-up, mobility) have neither.

Conditions: ``contraindications`` lists the conditions for which the exercise must
not be prescribed; ``substitutions[condition]`` names what to do instead (required
for each contraindication; also given as a fallback when ``condition_notes`` tells
how to keep the exercise safely, e.g. handles or fists for a sore wrist).

Every number in ``exercises.toml`` names its source ids in ``number_sources``
(``back_stars = ["seed"]``); ``brief`` marks a brief [design] rule, ``pushback`` a
team default where neither the seed nor the brief gives a number.
"""

from __future__ import annotations

import difflib
import functools
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal, cast

from pushback.domain._words import N_
from pushback.domain.errors import InvalidInput, NotFound
from pushback.domain.phrases import msg

__all__ = [
    "BRANCHES",
    "CATEGORIES",
    "CONDITIONS",
    "DEMANDS",
    "EQUIPMENT",
    "EVIDENCE_GRADES",
    "NUMBER_FIELDS",
    "UNITS",
    "Catalog",
    "Evidence",
    "Exercise",
    "Gate",
    "Muscle",
    "MuscleRole",
    "SeedPrescription",
    "Source",
    "load_catalog",
    "load_catalog_from",
]

Category = Literal["push", "pull", "scapular", "warm-up", "mobility"]
Unit = Literal["reps", "reps_per_side", "duration_s"]
Branch = Literal["main", "side"]

CATEGORIES: tuple[str, ...] = ("push", "pull", "scapular", "warm-up", "mobility")
UNITS: tuple[str, ...] = ("reps", "reps_per_side", "duration_s")
BRANCHES: tuple[str, ...] = ("main", "side")
#: Equipment a user can declare. ``none`` means floor and a wall only.
EQUIPMENT: tuple[str, ...] = ("none", "table", "towel", "trx", "dumbbells", "bands")
#: Conditions a user can declare (brief section 4, safety table).
CONDITIONS: tuple[str, ...] = ("wrist", "shoulder", "lower-back", "pregnancy")
#: What an exercise asks of the body beyond the ladder step: landing impact
#: (plyometrics) or near single-arm load. The plan leaves these out from 65 on
#: unless cleared, and under conservative settings (pushback.domain.person).
DEMANDS: tuple[str, ...] = ("impact", "single-arm")
#: Evidence grades. ``A``: meta-analysis or several controlled studies;
#: ``B``: at least one primary study; ``C``: secondary sources or expert consensus;
#: ``verify``: figure from a secondary source the brief marks [verify];
#: ``design``: a rule the brief proposes with no study behind it ([design]);
#: ``unsupported``: a seed claim the evidence in the brief does not bear out;
#: ``untested``: a seed claim no study has tested either way (a data gap: neither
#: supported nor refuted).
EVIDENCE_GRADES: tuple[str, ...] = (
    "A",
    "B",
    "C",
    "verify",
    "design",
    "unsupported",
    "untested",
)

_FILES = ("exercises.toml", "sources.toml", "muscles.toml")
#: Numeric exercise fields; each one set needs source ids in ``number_sources``.
NUMBER_FIELDS: tuple[str, ...] = (
    "back_stars",
    "ladder_step",
    "rep_range",
    "duration_s",
    "tempo",
    "rest_s",
    "back_volume_factor",
    "load_pct_body_mass",
)


@dataclass(frozen=True)
class Source:
    """One bibliography entry of ``data/sources.toml``."""

    id: str
    citation: str
    url: str | None = None
    note: str | None = None
    kind: str = "primary"


@dataclass(frozen=True)
class Muscle:
    """One muscle of ``data/muscles.toml`` and what it does for the back."""

    id: str
    name: str
    region: str
    back_role: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class MuscleRole:
    """A muscle an exercise works and what it does there for the back."""

    muscle: str
    role: str


@dataclass(frozen=True)
class Evidence:
    """How well a claim about an exercise is supported, with source ids."""

    grade: str
    sources: tuple[str, ...]
    summary: str
    seed_claim: str | None = None


@dataclass(frozen=True)
class Gate:
    """The standard to reach before moving to the next ladder step.

    ``reps`` is the figure to reach in every set (the top of the brief's range);
    ``note`` keeps the brief's wording and the published alternatives.
    """

    sets: int
    reps: int
    per_side: bool = False
    grade: str = "design"
    sources: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class SeedPrescription:
    """What the seed article's 7-day plan prescribes for this exercise."""

    day: int
    sets: int
    reps: int
    per_side: bool = False
    note: str | None = None
    sources: tuple[str, ...] = ("seed",)


@dataclass(frozen=True)
class Exercise:
    """One catalog entry. Units are in the names; ``tempo`` is 4-digit notation
    (down-bottom-up-top seconds, ``X`` = explosive)."""

    slug: str
    uuid: str
    name: str
    category: Category
    summary: str
    primary_muscles: tuple[MuscleRole, ...]
    secondary_muscles: tuple[MuscleRole, ...]
    equipment: tuple[str, ...]
    unit: Unit
    evidence: Evidence
    back_stars: int | None = None
    ladder_step: int | None = None
    easier: str | None = None
    harder: str | None = None
    gate: Gate | None = None
    rep_range: tuple[int, int] | None = None
    duration_s: int | None = None
    tempo: str | None = None
    rest_s: int = 60
    load_note: str | None = None
    back_volume_factor: float = 0.5
    key_points: tuple[str, ...] = ()
    cues: tuple[str, ...] = ()
    faults: tuple[str, ...] = ()
    contraindications: tuple[str, ...] = ()
    substitutions: dict[str, str] = field(default_factory=dict)
    # Added by the catalog work (see the module docstring).
    branch: Branch | None = None
    requires: Gate | None = None
    claims: tuple[Evidence, ...] = ()
    load_pct_body_mass: tuple[int, int] | None = None
    condition_notes: dict[str, str] = field(default_factory=dict)
    seed_prescription: SeedPrescription | None = None
    number_sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    demands: tuple[str, ...] = ()
    #: Harder settings of the same exercise, easiest first (pulling and shoulder-
    #: blade drills, brief 2.2 "regress -> progress"); a plan moves one up when
    #: every set reaches the top of the rep window.
    levels: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Every field as JSON-ready data (tuples become lists, gates become dicts)."""
        return cast(dict[str, Any], json.loads(json.dumps(asdict(self))))

    def is_doable_with(self, equipment: Iterable[str]) -> bool:
        """True when every item this exercise needs is in ``equipment`` (or none)."""
        have = set(equipment) | {"none"}
        return all(item in have for item in self.equipment)

    def source_ids(self) -> tuple[str, ...]:
        """Every source id the entry cites, in first-seen order."""
        ids: list[str] = [*self.evidence.sources]
        for claim in self.claims:
            ids += claim.sources
        for gate in (self.gate, self.requires):
            ids += gate.sources if gate else ()
        if self.seed_prescription is not None:
            ids += self.seed_prescription.sources
        for sources in self.number_sources.values():
            ids += sources
        return tuple(dict.fromkeys(ids))


class Catalog:
    """All exercises, sources and muscles; filled by :func:`load_catalog`."""

    def __init__(
        self,
        exercises: dict[str, Exercise],
        sources: dict[str, Source],
        muscles: dict[str, Muscle] | None = None,
    ):
        self.exercises = exercises
        self.sources = sources
        self.muscles = muscles or {}

    def get(self, slug: str) -> Exercise:
        """The exercise with this slug; raises ``NotFound`` suggesting close slugs."""
        try:
            return self.exercises[slug]
        except KeyError:
            raise NotFound(_unknown("exercise", slug, self.exercises)) from None

    def source(self, source_id: str) -> Source:
        """The bibliography entry with this id; raises ``NotFound``."""
        try:
            return self.sources[source_id]
        except KeyError:
            raise NotFound(_unknown("source", source_id, self.sources)) from None

    def muscle(self, muscle_id: str) -> Muscle:
        """The muscle with this id; raises ``NotFound``."""
        try:
            return self.muscles[muscle_id]
        except KeyError:
            raise NotFound(_unknown("muscle", muscle_id, self.muscles)) from None

    def ladder(self) -> tuple[Exercise, ...]:
        """The main push-up path, easiest first (side variants excluded)."""
        main = (e for e in self.exercises.values() if e.branch == "main")
        return tuple(sorted(main, key=lambda e: e.ladder_step or 0))

    def at_step(self, step: int) -> Exercise:
        """The main-path exercise at ``step``; ``InvalidInput`` off the ladder."""
        ladder = self.ladder()
        if isinstance(step, bool) or not isinstance(step, int):
            raise InvalidInput(
                "step",
                step,
                msg("a whole number from 1 to %(count)s", count=len(ladder)),
            )
        if not 1 <= step <= len(ladder):
            raise InvalidInput(
                "step", step, msg("between 1 and %(count)s", count=len(ladder))
            )
        return ladder[step - 1]

    def side_variants(self, step: int) -> tuple[Exercise, ...]:
        """Side-branch variants unlocked at exactly ``step``."""
        return tuple(
            e
            for e in self.exercises.values()
            if e.branch == "side" and e.ladder_step == step
        )

    def filter(
        self,
        *,
        category: str | None = None,
        equipment: Iterable[str] | None = None,
        step: int | None = None,
    ) -> tuple[Exercise, ...]:
        """Exercises of ``category``, doable with ``equipment`` (what the user has),
        at ladder ``step`` (main and side); ``None`` means no filter.

        Raises ``InvalidInput`` for an unknown category, equipment or step.
        """
        found = list(self.exercises.values())
        if category is not None:
            _check_choice("category", category, CATEGORIES)
            found = [e for e in found if e.category == category]
        if equipment is not None:
            have = tuple(equipment)
            for item in have:
                _check_choice("equipment", item, EQUIPMENT)
            found = [e for e in found if e.is_doable_with(have)]
        if step is not None:
            self.at_step(step)  # validates the step
            found = [e for e in found if e.ladder_step == step]
        return tuple(found)


def _check_choice(name: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise InvalidInput(
            name, value, msg("one of %(choices)s", choices=", ".join(choices))
        )


#: What an unknown name of each kind is told: with close names, or with none.
_UNKNOWN: dict[str, tuple[str, str]] = {
    "exercise": (
        N_("Unknown exercise %(value)s; did you mean %(close)s?"),
        N_("Unknown exercise %(value)s: not one of the %(count)d known exercises."),
    ),
    "source": (
        N_("Unknown source %(value)s; did you mean %(close)s?"),
        N_("Unknown source %(value)s: not one of the %(count)d known sources."),
    ),
    "muscle": (
        N_("Unknown muscle %(value)s; did you mean %(close)s?"),
        N_("Unknown muscle %(value)s: not one of the %(count)d known muscles."),
    ),
}


def _unknown(kind: str, value: str, known: Mapping[str, object]) -> str:
    close = difflib.get_close_matches(value, list(known), n=3, cutoff=0.6)
    if kind not in _UNKNOWN:  # a broken data file: said to its developer
        if close:
            return f"Unknown {kind} {value!r}; did you mean {', '.join(close)}?"
        return f"Unknown {kind} {value!r}: not one of the {len(known)} known {kind}s."
    suggest, none_close = _UNKNOWN[kind]
    if close:
        return msg(suggest, value=repr(value), close=", ".join(close))
    return msg(none_close, value=repr(value), count=len(known))


@functools.cache
def load_catalog() -> Catalog:
    """Load and check the catalog shipped in ``pushback/data`` (cached).

    Raises :class:`CatalogError` naming file and key when a file is broken.
    """
    return load_catalog_from(resources.files("pushback") / "data")


def load_catalog_from(directory: Traversable | Path) -> Catalog:
    """Load and check the three catalog files of ``directory`` (not cached).

    Raises :class:`CatalogError` (file, key, problem) on the first problem found.
    """
    # Imported here: the reader modules build this module's dataclasses.
    from pushback.domain import _catalog_checks, _catalog_toml

    raw = {name: _catalog_toml.read_toml(directory, name) for name in _FILES}
    sources = _catalog_toml.parse_sources(raw["sources.toml"])
    muscles = _catalog_toml.parse_muscles(raw["muscles.toml"], sources)
    exercises = _catalog_toml.parse_exercises(raw["exercises.toml"])
    catalog = Catalog(exercises, sources, muscles)
    _catalog_checks.check_catalog(catalog)
    return catalog
