"""The person in the plan: what age, sex, body weight, training age, goal and health
answers change, each rule with its source ids (``data/programming.toml``).

* **Training age** (ACSM 2009): stated, or, when not stated, *intermediate* if the
  test already passes the full push-up's gate (work sets of the gate's reps at the
  full push-up, carried by the ladder rule), else *novice*. Novices get the
  beginner caps of the first weeks and start at 2 sets per exercise; trained users
  may get the seed's own sets and reps from the first week.
* **Age**: from 65 on (older adults, Nelson 2007), unless a doctor cleared the
  user, no jumping or one-arm work (exercises whose ``demands`` are ``impact`` or
  ``single-arm``); older beginners add reps or sets every second week [our rule].
  The same exercises are left out under conservative settings (a PAR-Q+ yes,
  pregnancy), cleared or not.
* **Goal**: changes the rep window, the rest and the shoulder-blade work (see
  :class:`~pushback.domain.programming.GoalRule`).
* **Sex** changes nothing in the plan: the hands carry the same share of body mass
  for women and men (Ebben 2011); it picks the test norms only.
* **Body mass** changes nothing either (the test already reflects it); the plan
  shows the load it means in kilograms.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from pushback.domain.assessment import is_conservative
from pushback.domain.catalog import Catalog, Exercise
from pushback.domain.dose import estimated_max, work_reps
from pushback.domain.profile import Profile
from pushback.domain.programming import GoalRule, Programming, Rule

__all__ = [
    "RESTRICTED_DEMANDS",
    "Person",
    "PersonRule",
    "person_of",
]

#: Exercise demands left out from 65 on (unless cleared) and under conservative
#: settings: landing impact (plyometrics) and near single-arm load.
RESTRICTED_DEMANDS: tuple[str, ...] = ("impact", "single-arm")
#: The main-ladder exercise whose gate marks a trained user when the training age
#: is not stated.
_TRAINED_MARK = "push-up"


@dataclass(frozen=True)
class PersonRule:
    """One thing about the person that changes the plan, said plainly, with sources."""

    text: str
    sources: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """JSON form: ``text`` and ``sources`` (ids of the bibliography)."""
        return {"text": self.text, "sources": list(self.sources)}


@dataclass(frozen=True)
class Person:
    """The rules that follow from one profile."""

    profile: Profile
    training_age: str
    training_stated: bool
    older: bool
    conservative: bool
    restricted: bool
    goal: GoalRule | None
    progress_every_weeks: int
    rules: tuple[PersonRule, ...]

    @property
    def novice(self) -> bool:
        """True for beginners (the beginner caps apply)."""
        return self.training_age == "novice"

    def excluded(self, exercise: Exercise) -> str | None:
        """Why this person may not do ``exercise`` (demands only), or None."""
        demands = set(exercise.demands) & set(RESTRICTED_DEMANDS)
        if not demands or not self.restricted:
            return None
        kind = "jumping" if "impact" in demands else "one-arm"
        if self.conservative:
            return f"{exercise.name} is left out: no {kind} work after a health yes"
        return f"{exercise.name} is left out: no {kind} work from 65 on"


def _inferred_training(profile: Profile, catalog: Catalog, rules: Programming) -> str:
    mark = catalog.get(_TRAINED_MARK)
    tested = catalog.get(profile.variant)
    estimate = estimated_max(
        mark, tested=tested, max_reps=profile.max_pushups, programming=rules
    )
    gate = mark.gate.reps if mark.gate else None
    if estimate is None or gate is None:
        return "novice"
    return "intermediate" if work_reps(estimate, rules) >= gate else "novice"


def person_of(profile: Profile, catalog: Catalog, rules: Programming) -> Person:
    """The person rules of ``profile``."""
    stated = profile.training_age is not None
    training = profile.training_age or _inferred_training(profile, catalog, rules)
    older = profile.age is not None and profile.age >= rules.older_from_age
    conservative = is_conservative(profile)
    restricted = conservative or (older and not profile.cleared)
    goal = rules.goals[profile.goal] if profile.goal else None
    slow = older and training == "novice"
    person = Person(
        profile=profile,
        training_age=training,
        training_stated=stated,
        older=older,
        conservative=conservative,
        restricted=restricted,
        goal=goal,
        progress_every_weeks=rules.older_progress_every_weeks if slow else 1,
        rules=(),
    )
    return _with_rules(person, catalog, rules)


def _with_rules(person: Person, catalog: Catalog, rules: Programming) -> Person:
    items = [
        _training_rule(person, rules),
        *_age_rules(person, rules),
        *_goal_rules(person),
        _sex_rule(person),
        *_mass_rules(person, catalog),
    ]
    return replace(person, rules=tuple(item for item in items if item))


def _sourced(text: str, rule: Rule) -> PersonRule:
    return PersonRule(text, rule.sources)


def _training_rule(person: Person, rules: Programming) -> PersonRule:
    how = "as you said" if person.training_stated else _inference_words(person)

    rule = rules.rule("novice" if person.novice else "trained")
    if person.novice:
        return _sourced(
            f"Training background: beginner ({how}). For the first "
            f"{rules.novice_weeks} weeks at most {rules.novice_max_push_sets} hard "
            f"push-up sets a week and {rules.novice_max_sets_per_exercise} per "
            f"exercise, starting at {rules.novice_start_sets} sets (ACSM 2009).",
            rule,
        )
    return _sourced(
        f"Training background: {person.training_age} ({how}). The seed's own sets "
        "and reps from the first week wherever your test supports them; more weekly "
        "sets build more muscle (Schoenfeld 2017).",
        rule,
    )


def _inference_words(person: Person) -> str:
    if person.novice:
        return "not given: taken as a beginner, the safe default"
    return (
        "not given: your test already passes the full push-up's gate, so the plan "
        "treats you as trained; say so if you are new to training"
    )


def _age_rules(person: Person, rules: Programming) -> list[PersonRule]:
    rule = rules.rule("older_adults")
    found: list[PersonRule] = []
    if person.older and person.restricted and not person.conservative:
        found.append(
            _sourced(
                f"From {rules.older_from_age} on: no jumping or one-arm push-ups "
                "(explosive, archer, incline one-arm, one-arm) unless a doctor has "
                "cleared you for them (our rule; older adults are 65 and over in "
                "the ACSM/AHA advice, Nelson 2007).",
                rule,
            )
        )
    if person.conservative:
        found.append(
            _sourced(
                "After a health yes or in pregnancy: no jumping or one-arm push-ups, "
                "at most 2 sets per exercise, every set 3 reps short of failure.",
                rules.rule("conservative"),
            )
        )
    if person.progress_every_weeks > 1:
        found.append(
            _sourced(
                f"Beginner from {rules.older_from_age} on: reps or sets go up every "
                f"{person.progress_every_weeks} weeks instead of every week (our "
                "rule, for a gentler start).",
                rule,
            )
        )
    return found


def _goal_rules(person: Person) -> list[PersonRule]:
    goal = person.goal
    if goal is None:
        return []
    return [PersonRule(f"Goal: {goal.rule.note}", goal.rule.sources)]


def _sex_rule(person: Person) -> PersonRule | None:
    if person.profile.sex is None:
        return None
    return PersonRule(
        "Sex picks the test norms only: the hands carry the same share of body "
        "weight in women and men (Ebben 2011), so the plan is the same.",
        ("ebben2011", "csep2003"),
    )


def _mass_rules(person: Person, catalog: Catalog) -> list[PersonRule]:
    mass = person.profile.body_mass_kg
    tested = catalog.get(person.profile.variant)
    share = tested.load_pct_body_mass
    if mass is None or share is None:
        return []
    low, high = (round(mass * pct / 100) for pct in share)
    load = f"{low}-{high} kg" if low != high else f"{low} kg"
    sources = tested.number_sources.get("load_pct_body_mass", ())
    return [
        PersonRule(
            f"Body weight {mass:g} kg: in a {tested.name.lower()} your hands carry "
            f"about {load} ({share[0]}-{share[1]}% of it). Your test already "
            "reflects it, so the plan does not change with it.",
            tuple(sources),
        )
    ]
