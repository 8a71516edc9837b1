"""A reader of the article sets their phone to Chinese: every main page in zh-CN, at
phone and desktop size, without sideways scrolling, script errors or English words.

English that may stay (:data:`ALLOWED`): the brand, units and symbols, brand names of
other apps and devices, citations of English sources (author and year), the user's
own name, time-zone names, and what the API page shows as code. Whatever else is
found fails the page's test, except on the pages of :data:`REMAINING`, whose English
still comes from code and data not yet translated (marked expected to fail, strictly:
a page that becomes clean must leave the list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.e2e import test_browser as shared
from tests.e2e.test_browser import (
    DESKTOP,
    PARQ,
    PHONE,
    _watch,
)

pytestmark = pytest.mark.e2e
browser = shared.browser
server = shared.server

PAGES = (
    "/", "/workout", "/plan", "/plan/weeks/1", "/progress", "/history", "/log",
    "/videos", "/live", "/exercises", "/exercises/push-up", "/exercises/wide-push-up",
    "/nutrition", "/settings", "/docs",
)  # fmt: skip
#: The report of a set filmed at the end of each walk.
FILMED_SET = "a filmed set's report"
#: Words that are the same in Chinese text (case-insensitive).
ALLOWED = frozenset(
    word.casefold()
    for word in (
        "pushback",
        "kg",
        "lb",
        "cm",
        "µg",
        "μg",
        "ug",
        "IU",
        "kcal",
        "g",
        "mL",
        "min",
        "s",
        "TRX",
        "MVIC",
        "EMG",
        "RIR",
        "RPE",
        "UT",
        "SA",
        "LT",
        "PAR-Q",
        "API",
        "REST",
        "JSON",
        "CSV",
        "HTML",
        "ics",
        "MP4",
        "MOV",
        "WebM",
        "AVI",
        "MB",
        "p",
        "Strong",
        "Hevy",
        "FitNotes",
        "JavaScript",
        "Cookie",
        "CSRF",
        "Token",
        "Bearer",
        "Authorization",
        "ACSM",
        "CSEP",
        "ACOG",
        "CO",
        "NIH",
        "IOM",
        "ODS",
        "PMC",
        "UTC",
        "Asia",
        "Shanghai",
        "Y-T-W",
        "Y",
        "T",
        "W",
        "X",
        "plus",
        "calisthenics.build",
        "Hybrid",
        "Calisthenics",
        "JB",
        "Charleston",
        "PT",
        "J",
        "Korean",
        "Phys",
        "Ther",
        "et",
        "al",
        "Chart.js",
        "vs",
        "English",  # the language menu names each language in itself
        "n",  # sample sizes: n=40
        "N",
        "RM",  # repetition maximum: 1RM
        "Cooper",  # an institute quoted as a source, and its site
        "Institute",
        "todayiwill.com",
        "Paris",  # time zones are named in English (IANA)
        "D",  # vitamin D: 维生素 D
        "Mifflin-St",  # the Mifflin-St Jeor equation, named after its authors
        "Jeor",
    )
)
#: An English source cited by author and year: "Kang 2019", "Snarr & Esco 2013".
CITATION = re.compile(
    r"\b[A-Z][A-Za-z'-]+(?: (?:&|and) [A-Z][A-Za-z'-]+)?(?: et al\.?)? \d{4}\b"
)
WORD = re.compile(r"[A-Za-zµμ][A-Za-z0-9µμ.'-]*[A-Za-z0-9]|[A-Za-z]")
#: Pages that still show English, and where it comes from (docs/i18n.md). Strict:
#: a page that becomes clean fails here until it leaves this list.
REMAINING: dict[str, str] = {}


def _visible_text(page: Any) -> str:
    """The page's visible text without code, scripts, no-script fallbacks and the
    text of English citations (our notes beside them stay)."""
    return str(
        page.evaluate(
            """() => {
              const clone = document.body.cloneNode(true);
              const hidden = 'code, pre, script, style, noscript, datalist, [hidden]';
              clone.querySelectorAll(hidden).forEach(node => node.remove());
              clone.querySelectorAll('ol.sources > li').forEach(item =>
                [...item.childNodes].filter(node => node.nodeType === 3)
                  .forEach(node => node.remove()));
              // Words of neighbouring elements (chips, cells) stay apart.
              clone.querySelectorAll('*').forEach(node => node.append(' '));
              return clone.innerText;
            }"""
        )
    )


def english_words(text: str, *own: str) -> set[str]:
    """The words of ``text`` that are English and not allowed (``own``: the user's
    own words, such as their name and the file name of their video)."""
    for words in own:
        text = text.replace(words, " ") if words else text
    text = CITATION.sub(" ", text)
    text = re.sub(r"https?://\S+|/\S*", " ", text)  # addresses and paths
    return {
        word for word in WORD.findall(text) if word.casefold().strip(".") not in ALLOWED
    }


def _register_in_chinese(page: Any, server: str, walk: Walk, user: str) -> None:
    page.goto(server + "/register")
    page.fill("#name", user)
    page.fill("#password", "correct horse battery")
    page.fill("#password_confirm", "correct horse battery")
    page.click("form[action='/register'] button[type=submit]")
    page.wait_for_url("**/onboarding")
    _check(page, walk, "/onboarding", user)
    page.fill("#max_pushups", "12")
    page.fill("#age", "34")
    page.select_option("#sex", "female")
    page.fill("#weight", "58")
    page.click("label.chip:has(input[name=equipment][value=table])")
    for name in PARQ:
        page.click(f"label.chip:has(input[name=parq_{name}][value=no])")
    page.click("form[action='/onboarding'] button[type=submit]")
    page.wait_for_url("**/plan")


@dataclass
class Walk:
    """What one walk through the pages found."""

    words: dict[str, set[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _film_a_set(page: Any, server: str, walk: Walk, clip: Path, user: str) -> None:
    """Upload a filmed set and read its report (the end of the reader's path)."""
    page.goto(server + "/videos")
    page.set_input_files("#video", str(clip))  # read in place, never copied
    page.click("#upload-button")
    page.wait_for_url(re.compile(r".*/videos/\d+$"), timeout=60000)
    page.wait_for_selector("#report", timeout=240000)
    page.wait_for_load_state("networkidle")
    _check(page, walk, FILMED_SET, user, clip.name)


def _walk(
    browser: Any, server: str, viewport: dict[str, int], user: str, clip: Path
) -> Walk:
    context = browser.new_context(
        viewport=viewport, is_mobile=viewport == PHONE, locale="zh-CN",
        timezone_id="Asia/Shanghai",
    )  # fmt: skip
    page = context.new_page()
    walk = Walk(problems=_watch(page))
    for path in ("/", "/login", "/register"):  # a visitor first
        page.goto(server + path)
        _check(page, walk, f"visitor {path}", user)
    _register_in_chinese(page, server, walk, user)
    for path in PAGES:
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        _check(page, walk, path, user)
    _film_a_set(page, server, walk, clip, user)
    context.close()
    return walk


def _check(page: Any, walk: Walk, name: str, *own: str) -> None:
    if page.locator("html").get_attribute("lang") != "zh-CN":
        walk.problems.append(f"{name}: not served in Chinese")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > page.viewport_size["width"]:
        walk.problems.append(f"{name}: {width} px wide")
    walk.words[name] = english_words(_visible_text(page), *own)


@pytest.fixture(scope="module")
def walks(browser: Any, server: str, clips_dir: Path) -> dict[str, Walk]:
    """One walk at phone size and one at desktop size, each as a new user who
    ends by filming a set."""
    pytest.importorskip("mediapipe")
    clip = clips_dir / "P05.mp4"
    return {
        "phone": _walk(browser, server, PHONE, "li-na", clip),
        "desktop": _walk(browser, server, DESKTOP, "wang-fang", clip),
    }


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_chinese_pages_fit_and_run_without_errors(
    walks: dict[str, Walk], size: str
) -> None:
    assert walks[size].problems == []


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=REMAINING[name]))
        if name in REMAINING
        else name
        for name in (
            "visitor /",
            "visitor /login",
            "visitor /register",
            "/onboarding",
            *PAGES,
            FILMED_SET,
        )  # fmt: skip
    ],
)
def test_page_has_no_english_outside_the_allow_list(
    walks: dict[str, Walk], name: str
) -> None:
    found = {size: sorted(walk.words[name]) for size, walk in walks.items()}
    assert found == {"phone": [], "desktop": []}, f"English on {name}: {found}"
