"""Jinja2 set-up and the one ``render`` helper every page uses.

``render`` adds what every template needs: the CSRF token (forms and htmx), the
logged-in user (``request.state.user``, set by the auth dependencies), a pending
flash notice and the current path for the navigation.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from pushback import i18n
from pushback.i18n import N_
from pushback.i18n.formats import (
    format_clock,
    format_day,
    format_day_short,
    format_duration,
    format_number,
    format_quantity,
    format_weekday,
)
from pushback.i18n.phrases import localize
from pushback.i18n.titles import translated
from pushback.web.auth import CSRF_FIELD, CSRF_HEADER, session_of
from pushback.web.drawings import drawing_html
from pushback.web.exercise_words import (
    GRADE_WORDS,
    exercise_name,
    plain,
    plan_words,
    tempo_words,
)
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
    env.filters["day_short"] = format_day_short
    env.filters["clock"] = format_clock
    env.filters["number"] = format_number
    env.filters["quantity"] = format_quantity
    env.filters["titled"] = _titled
    env.globals["NAV_ITEMS"] = NAV_ITEMS
    env.globals["TAB_ITEMS"] = TAB_ITEMS
    env.globals["MORE_ITEMS"] = MORE_ITEMS
    env.globals["CSRF_FIELD"] = CSRF_FIELD
    env.globals["CSRF_HEADER"] = CSRF_HEADER
    env.globals["exercise_drawing"] = drawing_html
    env.globals["exercise_name"] = exercise_name
    env.globals["html_lang"] = i18n.html_lang
    env.globals["plan_words"] = plan_words
    env.globals["GRADE_WORDS"] = GRADE_WORDS
    env.globals["word"] = word
    env.globals["fault_name"] = fault_name
    env.globals["js_messages"] = js_messages
    # Text stored before it is shown (a session title, a job stage): looked up in
    # the catalog, never formatted (it may hold a "%" of the user's).
    env.globals["translated"] = translated
    # A phrase of the core (a plan's reason, a note) printed anywhere is shown in
    # the request's language; filters that take text localise it first.
    env.finalize = localize
    env.filters["say"] = localize
    env.filters["plain"] = lambda text, *rest: plain(localize(text), *rest)
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
        "lang_tag": i18n.html_lang(),
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
