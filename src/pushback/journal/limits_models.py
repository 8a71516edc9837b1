"""Failed logins, counted in the journal so every server process sees them.

``login_failures`` holds one row per failed login (IP, the name as the login looks
it up, when). The web app's login limiter counts the rows of a time window, so N
server processes on M machines enforce one limit. Revision ``0008``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Index, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from pushback.journal._base import Base

__all__ = [
    "LoginFailure",
    "clear_login_failures",
    "login_failures_since",
    "record_login_failure",
]


class LoginFailure(Base):
    """One failed login."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_ip_at", "ip", "at"),
        Index("ix_login_failures_ip_name_at", "ip", "name", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ip: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime]


def record_login_failure(
    session: Session, *, ip: str, name: str, at: datetime, keep_s: float
) -> None:
    """Count a failed login; rows older than ``keep_s`` seconds go."""
    session.execute(
        delete(LoginFailure).where(LoginFailure.at < at - timedelta(seconds=keep_s))
    )
    session.add(LoginFailure(ip=ip[:64], name=name[:200], at=at))
    session.flush()


def login_failures_since(
    session: Session, *, ip: str, since: datetime, name: str | None = None
) -> tuple[int, datetime | None]:
    """How many failures of this IP (and name) since ``since``, and the oldest."""
    query = select(func.count(), func.min(LoginFailure.at)).where(
        LoginFailure.ip == ip[:64], LoginFailure.at > since
    )
    if name is not None:
        query = query.where(LoginFailure.name == name[:200])
    count, oldest = session.execute(query).one()
    return int(count or 0), oldest


def clear_login_failures(session: Session, *, ip: str, name: str) -> None:
    """Forget the failures of one IP and name (after a successful login)."""
    session.execute(
        delete(LoginFailure).where(
            LoginFailure.ip == ip[:64], LoginFailure.name == name[:200]
        )
    )
