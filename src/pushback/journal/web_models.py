"""Web accounts in the journal: browser sessions, personal API tokens and the
account queries.

The ``users`` table (``models/users.py``) already has ``password_hash``; this module
adds ``api_tokens`` (revision ``0003``), ``web_sessions`` (revision ``0006``) and the
few queries the accounts service needs, so SQLAlchemy stays inside ``journal/``.

Only the SHA-256 of a token or session secret is stored: both are 256-bit random
strings, so a fast hash is enough (no dictionary to attack), and a stolen database
reveals no credential.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, delete, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from pushback.journal._base import Base, utc_now
from pushback.journal.models.users import User

__all__ = [
    "ApiToken",
    "WebSession",
    "add_token",
    "add_user",
    "add_web_session",
    "count_accounts",
    "delete_token",
    "delete_user",
    "delete_web_sessions",
    "find_token",
    "find_user_by_name",
    "get_user",
    "list_tokens",
    "stamp_token",
    "user_of_web_session",
]


class ApiToken(Base):
    """A personal API token: its hash, a label and when it was last used."""

    __tablename__ = "api_tokens"
    __table_args__ = (Index("ix_api_tokens_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    label: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    last_used_at: Mapped[datetime | None] = mapped_column(default=None)


class WebSession(Base):
    """A browser's login: it lasts until logout, a password change, the account's
    deletion or ``expires_at``, whichever comes first, on every server process."""

    __tablename__ = "web_sessions"
    __table_args__ = (Index("ix_web_sessions_user_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    expires_at: Mapped[datetime]


def add_web_session(
    session: Session, *, user_id: int, secret_hash: str, expires_at: datetime
) -> None:
    """Store a new browser login (and drop the user's expired ones)."""
    session.execute(
        delete(WebSession).where(
            WebSession.user_id == user_id, WebSession.expires_at <= utc_now()
        )
    )
    session.add(
        WebSession(
            user_id=user_id,
            secret_hash=secret_hash,
            created_at=utc_now(),
            expires_at=expires_at,
        )
    )
    session.flush()


def user_of_web_session(
    session: Session, secret_hash: str, now: datetime
) -> User | None:
    """The user of a live browser login, or None (unknown, ended or expired)."""
    query = (
        select(User)
        .join(WebSession, WebSession.user_id == User.id)
        .where(WebSession.secret_hash == secret_hash, WebSession.expires_at > now)
    )
    return session.scalars(query).one_or_none()


def delete_web_sessions(
    session: Session,
    *,
    user_id: int | None = None,
    secret_hash: str | None = None,
    keep_hash: str | None = None,
) -> int:
    """End one login (``secret_hash``) or all of a user's (but ``keep_hash``)."""
    query = delete(WebSession)
    if secret_hash is not None:
        query = query.where(WebSession.secret_hash == secret_hash)
    if user_id is not None:
        query = query.where(WebSession.user_id == user_id)
    if keep_hash is not None:
        query = query.where(WebSession.secret_hash != keep_hash)
    result = session.execute(query)
    return int(getattr(result, "rowcount", 0) or 0)


def get_user(session: Session, user_id: int) -> User | None:
    """The user with this id, or None."""
    return session.get(User, user_id)


def find_user_by_name(session: Session, name: str) -> User | None:
    """The user with this exact name, or None."""
    return session.scalars(select(User).where(User.name == name)).one_or_none()


def count_accounts(session: Session) -> int:
    """How many users can log in to the web app (have a password)."""
    query = (
        select(func.count()).select_from(User).where(User.password_hash.is_not(None))
    )
    return int(session.scalar(query) or 0)


def add_user(session: Session, name: str, password_hash: str) -> User:
    """Insert a new user with a password; flushes so ``id`` is set."""
    user = User(name=name, password_hash=password_hash)
    session.add(user)
    session.flush()
    return user


def delete_user(session: Session, user_id: int) -> bool:
    """Delete a user; every journal row of theirs goes with it (ON DELETE CASCADE)."""
    result = session.execute(delete(User).where(User.id == user_id))
    return bool(getattr(result, "rowcount", 0))


def add_token(
    session: Session, *, user_id: int, label: str, token_hash: str, prefix: str
) -> ApiToken:
    """Store a new token's hash; flushes so ``id`` and ``created_at`` are set."""
    token = ApiToken(
        user_id=user_id,
        label=label,
        token_hash=token_hash,
        prefix=prefix,
        created_at=utc_now(),
    )
    session.add(token)
    session.flush()
    return token


def list_tokens(session: Session, user_id: int) -> list[ApiToken]:
    """A user's tokens, newest first."""
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == user_id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(session.scalars(query))


def find_token(session: Session, token_hash: str) -> ApiToken | None:
    """The token with this hash, or None."""
    query = select(ApiToken).where(ApiToken.token_hash == token_hash)
    return session.scalars(query).one_or_none()


def stamp_token(session: Session, *, token_id: int, at: datetime) -> None:
    """Record when a token was last used."""
    session.execute(
        update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=at)
    )


def delete_token(session: Session, *, user_id: int, token_id: int) -> bool:
    """Delete one of the user's tokens; False when they have no such token."""
    query = delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id)
    result = session.execute(query)
    return bool(getattr(result, "rowcount", 0))
