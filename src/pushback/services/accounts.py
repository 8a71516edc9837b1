"""Accounts: register, log in, reset a password, personal API tokens, delete all data.

Used by the web app (``web/``) and the operator's CLI (``pushback user
reset-password``). Passwords are hashed with argon2id (argon2-cffi defaults, RFC
9106's second recommended profile); the hash is re-computed on login when those
parameters change. Names are 3-32 characters: lower-case letters, digits, ``.``,
``_`` and ``-`` (upper case is folded), so ``Alice`` and ``alice`` are one account.
Passwords need at least 8 characters (NIST SP 800-63B section 5.1.1.2 minimum); at
most 1024 so one request cannot make the server hash megabytes.

The CLI's ``local`` user can be *claimed* by the first account: it gets the new
name and password, and everything the CLI logged becomes the account's (use
``pushback --user NAME`` afterwards).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pushback.domain.errors import Conflict, InvalidInput, NotAllowed, NotFound
from pushback.journal import repository as repo
from pushback.journal import web_models as store
from pushback.journal._base import utc_now
from pushback.journal.database import Database
from pushback.journal.models.users import User
from pushback.journal.records import CLI_USER
from pushback.settings import Settings

__all__ = [
    "CLI_USER",
    "Account",
    "TokenInfo",
    "account_by_id",
    "account_for_token",
    "authenticate",
    "can_claim_local",
    "check_name",
    "check_password",
    "create_token",
    "delete_account",
    "hash_password",
    "list_tokens",
    "register",
    "reset_password",
    "revoke_token",
    "user_file_dirs",
]

TOKEN_PREFIX = "pbk_"
_NAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{2,31}")
_MIN_PASSWORD_CHARS = 8
_MAX_PASSWORD_CHARS = 1024
_hasher = PasswordHasher()
# Verified against when the name is unknown, so both paths take the same time.
_DUMMY_HASH = _hasher.hash("pushback-timing-equaliser")


@dataclass(frozen=True)
class Account:
    """A user as the web app sees it. ``fingerprint`` changes with the password,
    which logs out every session made with the old one."""

    id: int
    name: str
    units: str
    time_zone: str
    fingerprint: str
    has_password: bool


@dataclass(frozen=True)
class TokenInfo:
    """A personal API token without its secret (which is shown once, at creation)."""

    id: int
    label: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` (checked with :func:`check_password`)."""
    return str(_hasher.hash(check_password(password)))


def check_name(name: str) -> str:
    """The normalised account name; raises InvalidInput for a bad one."""
    folded = name.strip().lower()
    if not _NAME_RE.fullmatch(folded):
        raise InvalidInput(
            "name",
            name,
            "3-32 characters: letters, digits, '.', '_' or '-', starting with a "
            "letter or digit",
        )
    return folded


def check_password(password: str) -> str:
    """``password`` when it is acceptable; raises InvalidInput otherwise."""
    if not _MIN_PASSWORD_CHARS <= len(password) <= _MAX_PASSWORD_CHARS:
        raise InvalidInput(
            "password",
            f"{len(password)} characters",
            f"between {_MIN_PASSWORD_CHARS} and {_MAX_PASSWORD_CHARS} characters",
            message=(
                f"Invalid value for password: must be at least {_MIN_PASSWORD_CHARS} "
                f"characters (got {len(password)})."
                if len(password) < _MIN_PASSWORD_CHARS
                else None
            ),
        )
    return password


def _fingerprint(password_hash: str | None) -> str:
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:16]


def _account(user: User) -> Account:
    return Account(
        id=user.id,
        name=user.name,
        units=user.units,
        time_zone=user.time_zone,
        fingerprint=_fingerprint(user.password_hash),
        has_password=user.password_hash is not None,
    )


def can_claim_local(db: Database) -> bool:
    """True while no account exists and the CLI's ``local`` user has no password."""
    with db.read() as session:
        local = store.find_user_by_name(session, CLI_USER)
        return local is not None and store.count_accounts(session) == 0


def register(
    db: Database, name: str, password: str, *, claim_local: bool = False
) -> Account:
    """Create an account (or claim the CLI's ``local`` journal, see module doc).

    Raises InvalidInput (bad name or password), Conflict (name taken) and
    NotAllowed (``claim_local`` when the local journal is not claimable).
    """
    folded = check_name(name)
    password_hash = hash_password(password)
    with db.write() as session:
        existing = store.find_user_by_name(session, folded)
        if not claim_local:
            if existing is not None:
                raise Conflict(
                    f"The name {folded!r} is taken: choose another.", field="name"
                )
            return _account(store.add_user(session, folded, password_hash))
        local = store.find_user_by_name(session, CLI_USER)
        if local is None or store.count_accounts(session) > 0:
            raise NotAllowed(
                "The command-line journal can only be claimed by the first account.",
                field="claim_local",
            )
        if existing is not None and existing.id != local.id:
            raise Conflict(
                f"The name {folded!r} is taken: choose another.", field="name"
            )
        local.name = folded
        local.password_hash = password_hash
        return _account(local)


def authenticate(db: Database, name: str, password: str) -> Account:
    """The account for this name and password; NotAllowed when they do not match."""
    folded = name.strip().lower()
    with db.write() as session:
        user = store.find_user_by_name(session, folded)
        stored = user.password_hash if user is not None else None
        try:
            _hasher.verify(stored or _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            stored = None
        if user is None or stored is None:
            raise NotAllowed("Wrong name or password.", field="password")
        if _hasher.check_needs_rehash(stored):
            user.password_hash = _hasher.hash(password)
        return _account(user)


def account_by_id(db: Database, user_id: int) -> Account:
    """The account with this id; NotFound when it was deleted."""
    with db.read() as session:
        user = store.get_user(session, user_id)
        if user is None:
            raise NotFound(f"No account with id {user_id}.")
        repo.remember_user(db=db, row=user)
        return _account(user)


def reset_password(db: Database, name: str, password: str) -> Account:
    """Set a new password for ``name`` (also gives a CLI-only user a web login).

    Every browser session of the account is logged out. Raises NotFound, InvalidInput.
    """
    password_hash = hash_password(password)
    with db.write() as session:
        user = store.find_user_by_name(session, name.strip().lower()) or (
            store.find_user_by_name(session, name.strip())
        )
        if user is None:
            raise NotFound(f"No user named {name!r}.", field="name")
        user.password_hash = password_hash
        return _account(user)


def create_token(db: Database, user_id: int, label: str) -> tuple[TokenInfo, str]:
    """Make a personal API token; returns its info and the secret (shown once)."""
    clean = label.strip()
    if not 1 <= len(clean) <= 100:
        raise InvalidInput("label", label, "1-100 characters")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db.write() as session:
        row = store.add_token(
            session,
            user_id=user_id,
            label=clean,
            token_hash=_token_hash(secret),
            prefix=secret[: len(TOKEN_PREFIX) + 6],
        )
        return _token_info(row), secret


def list_tokens(db: Database, user_id: int) -> list[TokenInfo]:
    """The user's tokens, newest first (no secrets)."""
    with db.read() as session:
        return [_token_info(row) for row in store.list_tokens(session, user_id)]


def revoke_token(db: Database, user_id: int, token_id: int) -> None:
    """Delete one of the user's tokens; NotFound when it is not theirs."""
    with db.write() as session:
        if not store.delete_token(session, user_id=user_id, token_id=token_id):
            raise NotFound(f"No token with id {token_id}.", field="token_id")


def account_for_token(db: Database, secret: str) -> Account | None:
    """The account a bearer token belongs to, or None for an unknown token."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    with db.write() as session:
        row = store.find_token(session, _token_hash(secret))
        if row is None:
            return None
        row.last_used_at = utc_now()
        user = store.get_user(session, row.user_id)
        return _account(user) if user is not None else None


def user_file_dirs(settings: Settings, user_id: int) -> tuple[Path, ...]:
    """Folders holding a user's files (uploaded and annotated videos)."""
    return tuple(
        settings.data_dir / kind / str(user_id) for kind in ("uploads", "videos")
    )


def delete_account(db: Database, settings: Settings, user_id: int) -> None:
    """Delete the account and all its data: journal rows, tokens and video files."""
    with db.write() as session:
        if not store.delete_user(session, user_id):
            raise NotFound(f"No account with id {user_id}.")
    for folder in user_file_dirs(settings, user_id):
        shutil.rmtree(folder, ignore_errors=True)


def _token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _token_info(row: store.ApiToken) -> TokenInfo:
    return TokenInfo(
        id=row.id,
        label=row.label,
        prefix=row.prefix,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
    )
