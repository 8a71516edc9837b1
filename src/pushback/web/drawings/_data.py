"""Reading ``data/drawings.toml`` into drawing specs (see that file's header).

A drawing may start from another (``like = "push-up"``) and the end pose starts from
the start pose: both are deep merges, so an entry only says what differs. Every
problem raises ``CatalogError("drawings.toml", key, problem)``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pushback.domain.errors import CatalogError
from pushback.web.drawings._body import HIP_HALF_CM, ROOTS, ArmSpec, LegSpec, Pose
from pushback.web.drawings._motion import Camera, Timing

__all__ = [
    "CHECKS",
    "FILE",
    "PROP_KINDS",
    "DrawingSpec",
    "Prop",
    "parse_drawings",
    "read_drawings",
]

FILE = "drawings.toml"
#: Props the renderer knows: (required keys, optional keys). Numbers are cm; x and z
#: of a box or table are [from, to] spans, at is [x, y].
PROP_KINDS: Mapping[str, tuple[frozenset[str], frozenset[str]]] = {
    "wall": (frozenset({"x"}), frozenset()),
    "box": (frozenset({"x", "h"}), frozenset({"z"})),
    "table": (frozenset({"x", "h"}), frozenset()),
    "frame": (frozenset({"x"}), frozenset()),
    "straps": (frozenset({"at"}), frozenset()),
    "towel": (frozenset({"at"}), frozenset()),
    "band": (frozenset(), frozenset()),
    "dumbbells": (frozenset(), frozenset()),
    "roller": (frozenset({"x"}), frozenset()),
}
_SPANS = frozenset({"at", "z"})  # always pairs; x is a pair except on a wall, frame
#: Claims about a drawing that tests verify (tests/unit/test_drawings.py).
CHECKS: tuple[str, ...] = (
    "straight-body",
    "planted-hands",
    "planted-feet",
    "chest-to-floor",
    "elbows-45",
)


@dataclass(frozen=True)
class Prop:
    """One piece of equipment or surroundings and its settings (cm)."""

    kind: str
    settings: Mapping[str, Any]


@dataclass(frozen=True)
class DrawingSpec:
    """Everything needed to draw one exercise."""

    slug: str
    camera: Camera
    timing: Timing
    poses: tuple[Pose, ...]  # start, any poses on the way, end
    props: tuple[Prop, ...]
    checks: tuple[str, ...]


def read_drawings(directory: Traversable | Path) -> dict[str, DrawingSpec]:
    """Parse ``drawings.toml`` of ``directory``; raises ``CatalogError``."""
    try:
        raw = tomllib.loads((directory / FILE).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CatalogError(FILE, "(file)", str(error)) from error
    return parse_drawings(raw)


def parse_drawings(raw: Mapping[str, Any]) -> dict[str, DrawingSpec]:
    """Drawing specs keyed by exercise slug, from the parsed TOML tables."""
    return {slug: _drawing(slug, _resolved(raw, slug, ())) for slug in raw}


def _merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _resolved(
    raw: Mapping[str, Any], slug: str, seen: tuple[str, ...]
) -> dict[str, Any]:
    entry = raw[slug]
    if not isinstance(entry, Mapping):
        raise CatalogError(FILE, slug, "must be a table")
    base = entry.get("like")
    if base is None:
        return dict(entry)
    if base not in raw or base in seen:
        raise CatalogError(FILE, f"{slug}.like", f"no drawing {base!r} to start from")
    inherited = _resolved(raw, base, (*seen, slug))
    inherited.pop("checks", None)  # claims are made per drawing
    return _merge(inherited, {k: v for k, v in entry.items() if k != "like"})


def _number(
    table: Mapping[str, Any], key: str, where: str, default: float | None = None
) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CatalogError(FILE, f"{where}.{key}", f"must be a number (got {value!r})")
    return float(value)


def _pair(value: Any, where: str) -> tuple[float, float]:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in value
        )
    ):
        raise CatalogError(FILE, where, f"must be [x, y] in cm (got {value!r})")
    return float(value[0]), float(value[1])


def _table(parent: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
    value = parent.get(key, {})
    if not isinstance(value, Mapping):
        raise CatalogError(FILE, f"{where}.{key}", f"must be a table (got {value!r})")
    return value


def _leg(table: Mapping[str, Any], where: str) -> LegSpec:
    return LegSpec(
        foot_deg=_number(table, "foot", where),
        shin_deg=_number(table, "shin", where),
        thigh_deg=_number(table, "thigh", where),
        out_cm=_number(table, "out", where, HIP_HALF_CM),
    )


def _arm(table: Mapping[str, Any], where: str) -> ArmSpec:
    modes = [mode for mode in ("hand", "reach") if mode in table]
    if len(modes) != 1:
        raise CatalogError(
            FILE, where, "needs exactly one of hand = [x, y] or reach = [dx, dy]"
        )
    x_cm, y_cm = _pair(table[modes[0]], f"{where}.{modes[0]}")
    default_out = 19.0 if modes[0] == "hand" else 0.0
    return ArmSpec(
        mode=modes[0],
        x_cm=x_cm,
        y_cm=y_cm,
        out_cm=_number(table, "out", where, default_out),
        flare_deg=_number(table, "flare", where, 45.0),
    )


def _sided(
    pose: Mapping[str, Any], both: str, where: str
) -> tuple[Mapping[str, Any], Mapping[str, Any]]:
    shared = _table(pose, both + "s", where)
    left = _merge(shared, _table(pose, f"{both}_l", where))
    right = _merge(shared, _table(pose, f"{both}_r", where))
    return left, right


def _pose(pose: Mapping[str, Any], where: str) -> Pose:
    root = pose.get("root", "pelvis")
    if root not in ROOTS:
        raise CatalogError(
            FILE, f"{where}.root", f"must be one of {', '.join(ROOTS)} (got {root!r})"
        )
    legs = _sided(pose, "leg", where)
    arms = _sided(pose, "arm", where)
    torso = pose.get("torso")
    torso_table = torso if isinstance(torso, Mapping) else {"angle": torso}
    turn = _table(pose, "turn", where)
    return Pose(
        root=root,
        at=_pair(pose.get("at"), f"{where}.at"),
        legs=(_leg(legs[0], f"{where}.leg_l"), _leg(legs[1], f"{where}.leg_r")),
        arms=(_arm(arms[0], f"{where}.arm_l"), _arm(arms[1], f"{where}.arm_r")),
        torso_deg=_number(torso_table, "angle", f"{where}.torso"),
        curve_deg=_number(torso_table, "curve", f"{where}.torso", 0.0),
        lean_deg=_number(torso_table, "lean", f"{where}.torso", 0.0),
        twist_deg=_number(torso_table, "twist", f"{where}.torso", 0.0),
        head_deg=_number(pose, "head", where, 0.0),
        roll_deg=_number(turn, "roll", f"{where}.turn", 0.0),
        yaw_deg=_number(turn, "yaw", f"{where}.turn", 0.0),
    )


def _prop(item: Any, where: str) -> Prop:
    kind = item.get("kind") if isinstance(item, Mapping) else None
    if not isinstance(kind, str) or kind not in PROP_KINDS:
        known = ", ".join(PROP_KINDS)
        raise CatalogError(FILE, where, f"kind must be one of {known} (got {kind!r})")
    required, optional = PROP_KINDS[kind]
    settings = {k: v for k, v in item.items() if k != "kind"}
    unknown = set(settings) - required - optional
    missing = required - set(settings)
    if unknown or missing:
        problem = f"takes no {', '.join(sorted(unknown))}" if unknown else ""
        problem = problem or f"needs {', '.join(sorted(missing))}"
        raise CatalogError(FILE, where, f"{kind} {problem}")
    for key, value in settings.items():
        pair = key in _SPANS or (key == "x" and kind in ("box", "table"))
        if pair:
            _pair(value, f"{where}.{key}")
        else:
            _number(settings, key, where)
    return Prop(kind, settings)


def _props(entry: Mapping[str, Any], slug: str) -> tuple[Prop, ...]:
    items = entry.get("props", [])
    if not isinstance(items, list):
        raise CatalogError(FILE, f"{slug}.props", "must be a list of tables")
    return tuple(_prop(item, f"{slug}.props[{i}]") for i, item in enumerate(items))


def _drawing(slug: str, entry: Mapping[str, Any]) -> DrawingSpec:
    tables = [_table(entry, "start", slug)]
    via = entry.get("via", [])
    if not isinstance(via, list):
        raise CatalogError(FILE, f"{slug}.via", "must be a list of pose tables")
    for index, step in enumerate(via):
        tables.append(
            _merge(tables[-1], _table({"via": step}, "via", f"{slug}[{index}]"))
        )
    tables.append(_merge(tables[-1], _table(entry, "end", slug)))
    names = ["start", *(f"via[{i}]" for i in range(len(via))), "end"]
    camera = _table(entry, "camera", slug)
    timing = _table(entry, "timing", slug)
    defaults = Timing()
    checks = entry.get("checks", [])
    bad = [c for c in checks if c not in CHECKS]
    if bad:
        raise CatalogError(
            FILE,
            f"{slug}.checks",
            f"unknown check {bad[0]!r}; known: {', '.join(CHECKS)}",
        )
    return DrawingSpec(
        slug=slug,
        camera=Camera(
            yaw_deg=_number(camera, "yaw", f"{slug}.camera", 0.0),
            pitch_deg=_number(camera, "pitch", f"{slug}.camera", 0.0),
        ),
        timing=Timing(
            hold_s=_number(timing, "hold_s", f"{slug}.timing", defaults.hold_s),
            out_s=_number(timing, "out_s", f"{slug}.timing", defaults.out_s),
            back_s=_number(timing, "back_s", f"{slug}.timing", defaults.back_s),
        ),
        poses=tuple(
            _pose(table, f"{slug}.{name}")
            for table, name in zip(tables, names, strict=True)
        ),
        props=_props(entry, slug),
        checks=tuple(checks),
    )
