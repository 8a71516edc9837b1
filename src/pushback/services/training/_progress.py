"""Progress series from the journal (private; use ``journal.progress``).

* **Weekly hard sets per muscle group** (weeks start on Monday, user's zone):
  every logged work set of a push, pull or scapular exercise is a hard set
  [design]. It counts 1 for each group holding one of the exercise's primary
  muscles and 0.5 for groups with only secondary muscles (fractional counting,
  Pelland et al. 2024); the back group uses the catalog's ``back_volume_factor``
  instead, so push-ups give 0.5 back sets and rows 1 (brief section 4 [design]).
* **Best clean reps per variant**: the most reps (or reps per side) in one set
  with no form break and no pain, per session.
* **Ladder step**: the highest main-ladder step done in each session.
* **RIR trend**: mean reps in reserve of the work sets per session (RPE turned
  into RIR: RIR = 10 - RPE, Zourdos 2016).
* **Body weight** in kilograms.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from pushback.domain.catalog import Catalog, Exercise
from pushback.domain.errors import NotFound
from pushback.domain.progress import ProgressReport
from pushback.journal.records import (
    BodyWeightEntry,
    ProfileEntry,
    SessionEntry,
    SetEntry,
    UserRecord,
)

__all__ = ["MUSCLE_GROUPS", "ProgressReport", "build_report", "streak_weeks"]

#: Muscle id -> the group charts show (catalog ``muscles.toml`` ids).
MUSCLE_GROUPS: dict[str, str] = {
    "pectoralis-major": "chest",
    "anterior-deltoid": "shoulders",
    "triceps-brachii": "arms",
    "biceps-brachii": "arms",
    "serratus-anterior": "back",
    "upper-trapezius": "back",
    "middle-trapezius": "back",
    "lower-trapezius": "back",
    "rhomboids": "back",
    "latissimus-dorsi": "back",
    "posterior-deltoid": "back",
    "rotator-cuff": "back",
    "erector-spinae": "back",
    "abdominals": "core",
}
_HARD_CATEGORIES = ("push", "pull", "scapular")


def _exercise(catalog: Catalog, slug: str | None) -> Exercise | None:
    if slug is None:
        return None
    try:
        return catalog.get(slug)
    except NotFound:
        return None


def group_shares(exercise: Exercise) -> dict[str, float]:
    """Hard-set share per muscle group for one set of ``exercise``."""
    shares: dict[str, float] = {}
    for weight, roles in (
        (0.5, exercise.secondary_muscles),
        (1.0, exercise.primary_muscles),
    ):
        for role in roles:
            group = MUSCLE_GROUPS.get(role.muscle)
            if group is not None:
                shares[group] = max(shares.get(group, 0.0), weight)
    if "back" in shares:
        shares["back"] = exercise.back_volume_factor
    return shares


def _count(item: SetEntry) -> int | None:
    return item.reps if item.reps is not None else item.reps_per_side


def build_report(  # noqa: PLR0913 - keyword-only series of one report
    user: UserRecord,
    *,
    sessions: list[SessionEntry],
    weights: list[BodyWeightEntry],
    assessed: list[ProfileEntry],
    today: date,
    catalog: Catalog,
) -> ProgressReport:
    """The report for ``sessions`` (oldest first), dates in the user's zone.

    The ladder series takes each assessment or retest in ``assessed`` on its day
    and, between them, the hardest main-path variation logged in a session.
    """
    zone = ZoneInfo(user.time_zone)

    def local(moment: datetime) -> date:
        return moment.astimezone(zone).date()

    weekly: dict[date, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    best: dict[str, list[tuple[date, int]]] = defaultdict(list)
    steps: list[tuple[date, int]] = []
    rir: list[tuple[date, float]] = []
    for session in sessions:
        day = local(session.started_at)
        week = day - timedelta(days=day.weekday())
        _session_series(session, day, week, weekly, best, steps, rir, catalog)
    tested = {local(p.taken_at): p.ladder_step for p in assessed if p.ladder_step}
    ladder = {**dict(steps), **tested}
    return ProgressReport(
        user=user.name,
        units=user.units,
        since=local(sessions[0].started_at) if sessions else today,
        weekly_hard_sets={w: dict(g) for w, g in sorted(weekly.items())},
        best_clean_reps=dict(best),
        ladder_steps=sorted(ladder.items()),
        rir_trend=rir,
        body_weight_kg=[(local(w.measured_at), w.body_mass_kg) for w in weights],
        sessions=len(sessions),
        sets=sum(len(s.sets) for s in sessions),
        streak_weeks=streak_weeks({local(s.started_at) for s in sessions}, today),
        names={slug: catalog.get(slug).name for slug in best},
    )


def _session_series(  # noqa: PLR0913 - one accumulator per series
    session: SessionEntry,
    day: date,
    week: date,
    weekly: dict[date, dict[str, float]],
    best: dict[str, list[tuple[date, int]]],
    steps: list[tuple[date, int]],
    rir: list[tuple[date, float]],
    catalog: Catalog,
) -> None:
    top: dict[str, int] = {}
    rirs: list[int] = []
    step = 0
    for item in session.sets:
        exercise = _exercise(catalog, item.slug)
        if item.kind not in ("work", "failure") or exercise is None:
            continue
        if exercise.category in _HARD_CATEGORIES:
            for group, share in group_shares(exercise).items():
                weekly[week][group] += share
        count = _count(item)
        if count is not None and not item.form_broke and not item.pain:
            top[exercise.slug] = max(top.get(exercise.slug, 0), count)
        if exercise.branch == "main" and exercise.ladder_step:
            step = max(step, exercise.ladder_step)
        if item.effective_rir is not None:
            rirs.append(item.effective_rir)
    for slug, count in top.items():
        best[slug].append((day, count))
    if step:
        steps.append((day, step))
    if rirs:
        rir.append((day, round(sum(rirs) / len(rirs), 2)))


def streak_weeks(days: set[date], today: date) -> int:
    """Weeks in a row, ending this week or last, with at least one session."""
    weeks = {d - timedelta(days=d.weekday()) for d in days}
    current = today - timedelta(days=today.weekday())
    if current not in weeks:
        current -= timedelta(days=7)
    count = 0
    while current in weeks:
        count += 1
        current -= timedelta(days=7)
    return count


def since_for(now: datetime, weeks: int) -> datetime:
    """The start of the window of ``weeks`` weeks ending ``now``."""
    return now - timedelta(weeks=weeks)
