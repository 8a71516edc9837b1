"""Moving journal data in and out (private; use :mod:`.journal`).

* ``export_backup``: the full JSON backup (``journal.backup``), which
  ``import_file`` restores exactly.
* ``export_csv``: Strong's export columns, for spreadsheets and other apps.
* ``import_file``: our JSON backup, or a Strong, Hevy or FitNotes CSV export
  (``journal.exchange``). The file is recognised by its content; anything else
  is refused with one clear line, and a refused or broken file changes nothing
  (it is checked completely first and written in one transaction).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pushback.domain.catalog import Catalog, load_catalog
from pushback.domain.errors import InvalidInput, NotFound
from pushback.domain.phrases import msg
from pushback.journal import Session
from pushback.journal import repository as repo
from pushback.journal.backup import (
    BACKUP_FORMAT,
    Backup,
    export_user,
    parse_backup,
    restore_user,
)
from pushback.journal.exchange import EXPECTED, parse_csv, write_strong
from pushback.journal.records import UserRecord

__all__ = [
    "ImportResult",
    "export_backup",
    "export_csv",
    "import_file",
    "read_backup",
    "slug_resolver",
]

#: Largest file ``import`` reads (a decade of daily training is far below it).
MAX_IMPORT_BYTES = 50 * 1024 * 1024
#: Names other apps use for catalog exercises, normalised (see ``_normalise``).
_ALIASES: dict[str, str] = {
    "push up": "push-up",
    "pushup": "push-up",
    "knee push up": "knee-push-up",
    "push up knees": "knee-push-up",
    "incline push up": "incline-push-up",
    "decline push up": "feet-elevated-push-up",
    "diamond push up": "close-push-up",
    "close grip push up": "close-push-up",
    "wide grip push up": "wide-push-up",
    "clap push up": "explosive-push-up",
    "plyo push up": "explosive-push-up",
    "one arm push up": "one-arm-push-up",
    "inverted row": "table-row",
    "inverted row bodyweight": "table-row",
    "trx row": "trx-row",
    "suspension row": "trx-row",
    "reverse fly dumbbell": "dumbbell-reverse-fly",
    "rear delt reverse fly dumbbell": "dumbbell-reverse-fly",
    "band pull apart": "band-pull-apart",
}


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the format found and how many rows it added; ``notes``
    say what the file had that was not kept, or what it left unsaid (a unit)."""

    kind: str
    counts: dict[str, int]
    skipped_sessions: int = 0
    unmatched_exercises: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON form of the result."""
        return {
            "format": self.kind,
            "added": self.counts,
            "skipped_sessions": self.skipped_sessions,
            "unmatched_exercises": list(self.unmatched_exercises),
            "notes": list(self.notes),
        }


def _normalise(name: str) -> str:
    text = re.sub(r"[^a-z0-9]+", " ", name.lower().replace("-", " ")).strip()
    return re.sub(r"\bups\b", "up", text)


def slug_resolver(catalog: Catalog) -> dict[str, str]:
    """Normalised names -> slugs: catalog names and slugs, plus common aliases."""
    table = dict(_ALIASES)
    for exercise in catalog.exercises.values():
        table[_normalise(exercise.name)] = exercise.slug
        table[_normalise(exercise.slug)] = exercise.slug
    return table


def export_backup(session: Session, user: UserRecord) -> dict[str, Any]:
    """The user's full JSON backup."""
    return export_user(session, user_id=user.id)


def export_csv(session: Session, user: UserRecord) -> str:
    """Every logged set in Strong's CSV export layout (weights in the user's units)."""
    catalog = load_catalog()

    def name_of(slug: str) -> str:
        try:
            return catalog.get(slug).name
        except NotFound:
            return slug

    sessions = repo.list_sessions(session, user_id=user.id)
    return write_strong(
        sessions, zone=ZoneInfo(user.time_zone), name_of=name_of, units=user.units
    )


def _read(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise InvalidInput("file", f"{path} ({size} bytes)", msg("at most 50 MB"))
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NotFound(
            msg("No file %(path)s to import.", path=path), field="file"
        ) from None
    except UnicodeDecodeError:
        raise InvalidInput(
            "file", str(path), msg("%(expected)s (UTF-8 text)", expected=EXPECTED)
        ) from None
    except OSError as error:
        raise InvalidInput(
            "file",
            str(path),
            msg("a readable file (%(strerror)s)", strerror=error.strerror),
        ) from None


def _backup_of(text: str, path: Path) -> Backup:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            "file", f"{path}: {error.msg} at line {error.lineno}", EXPECTED
        ) from None
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        found = 'JSON that is not a pushback backup (no "format": "pushback-journal")'
        raise InvalidInput("file", f"{path.name}: {found}", EXPECTED)
    return parse_backup(data)


def read_backup(path: Path) -> Backup:
    """A pushback JSON backup file, parsed and checked (InvalidInput otherwise)."""
    text = _read(path)
    if not text.lstrip().startswith("{"):
        raise InvalidInput(
            "file", path.name, msg("a pushback JSON backup (made with Export JSON)")
        )
    return _backup_of(text, path)


def import_file(
    session: Session, user: UserRecord, path: Path, *, replace_data: bool = False
) -> ImportResult:
    """Import ``path`` into ``user``'s journal (a writing session; the caller
    commits); a refused file raises before anything is written."""
    text = _read(path)
    if text.lstrip().startswith(("{", "[")):
        backup = _backup_of(text, path)
        counts = restore_user(
            session, backup=backup, user_name=user.name, replace_data=replace_data
        )
        return ImportResult("pushback-json", counts)
    table = slug_resolver(load_catalog())

    def resolve(name: str) -> str | None:
        return table.get(_normalise(name))

    parsed = parse_csv(text, zone=ZoneInfo(user.time_zone), resolve=resolve)
    kind, sessions = parsed.app, parsed.sessions
    if not sessions:
        raise InvalidInput("file", f"{path} has a {kind} header but no sets", EXPECTED)
    known = repo.existing_session_uuids(session, uuids=[s.uuid for s in sessions])
    fresh = [s for s in sessions if s.uuid not in known]
    repo.log_sessions(session, user_id=user.id, entries=fresh)
    unmatched = sorted(
        {x.exercise_name for s in fresh for x in s.sets if x.exercise_name}
    )
    return ImportResult(
        kind,
        {"sessions": len(fresh), "sets": sum(len(s.sets) for s in fresh)},
        skipped_sessions=len(sessions) - len(fresh),
        unmatched_exercises=tuple(unmatched),
        notes=parsed.notes,
    )
