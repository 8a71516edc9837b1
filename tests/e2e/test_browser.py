"""A real browser (Debian's Chromium via Playwright) against a real uvicorn process.

A new user registers, takes the assessment, sees the plan, logs a session and
sees it on the progress chart, on a desktop and on a phone-sized screen.
The README's screenshots come from the walk in ``test_walk.py`` (one run, both sizes).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e._pages import wait_js

pytestmark = pytest.mark.e2e

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PARQ = (
    "heart_condition",
    "chest_pain",
    "dizziness",
    "chronic_condition",
    "medication",
    "bone_joint",
    "supervised_only",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(
    url: str, process: subprocess.Popen[bytes], timeout_s: float = 30
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"uvicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url}/healthz did not answer within {timeout_s} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``pushback serve``'s app in a uvicorn subprocess on a free port."""
    port = _free_port()
    data_dir = tmp_path_factory.mktemp("e2e-data")
    env = {
        **os.environ,
        "PUSHBACK_DATA_DIR": str(data_dir),
        "PUSHBACK_DATABASE_URL": "",
    }
    command = [sys.executable, "-m", "uvicorn", "pushback.web.app:app_from_environment",
               "--factory", "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    log = (data_dir / "server.log").open("wb")
    process = subprocess.Popen(command, env=env, cwd=REPO_ROOT, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make sysdeps` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _shot(page: Any, name: str) -> None:
    if os.environ.get("PUSHBACK_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def _watch(page: Any) -> list[str]:
    """Console errors, page errors and Content-Security-Policy violations of the
    page from now on (the list fills as the page runs)."""
    problems: list[str] = []
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )

    def on_console(message: Any) -> None:
        # A form sent back with its messages (422) is expected, not a problem.
        if message.type == "error" and "status of 422" not in message.text:
            problems.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    return problems


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"


def _register(page: Any, server: str, name: str) -> None:
    page.goto(server + "/register")
    page.fill("#name", name)
    page.fill("#password", "correct horse battery")
    page.fill("#password_confirm", "correct horse battery")
    page.click("form[action='/register'] button[type=submit]")
    page.wait_for_url("**/onboarding")


def _assess(page: Any, shot: str = "") -> None:
    """The assessment, first sent empty (every message at once), then filled in;
    ``shot``: the screenshot name of the filled form (none without it)."""
    page.click("text=See my plan")  # empty form first: messages next to the fields
    assert page.locator("#max_pushups-error").inner_text() == "Please fill this in."
    assert page.locator("#parq_chest_pain-error").inner_text() == "Answer yes or no."
    page.fill("#max_pushups", "12")
    page.fill("#age", "34")
    page.select_option("#sex", "male")
    page.fill("#weight", "80")
    page.click("label.chip:has-text('Sturdy table')")
    for name in PARQ:
        page.click(f"label.chip:has(input[name=parq_{name}][value=no])")
    if shot:
        _shot(page, f"onboarding-{shot}")
    page.click("text=See my plan")
    page.wait_for_url("**/plan")


def _log_session(page: Any, server: str) -> int:
    page.goto(server + "/log")
    inputs = page.locator("input[name$='-reps']")
    count = inputs.count()
    assert count > 0
    for index in range(count):
        inputs.nth(index).fill("8")
    page.locator("input[name$='-rir']").first.fill("2")
    page.click("text=Save workout")
    page.wait_for_url("**/history/*")
    assert f"Logged {count} sets." in page.locator(".flash").inner_text()
    assert "Workout summary" in page.locator("#summary").inner_text()
    return count


def _journey(
    browser: Any, server: str, *, name: str, viewport: dict[str, int], shot: str
) -> None:
    context = browser.new_context(viewport=viewport, is_mobile=viewport == PHONE)
    page = context.new_page()
    problems = _watch(page)
    _register(page, server, name)
    _assess(page)
    assert page.locator("h1").inner_text() == "Your plan"
    assert page.locator(".week").count() == 4
    assert page.locator(".ex-seed").first.is_visible()  # the seed's prescription
    _no_sideways_scroll(page)
    page.goto(server + "/")
    assert page.locator("#today").is_visible()
    sets = _log_session(page, server)
    page.goto(server + "/progress")
    wait_js(page, "window.pushbackCharts && window.pushbackCharts.bestReps")
    points = page.evaluate(
        "window.pushbackCharts.bestReps.data.datasets.reduce("
        "(n, d) => n + d.data.filter(v => v !== null).length, 0)"
    )
    assert points >= 1
    total = page.evaluate(
        "window.pushbackCharts.hardSets.data.datasets.reduce("
        "(n, d) => n + d.data.reduce((a, b) => a + b, 0), 0)"
    )
    assert total > 0
    assert f"{sets} sets" in page.locator(".page-head p").inner_text()
    _no_sideways_scroll(page)
    for path in ("/exercises", "/nutrition"):
        page.goto(server + path)
        _no_sideways_scroll(page)
    for path in ("/workout", "/videos", "/settings", "/plan", "/docs"):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
    assert problems == [], problems  # no CSP violation, no script error
    context.close()


def test_a_new_user_trains_from_a_desktop_browser(browser: Any, server: str):
    _journey(browser, server, name="desk-user", viewport=DESKTOP, shot="desktop")


def test_a_new_user_trains_from_a_phone(browser: Any, server: str):
    _journey(browser, server, name="phone-user", viewport=PHONE, shot="phone")


def test_a_form_with_a_forged_csrf_token_is_refused(browser: Any, server: str):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    _register(page, server, "csrf-user")
    page.evaluate(
        "document.querySelector(\"form[action='/onboarding'] input[name=csrf_token]\")"
        ".value = 'forged'"
    )
    page.click("text=See my plan")
    page.wait_for_load_state()
    assert "CSRF" in page.locator("main").inner_text()
    context.close()


def test_the_tab_bar_reaches_every_place_on_a_phone(browser: Any, server: str):
    context = browser.new_context(viewport=PHONE, is_mobile=True)
    page = context.new_page()
    problems = _watch(page)
    page.goto(server + "/")
    assert page.locator(".hero-landing h1").is_visible()  # visitors: what it is
    _register(page, server, "tab-user")
    _assess(page)
    assert page.locator(".tabbar").is_visible()
    assert not page.locator(".topbar .nav").is_visible()  # no sideways menu
    for label, path in (("Workout", "/workout"), ("Progress", "/progress"),
                        ("Today", "/")):  # fmt: skip
        page.click(f".tabbar .tab:has-text('{label}')")
        page.wait_for_url(server + path)
        _no_sideways_scroll(page)
    more = ("Plan", "History", "Videos", "Exercises", "Nutrition", "Settings")
    for label in more:
        page.click(".tabbar .more summary")
        page.click(f".more-menu a:has-text('{label}')")
        page.wait_for_load_state()
        assert page.locator("h1").first.is_visible(), label
        _no_sideways_scroll(page)
    assert problems == [], problems
    context.close()


def test_body_weight_is_charted_in_pounds_for_a_pound_user(browser: Any, server: str):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    problems = _watch(page)
    _register(page, server, "pound-user")
    _assess(page)
    page.goto(server + "/settings")
    page.click("label.chip:has(input[name=units][value=lb])")
    page.click("form:has(input[name=units]) button[type=submit]")
    page.wait_for_load_state()
    page.goto(server + "/progress")
    page.fill("#body_weight", "176.4")  # pounds in, kilograms stored
    page.click("form[action='/progress/body-weight'] button[type=submit]")
    page.wait_for_url("**/progress*")
    wait_js(page, "window.pushbackCharts && window.pushbackCharts.bodyWeight")
    values = page.evaluate(
        "window.pushbackCharts.bodyWeight.data.datasets[0].data.filter(v => v !== null)"
    )
    assert values and values[-1] == 176.4  # back in pounds: the one factor
    assert problems == [], problems
    context.close()
