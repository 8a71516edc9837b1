"""Settings: units, time zone, export and import, personal API tokens, delete account.

Every form posts with the session's CSRF token; each handler calls one service
function and comes back here with a notice (post/redirect/get).
"""

from __future__ import annotations

import functools
import json
import re
import secrets
import tempfile
import time
import zoneinfo
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from pushback import i18n
from pushback.domain.errors import CoachError, InvalidInput, NotFound
from pushback.domain.phrases import msg
from pushback.i18n import N_, gettext, ngettext
from pushback.i18n.phrases import error_message
from pushback.journal.repository.users import check_time_zone
from pushback.services import accounts
from pushback.services.accounts import Account
from pushback.services.training import journal as journal_service
from pushback.services.training import restore as restore_service
from pushback.services.unit import Work
from pushback.web.auth import session_of
from pushback.web.deps import CurrentUser, WorkDep
from pushback.web.params import TokenId
from pushback.web.templating import render

__all__ = ["FOLLOW_BROWSER", "router"]

#: The language menu's value for "follow this device's language".
FOLLOW_BROWSER = "browser"

router = APIRouter(include_in_schema=False)


def _back(request: Request, notice: str, anchor: str = "") -> RedirectResponse:
    session_of(request).set_flash(notice)
    return RedirectResponse(f"/settings{anchor}", status_code=303)


@functools.cache
def _time_zones() -> tuple[tuple[str, str], ...]:
    """Every IANA zone with a label people search by: its city and region."""
    zones = sorted(z for z in zoneinfo.available_timezones() if "/" in z)
    return tuple((zone, _zone_label(zone)) for zone in zones)


def _zone_label(zone: str) -> str:
    region, _slash, place = zone.partition("/")
    return f"{place.replace('_', ' ').replace('/', ', ')} ({region})"


def settings_context(work: Work, user: Account) -> dict[str, object]:
    """What the settings page shows besides the forms."""
    return {
        "tokens": accounts.list_tokens(work, user.id),
        "new_token": None,
        "errors": {},
        "time_zones": _time_zones(),
        "languages": tuple((n, i18n.LANGUAGE_NAMES.get(n, n)) for n in i18n.LANGUAGES),
    }


@router.get("/settings")
def settings_page(request: Request, work: WorkDep, user: CurrentUser) -> HTMLResponse:
    """The settings page."""
    return render(request, "pages/settings.html", settings_context(work, user))


@router.post("/settings/preferences")
def save_preferences(
    request: Request,
    work: WorkDep,
    user: CurrentUser,
    units: Annotated[str, Form(max_length=10)] = "",
    time_zone: Annotated[str, Form(max_length=100)] = "",
    language: Annotated[str | None, Form(max_length=20)] = None,
) -> Response:
    """Change units, time zone and language; a bad value shows next to its field.

    ``language`` is a language with a catalog, or ``browser`` to follow the
    browser again (an empty form value arrives as None: "not sent"); the notice is
    already in the language chosen."""
    errors = _preference_problems(units, time_zone.strip())
    if language == FOLLOW_BROWSER:
        language = ""
    elif language and language not in i18n.LANGUAGES:
        errors["language"] = gettext("Choose a language from the list.")
    if not errors:
        try:
            journal_service.set_preferences(
                work,
                user,
                units=units or None,
                time_zone=time_zone.strip() or None,
                language=language,
            )
        except CoachError as error:
            errors = {error.field or "form": error_message(error)}
    if errors:
        context = settings_context(work, user)
        context["errors"] = errors
        context["values"] = {"time_zone": time_zone}
        return render(request, "pages/settings.html", context, status_code=422)
    if language is not None:
        i18n.choose(language or i18n.negotiate(request.headers.get("accept-language")))
    return _back(request, gettext("Preferences saved."), "#preferences")


def _preference_problems(units: str, time_zone: str) -> dict[str, str]:
    """Every problem of the preferences form at once, by field."""
    problems: dict[str, str] = {}
    if units and units not in ("kg", "lb"):
        problems["units"] = gettext("Choose kg or lb.")
    if time_zone:
        try:
            check_time_zone(time_zone)
        except InvalidInput:
            problems["time_zone"] = gettext(
                "“%(time_zone)s” is not a time zone: type a city and pick it from "
                "the list (for example Europe/Paris).",
                time_zone=time_zone,
            )
    return problems


@router.get("/settings/export.json")
def export_json(work: WorkDep, user: CurrentUser) -> Response:
    """The full JSON backup as a download (``pushback export``)."""
    data = journal_service.export_backup(work, user)
    return Response(
        json.dumps(data, indent=2, ensure_ascii=False),
        media_type="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{_file(user, "json")}"'
        },
    )


@router.get("/settings/export.csv")
def export_csv(work: WorkDep, user: CurrentUser) -> Response:
    """Every set as CSV with Strong's columns (``pushback export --format csv``)."""
    text = journal_service.export_csv(work, user)
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_file(user, "csv")}"'},
    )


def _file(user: Account, extension: str) -> str:
    return f"pushback-{user.name}.{extension}"


@router.post("/settings/import")
async def import_file(
    request: Request, work: WorkDep, user: CurrentUser, file: UploadFile
) -> Response:
    """Import a pushback backup or an app's CSV export; a bad file changes nothing."""
    suffix = Path(file.filename or "").suffix.lower()
    if suffix not in (".json", ".csv"):
        suffix = ".json" if (file.content_type or "").endswith("json") else ".csv"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(await file.read(_MAX_IMPORT_BYTES + 1))
        try:
            if path.stat().st_size > _MAX_IMPORT_BYTES:
                raise InvalidInput("file", file.filename, msg("at most 50 MB"))
            result = await run_in_threadpool(
                journal_service.import_file, work, user, path=path
            )
        except CoachError as error:
            context = await run_in_threadpool(settings_context, work, user)
            context["errors"] = {"file": error_message(error)}
            return render(request, "pages/settings.html", context, status_code=422)
    added = _counted(result.counts) or gettext("nothing new")
    notice = gettext(
        "Imported a %(kind)s file: %(added)s.", kind=result.kind, added=added
    )
    if result.skipped_sessions:
        notice += " " + ngettext(
            "%(num)d session was already there.",
            "%(num)d sessions were already there.",
            result.skipped_sessions,
        )
    if result.unmatched_exercises:
        notice += " Not in the catalog: " + ", ".join(result.unmatched_exercises) + "."
    notice += "".join(f" {note}." for note in result.notes)  # what was not kept
    return _back(request, notice, "#data")


#: What a backup or an import holds, in words (singular, plural).
_KIND_WORDS: dict[str, tuple[str, str]] = {
    "profiles": (N_("%(num)d test"), N_("%(num)d tests")),
    "body_weights": (N_("%(num)d body weight"), N_("%(num)d body weights")),
    "plans": (N_("%(num)d plan"), N_("%(num)d plans")),
    "sessions": (N_("%(num)d session"), N_("%(num)d sessions")),
    "sets": (N_("%(num)d set"), N_("%(num)d sets")),
    "plan_changes": (N_("%(num)d plan change"), N_("%(num)d plan changes")),
}


def _counted(counts: dict[str, int]) -> str:
    """``{"sessions": 1, "sets": 3}`` -> ``1 session, 3 sets`` (nonzero ones)."""
    parts = []
    for kind, count in counts.items():
        if not count:
            continue
        one, other = _KIND_WORDS.get(kind, (f"%(num)d {kind}", f"%(num)d {kind}"))
        parts.append(ngettext(one, other, count))
    return ", ".join(parts)


#: Largest import accepted [design]: a 10-year Strong export is a few MB.
_MAX_IMPORT_BYTES = 50 * 1024 * 1024
#: A backup waiting for its preview to be confirmed is kept this long (s).
_RESTORE_KEEP_S = 3600


def _restore_dir(work: Work, user: Account) -> Path:
    return work.settings.data_dir / "restore" / str(user.id)


def _restore_file(work: Work, user: Account, token: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", token):
        raise NotFound(
            gettext("That backup preview has expired: choose the file again.")
        )
    path = _restore_dir(work, user) / f"{token}.json"
    if not path.is_file():
        raise NotFound(
            gettext("That backup preview has expired: choose the file again.")
        )
    return path


@router.post("/settings/restore")
async def preview_restore(
    request: Request, work: WorkDep, user: CurrentUser, file: UploadFile
) -> Response:
    """Keep the chosen backup for a moment and show what restoring it would do."""
    folder = _restore_dir(work, user)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.json"):
        if time.time() - old.stat().st_mtime > _RESTORE_KEEP_S:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    path = folder / f"{token}.json"
    path.write_bytes(await file.read(_MAX_IMPORT_BYTES + 1))
    try:
        if path.stat().st_size > _MAX_IMPORT_BYTES:
            raise InvalidInput("file", file.filename, msg("at most 50 MB"))
        preview = await run_in_threadpool(
            restore_service.preview_restore, work, user, path
        )
    except CoachError as error:
        path.unlink(missing_ok=True)
        context = await run_in_threadpool(settings_context, work, user)
        context["errors"] = {"restore": error_message(error)}
        return render(request, "pages/settings.html", context, status_code=422)
    context = {"preview": preview, "token": token, "filename": file.filename}
    return render(request, "pages/restore.html", context)


@router.post("/settings/restore/{token}")
def apply_restore(
    request: Request,
    token: str,
    work: WorkDep,
    user: CurrentUser,
    mode: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    """Restore the previewed backup: replace everything, or add what is missing."""
    path = _restore_file(work, user, token)
    if mode not in restore_service.MODES:
        raise InvalidInput("mode", mode, msg("replace or merge"))
    counts = restore_service.restore(work, user, path, mode=mode)  # type: ignore[arg-type]
    path.unlink(missing_ok=True)
    added = _counted(counts)
    notice = (
        gettext("Backup restored: %(added)s.", added=added or gettext("nothing"))
        if mode == "replace"
        else gettext(
            "Added from the backup: %(added)s.", added=added or gettext("nothing new")
        )
    )
    return _back(request, notice, "#data")


@router.post("/settings/tokens")
def create_token(
    request: Request,
    work: WorkDep,
    user: CurrentUser,
    label: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Make a personal API token and show its secret once."""
    try:
        info, secret = accounts.create_token(work, user.id, label)
    except CoachError as error:
        context = settings_context(work, user)
        context["errors"] = {"label": error_message(error)}
        return render(request, "pages/settings.html", context, status_code=422)
    context = settings_context(work, user)
    context["new_token"] = {"label": info.label, "secret": secret}
    return render(request, "pages/settings.html", context, status_code=201)


@router.post("/settings/tokens/{token_id}/delete")
def revoke_token(
    request: Request, work: WorkDep, user: CurrentUser, token_id: TokenId
) -> Response:
    """Revoke one of the user's tokens (404 for anyone else's)."""
    accounts.revoke_token(work, user.id, token_id)
    return _back(
        request, gettext("Token revoked: scripts using it now get 401."), "#tokens"
    )


@router.post("/settings/password")
def change_password(
    request: Request,
    work: WorkDep,
    user: CurrentUser,
    current_password: Annotated[str, Form(max_length=2000)] = "",
    new_password: Annotated[str, Form(max_length=2000)] = "",
    new_password_confirm: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Change the password; every other login of the account ends."""
    errors: dict[str, str] = {}
    if new_password != new_password_confirm:
        errors["new_password_confirm"] = gettext("The two new passwords differ.")
    else:
        try:
            accounts.change_password(
                work,
                user.id,
                current=current_password,
                new=new_password,
                keep_login=session_of(request).login,
            )
        except CoachError as error:
            field = "new_password" if error.field == "password" else error.field
            errors[field or "form"] = error_message(error)
    if errors:
        context = settings_context(work, user)
        context["errors"] = errors
        return render(request, "pages/settings.html", context, status_code=422)
    return _back(
        request,
        gettext("Password changed. Your other devices are logged out."),
        "#password",
    )


@router.post("/settings/delete-account")
def delete_account(
    request: Request,
    work: WorkDep,
    user: CurrentUser,
    confirm_name: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """Delete the account and all its data once the user typed their name."""
    if confirm_name.strip().lower() != user.name:
        context = settings_context(work, user)
        context["errors"] = {
            "confirm_name": gettext(
                "Type your name, %(name)s, to confirm.", name=user.name
            )
        }
        return render(request, "pages/settings.html", context, status_code=422)
    accounts.delete_account(work, user.id)
    session = session_of(request)
    session.log_out()
    session.set_flash(gettext("Your account and all its data were deleted."))
    return RedirectResponse("/login", status_code=303)
