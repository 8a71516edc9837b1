"""Captions of the annotated video in Chinese: real glyphs, not boxes.

Draws on plain frames with the real font (Debian's fonts-noto-cjk, installed by
``make sysdeps``) and compares pixels: a Chinese caption changes the caption area
differently from the English one, and no character of it is drawn as the font's
"missing glyph" box (what a private-use code point, absent from every font, draws).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from pushback import i18n
from pushback.domain.errors import AnalysisFailed
from pushback.video.captions import caption_font, draw_captions, font_file

pytestmark = pytest.mark.skipif(
    font_file() is None, reason="fonts-noto-cjk is not installed (make sysdeps)"
)

WHITE = (255, 255, 255)
#: A private-use code point: no font has it, so it draws the "missing glyph" box.
MISSING = "\U000f0000"


def frame() -> np.ndarray:
    return np.full((360, 640, 3), 90, dtype=np.uint8)


def glyph(char: str, size: int = 32) -> np.ndarray:
    image = Image.new("L", (size * 2, size * 2), 0)
    ImageDraw.Draw(image).text((4, 4), char, fill=255, font=caption_font(size))
    return np.asarray(image)


def test_chinese_caption_differs_from_english_in_the_caption_area() -> None:
    english, chinese = frame(), frame()
    draw_captions(english, [("Reps: 3/10", WHITE), ("! Hips sagging", WHITE)])
    draw_captions(chinese, [("次数：3/10", WHITE), ("! 塌腰", WHITE)])
    area = (slice(0, 80), slice(0, 240))
    changed = np.abs(chinese[area].astype(int) - english[area].astype(int)) > 40
    assert changed.sum() > 300
    # Below the panel the frame is untouched by either.
    assert (english[200:] == 90).all() and (chinese[200:] == 90).all()


@pytest.mark.parametrize("text", ["次数", "离心下放", "塌腰", "肩胛骨后缩下沉", "耸肩"])
def test_chinese_characters_are_drawn_not_boxes(text: str) -> None:
    box = glyph(MISSING)
    assert (box > 0).sum() > 20  # the box itself is visible
    for char in text:
        drawn = glyph(char)
        assert (drawn > 0).sum() > 20, char
        assert not np.array_equal(drawn, box), f"{char!r} is drawn as a box"


def test_annotation_text_follows_the_language() -> None:
    from pushback.video.render import fault_title

    with i18n.language("zh_Hans_CN"):
        chinese = fault_title("hip-sag")
    with i18n.language("en"):
        english = fault_title("hip-sag")
    assert english == "Hips sagging"
    assert chinese != english and all(not c.isascii() for c in chinese)


def test_without_a_cjk_font_chinese_text_is_refused_not_boxed(tmp_path: Path) -> None:
    nowhere = ((tmp_path / "no-such-font.ttc", 0),)
    english = frame()
    draw_captions(english, [("Reps: 3/10", WHITE)], fonts=nowhere)
    assert (english[:40, :100] != 90).any()
    with pytest.raises(AnalysisFailed, match="fonts-noto-cjk"):
        draw_captions(frame(), [("次数：3/10", WHITE)], fonts=nowhere)
