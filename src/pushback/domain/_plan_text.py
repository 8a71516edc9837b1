"""The words of a plan: each prescription's reason and the plan-wide notes
(private to the planner). Plain words for the user; sources named as authors."""

from __future__ import annotations

from pushback.domain._plan_slots import SCHEDULES, Choice, Context
from pushback.domain.assessment import ladder_step, parq_advice, safety_advice
from pushback.domain.catalog import EQUIPMENT

__all__ = ["missing_pull_note", "plan_notes", "reason_for", "test_reason"]

#: What a missing piece of equipment would add, in the user's words.
_KIT_WORDS = {
    "bands": "a resistance band",
    "table": "a sturdy table",
    "towel": "a towel and a door you can anchor it to",
    "trx": "a suspension trainer",
    "dumbbells": "light dumbbells or water bottles",
}


def reason_for(
    choice: Choice,
    *,
    dose_words: str,
    seed_words: str,
    level_name: str | None,
    hard: bool,
) -> str:
    """One line: why this exercise, how the dose was set, what differs from the seed."""
    exercise = choice.exercise
    parts = [f"{choice.slot.why}: {exercise.name}"]
    if choice.change:
        parts.append(choice.change)
    if dose_words:
        parts.append(dose_words)
    if seed_words:
        parts.append(seed_words)
    if level_name:
        parts.append(f"setting: {level_name}")
    if exercise.category in ("pull", "scapular") and hard:
        parts.append(
            "back work matched set for set with the push-ups: push-ups train the "
            "back mainly as stabilisers"
        )
    if exercise.category == "push" and (exercise.tempo or "").startswith("3"):
        parts.append("3 s down for control, not as a growth trick (Schoenfeld 2015)")
    if not hard:
        parts.append("easy sets, not counted as hard sets")
    return "; ".join(parts) + "."


def test_reason(name: str, conservative: bool, gate_words: str) -> str:
    """The reason of a retest item."""
    stop = (
        "stop 3 reps before you would have to strain; your reps plus those 3 count"
        if conservative
        else "as many clean reps as you can, no set tempo; stop when you strain or "
        "your form slips on two reps in a row (the CSEP test)"
    )
    return (
        f"Retest on {name}: {stop}. {gate_words} Film it and the camera's count is "
        "used. Log it and the next block is set from it."
    )


def missing_pull_note(ctx: Context, days_without: list[int]) -> str:
    """A note when a hard session found no row or fly for this user: which of the
    things they do not have would add one (never something they own)."""
    if not days_without:
        return ""
    have = set(ctx.person.profile.equipment)
    missing = [_KIT_WORDS[k] for k in EQUIPMENT if k in _KIT_WORDS and k not in have]
    days = ", ".join(str(day) for day in days_without)
    floor = f"Day(s) {days}: no row fits, so the back work is floor drills"
    if not missing:
        return (
            f"{floor}; your conditions rule out the rows your equipment allows, and "
            "rows are the direct back work push-ups cannot give."
        )
    return f"{floor}; {' or '.join(missing[:3])} would add rows."


def plan_notes(
    ctx: Context, *, step: int, deload_every_weeks: int, extra: list[str]
) -> tuple[str, ...]:
    """Plan-wide notes: PAR-Q+ advice first, then the person, safety, how it works."""
    profile = ctx.person.profile
    placed = ladder_step(profile, ctx.catalog)
    at = ctx.catalog.at_step(step)
    name = ctx.catalog.get(placed.slug).name
    where = f"Push-up level {placed.step} ({name}): {placed.reason}"
    if step != placed.step:
        where += f" Your plan's main exercise is {at.name} (level {step})."
    notes = [
        *parq_advice(profile),
        where,
        *(rule.text for rule in ctx.person.rules),
        *safety_advice(profile),
        "Tempo 3-1-1-0 (the article's 3 s on the way down) is for control and "
        "learning, not a growth trick (Schoenfeld 2015: reps of 0.5-8 s build "
        "muscle alike).",
        "Each week one more rep per set up to the top of the window, then one more "
        "set; at the gate, the retest decides the next step. Every push slot "
        "follows the main exercise, so a step up or down moves them all.",
        f"Every {deload_every_weeks}th week is lighter (about half the sets, 3 reps "
        "in reserve) and ends with a retest session.",
        "Reps x sets of each movement, and of all push-ups together, rise by at most "
        "20% a week (our own rule: no study gives a number).",
        "Days "
        + ", ".join(str(d) for d, _ in SCHEDULES[profile.days_per_week])
        + " of each week, counted from the start date; hard days at least 48 h apart.",
        *extra,
    ]
    return tuple(note for note in notes if note)
