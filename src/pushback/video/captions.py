"""Text on annotated frames, drawn with Pillow in a font that has CJK glyphs.

OpenCV's ``putText`` knows only the Hershey fonts (ASCII): Chinese comes out as
``???``. The captions are therefore drawn with Pillow and FreeType in Noto Sans CJK
(Debian's ``fonts-noto-cjk``, which ``make sysdeps`` installs), whose Latin glyphs
serve the English captions too. The font is found on disk, never downloaded; without
it English is drawn in Pillow's built-in font and other scripts raise
:class:`AnalysisFailed` naming the package to install (no boxes in a video).

A caption panel is a half-transparent dark box in the top-left corner with one line
per caption, each in its own colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageDraw, ImageFont

from pushback.domain.errors import AnalysisFailed
from pushback.domain.phrases import msg

__all__ = ["FONT_FILES", "caption_font", "draw_captions", "font_file"]

#: Where Debian's fonts-noto-cjk puts its fonts, bold first (legible over video),
#: each with the face index of Simplified Chinese inside the collection.
FONT_FILES: tuple[tuple[Path, int], ...] = (
    (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"), 2),
    (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"), 2),
)
Colour = tuple[int, int, int]
Caption = tuple[str, Colour]
_DARK: Colour = (20, 20, 20)
#: Opacity of the panel behind the text (0-255).
_PANEL_ALPHA = 140


FontFiles = tuple[tuple[Path, int], ...]


def font_file(fonts: FontFiles = FONT_FILES) -> tuple[Path, int] | None:
    """The first installed font of ``fonts`` and its face index, or None."""
    for path, index in fonts:
        if path.is_file():
            return path, index
    return None


@cache
def caption_font(
    size_px: int, fonts: FontFiles = FONT_FILES
) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The caption font at ``size_px``: the first of ``fonts`` installed, else
    Pillow's own (Latin only)."""
    found = font_file(fonts)
    if found is None:
        return ImageFont.load_default(size_px)
    path, index = found
    return ImageFont.truetype(str(path), size_px, index=index)


def _check_glyphs(captions: Sequence[Caption], fonts: FontFiles) -> None:
    if font_file(fonts) is None and any(not text.isascii() for text, _ in captions):
        raise AnalysisFailed(
            msg(
                "The annotated video needs a font with Chinese characters: install "
                "Debian's fonts-noto-cjk (make sysdeps)."
            )
        )


def draw_captions(
    image: NDArray[np.uint8],
    captions: Sequence[Caption],
    *,
    fonts: FontFiles = FONT_FILES,
) -> None:
    """Draw ``captions`` (text, RGB colour) onto the RGB ``image``, in place, in
    the first installed font of ``fonts``.

    Raises:
        AnalysisFailed: text outside ASCII and no CJK font installed.
    """
    if not captions:
        return
    _check_glyphs(captions, fonts)
    height, width = image.shape[:2]
    size = max(14, round(width / 40))
    font = caption_font(size, fonts)
    line_px = round(size * 1.45)
    pad = round(size * 0.5)
    measure = ImageDraw.Draw(Image.new("L", (1, 1)))
    text_px = max(round(measure.textlength(text, font=font)) for text, _ in captions)
    box_w = min(width, text_px + 2 * pad)
    box_h = min(height, line_px * len(captions) + pad)
    region = Image.fromarray(image[:box_h, :box_w])
    shade = Image.new("RGB", region.size, _DARK)
    region = Image.blend(region, shade, _PANEL_ALPHA / 255)
    draw = ImageDraw.Draw(region)
    for row, (text, colour) in enumerate(captions):
        draw.text((pad, pad // 2 + row * line_px), text, fill=colour, font=font)
    image[:box_h, :box_w] = np.asarray(region)
