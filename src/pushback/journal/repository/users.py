"""Users and their settings. Functions take the unit of work's session."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from pushback.domain.errors import InvalidInput, NotFound
from pushback.domain.phrases import msg
from pushback.i18n import LANGUAGES
from pushback.journal._base import utc_now
from pushback.journal.models import User
from pushback.journal.models.users import UNITS
from pushback.journal.records import UserRecord
from pushback.journal.repository._convert import user_record

__all__ = [
    "check_time_zone",
    "check_user_name",
    "ensure_user",
    "find_user",
    "get_user",
    "get_user_by_id",
    "list_users",
    "update_user_settings",
]

_NAME_MAX = 64
#: The longest time zone name the column holds.
_ZONE_MAX = 64


def check_user_name(name: str) -> str:
    """The user name stripped; InvalidInput if empty, too long or unprintable."""
    stripped = name.strip() if isinstance(name, str) else ""
    if not stripped or len(stripped) > _NAME_MAX or not stripped.isprintable():
        raise InvalidInput(
            "user",
            name,
            msg("1 to %(name_max)s printable characters", name_max=_NAME_MAX),
        )
    return stripped


def check_time_zone(time_zone: str) -> str:
    """An IANA time zone name such as ``Europe/Paris``; else InvalidInput.

    A name longer than the column, a folder of the zone database (``America``)
    or any other file error is refused the same way.
    """
    expected = msg("an IANA time zone name such as Europe/Paris or UTC")
    if not isinstance(time_zone, str) or len(time_zone) > _ZONE_MAX:
        raise InvalidInput("time_zone", time_zone, expected)
    try:
        ZoneInfo(time_zone)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        raise InvalidInput("time_zone", time_zone, expected) from None
    return time_zone


def _find(session: Session, name: str) -> User | None:
    return session.scalars(select(User).where(User.name == name)).one_or_none()


def find_user(session: Session, *, name: str) -> UserRecord | None:
    """The user called ``name``, or None."""
    row = _find(session, check_user_name(name))
    return user_record(row) if row is not None else None


def ensure_user(session: Session, *, name: str) -> UserRecord:
    """The user called ``name``, created with default settings if missing (the
    session must be writing: :func:`~pushback.journal.database.begin_write`).

    Safe when two processes create the same user at once (``ON CONFLICT DO
    NOTHING``, then read).
    """
    name = check_user_name(name)
    row = _find(session, name)
    if row is None:
        dialect = session.get_bind().dialect.name
        insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
        session.execute(
            insert(User)
            .values(name=name, units="kg", time_zone="UTC", created_at=utc_now())
            .on_conflict_do_nothing(index_elements=["name"])
        )
        row = _find(session, name)
    assert row is not None
    return user_record(row)


def get_user(session: Session, *, name: str) -> UserRecord:
    """The user called ``name``; raises NotFound if there is none."""
    record = find_user(session, name=name)
    if record is None:
        raise NotFound(
            msg("No journal user named %(name)s.", name=repr(name)), field="user"
        )
    return record


def get_user_by_id(session: Session, *, user_id: int) -> UserRecord | None:
    """The user with this id, or None (deleted)."""
    row = session.get(User, user_id)
    return user_record(row) if row is not None else None


def list_users(session: Session) -> list[UserRecord]:
    """Every user, by name."""
    return [
        user_record(row) for row in session.scalars(select(User).order_by(User.name))
    ]


def update_user_settings(
    session: Session,
    *,
    user_id: int,
    units: str | None = None,
    time_zone: str | None = None,
    language: str | None = None,
) -> UserRecord:
    """Change the display units (``kg``/``lb``), the time zone and/or the
    language of pages (``""``: follow the browser again)."""
    if units is not None and units not in UNITS:
        raise InvalidInput("units", units, msg("kg or lb"))
    if language is not None and language and language not in LANGUAGES:
        raise InvalidInput(
            "language",
            language,
            msg("one of %(choices)s", choices=", ".join(LANGUAGES)),
        )
    if time_zone is not None:
        check_time_zone(time_zone)
    row = session.get(User, user_id)
    if row is None:
        raise NotFound(
            msg("No journal user with id %(user_id)s.", user_id=user_id), field="user"
        )
    if units is not None:
        row.units = units
    if time_zone is not None:
        row.time_zone = time_zone
    if language is not None:
        row.language = language or None
    session.flush()
    return user_record(row)
