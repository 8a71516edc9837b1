"""Equipment and surroundings of a drawing, projected through its camera.

Static props (wall, box, table, door frame, foam roller, the anchor of straps or a
towel) become :class:`Shape` outlines. Straps, a towel or a band move with the
hands: each becomes a :class:`Strand` between two points, which the renderer
animates like a bone. Dumbbells are drawn in the hands by the renderer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pushback.web.drawings._body import Vec
from pushback.web.drawings._data import DrawingSpec, Prop
from pushback.web.drawings._motion import Camera, Motion

__all__ = ["ROLLER_CM", "Point", "Shape", "Strand", "static_shapes", "strands"]

ROLLER_CM = 7.5  # radius of a foam roller (15 cm across, the common size)
Point = tuple[float, float]


@dataclass(frozen=True)
class Shape:
    """A static outline in screen coordinates: a closed polygon, a line when
    ``closed`` is False, or a circle round ``points[0]`` when ``radius`` is set;
    ``gear`` shapes are equipment (coloured), the others surroundings."""

    points: tuple[Point, ...]
    closed: bool = True
    radius: float = 0.0
    gear: bool = False
    near: bool = False  # nearer than the body's midline: drawn over the far limbs


@dataclass(frozen=True)
class Strand:
    """A strap, towel or band: its screen end points at every sample."""

    name: str
    starts: tuple[Point, ...]
    ends: tuple[Point, ...]


def _cuboid(x: Sequence[float], y: Sequence[float], z: Sequence[float]) -> list[Vec]:
    return [(a, b, c) for a in x for b in y for c in z]


def _hull(points: list[Point]) -> tuple[Point, ...]:
    """Convex hull (Andrew's monotone chain), counter-clockwise."""
    ordered = sorted(set(points))
    if len(ordered) < 3:
        return tuple(ordered)

    def cross(o: Point, a: Point, b: Point) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[Point] = []
    upper: list[Point] = []
    for point in ordered:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], point) <= 0:
            lower.pop()
        lower.append(point)
    for point in reversed(ordered):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], point) <= 0:
            upper.pop()
        upper.append(point)
    return tuple(lower[:-1] + upper[:-1])


def _solid(camera: Camera, corners: list[Vec]) -> Shape:
    projected = [camera.project(c) for c in corners]
    near = min(p[2] for p in projected) > camera.project((0.0, 0.0, 0.0))[2]
    return Shape(_hull([p[:2] for p in projected]), near=near)


def _span(prop: Prop, key: str, default: Sequence[float]) -> tuple[float, float]:
    value = prop.settings.get(key, default)
    return float(value[0]), float(value[1])


def _prop_shapes(prop: Prop, camera: Camera) -> list[Shape]:
    settings = prop.settings
    if prop.kind == "wall":
        x = float(settings["x"])
        return [_solid(camera, _cuboid((x, x + 12), (0, 240), (-70, 70)))]
    if prop.kind == "box":
        x0, x1 = _span(prop, "x", (0, 0))
        corners = _cuboid(
            (x0, x1), (0, float(settings["h"])), _span(prop, "z", (-35, 35))
        )
        return [_solid(camera, corners)]
    if prop.kind == "table":
        return _table(prop, camera)
    if prop.kind == "frame":
        x = float(settings["x"])
        return [
            _solid(camera, _cuboid((x, x + 9), (0, 212), (z, z + 9))) for z in (-57, 48)
        ]
    if prop.kind in ("straps", "towel"):
        return _anchor(prop, camera)
    if prop.kind == "roller":
        centre = camera.project((float(settings["x"]), ROLLER_CM, 0.0))[:2]
        return [Shape((centre,), radius=ROLLER_CM, gear=True)]
    return []


def _table(prop: Prop, camera: Camera) -> list[Shape]:
    x0, x1 = _span(prop, "x", (0, 0))
    height = float(prop.settings["h"])
    shapes = [_solid(camera, _cuboid((x0, x1), (height - 4, height), (-40, 40)))]
    for x in ((x0 + 4, x0 + 8), (x1 - 8, x1 - 4)):
        for z in ((-38, -34), (34, 38)):
            shapes.append(_solid(camera, _cuboid(x, (0, height - 4), z)))
    return shapes


def _anchor(prop: Prop, camera: Camera) -> list[Shape]:
    x, y = (float(v) for v in prop.settings["at"])
    if prop.kind == "towel":  # a door with its handle, the towel looped round it
        door = _solid(camera, _cuboid((x + 2, x + 6), (0, 205), (-45, 45)))
        handle = _solid(camera, _cuboid((x - 4, x + 2), (y - 1.5, y + 1.5), (-2, 2)))
        return [door, handle]
    top = camera.project((x, y + 45, 0.0))[:2]
    return [Shape((top, camera.project((x, y, 0.0))[:2]), closed=False)]


def static_shapes(spec: DrawingSpec, camera: Camera) -> list[Shape]:
    """Outlines of every static prop of ``spec``, far to near."""
    return [shape for prop in spec.props for shape in _prop_shapes(prop, camera)]


def _screen(motion: Motion, joint: str) -> tuple[Point, ...]:
    return tuple((frame[joint][0], frame[joint][1]) for frame in motion.points)


def strands(spec: DrawingSpec, motion: Motion, camera: Camera) -> list[Strand]:
    """Straps and towels from their anchor to each hand; a band between the hands."""
    found = []
    for prop in spec.props:
        if prop.kind in ("straps", "towel"):
            x, y = (float(v) for v in prop.settings["at"])
            for side in ("l", "r"):
                anchor = camera.project((x, y, -2.0 if side == "l" else 2.0))[:2]
                hand = _screen(motion, f"hand_{side}")
                found.append(Strand(f"{prop.kind}_{side}", (anchor,) * len(hand), hand))
        elif prop.kind == "band":
            found.append(
                Strand("band", _screen(motion, "hand_l"), _screen(motion, "hand_r"))
            )
    return found
