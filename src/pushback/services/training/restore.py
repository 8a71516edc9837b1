"""Restoring one's own backup on the web: look first, then replace or add.

:func:`preview_restore` reads a pushback JSON backup and counts what it holds,
what the journal holds, and what adding it would bring; nothing is written.
:func:`restore` then either replaces everything (the journal becomes the backup)
or adds what is missing (sessions, body weights and assessments the journal does
not have; the journal keeps its own plan). Both are one transaction.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg
from pushback.journal._backup_merge import BackupPreview, backup_preview, merge_user
from pushback.journal.backup import restore_user
from pushback.journal.records import UserRecord
from pushback.services.training._exchange import read_backup
from pushback.services.unit import Work

__all__ = ["MODES", "BackupPreview", "preview_restore", "restore"]

#: How a backup is restored: replace everything, or add what is missing.
MODES: tuple[str, ...] = ("replace", "merge")


def preview_restore(work: Work, user: UserRecord, path: Path) -> BackupPreview:
    """What restoring ``path`` into the user's journal would do (reads only)."""
    return backup_preview(work.session, backup=read_backup(path), user_id=user.id)


def restore(
    work: Work, user: UserRecord, path: Path, *, mode: Literal["replace", "merge"]
) -> dict[str, int]:
    """Use case: restore ``path`` (``replace`` or ``merge``); returns the counts."""
    if mode not in MODES:
        raise InvalidInput("mode", mode, msg("replace or merge"))
    backup = read_backup(path)
    work.write()
    if mode == "merge":
        counts = merge_user(work.session, backup=backup, user_id=user.id)
    else:
        counts = restore_user(
            work.session, backup=backup, user_name=user.name, replace_data=True
        )
    work.commit()
    return counts
