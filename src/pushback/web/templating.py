"""Jinja2 set-up and the one ``render`` helper every page uses.

``render`` adds what every template needs: the CSRF token (forms and htmx), the
logged-in user (``request.state.user``, set by the auth dependencies), a pending
flash notice and the current path for the navigation.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_skeleton
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from pushback import i18n
from pushback.i18n import N_
from pushback.web.auth import CSRF_FIELD, CSRF_HEADER, session_of
from pushback.web.drawings import drawing_html
from pushback.web.exercise_words import GRADE_WORDS, exercise_name, plain, tempo_words
from pushback.web.js_messages import js_messages
from pushback.web.words import fault_name, word

__all__ = ["TEMPLATE_DIR", "format_day", "format_duration", "make_templates", "render"]

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"

#: The four places of the phone's tab bar: (path, label, icon). "More" opens the rest.
TAB_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("/", N_("Today"), "today"),
    ("/workout", N_("Workout"), "workout"),
    ("/progress", N_("Progress"), "progress"),
)
#: Every logged-in place, as the desktop's top bar and the "More" menu list them.
NAV_ITEMS: tuple[tuple[str, str], ...] = (
    ("/", N_("Today")),
    ("/workout", N_("Workout")),
    ("/plan", N_("Plan")),
    ("/progress", N_("Progress")),
    ("/history", N_("History")),
    ("/videos", N_("Videos")),
    ("/exercises", N_("Exercises")),
    ("/nutrition", N_("Nutrition")),
    ("/settings", N_("Settings")),
)
#: What "More" holds on a phone (the places not in the tab bar).
MORE_ITEMS: tuple[tuple[str, str], ...] = tuple(
    item for item in NAV_ITEMS if item[0] not in {t[0] for t in TAB_ITEMS}
)


def format_duration(seconds: int | float | None) -> str:
    """``90`` -> ``1 min 30 s``; ``45`` -> ``45 s``; None -> ``""``."""
    if seconds is None:
        return ""
    total = int(round(seconds))
    minutes, rest = divmod(total, 60)
    if minutes and rest:
        return f"{minutes} min {rest} s"
    if minutes:
        return f"{minutes} min"
    return f"{rest} s"


#: The one way a day is written, per language (Babel's date pattern); languages
#: without an entry use their locale's own medium form with the weekday.
_DAY_PATTERNS = {"en": "EEE d MMM y"}


def _as_day(moment: date | datetime | str, time_zone: str | None) -> date:
    if isinstance(moment, str):
        return date.fromisoformat(moment[:10])
    if isinstance(moment, datetime):
        return moment.astimezone(ZoneInfo(time_zone or "UTC")).date()
    return moment


def format_day(moment: date | datetime | str, time_zone: str | None = None) -> str:
    """``Mon 2 Mar 2026``: the one way pages write a day in the current language
    (a moment is shown in ``time_zone``, the user's; a string is an ISO date)."""
    day = _as_day(moment, time_zone)
    name = i18n.current_language()
    pattern = _DAY_PATTERNS.get(name)
    if pattern:
        return format_date(day, pattern, locale=name)
    return format_skeleton("yMMMEd", day, locale=name)


def format_weekday(moment: date) -> str:
    """The short weekday name (``Mon``) in the current language: calendars."""
    return format_date(moment, "EEE", locale=i18n.current_language())


def _gettext(message: str) -> str:
    return i18n.translations(i18n.current_language()).gettext(message)


def _ngettext(singular: str, plural: str, count: int) -> str:
    active = i18n.translations(i18n.current_language())
    return active.ngettext(singular, plural, count)


def _pgettext(context: str, message: str) -> str:
    return i18n.translations(i18n.current_language()).pgettext(context, message)


def _npgettext(context: str, singular: str, plural: str, count: int) -> str:
    active = i18n.translations(i18n.current_language())
    return active.npgettext(context, singular, plural, count)


def _titled(slug: str) -> str:
    return slug.replace("-", " ").capitalize()


def make_templates() -> Jinja2Templates:
    """The template engine with pushback's filters and globals."""
    templates = Jinja2Templates(directory=str(TEMPLATE_DIR))
    env = templates.env
    # Templates ship with the package: no stat() per render and include.
    env.auto_reload = False
    # Every page string goes through gettext; the language is the request's
    # (a context variable), so the callables are installed once, here.
    env.add_extension("jinja2.ext.i18n")
    # Jinja fills the placeholders itself (escaping the values): the callables
    # only look the text up.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext,
        ngettext=_ngettext,
        pgettext=_pgettext,
        npgettext=_npgettext,
        newstyle=True,
    )
    env.filters["duration"] = format_duration
    env.filters["day"] = format_day
    env.filters["weekday"] = format_weekday
    env.filters["titled"] = _titled
    env.globals["NAV_ITEMS"] = NAV_ITEMS
    env.globals["TAB_ITEMS"] = TAB_ITEMS
    env.globals["MORE_ITEMS"] = MORE_ITEMS
    env.globals["CSRF_FIELD"] = CSRF_FIELD
    env.globals["CSRF_HEADER"] = CSRF_HEADER
    env.globals["exercise_drawing"] = drawing_html
    env.globals["exercise_name"] = exercise_name
    env.globals["GRADE_WORDS"] = GRADE_WORDS
    env.globals["word"] = word
    env.globals["fault_name"] = fault_name
    env.globals["js_messages"] = js_messages
    # Text stored before it is shown (a session title, a job stage): looked up in
    # the catalog, never formatted (it may hold a "%" of the user's).
    env.globals["translated"] = _gettext
    env.filters["plain"] = plain
    env.filters["tempo_words"] = tempo_words
    return templates


def _active_nav(path: str) -> str:
    for item_path, _ in sorted(NAV_ITEMS, key=lambda item: -len(item[0])):
        if path == item_path or (item_path != "/" and path.startswith(item_path + "/")):
            return item_path
    return ""


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    """Render template ``name`` with the page context every template expects."""
    session = session_of(request)
    full: dict[str, Any] = {
        "lang_tag": i18n.current_language().replace("_", "-"),
        "user": getattr(request.state, "user", None),
        "csrf_token": session.csrf_token(),
        "flash": session.pop_flash(),
        "active_nav": _active_nav(request.url.path),
    }
    full.update(context or {})
    templates: Jinja2Templates = request.app.state.templates
    response = templates.TemplateResponse(
        request, name, full, status_code=status_code, headers=headers
    )
    assert isinstance(response, HTMLResponse)
    return response
