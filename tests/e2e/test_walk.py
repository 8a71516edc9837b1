"""A new user walks every page on a phone (390x844) and a desktop (1280x800).

On every page: no sideways scrolling, no console error or policy violation, and
no internal word in the visible text: "seed", "brief", "[verify]", "[design]",
"ug" as a unit, CLI flags, fault codes or exercise slugs (read from the catalog
and the fault table). The tab bar (phone) or the top bar (desktop) reaches every
main place. With ``PUSHBACK_SCREENSHOTS=1`` the walk saves the README's
screenshots to ``docs/screenshots/``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from pushback.analysis.faults import FAULT_CODES
from pushback.domain.catalog import load_catalog
from tests.e2e import test_browser as shared
from tests.e2e.test_browser import PHONE, _assess, _register, _shot, _watch

pytestmark = pytest.mark.e2e
browser = shared.browser
server = shared.server
DESKTOP = {"width": 1280, "height": 800}
SIZES = [pytest.param(PHONE, "phone", id="phone"),
         pytest.param(DESKTOP, "desktop", id="desktop")]  # fmt: skip
MAIN_PLACES = ("/", "/workout", "/plan", "/progress", "/history", "/videos",
               "/exercises", "/nutrition", "/settings")  # fmt: skip


def _internal_codes() -> list[str]:
    """Slugs and fault codes a page must never show: those with a dash that is
    not also ordinary English ("push-up" is both a slug and a word)."""
    catalog = load_catalog()
    names = " ".join(e.name.lower() for e in catalog.exercises.values())
    codes = [*catalog.exercises, *FAULT_CODES]
    return sorted(c for c in codes if "-" in c and c not in names)


FORBIDDEN = [
    re.compile(pattern)
    for pattern in (
        r"(?i)\bseed",
        r"(?i)\bbrief\b",
        r"(?i)\[verify\]",
        r"(?i)\[design\]",
        r"\d\s?ug\b|\bug\b",
        r"--cleared|--replace|--user",
        *(rf"(?<![\w-]){re.escape(code)}(?![\w-])" for code in _internal_codes()),
    )
]


def _check(page: Any, seen: dict[str, list[str]]) -> None:
    """The page's visible text (details opened) holds no internal word, and the
    page is no wider than the screen."""
    page.wait_for_load_state("networkidle")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    text = page.locator("body").inner_text()
    for pattern in FORBIDDEN:
        for match in pattern.finditer(text):
            start = max(0, match.start() - 50)
            snippet = " ".join(text[start : match.end() + 30].split())
            seen.setdefault(page.url, []).append(snippet)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = false)")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > page.viewport_size["width"]:
        seen.setdefault(page.url, []).append(f"the page is {width} px wide")


def _visit(page: Any, url: str, seen: dict[str, list[str]], shot: str = "") -> None:
    page.goto(url)
    _check(page, seen)
    if shot:
        _shot(page, shot)


def _onboard(page: Any, server: str, name: str, size: str) -> None:
    _register(page, server, name)
    _assess(page, size)


def _log(page: Any, server: str, seen: dict[str, list[str]], size: str) -> None:
    _visit(page, server + "/log", seen)
    inputs = page.locator("input[name$='-reps']")
    for index in range(inputs.count()):
        inputs.nth(index).fill("8")
    page.click("text=Save workout")
    page.wait_for_url("**/history/*")
    _check(page, seen)
    _shot(page, f"summary-{size}")


def _restore_preview(page: Any, server: str, seen: dict[str, list[str]]) -> None:
    with page.expect_download() as download:
        page.click("a[href='/settings/export.json']")
    path = Path(download.value.path())
    page.set_input_files("#restore-file", str(path))
    page.click("form[action='/settings/restore'] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("h1").count() >= 1
    _check(page, seen)


def _places_reachable(page: Any, server: str, size: str) -> None:
    """Every main place is one or two taps from the navigation."""
    page.goto(server + "/")
    for path in MAIN_PLACES:
        if size == "phone":
            tab = page.locator(f".tabbar a.tab[href='{path}']")
            if not tab.count():
                page.click(".tabbar .more summary")
                tab = page.locator(f".more-menu a[href='{path}']")
        else:
            tab = page.locator(f".topbar .nav a[href='{path}']")
        tab.click()
        page.wait_for_url(server + path)


@pytest.mark.parametrize(("viewport", "size"), SIZES)
def test_a_new_user_meets_no_internal_word_on_any_page(
    browser: Any, server: str, viewport: dict[str, int], size: str
):
    context = browser.new_context(
        viewport=viewport, is_mobile=size == "phone", accept_downloads=True
    )
    page = context.new_page()
    problems = _watch(page)
    seen: dict[str, list[str]] = {}
    _visit(page, server + "/", seen, f"landing-{size}")
    _visit(page, server + "/login", seen)
    _onboard(page, server, f"walk-{size}", size)
    _check(page, seen)
    _shot(page, f"plan-{size}")
    _visit(page, server + "/plan/weeks/2", seen)
    _visit(page, server + "/", seen, f"dashboard-{size}")
    _visit(page, server + "/workout", seen, f"workout-{size}")
    _log(page, server, seen, size)
    _visit(page, server + "/history", seen, f"history-{size}")
    _visit(page, server + "/progress", seen, f"progress-{size}")
    _visit(page, server + "/exercises", seen, f"exercises-{size}")
    for slug in ("knee-push-up", "prone-ytw", "push-up"):
        shot = f"exercise-{size}" if slug == "knee-push-up" else ""
        _visit(page, server + f"/exercises/{slug}", seen, shot)
    _visit(page, server + "/nutrition", seen, f"nutrition-{size}")
    _visit(page, server + "/videos", seen, f"videos-{size}")
    _visit(page, server + "/settings", seen, f"settings-{size}")
    _restore_preview(page, server, seen)
    _places_reachable(page, server, size)
    assert not seen, "\n".join(
        f"{url}: {snippet!r}" for url, found in seen.items() for snippet in found
    )
    assert problems == [], problems
    context.close()
