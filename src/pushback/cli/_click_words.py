"""Click's and typer's own words (usage line, usage errors) in the CLI's language.

typer vendors click (``typer._click``) without gettext: click's messages are
English f-strings. typer itself asks the standard library's gettext for a few
words ("No such command", the help sections). :func:`install` puts our catalogs
behind all of them, for the language in force when each is printed:

* typer's ``_`` becomes our catalog's gettext (its messages are listed below so
  the catalog has them);
* the usage line's ``Usage:`` prefix is looked up when the line is written;
* a usage error's message is recognised by its English shape (``Missing option
  '--age'.``, ``No such option: --x``...) and rebuilt from our catalog with the
  same names, before typer prints it.

English output stays exactly click's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from pushback import i18n
from pushback.i18n import N_

__all__ = ["click_message", "install"]

#: typer's messages read through its ``_`` (kept here for the catalog).
TYPER_WORDS: tuple[str, ...] = (
    N_("No such command {name!r}."),
    N_("Missing command."),
    N_("Arguments"),
    N_("Options"),
    N_("Commands"),
    N_("required"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Aborted!"),
)

#: Click's usage errors by their English shape, and our message for each.
_SHAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"Missing option (?P<name>.+?)\.(?: (?P<more>.+))?", re.S),
        N_("Missing option %(name)s."),
    ),
    (
        re.compile(r"Missing argument (?P<name>.+?)\.(?: (?P<more>.+))?", re.S),
        N_("Missing argument %(name)s."),
    ),
    (
        re.compile(r"Missing parameter: (?P<name>.+)"),
        N_("Missing parameter: %(name)s"),
    ),
    (
        re.compile(
            r"No such option: (?P<name>\S+) \(Possible options: (?P<choices>.+)\)"
        ),
        N_("No such option: %(name)s (did you mean %(choices)s?)"),
    ),
    (re.compile(r"No such option: (?P<name>\S+)"), N_("No such option: %(name)s")),
    (
        re.compile(r"No such command (?P<name>'.*')\."),
        N_("No such command %(name)s."),
    ),
    (
        re.compile(r"Got unexpected extra argument(?:\(s\)|s)? \((?P<args>.+)\)", re.S),
        N_("Got unexpected extra arguments (%(args)s)."),
    ),
    (
        re.compile(r"Option (?P<name>'.+') requires an argument\."),
        N_("Option %(name)s requires a value."),
    ),
    (
        re.compile(r"Option (?P<name>'.+') requires (?P<count>\d+) arguments\."),
        N_("Option %(name)s requires %(count)s values."),
    ),
    (
        re.compile(r"Option (?P<name>'.+') does not take a value\."),
        N_("Option %(name)s does not take a value."),
    ),
    (
        re.compile(r"Value (?P<value>'.*') is not a valid (?P<kind>\w+)\."),
        N_("Value %(value)s is not a valid %(kind)s."),
    ),
    (
        re.compile(r"Invalid value for (?P<field>.+?): (?P<problem>.+)", re.S),
        N_("Invalid value for %(field)s: %(problem)s"),
    ),
)

#: typer's suggestion after an unknown command.
_SUGGESTION = re.compile(r"(?P<message>.+?)\.? Did you mean (?P<choices>.+)\?", re.S)


def click_message(text: str) -> str:
    """A click or typer usage error's message in the current language (as it is
    when its shape is not known or the language is English)."""
    if i18n.current_language() == i18n.DEFAULT_LANGUAGE:
        return text
    suggested = _SUGGESTION.fullmatch(text)
    if suggested is not None:
        message = suggested["message"]  # already ours when typer's ``_`` gave it
        if message.isascii():
            message = click_message(message + ".")
        return i18n.gettext(
            "%(message)s Did you mean %(choices)s?",
            message=message,
            choices=suggested["choices"],
        )
    for shape, message in _SHAPES:
        found = shape.fullmatch(text)
        if found is None:
            continue
        values = {k: v for k, v in found.groupdict().items() if k != "more"}
        if "problem" in values:
            values["problem"] = click_message(values["problem"])
        words = i18n.gettext(message, **values)
        more = found.groupdict().get("more")
        return f"{words} {click_message(more)}" if more else words
    return i18n.gettext(text)


def _typer_gettext(message: str) -> str:
    return i18n.gettext(message)


def install() -> None:
    """Put our catalogs behind click's and typer's words (once per process;
    each word is looked up in the language in force when it is printed)."""
    from typer import _click, core, rich_utils

    if getattr(rich_utils.rich_format_error, "_pushback", False):
        return
    core._ = _typer_gettext  # type: ignore[attr-defined]
    formatter = _click.formatting.HelpFormatter
    formatter.write_usage = _usage_in_language(formatter.write_usage)  # type: ignore[method-assign]
    rich_utils.rich_format_error = _error_in_language(  # type: ignore[assignment]
        rich_utils.rich_format_error
    )


def _usage_in_language(write_usage: Callable[..., None]) -> Callable[..., None]:
    def written(
        self: Any, prog: str, args: str = "", prefix: str | None = None
    ) -> None:
        if prefix is None:
            prefix = i18n.gettext("Usage: ")
        write_usage(self, prog, args, prefix)

    return written


def _error_in_language(show: Callable[[Any], None]) -> Callable[[Any], None]:
    def shown(error: Any) -> None:
        text = click_message(error.format_message())
        error.format_message = lambda: text
        show(error)

    shown._pushback = True  # type: ignore[attr-defined]
    return shown
