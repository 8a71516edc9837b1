"""Drawings of the catalog's exercises: a figure moving between the start and the
end position, generated as SVG from the pose keyframes in ``data/drawings.toml``.

* :func:`drawing_svg` returns the markup of one exercise's drawing: animated with
  CSS (holding still under ``prefers-reduced-motion``), or frozen at its start or
  end position (thumbnails, the side-by-side pair).
* :func:`drawing_html` is the same as safe markup for templates, empty for an
  exercise without a drawing (a journal may name one the catalog lost).
* :func:`load_drawings` reads and checks the data file (cached);
  :func:`drawing_motion` is the sampled movement tests measure.

``_body`` turns a pose into 3D joints, ``_motion`` samples and projects the
movement into bone transforms, ``_props`` places the equipment and ``_svg`` writes
the markup.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib import resources
from typing import Literal

from markupsafe import Markup

from pushback.domain.errors import NotFound
from pushback.domain.phrases import msg
from pushback.web.drawings._data import CHECKS, DrawingSpec, read_drawings
from pushback.web.drawings._motion import Motion, joint_at, sample_motion
from pushback.web.drawings._svg import render

__all__ = [
    "CHECKS",
    "DrawingSpec",
    "Motion",
    "drawing_html",
    "drawing_motion",
    "drawing_svg",
    "joint_at",
    "load_drawings",
]

Variant = Literal["animated", "start", "end"]


@functools.cache
def load_drawings() -> Mapping[str, DrawingSpec]:
    """Every drawing of ``pushback/data/drawings.toml`` keyed by exercise slug.

    Raises ``CatalogError`` (file, key, problem) when the file is broken.
    """
    return read_drawings(resources.files("pushback") / "data")


def _spec(slug: str) -> DrawingSpec:
    try:
        return load_drawings()[slug]
    except KeyError:
        raise NotFound(
            msg("No drawing for the exercise %(slug)s.", slug=repr(slug)), field="slug"
        ) from None


@functools.cache
def drawing_motion(slug: str) -> Motion:
    """The sampled movement of ``slug``'s drawing; raises ``NotFound``."""
    spec = _spec(slug)
    return sample_motion(spec.poses, spec.camera, spec.timing)


@functools.lru_cache(maxsize=512)
def drawing_svg(
    slug: str, *, title: str, variant: Variant = "animated", decorative: bool = False
) -> str:
    """SVG markup of ``slug``'s drawing, named ``title`` for screen readers, or
    hidden from them when ``decorative`` (a thumbnail next to the name).

    Raises ``NotFound`` when the exercise has no drawing.
    """
    motion = drawing_motion(slug)
    sample = {"animated": None, "start": 0, "end": motion.end_sample}[variant]
    prefix = f"dr-{slug}-{variant}"
    svg = render(_spec(slug), motion, title=title, sample=sample, prefix=prefix)
    if decorative:  # a thumbnail: sized without a stylesheet, hidden from readers
        small = ' width="72" height="48" aria-hidden="true" focusable="false"'
        svg = svg.replace(' role="img"', small, 1)
    return svg


def drawing_html(
    slug: str, title: str, variant: Variant = "animated", decorative: bool = False
) -> Markup:
    """:func:`drawing_svg` as template markup; empty when ``slug`` has none."""
    if slug not in load_drawings():
        return Markup("")
    svg = drawing_svg(slug, title=title, variant=variant, decorative=decorative)
    return Markup(svg)  # noqa: S704 - generated here from numbers and an escaped title
