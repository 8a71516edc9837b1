"""``pushback serve`` (the web app) and ``pushback user reset-password NAME``.

The CLI never imports the web package (an import-linter contract): ``serve`` hands
uvicorn the import string of the app factory instead.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg
from pushback.i18n import gettext
from pushback.services import accounts
from pushback.services.training import journal as journal_service
from pushback.settings import Settings

__all__ = ["register"]

APP_FACTORY = "pushback.web.app:app_from_environment"
#: Most server processes ``pushback serve --workers`` starts.
MAX_WORKERS = 64

user_app = typer.Typer(
    help=(
        gettext(
            "Manage web accounts (operator commands).\n\n"
            "Example: pushback user reset-password alice"
        )
    ),
    no_args_is_help=True,
)


def serve(
    host: Annotated[
        str, typer.Option(help=gettext("Interface to listen on."))
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option(min=1, max=65535, help=gettext("TCP port."))
    ] = 8000,
    reload: Annotated[
        bool, typer.Option(help=gettext("Restart when the code changes."))
    ] = False,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            max=MAX_WORKERS,
            help=(
                gettext(
                    "Server processes. One suits a single user; on a shared server use "
                    "one per CPU core (each runs its share of the video jobs unless "
                    "--no-worker is given)."
                )
            ),
        ),
    ] = 1,
    worker: Annotated[
        bool,
        typer.Option(
            "--worker/--no-worker",
            help=(
                "Run video jobs inside the server processes (in-process queue). "
                "--no-worker leaves them to `pushback worker` processes."
            ),
        ),
    ] = True,
) -> None:
    """Start the web app at http://HOST:PORT (what `make run` starts).

    Settings come from PUSHBACK_* variables (docs/configuration.md).

    Example: pushback serve --port 8000 --workers 2
    """
    import uvicorn

    if reload and workers > 1:
        raise InvalidInput("workers", workers, msg("1 when --reload is on"))
    if not worker:
        # uvicorn builds the app from the environment in each server process
        os.environ["PUSHBACK_RUN_WORKER"] = "false"
    from pushback.services.job_queues import check_ready

    check_ready(Settings())  # a wrong setup stops here, with one clear line
    print(
        gettext(
            "pushback is running at http://%(host)s:%(port)s  (Ctrl+C to stop)",
            host=host,
            port=port,
        )
    )
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        reload=reload,
        workers=workers,
        # The live coach's socket: a frame of keypoints is ~3 kB and the app refuses
        # messages over 16 KiB with a reason; the protocol layer never reads more
        # than 64 KiB nor queues more than 8 messages per connection.
        ws_max_size=64 * 1024,
        ws_max_queue=8,
    )


@user_app.command("reset-password")
def reset_password(
    name: Annotated[str, typer.Argument(help=gettext("The account name."))],
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help=gettext("Read the new password from stdin.")
        ),
    ] = False,
) -> None:
    """Set a new password for NAME; every browser session of NAME is logged out.

    Also gives a command-line-only user (e.g. ``local``) a web login.

    Example: pushback user reset-password alice
    """
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt(
            "New password", hide_input=True, confirmation_prompt=True
        )
    journal = journal_service.open_journal(Settings())
    try:
        with journal.work() as work:
            account = accounts.reset_password(work, name, password)
    finally:
        journal.close()
    print(
        gettext(
            "Password of %(name)s reset; their browser sessions are logged out.",
            name=account.name,
        )
    )


def register(app: typer.Typer) -> None:
    """Add ``serve`` and the ``user`` group to the pushback CLI."""
    app.command("serve")(serve)
    app.add_typer(user_app, name="user")
