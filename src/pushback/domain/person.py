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

from pushback.domain._data_words import data_phrase
from pushback.domain.assessment import is_conservative
from pushback.domain.catalog import Catalog, Exercise
from pushback.domain.dose import estimated_max, work_reps
from pushback.domain.phrases import exercise_phrase, msg
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
        name = exercise_phrase(exercise.slug, exercise.name)
        if "impact" in demands:
            if self.conservative:
                return msg(
                    "%(name)s is left out: no jumping work after a health yes",
                    name=name,
                )
            return msg("%(name)s is left out: no jumping work from 65 on", name=name)
        if self.conservative:
            return msg(
                "%(name)s is left out: no one-arm work after a health yes", name=name
            )
        return msg("%(name)s is left out: no one-arm work from 65 on", name=name)


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
    how = msg("as you said") if person.training_stated else _inference_words(person)

    rule = rules.rule("novice" if person.novice else "trained")
    if person.novice:
        return _sourced(
            msg(
                "Training background: beginner (%(how)s). For the first %(weeks)d "
                "weeks at most %(push_sets)d hard push-up sets a week and "
                "%(sets)d per exercise, starting at %(start)d sets (ACSM 2009).",
                how=how,
                weeks=rules.novice_weeks,
                push_sets=rules.novice_max_push_sets,
                sets=rules.novice_max_sets_per_exercise,
                start=rules.novice_start_sets,
            ),
            rule,
        )
    return _sourced(
        msg(
            "Training background: %(training)s (%(how)s). The article's own sets "
            "and reps from the first week wherever your test supports them; more "
            "weekly sets build more muscle (Schoenfeld 2017).",
            training=_TRAINING_WORDS.get(person.training_age, person.training_age),
            how=how,
        ),
        rule,
    )


#: Training ages in words (the profile's ``training_age``).
_TRAINING_WORDS = {
    "novice": msg("novice"),
    "intermediate": msg("intermediate"),
    "advanced": msg("advanced"),
}


def _inference_words(person: Person) -> str:
    if person.novice:
        return msg("not given: taken as a beginner, the safe default")
    return msg(
        "not given: your test already passes the full push-up's gate, so the plan "
        "treats you as trained; say so if you are new to training"
    )


def _age_rules(person: Person, rules: Programming) -> list[PersonRule]:
    rule = rules.rule("older_adults")
    found: list[PersonRule] = []
    if person.older and person.restricted and not person.conservative:
        found.append(
            _sourced(
                msg(
                    "From %(age)d on: no jumping or one-arm push-ups (explosive, "
                    "archer, incline one-arm, one-arm) unless a doctor has cleared "
                    "you for them (our rule; older adults are 65 and over in the "
                    "ACSM/AHA advice, Nelson 2007).",
                    age=rules.older_from_age,
                ),
                rule,
            )
        )
    if person.conservative:
        found.append(
            _sourced(
                msg(
                    "After a health yes or in pregnancy: no jumping or one-arm "
                    "push-ups, at most 2 sets per exercise, every set 3 reps short "
                    "of failure."
                ),
                rules.rule("conservative"),
            )
        )
    if person.progress_every_weeks > 1:
        found.append(
            _sourced(
                msg(
                    "Beginner from %(age)d on: reps or sets go up every %(weeks)d "
                    "weeks instead of every week (our rule, for a gentler start).",
                    age=rules.older_from_age,
                    weeks=person.progress_every_weeks,
                ),
                rule,
            )
        )
    return found


def _goal_rules(person: Person) -> list[PersonRule]:
    goal = person.goal
    if goal is None:
        return []
    text = msg("Goal: %(note)s", note=data_phrase(goal.rule.note))
    return [PersonRule(text, goal.rule.sources)]


def _sex_rule(person: Person) -> PersonRule | None:
    if person.profile.sex is None:
        return None
    return PersonRule(
        msg(
            "Sex picks the test norms only: the hands carry the same share of body "
            "weight in women and men (Ebben 2011), so the plan is the same."
        ),
        ("ebben2011", "csep2003"),
    )


def _mass_rules(person: Person, catalog: Catalog) -> list[PersonRule]:
    mass = person.profile.body_mass_kg
    tested = catalog.get(person.profile.variant)
    share = tested.load_pct_body_mass
    if mass is None or share is None:
        return []
    low, high = (round(mass * pct / 100) for pct in share)
    load = (
        msg("%(low)d-%(high)d kg", low=low, high=high)
        if low != high
        else msg("%(low)d kg", low=low)
    )
    sources = tested.number_sources.get("load_pct_body_mass", ())
    weight = f"{mass:g}"
    text = msg(
        "Body weight %(mass)s kg: in a %(name)s your hands carry about %(load)s "
        "(%(low)s-%(high)s%% of it). Your test already reflects it, so the plan "
        "does not change with it.",
        mass=weight,
        name=exercise_phrase(tested.slug, tested.name.lower()),
        load=load,
        low=share[0],
        high=share[1],
    )
    return [PersonRule(text, tuple(sources))]
