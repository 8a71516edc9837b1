"""The exercise catalog in a real browser: search as you type, filters that apply
as they change (no reload, the address follows), the drawings moving or holding
still for reduced motion, the no-JavaScript form, on a phone and a desktop, with
no console error, no policy violation and no sideways scrolling."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e import test_browser as shared
from tests.e2e._pages import wait_js
from tests.e2e.test_browser import PHONE, _no_sideways_scroll, _watch

pytestmark = pytest.mark.e2e
#: The browser and server of the web tests (Debian's chromium, a uvicorn process).
browser = shared.browser
server = shared.server
DESKTOP = {"width": 1280, "height": 800}
SIZES = [pytest.param(PHONE, id="phone"), pytest.param(DESKTOP, id="desktop")]


def _names(page: Any) -> list[str]:
    return [n.strip() for n in page.locator(".xc-tile-name").all_inner_texts()]


def _wait_for_count(page: Any, words: str) -> None:
    wait_js(
        page, f"document.querySelector('#exercise-count').textContent === {words!r}"
    )


@pytest.mark.parametrize("viewport", SIZES)
def test_search_and_filters_update_the_list_as_you_type(
    browser: Any, server: str, viewport: dict[str, int]
):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    problems = _watch(page)
    page.goto(server + "/exercises")
    page.evaluate("window.notReloaded = true")
    assert not page.locator("button:has-text('Show')").is_visible()  # no button
    page.locator("#q").press_sequentially("trx", delay=60)
    _wait_for_count(page, "2 exercises")
    assert sorted(_names(page)) == ["Suspension (TRX) push-up", "Suspension (TRX) row"]
    assert "q=trx" in page.url
    page.select_option("#category", "pull")
    _wait_for_count(page, "1 exercise")
    assert _names(page) == ["Suspension (TRX) row"]
    page.fill("#q", "")
    wait_js(page, "document.querySelectorAll('#pull .xc-tile').length === 4")
    assert page.locator("section#push").count() == 0
    page.select_option("#equipment", "none")  # every row needs something to pull on
    _wait_for_count(page, "0 exercises")
    assert "No exercise matches these filters." in page.locator("main").inner_text()
    assert page.evaluate("window.notReloaded") is True  # swapped in place
    assert "category=pull" in page.url and "equipment=none" in page.url
    assert page.locator("#q").is_visible()
    _no_sideways_scroll(page)
    page.click("text=Show every exercise")
    page.wait_for_load_state()
    assert len(_names(page)) == 30
    _no_sideways_scroll(page)
    assert problems == [], problems
    context.close()


@pytest.mark.parametrize("viewport", SIZES)
def test_an_exercise_page_moves_its_drawing_and_keeps_the_evidence_a_tap_away(
    browser: Any, server: str, viewport: dict[str, int]
):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    problems = _watch(page)
    page.goto(server + "/exercises?q=table")
    page.click("a.xc-tile:has-text('Table (inverted) row')")
    page.wait_for_url("**/exercises/table-row")
    assert page.locator("h1").inner_text() == "Table (inverted) row"
    drawing = page.locator(".xc-anim svg")
    assert drawing.get_attribute("role") == "img"
    assert drawing.locator("title").text_content() == "Table (inverted) row"
    running = "document.getAnimations().filter(a => a.playState === 'running').length"
    assert page.evaluate(running) > 0
    assert not page.locator(".xc-pair").is_visible()
    assert not page.locator("text=Sources").is_visible()  # one tap away
    page.click("summary:has-text('Why this?')")
    assert page.locator("text=Sources").is_visible()
    _no_sideways_scroll(page)
    assert problems == [], problems
    context.close()


def test_with_reduced_motion_the_drawing_holds_still_as_start_and_end(
    browser: Any, server: str
):
    context = browser.new_context(viewport=PHONE, reduced_motion="reduce")
    page = context.new_page()
    page.goto(server + "/exercises/push-up")
    running = "document.getAnimations().filter(a => a.playState === 'running').length"
    assert page.evaluate(running) == 0
    assert not page.locator(".xc-anim").is_visible()
    pair = page.locator(".xc-pair figure")
    assert pair.count() == 2 and pair.first.is_visible()
    assert pair.all_inner_texts() == ["Start", "End"]
    _no_sideways_scroll(page)
    context.close()


def test_without_javascript_the_search_is_a_plain_form(browser: Any, server: str):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/exercises")
    page.fill("#q", "band")
    page.select_option("#category", "scapular")
    page.click("button:has-text('Show')")
    page.wait_for_url("**/exercises?q=band&category=scapular*")
    assert _names(page) == ["Band pull-apart"]
    _no_sideways_scroll(page)
    context.close()
