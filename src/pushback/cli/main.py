"""Entry point of the ``pushback`` command.

Each command group lives in its own module with a ``register(app)`` function.
Errors are translated here, once: a :class:`CoachError` prints ``Error: ...``
on stderr and exits 2 for bad input (invalid value, unknown name) and 1 otherwise.

Language: ``pushback --lang zh-CN COMMAND`` or ``PUSHBACK_LANG=zh-CN`` (the option
wins; ``zh``, ``zh-Hans``, ``zh_CN.UTF-8`` work too; default English). Help texts
are built when the command modules are imported, so the language is read from the
command line and the environment first, and the modules are imported in it; the
command itself then runs in the language of ``--lang``.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any

import typer
from typer import _click
from typer.core import TyperGroup

from pushback import i18n
from pushback.domain.errors import CoachError, InvalidInput, NotFound
from pushback.domain.phrases import msg
from pushback.i18n import gettext as _

__all__ = ["app", "language_of", "main"]

#: The environment variable naming the CLI's language (``--lang`` wins).
LANGUAGE_VARIABLE = "PUSHBACK_LANG"

#: Command modules, in the order their commands appear in ``--help``.
COMMAND_MODULES: tuple[str, ...] = (
    "pushback.cli.exercises",
    "pushback.cli.coach",
    "pushback.cli.nutrition",
    "pushback.cli.web",
    "pushback.cli.worker",
    "pushback.cli.analyze",
    "pushback.cli.journal",
    "pushback.cli.journal_data",
)


def exit_code_for(error: CoachError) -> int:
    """2 for bad input (as click does for usage errors), 1 for everything else."""
    return 2 if isinstance(error, InvalidInput | NotFound) else 1


def language_of(tag: str | None) -> str:
    """Our language for a ``--lang`` / ``PUSHBACK_LANG`` value (None: English).

    Raises:
        InvalidInput: a language pushback has no catalog for.
    """
    if not tag:
        return i18n.DEFAULT_LANGUAGE
    found = i18n.language_of_tag(tag)
    if found is None:
        accepted = ", ".join(i18n.html_lang(name) for name in i18n.LANGUAGES)
        raise InvalidInput("--lang", tag, msg("one of %(choices)s", choices=accepted))
    return found


def _startup_language(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language of ``--lang`` before the command (else the environment's),
    for the help texts; a bad value is reported when the command runs."""
    tag = environ.get(LANGUAGE_VARIABLE)
    for index, word in enumerate(argv):
        if not word.startswith("-"):
            break  # the command: options after it are its own
        if word == "--lang" and index + 1 < len(argv):
            tag = argv[index + 1]
        elif word.startswith("--lang="):
            tag = word.partition("=")[2]
    try:
        return language_of(tag)
    except InvalidInput:
        return i18n.DEFAULT_LANGUAGE


class _CoachGroup(TyperGroup):
    """Runs the command in its language; translates our errors into one stderr
    line and an exit code."""

    def invoke(self, ctx: _click.Context) -> Any:
        try:
            with i18n.language(language_of(ctx.params.get("lang"))):
                try:
                    return super().invoke(ctx)
                except CoachError as error:
                    _fail(error)
        except CoachError as error:  # a bad --lang: reported in English
            _fail(error)


def _fail(error: CoachError) -> None:
    from pushback.i18n.phrases import error_message  # only when a command fails

    typer.echo(_("Error: %(message)s", message=error_message(error)), err=True)
    # typer >= 0.20 vendors click: only typer.Exit is caught by its main loop.
    raise typer.Exit(exit_code_for(error)) from None


def _global_options() -> Callable[..., None]:
    """The options of every command, their help in the current language (read
    by ``_CoachGroup.invoke``)."""

    def options(
        lang: Annotated[
            str | None,
            typer.Option(
                "--lang",
                envvar=LANGUAGE_VARIABLE,
                metavar="LANGUAGE",
                help=_(
                    "Language of messages and help: en or zh-CN (default: English)."
                ),
                show_envvar=True,
            ),
        ] = None,
    ) -> None:
        """Options of every command."""

    return options


#: Commands whose module alone serves them when they are run: ``analyze`` starts
#: without the journal, web and chart modules (a cold analysis is timed whole).
ALONE: dict[str, str] = {"analyze": "pushback.cli.analyze"}


def _modules_for(argv: Sequence[str]) -> tuple[str, ...]:
    """The command modules to load for ``pushback ARGV`` (all of them, for help
    and every command but those in :data:`ALONE`)."""
    words = iter(argv)
    for word in words:
        if word == "--lang":
            next(words, None)
        elif not word.startswith("-"):
            return (ALONE[word],) if word in ALONE else COMMAND_MODULES
    return COMMAND_MODULES


def _build(modules: Sequence[str] = COMMAND_MODULES) -> typer.Typer:
    built = typer.Typer(
        cls=_CoachGroup,
        name="pushback",
        help=_(
            "pushback: a coach that trains your back with push-ups.\n\n"
            "Example: pushback onboard"
        ),
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )
    built.callback()(_global_options())
    for module in modules:
        importlib.import_module(module).register(built)
    return built


with i18n.language(_startup_language(sys.argv[1:], os.environ)):
    # Only the installed ``pushback`` program picks its modules from the command
    # line; imported elsewhere (tests, python -c), the app has every command.
    _RUN = os.path.basename(sys.argv[0]) == "pushback"
    app = _build(_modules_for(sys.argv[1:]) if _RUN else COMMAND_MODULES)


def _typer_words() -> None:
    """Typer's own panel titles and notes in the current language (typer reads
    these module settings when it prints help and errors)."""
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = _("Arguments")
    rich_utils.OPTIONS_PANEL_TITLE = _("Options")
    rich_utils.COMMANDS_PANEL_TITLE = _("Commands")
    rich_utils.ERRORS_PANEL_TITLE = _("Error")
    rich_utils.ENVVAR_STRING = _("[env var: {}]")
    rich_utils.DEFAULT_STRING = _("[default: {}]")
    rich_utils.REQUIRED_LONG_STRING = _("[required]")
    rich_utils.ABORTED_TEXT = _("Aborted.")
    rich_utils.RICH_HELP = _("Try [blue]'{command_path} {help_option}'[/] for help.")
    from pushback.cli import _click_words

    _click_words.install()


def main() -> None:
    """Run the CLI (the ``pushback`` console script). Typer turns the commands'
    annotations into help when it runs, so that happens in the language of
    ``--lang`` / ``PUSHBACK_LANG`` too."""
    with i18n.language(_startup_language(sys.argv[1:], os.environ)):
        _typer_words()
        app()
