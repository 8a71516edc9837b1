"""SVG markup of one drawing: props, the figure as nested bone groups, and the CSS
keyframes that move it (``_motion`` says why the groups are nested).

The markup uses presentation attributes and ``currentColor`` only; pages colour it
through the classes ``drawing``, ``prop`` and ``gear`` (static/exercises.css). The
animated variant carries its keyframes in a ``<style>`` element whose selectors are
the drawing's own classes, and holds still under ``prefers-reduced-motion``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape

from pushback.web.drawings._data import DrawingSpec
from pushback.web.drawings._motion import BONES, CHAINS, SAMPLES_PER_MOVE, Bone, Motion
from pushback.web.drawings._props import Point, Shape, Strand, static_shapes, strands

__all__ = ["ASPECT", "END_SAMPLE", "render"]

#: Index of the sample where the end pose is reached.
END_SAMPLE = 1 + SAMPLES_PER_MOVE
ASPECT = 1.5  # width / height of every drawing
_MARGIN_CM = 6.0
_HALO_CM = 1.6
_PROPS = (
    '<g class="prop" fill="currentColor" fill-opacity=".12" stroke="currentColor"'
    ' stroke-opacity=".5" stroke-width="1.5" stroke-linejoin="round">'
)
#: Stroke width of each kind of bone (cm of the figure; a pictogram, not anatomy).
_WIDTH = {
    "lower_back": 21.0, "upper_back": 22.0, "neck": 9.0,
    "collar": 12.0, "upper_arm": 10.0, "forearm": 8.5,
    "hip": 16.0, "thigh": 13.5, "shin": 10.5, "foot": 7.5,
}  # fmt: skip
#: Radius of what ends a chain: the head, a hand, the toes.
_TIP = {"neck": 11.5, "forearm": 5.5, "foot": 3.75}
_DUMBBELL = (
    '<g class="gear"><rect x="-4" y="-11" width="8" height="22" rx="2.5"/>'
    '<circle r="2" fill="none" stroke-width="1.2"/></g>'
)
_STRAND_WIDTH = {"straps": 2.5, "towel": 4.5, "band": 2.5}
_BY_NAME = {bone.name: bone for bone in BONES}


@dataclass(frozen=True)
class _Track:
    """One animated element: its class and its CSS transform at every sample."""

    name: str
    values: tuple[str, ...]


def _kind(bone: Bone) -> str:
    return bone.name.removesuffix("_l").removesuffix("_r")


def _num(value: float) -> str:
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _move(x: float, y: float, angle: float | None, css: bool) -> str:
    if css:
        turn = "" if angle is None else f" rotate({_num(angle)}deg)"
        return f"translate({_num(x)}px,{_num(y)}px){turn}"
    turn = "" if angle is None else f" rotate({_num(angle)})"
    return f"translate({_num(x)} {_num(y)}){turn}"


def _stretch(length: float, css: bool) -> str:
    return f"scale({length:.2f},1)" if css else f"scale({length:.2f} 1)"


class _Builder:
    """Writes one drawing, collecting the animation tracks as it goes."""

    def __init__(self, motion: Motion, prefix: str, sample: int | None) -> None:
        self.motion = motion
        self.prefix = prefix
        self.sample = 0 if sample is None else sample
        self.animated = sample is None
        self.tracks: dict[str, _Track] = {}

    def transform(self, key: str, values: Sequence[str], static: str) -> str:
        """The ``transform`` attribute, plus a class when the value moves."""
        if self.animated and len(set(values)) > 1:
            name = f"{self.prefix}-{key}"
            self.tracks.setdefault(name, _Track(name, tuple(values)))
            return f' class="{name}" transform="{static}"'
        return f' transform="{static}"'

    def _series(self, key: str, make: Sequence[tuple[str, str]]) -> str:
        return self.transform(key, [css for css, _ in make], make[self.sample][1])

    def bone(self, bone: Bone, drawn: bool, tip_extra: str, grow: float) -> str:
        """Opens the bone's group (closed by the caller) with its line and caps,
        ``grow`` cm wider all round (the halo pass, which leaves out where the limb
        joins the trunk: a ring there would cut into the body)."""
        states = self.motion.bones[bone.name]
        place = self._series(
            bone.name,
            [
                (
                    _move(*s.offset, s.angle_deg, True),
                    _move(*s.offset, s.angle_deg, False),
                )
                for s in states
            ],
        )
        if not drawn or (grow and _joins_trunk(bone)):
            return f"<g{place}>"
        width = _WIDTH[_kind(bone)] + 2 * grow
        stretch = self._series(
            f"{bone.name}-s",
            [(_stretch(s.length, True), _stretch(s.length, False)) for s in states],
        )
        parts = [f"<g{place}>", f'<line x2="1" stroke-width="{_num(width)}"{stretch}/>']
        if not (grow and bone.parent and _joins_trunk(_BY_NAME[bone.parent])):
            parts.append(f'<circle r="{_num(width / 2)}"/>')
        # The far end: the bone's own round cap (each bone is a capsule, so joints
        # blend without knots), then the head, a hand or the toes.
        tip = self._series(
            f"{bone.name}-t",
            [
                (_move(s.length, 0, None, True), _move(s.length, 0, None, False))
                for s in states
            ],
        )
        cap = max(width / 2, _TIP.get(_kind(bone), 0.0) + grow)
        extra = tip_extra if _kind(bone) == "forearm" else ""
        parts.append(f'<g{tip}><circle r="{_num(cap)}"/>{extra}</g>')
        return "".join(parts)

    def chain(self, chain: str, dumbbells: bool, halo: bool) -> str:
        """Nested groups from the pelvis to the chain's last bone; bones of other
        chains on the way only carry their transform. With ``halo``, the chain is
        first drawn wider in the background colour, which parts it from what lies
        behind it in the same colour."""
        last = [bone for bone in BONES if bone.chain == chain][-1]
        path = [last]
        while path[0].parent:
            path.insert(0, _BY_NAME[path[0].parent])
        extra = _DUMBBELL if dumbbells and chain.startswith("arm") else ""
        # Canvas is the page background, light or dark; exercises.css refines it.
        halo_paint = ' class="halo" fill="Canvas" stroke="Canvas"'
        passes = [(_HALO_CM, "", halo_paint)] if halo else []
        passes.append((0.0, extra, ""))
        markup = []
        for grow, tip_extra, paint in passes:
            opened = [self.bone(b, b.chain == chain, tip_extra, grow) for b in path]
            markup.append(f"<g{paint}>" + "".join(opened) + "</g>" * (len(path) + 1))
        return "".join(markup)

    def strand(self, strand: Strand, width: float) -> str:
        """A strap, towel or band: a bone of its own between two moving points."""
        places, stretches = [], []
        for (x0, y0), (x1, y1) in zip(strand.starts, strand.ends, strict=True):
            angle = math.degrees(math.atan2(y1 - y0, x1 - x0))
            length = math.hypot(x1 - x0, y1 - y0)
            places.append((_move(x0, y0, angle, True), _move(x0, y0, angle, False)))
            stretches.append((_stretch(length, True), _stretch(length, False)))
        place = self._series(strand.name, places)
        stretch = self._series(f"{strand.name}-s", stretches)
        return (
            f'<g{place}><line x2="1" stroke-width="{_num(width)}"'
            f' stroke-linecap="butt"{stretch}/></g>'
        )


def _joins_trunk(bone: Bone) -> bool:
    """A collar or hip bone: where a limb starts inside the trunk."""
    return bone.chain != "torso" and bone.parent in (None, "upper_back")


def _floor(spec: DrawingSpec, motion: Motion, span: tuple[float, float]) -> str:
    """The floor: a line seen level, a plane seen from above (no edge in view)."""
    if not spec.camera.pitch_deg:
        left, width = span
        ends = f'x1="{_num(left)}" x2="{_num(left + width)}"'
        return f'<line {ends} y1="0" y2="0" stroke-width="2"/>'
    xs = [p[0] for s in motion.skeletons for p in s.joints.values()]
    corners = [(x, 0.0, z) for x in (min(xs) - 400, max(xs) + 400) for z in (-400, 400)]
    points = [spec.camera.project(c)[:2] for c in corners]
    ordered = [points[0], points[1], points[3], points[2]]
    flat = " ".join(f"{_num(x)},{_num(y)}" for x, y in ordered)
    return f'<polygon points="{flat}" fill-opacity=".06" stroke="none"/>'


def _chain_order(motion: Motion, pitch_deg: float) -> list[tuple[str, bool]]:
    """Chains from the farthest to the nearest; True marks the far one of a pair of
    limbs (drawn lighter; not when seen from above, where depth is height)."""
    depth = {}
    for chain in CHAINS:
        joints = {bone.end for bone in BONES if bone.chain == chain}
        values = [frame[joint][2] for frame in motion.points for joint in joints]
        depth[chain] = sum(values) / len(values)

    def is_far(chain: str) -> bool:
        if chain == "torso" or pitch_deg >= 45:
            return False
        other = chain[:-1] + ("r" if chain.endswith("l") else "l")
        return depth[chain] < depth[other] - 4

    ordered = sorted(CHAINS, key=lambda chain: depth[chain])
    return [(chain, is_far(chain)) for chain in ordered]


def _frame(motion: Motion, extra: Iterable[Point]) -> tuple[float, float, float, float]:
    """Left, top, width and height of a viewBox holding the figure and the props
    (tall ones, a wall or a door, are cut off a little above the head), at ASPECT."""
    xs, ys = [], []
    for frame in motion.points:
        for name, (x, y, _) in frame.items():
            reach = _TIP["neck"] + 1 if name == "head" else 8.0
            xs += [x - reach, x + reach]
            ys += [y - reach, y + reach]
    ceiling = min(ys) - 25
    for x, y in extra:
        xs.append(x)
        ys.append(max(y, ceiling))
    left, top = min(xs) - _MARGIN_CM, min(ys) - _MARGIN_CM
    width = max(xs) + _MARGIN_CM - left
    height = max(max(ys) + 2, 0) + _MARGIN_CM - top
    if width < height * ASPECT:
        left -= (height * ASPECT - width) / 2
        width = height * ASPECT
    else:
        top -= (width / ASPECT - height) * 0.75  # spare room above, the floor low
        height = width / ASPECT
    return left, top, width, height


def _keyframes(track: _Track, times: Sequence[float]) -> str:
    stops: list[tuple[list[float], str]] = []
    for time, value in zip(times, track.values, strict=True):
        if stops and stops[-1][1] == value:
            stops[-1][0].append(time)
        else:
            stops.append(([time], value))
    body = "".join(
        ",".join(f"{_num(t * 100)}%" for t in sorted({at[0], at[-1]}))
        + "{transform:"
        + value
        + "}"
        for at, value in stops
    )
    return f"@keyframes {track.name}{{{body}}}"


def _style(prefix: str, tracks: Iterable[_Track], motion: Motion) -> str:
    cycle = _num(motion.timing.cycle_s)
    tracks = list(tracks)
    rules = [
        f".{prefix} g,.{prefix} line{{transform-box:view-box;transform-origin:0 0}}",
        *(f".{t.name}{{animation:{t.name} {cycle}s linear infinite}}" for t in tracks),
        *(_keyframes(t, motion.times) for t in tracks),
        "@media (prefers-reduced-motion:reduce)"
        f"{{.{prefix} *{{animation:none!important}}}}",
    ]
    return "<style>" + "".join(rules) + "</style>"


def _outline(shape: Shape) -> str:
    if shape.radius:
        (x, y), r = shape.points[0], _num(shape.radius)
        return (
            f'<g class="gear"><circle cx="{_num(x)}" cy="{_num(y)}" r="{r}"'
            f' fill-opacity=".3" stroke-opacity="1"/><circle cx="{_num(x)}"'
            f' cy="{_num(y)}" r="2" fill-opacity="1"/></g>'
        )
    points = " ".join(f"{_num(x)},{_num(y)}" for x, y in shape.points)
    if shape.closed:
        return f'<polygon points="{points}"/>'
    return f'<polyline points="{points}" fill="none"/>'


def render(
    spec: DrawingSpec, motion: Motion, *, title: str, sample: int | None, prefix: str
) -> str:
    """The SVG of ``spec``: animated when ``sample`` is None, else frozen at that
    sample. ``prefix`` makes its classes and ids unique on a page."""
    builder = _Builder(motion, prefix, sample)
    shapes = static_shapes(spec, spec.camera)
    moving_strands = strands(spec, motion, spec.camera)
    extra: list[Point] = [p for shape in shapes for p in shape.points]
    for strand in moving_strands:
        extra += [*strand.starts, *strand.ends]
    left, top, width, height = _frame(motion, extra)
    dumbbells = any(prop.kind == "dumbbells" for prop in spec.props)
    back: list[str] = []
    front: list[str] = []
    for chain, far in _chain_order(motion, spec.camera.pitch_deg):
        halo = not far and chain != "torso"
        (back if far else front).append(builder.chain(chain, dumbbells, halo))
    behind = "".join(
        builder.strand(s, _STRAND_WIDTH[s.name.rsplit("_", 1)[0]])
        for s in moving_strands
        if s.name != "band"
    )  # straps and a towel run behind the near arm, a band in front of the body
    band = "".join(
        builder.strand(s, _STRAND_WIDTH["band"])
        for s in moving_strands
        if s.name == "band"
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="drawing {prefix}"'
        f' viewBox="{_num(left)} {_num(top)} {_num(width)} {_num(height)}"'
        f' role="img" aria-labelledby="{prefix}-title">'
        f'<title id="{prefix}-title">{escape(title)}</title>',
        _PROPS,
        _floor(spec, motion, (left, width)),
        *(_outline(shape) for shape in shapes if not shape.near),
        "</g>",
        '<g class="figure" fill="currentColor" stroke="currentColor">',
        *(f'<g opacity=".42">{markup}</g>' for markup in back),
        *(_PROPS + _outline(shape) + "</g>" for shape in shapes if shape.near),
        f'<g class="gear" fill="none">{behind}</g>' if behind else "",
        *front,
        f'<g class="gear" fill="none">{band}</g>' if band else "",
        "</g></svg>",
    ]
    if builder.tracks:
        parts.insert(1, _style(prefix, builder.tracks.values(), motion))
    return "".join(parts)
