"""Render exercise drawings to a PNG contact sheet, to look at them.

Usage::

    python scripts/render_drawings.py OUT.png [SLUG ...] [--width 300]

One row per drawing: the start, the middle of the move out, the end and the middle
of the move back, frozen in Debian's Chromium (through Playwright) by pausing the
CSS animations at those times. Without slugs, every drawing.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from pushback.domain.catalog import load_catalog
from pushback.web.drawings import drawing_motion, drawing_svg, load_drawings

CHROMIUM = "/usr/bin/chromium"
CSS = Path(__file__).resolve().parents[1] / "src/pushback/web/static/exercises.css"
_FREEZE = """(rows) => rows.forEach(([slug, times]) => {
    document.querySelectorAll(`[data-slug="${slug}"] .cell`).forEach((cell, i) => {
        cell.querySelector('svg').getAnimations({subtree: true}).forEach((a) => {
            a.pause(); a.currentTime = times[i]; }); }); })"""


def _row(slug: str, title: str) -> str:
    svg = drawing_svg(slug, title=title)
    cells = "".join(
        '<div class="cell">'
        + svg.replace(f"dr-{slug}-animated", f"dr-{slug}-{i}")
        + "</div>"
        for i in range(4)
    )
    head = f"<p>{title} <small>{slug}</small></p>"
    return f'<section data-slug="{slug}">{head}{cells}</section>'


def _times_ms(slug: str) -> list[float]:
    timing = drawing_motion(slug).timing
    out_mid = timing.hold_s + timing.out_s / 2
    end = timing.hold_s * 1.5 + timing.out_s
    back_mid = timing.hold_s * 2 + timing.out_s + timing.back_s / 2
    return [0.0, out_mid * 1000, end * 1000, back_mid * 1000]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("slugs", nargs="*")
    parser.add_argument("--width", type=int, default=300)
    args = parser.parse_args()
    catalog = load_catalog()
    slugs = args.slugs or sorted(load_drawings())
    names = {
        s: catalog.exercises[s].name if s in catalog.exercises else s for s in slugs
    }
    css = CSS.read_text() if CSS.exists() else ""
    html = (
        "<!doctype html><meta charset=utf-8><style>"
        "body{margin:0;font:13px system-ui;background:#fff;color:#16202a}"
        "section{display:flex;flex-wrap:wrap;gap:6px;padding:4px 8px}"
        "section p{width:100%;margin:0}"
        f".cell{{width:{args.width}px;border:1px solid #ddd}}"
        f"svg{{width:100%;height:auto;display:block}}{css}</style>"
        + "".join(_row(slug, names[slug]) for slug in slugs)
    )
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu"],
        )
        page = browser.new_page(viewport={"width": args.width * 4 + 60, "height": 200})
        path = Path(tmp) / "sheet.html"
        path.write_text(html)
        page.goto(path.as_uri())
        page.evaluate(_FREEZE, [[slug, _times_ms(slug)] for slug in slugs])
        page.screenshot(path=str(args.out), full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
