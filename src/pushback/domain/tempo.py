"""Tempo: the one parser of tempo strings and the one descent verdict.

A tempo is four phases in seconds, ``down-bottom-up-top`` (``3-1-1-0``: 3 s down,
1 s pause at the bottom, 1 s up, no pause at the top); ``X`` means "as fast as you
can" (the four-digit notation of the tempo literature, source ``tempo-notation``).

The descent verdict compares one rep's way down with the prescribed descent:

* **on tempo**: within ``tolerance_s`` of the target (brief section 6: 3 s,
  +-0.5 s, [design]);
* **close**: outside the tolerance by at most ``close_s`` (our own band, 0.5 s,
  [design]): a rep 0.2 s past the tolerance is nearly right and reads so;
* **too fast** / **too slow**: further out.

Every page, report, chart and count takes its verdict from :func:`descent_verdict`;
pages receive the verdict and only display it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median
from typing import Literal

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg

__all__ = [
    "CLOSE_S",
    "DEFAULT_TEMPO",
    "EXPLOSIVE_S",
    "TOLERANCE_S",
    "DescentVerdict",
    "Tempo",
    "descent_verdict",
    "parse_tempo",
    "set_verdict",
    "too_fast_below_s",
]

#: Seed: "slow descent (3 seconds)"; bottom pause and 1 s up are brief section 4's
#: notation example. A control tool, not a hypertrophy multiplier (Schoenfeld 2015).
DEFAULT_TEMPO = "3-1-1-0"
#: Seconds a metronome gives an explosive (``X``) phase [design].
EXPLOSIVE_S = 1.0
#: Tolerance around the prescribed descent, s (brief section 6 tempo row, [design]).
TOLERANCE_S = 0.5
#: Width of the "close" band beyond the tolerance, s [design].
CLOSE_S = 0.5
#: Longest rep a tempo may describe, s (catalog check).
MAX_REP_S = 8

_PATTERN = re.compile(r"^([0-9X])-([0-9X])-([0-9X])-([0-9X])$")
_PHASES = ("down", "bottom", "up", "top")

Kind = Literal["too fast", "close", "on tempo", "too slow"]
Side = Literal["fast", "on", "slow"]


@dataclass(frozen=True)
class Tempo:
    """A parsed tempo: each phase in seconds, None for explosive (``X``)."""

    text: str
    down_s: float | None
    bottom_s: float | None
    up_s: float | None
    top_s: float | None

    @property
    def phases(self) -> tuple[tuple[str, float | None], ...]:
        """``(("down", 3.0), ("bottom", 1.0), ("up", 1.0), ("top", 0.0))``."""
        values = (self.down_s, self.bottom_s, self.up_s, self.top_s)
        return tuple(zip(_PHASES, values, strict=True))

    @property
    def rep_s(self) -> float:
        """Seconds one rep lasts (explosive phases count 0)."""
        return sum(value or 0.0 for _, value in self.phases)

    def metronome(self) -> list[dict[str, object]]:
        """The phases a metronome ticks through: ``[{"name", "index", "seconds"}]``,
        zero-length phases left out, explosive ones given :data:`EXPLOSIVE_S`."""
        out: list[dict[str, object]] = []
        for index, (name, value) in enumerate(self.phases):
            seconds = EXPLOSIVE_S if value is None else value
            if seconds > 0:
                out.append({"name": name, "index": index, "seconds": seconds})
        return out


def parse_tempo(text: str, *, field: str = "tempo") -> Tempo:
    """Parse ``"3-1-1-0"`` (digits or ``X``, four phases, at most 8 s per rep).

    Raises:
        InvalidInput: not four digits or X separated by dashes, or too long a rep.
    """
    match = _PATTERN.match(text.strip().upper()) if isinstance(text, str) else None
    expected = msg("four digits or X like '3-1-1-0'")
    if match is None:
        raise InvalidInput(field, text, expected)
    values = tuple(None if part == "X" else float(part) for part in match.groups())
    tempo = Tempo(match.group(0), *values)
    if tempo.rep_s > MAX_REP_S:
        raise InvalidInput(
            field, text, msg("a rep of at most %(max_rep_s)s s", max_rep_s=MAX_REP_S)
        )
    return tempo


@dataclass(frozen=True)
class DescentVerdict:
    """One descent (s) against the target: which side, how far, in which band.

    ``delta_s`` is descent minus target (negative: faster); ``outside_s`` how far
    the descent lies beyond the tolerance (0 when on tempo).
    """

    descent_s: float
    target_s: float
    tolerance_s: float
    close_s: float
    kind: Kind
    side: Side

    @property
    def delta_s(self) -> float:
        """Descent minus target, s (negative: lowered faster than prescribed)."""
        return round(self.descent_s - self.target_s, 2)

    @property
    def outside_s(self) -> float:
        """Seconds beyond the tolerance (0 on tempo)."""
        return round(
            max(0.0, abs(self.descent_s - self.target_s) - self.tolerance_s), 2
        )

    @property
    def is_on_tempo(self) -> bool:
        """Within the tolerance."""
        return self.kind == "on tempo"

    def to_dict(self) -> dict[str, object]:
        """``{"kind", "side", "delta_s", "outside_s"}`` for pages and JSON."""
        return {
            "kind": self.kind,
            "side": self.side,
            "delta_s": self.delta_s,
            "outside_s": self.outside_s,
        }


def descent_verdict(
    descent_s: float,
    *,
    target_s: float,
    tolerance_s: float = TOLERANCE_S,
    close_s: float = CLOSE_S,
) -> DescentVerdict:
    """The verdict on one descent (seconds) against ``target_s`` (module docstring).

    Raises:
        InvalidInput: a negative time, tolerance or band, or a target of 0 or less.
    """
    if target_s <= 0:
        raise InvalidInput("target_s", target_s, msg("a descent above 0 s"))
    for name, value in (
        ("descent_s", descent_s),
        ("tolerance_s", tolerance_s),
        ("close_s", close_s),
    ):
        if not value >= 0:
            raise InvalidInput(name, value, msg("0 s or more"))
    delta = descent_s - target_s
    side: Side = "on" if abs(delta) <= tolerance_s else "fast" if delta < 0 else "slow"
    kind: Kind
    if side == "on":
        kind = "on tempo"
    elif side == "fast":
        fast_edge = too_fast_below_s(
            target_s=target_s, tolerance_s=tolerance_s, close_s=close_s
        )
        kind = "too fast" if descent_s < fast_edge else "close"
    else:
        kind = "close" if delta <= tolerance_s + close_s else "too slow"
    return DescentVerdict(descent_s, target_s, tolerance_s, close_s, kind, side)


def too_fast_below_s(
    *, target_s: float, tolerance_s: float = TOLERANCE_S, close_s: float = CLOSE_S
) -> float:
    """The descent (s) under which a rep is *too fast* (past the close band): the
    ``fast-descent`` form fault starts here."""
    return target_s - tolerance_s - close_s


def set_verdict(
    descents_s: tuple[float, ...] | list[float],
    *,
    target_s: float,
    tolerance_s: float = TOLERANCE_S,
    close_s: float = CLOSE_S,
) -> DescentVerdict | None:
    """The verdict on a set: its median descent's (None without a timed rep)."""
    if not descents_s:
        return None
    return descent_verdict(
        float(median(descents_s)),
        target_s=target_s,
        tolerance_s=tolerance_s,
        close_s=close_s,
    )
