"""The push pattern's rules (private to :mod:`pushback.domain.adaptation`): after a
session, pain, form broken, missed reps or the gate met move the whole push
pattern, since every push slot follows the main ladder step
(:mod:`._adaptation_restep`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pushback.domain._adaptation_restep import current_step, is_push, restep
from pushback.domain._adaptation_rules import (
    CUT_FRACTION,
    WARNING,
    Change,
    Sessions,
    _beyond,
    _broke,
    _condition_for,
    _cut,
    _drop,
    _edit_all,
    _exercise,
    _floor,
    _missed,
    _name,
    _names,
    _window,
    catalog_choice,
    count_of,
    form_broke_on,
    missed_twice_on,
    pain_place,
    with_count,
)
from pushback.domain._adaptation_types import SetLog
from pushback.domain._plan_slots import Context, allowed_step
from pushback.domain.catalog import Catalog
from pushback.domain.phrases import msg
from pushback.domain.plans import Prescription

__all__ = ["push_rule"]


def push_rule(
    sets: tuple[SetLog, ...],
    earlier: Sequence[tuple[SetLog, ...]],
    sessions: Sessions,
    ctx: Context,
) -> Change | None:
    """The one change for the whole push pattern after a session, or None.

    ``earlier``: the push sets of earlier sessions, newest first (the session
    before, for two misses running; the last one with the main exercise, for the
    gate).
    """
    catalog = ctx.catalog
    step = current_step(sessions, catalog)
    if step is None:
        return None
    pained = [s for s in sets if s.pain]
    if pained:
        return _push_pain(pained[0], step, ctx)
    before = earlier[0] if earlier else None
    broke = _broke(sets, catalog)
    missed = _missed(sets, catalog)
    if broke or (missed and before is not None and _missed(before, catalog)):
        return _regress(sets, step, broke, ctx)
    if missed:
        return _repeat_push(sets, catalog)
    main = catalog.at_step(step).slug
    last_main = next((e for e in earlier if any(s.slug == main for s in e)), None)
    if (
        last_main is not None
        and _gate_met(sets, step, ctx)
        and _gate_met(last_main, step, ctx)
    ):
        return _progress(step, ctx)
    return _beyond(sets, catalog)


def _regress(sets: tuple[SetLog, ...], step: int, broke: bool, ctx: Context) -> Change:
    catalog = ctx.catalog
    failing = [s for s in sets if s.form_broke or (s.count or 0) < _floor(s, catalog)]
    names = _names(failing or sets, catalog)
    cause = form_broke_on(names, sets) if broke else missed_twice_on(names)
    lower = allowed_step(step - 1, ctx) if step > 1 else step
    if lower < step:
        new = catalog.at_step(lower)
        return Change(
            "regress-step",
            msg(
                "%(cause)s: the whole push pattern steps down to step %(step)d "
                "(%(name)s); every push exercise follows it (failed-target rule).",
                cause=cause,
                step=lower,
                name=_name(new),
            ),
            catalog.at_step(step).slug,
            lambda s: restep(s, step=lower, ctx=ctx, mode="keep"),
            {"to": new.slug, "step": lower, "form_broke": broke},
        )
    return Change(
        "cut-sets",
        msg(
            "%(cause)s: no easier step, so about %(pct)d%% fewer sets and a shorter "
            "range (failed-target rule).",
            cause=cause,
            pct=round(CUT_FRACTION * 100),
        ),
        None,
        _cut_push,
        {"form_broke": broke},
    )


def _cut_push(sessions: Sessions) -> Sessions:
    def edit(item: Prescription) -> Prescription:
        if not is_push(item) or item.role == "test":
            return item
        return replace(item, sets=_cut(item.sets), short_range=True)

    return _edit_all(sessions, edit)


def _repeat_push(sets: tuple[SetLog, ...], catalog: Catalog) -> Change:
    targets = {s.slug: s.target or _window(s, catalog)[0] for s in sets if s.slug}
    names = _names([s for s in sets if (s.count or 0) < _floor(s, catalog)], catalog)

    def edit(item: Prescription) -> Prescription:
        cap = targets.get(item.slug)
        if cap is None or not is_push(item) or item.role == "test":
            return item
        return with_count(item, min(count_of(item), cap))

    return Change(
        "repeat",
        msg(
            "Bottom of the window missed once on %(names)s: the same reps next time "
            "before adding more (failed-target rule).",
            names=names,
        ),
        None,
        lambda s: _edit_all(s, edit, skip_deload=True),
        {"reps": dict(sorted((k or "", v) for k, v in targets.items()))},
    )


def _gate_met(sets: tuple[SetLog, ...], step: int, ctx: Context) -> bool:
    """Every set of the main exercise at its gate reps with reps in reserve, in as
    many sets as the gate asks (or as the person may do: 2 under conservative
    settings)."""
    main = ctx.catalog.at_step(step)
    gate = main.gate
    mine = [s for s in sets if s.slug == main.slug]
    if gate is None or main.harder is None:
        return False
    needed = gate.sets
    if ctx.person.conservative:
        needed = min(needed, ctx.rules.conservative_max_sets)
    if len(mine) < needed:
        return False
    return all((s.count or 0) >= gate.reps and (s.rir or 0) >= 1 for s in mine)


def _progress(step: int, ctx: Context) -> Change | None:
    higher = allowed_step(step + 1, ctx)
    if higher <= step:
        return None
    main = ctx.catalog.at_step(step)
    new = ctx.catalog.at_step(higher)
    gate = main.gate
    assert gate is not None  # _gate_met checked it
    return Change(
        "progress-step",
        msg(
            "Every set of %(name)s at %(reps)d+ reps with reps in reserve in two "
            "sessions: gate reached, the whole push pattern moves up to step "
            "%(step)d (%(new)s), starting at the bottom of its window.",
            name=_name(main),
            reps=gate.reps,
            step=higher,
            new=_name(new),
        ),
        main.slug,
        lambda s: restep(s, step=higher, ctx=ctx, mode="dose"),
        {"to": new.slug, "step": higher},
    )


def _push_pain(item: SetLog, step: int, ctx: Context) -> Change:
    catalog = ctx.catalog
    exercise = _exercise(catalog, item.slug)
    name = _name(exercise) if exercise else item.slug or msg("push-ups")
    condition = _condition_for(item.pain_location)
    target = (
        _exercise(catalog, exercise.substitutions.get(condition or ""))
        if exercise
        else None
    )
    lower = step - 1
    why: str = msg("one step easier")
    if (
        target is not None
        and target.ladder_step is not None
        and target.ladder_step < step
    ):
        lower, why = target.ladder_step, catalog_choice(condition)
    lower = allowed_step(max(1, lower), ctx)
    if lower >= step:
        return _drop(item.slug or "", name, item.pain_location, condition)
    new = catalog.at_step(lower)
    return Change(
        "substitute",
        msg(
            "Pain (%(where)s) during %(name)s: the whole push pattern moves to step "
            "%(step)d (%(new)s), %(why)s. %(warning)s",
            where=pain_place(item.pain_location),
            name=name,
            step=lower,
            new=_name(new),
            why=why,
            warning=WARNING,
        ),
        item.slug,
        lambda s: restep(s, step=lower, ctx=ctx, mode="keep"),
        {"location": item.pain_location, "condition": condition, "to": new.slug},
    )
