"""Journal data commands: ``export``, ``import`` and ``db upgrade``.

Thin, like :mod:`pushback.cli.journal`, whose user option and unit of work they
share; errors propagate to ``cli/main.py``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from pushback.cli._output import check_output, write_text
from pushback.cli.journal import JsonOpt, UserOpt, print_json, unit
from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg
from pushback.i18n import gettext
from pushback.services.training import journal as service
from pushback.settings import Settings

__all__ = ["register"]

db_app = typer.Typer(
    help=gettext("Journal database maintenance.\n\nExample: pushback db upgrade"),
    no_args_is_help=True,
)


def export(
    user: UserOpt = "local",
    out: Annotated[
        Path | None, typer.Option("--out", help=gettext("File (default: stdout)."))
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help=gettext("json (backup) or csv."))
    ] = "json",
) -> None:
    """Export the journal: a full JSON backup, or CSV with Strong's columns.

    Example: pushback export --out backup.json
    """
    if fmt not in ("json", "csv"):
        raise InvalidInput("format", fmt, msg("json or csv"))
    if out is not None:
        check_output("--out", out)
    with unit(user) as (work, record):
        if fmt == "json":
            text = json.dumps(service.export_backup(work, record), indent=1) + "\n"
        else:
            text = service.export_csv(work, record)
    if out is None:
        typer.echo(text, nl=False)
        return
    write_text("--out", out, text)
    typer.echo(gettext("Exported to %(out)s.", out=out))


def import_(
    file: Annotated[
        Path,
        typer.Argument(help=gettext("Backup JSON, or a Strong, Hevy or FitNotes CSV.")),
    ],
    user: UserOpt = "local",
    replace: Annotated[
        bool,
        typer.Option("--replace", help=gettext("Overwrite the user's data (backups).")),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Import a pushback JSON backup or a Strong, Hevy or FitNotes CSV export.

    Example: pushback import strong_workouts.csv
    """
    with unit(user) as (work, record):
        result = service.import_file(work, record, path=file, replace_data=replace)
    if as_json:
        print_json(result.to_dict())
        return
    added = ", ".join(f"{n} {what}" for what, n in result.counts.items())
    typer.echo(gettext("Imported %(kind)s: %(added)s.", kind=result.kind, added=added))
    if result.skipped_sessions:
        typer.echo(
            gettext(
                "Skipped %(skipped_sessions)s session(s) already imported.",
                skipped_sessions=result.skipped_sessions,
            )
        )
    if result.unmatched_exercises:
        typer.echo(
            gettext(
                "Kept under their own names: %(names)s",
                names=", ".join(result.unmatched_exercises),
            )
        )
    for note in result.notes:
        typer.echo(gettext("Note: %(note)s.", note=note))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the journal database or bring it to the newest schema.

    Example: pushback db upgrade
    """
    revision = service.upgrade_database(Settings())
    typer.echo(gettext("Journal database at revision %(revision)s.", revision=revision))


def register(app: typer.Typer) -> None:
    """Add ``export``, ``import`` and ``db`` to the ``pushback`` app."""
    app.command("export")(export)
    app.command("import")(import_)
    app.add_typer(db_app, name="db")
