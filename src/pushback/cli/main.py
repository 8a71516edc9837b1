"""Entry point of the ``pushback`` command.

Each command group lives in its own module with a ``register(app)`` function.
Errors are translated here, once: a :class:`CoachError` prints ``Error: ...``
on stderr and exits 2 for bad input (invalid value, unknown name) and 1 otherwise.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer import _click
from typer.core import TyperGroup

from pushback.domain.errors import CoachError, InvalidInput, NotFound
from pushback.i18n import gettext

__all__ = ["app", "main"]

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


class _CoachGroup(TyperGroup):
    """Translates our errors into one stderr line and an exit code."""

    def invoke(self, ctx: _click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CoachError as error:
            typer.echo(gettext("Error: %(message)s", message=error.message), err=True)
            # typer >= 0.20 vendors click: only typer.Exit is caught by its main loop.
            raise typer.Exit(exit_code_for(error)) from None


app = typer.Typer(
    cls=_CoachGroup,
    name="pushback",
    help=(
        gettext(
            "pushback: a coach that trains your back with push-ups.\n\n"
            "Start the web app with `pushback serve` (`make run` in a checkout does "
            "it for you), or begin in the terminal with `pushback onboard`.\n\n"
            "Example: pushback serve"
        )
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

for _module in COMMAND_MODULES:
    importlib.import_module(_module).register(app)


def main() -> None:
    """Run the CLI (the ``pushback`` console script)."""
    app()
