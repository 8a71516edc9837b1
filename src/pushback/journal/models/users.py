"""Users of the journal and their settings.

The CLI acts as one user (``--user NAME``, default ``local``); the web app adds
accounts on top of the same table: ``password_hash`` stays empty for CLI-only
users, and new account fields arrive as new nullable columns.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from pushback.journal._base import Base, utc_now

__all__ = ["UNITS", "User"]

#: Units a user can display weights in; storage is always kilograms.
UNITS: tuple[str, ...] = ("kg", "lb")


class User(Base):
    """One person training; every other journal row belongs to a user."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("units IN ('kg', 'lb')", name="units"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255), default=None)
    units: Mapped[str] = mapped_column(String(2), default="kg", server_default="kg")
    time_zone: Mapped[str] = mapped_column(
        String(64), default="UTC", server_default="UTC"
    )
    #: The language picked for pages (``pushback.i18n.LANGUAGES``); None: the
    #: browser's.
    language: Mapped[str | None] = mapped_column(String(16), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
