"""Data-file text the plan shows inside its own sentences, as messages.

The levels of an exercise (``levels`` in ``data/exercises.toml``) and the goal
notes (``goals.*`` in ``data/programming.toml``) end up in a plan's reasons and
person rules. Each one is marked here as a message so the catalogs carry it, and
:func:`data_phrase` turns the data's English into a phrase shown in the reader's
language. ``tests/unit/test_plan_chinese.py`` checks that every text of the data
files is listed here (a new level or a changed note must be added).
"""

from __future__ import annotations

from typing import Final

from pushback.domain._words import N_
from pushback.domain.phrases import Phrase, Recipe

__all__ = ["DATA_MESSAGES", "data_phrase", "stored_phrase"]

DATA_MESSAGES: Final = frozenset(
    {
        # exercises.toml: levels
        N_("From the knees"),
        N_("From the toes"),
        N_("From the toes, one leg lifted"),
        N_("Body fairly upright"),
        N_("Body more horizontal"),
        N_("Feet further forward"),
        N_("Pause 2 s at the top"),
        N_("Single arm"),
        N_("Knees bent"),
        N_("Legs straight"),
        N_("Feet raised on a chair"),
        N_("Small lean back"),
        N_("Deeper lean back"),
        N_("Hold 3 s at the top"),
        N_("Chest supported, light bottles or dumbbells"),
        N_("Chest supported, a little heavier"),
        N_("Bent over"),
        N_("Floor, no weight"),
        N_("0.5-2 kg in each hand"),
        N_("Slow 3 s holds with the weight"),
        N_("Light band, wide grip"),
        N_("Narrower grip"),
        N_("Heavier band"),
        N_("Overhead and diagonal pulls"),
        # programming.toml: goals.*.note
        N_(
            "Strength: harder variants sooner (the window tops out at 10, so the "
            "gate to the next step comes at fewer reps; Kotarsky 2018 moved up "
            "after 3x6) and 3 min rest (3 min beat 1 min for strength, Schoenfeld "
            "2016; ACSM 2009 advises long rests with heavy work)."
        ),
        N_(
            "Endurance: more reps per set (up to 20, the top of the 6-20 window that "
            "suits bodyweight work, brief) and short rests (ACSM 2009: high reps "
            "with rests under 90 s)."
        ),
        N_(
            "Posture: one more shoulder-blade set in every hard session (push-up "
            "plus, prone Y-T-W) and the upper-back roll in the cool-down. No study "
            "we know of shows these exercises change posture; the article's 'better "
            "back line in 2-4 weeks' is untested."
        ),
    }
)


def data_phrase(text: str) -> str:
    """``text`` as a phrase when it is one of :data:`DATA_MESSAGES` (shown in the
    reader's language), else as it is."""
    if text in DATA_MESSAGES:
        return Phrase(text, Recipe("text", text))
    return text


def stored_phrase(text: str) -> str:
    """A constant message the journal stored as plain English (a session title,
    a plan's reason) as a phrase again: shown through the catalog, unchanged
    where the catalog does not know it."""
    return Phrase(text, Recipe("text", text)) if text else text
