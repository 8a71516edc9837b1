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
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pushback.domain.errors import Conflict, InvalidInput, NotAllowed, NotFound
from pushback.domain.phrases import msg
from pushback.journal import web_models as store
from pushback.journal._base import utc_now
from pushback.journal.models.users import User
from pushback.journal.records import CLI_USER, UserRecord
from pushback.journal.repository.users import check_time_zone
from pushback.services.storage import make_store
from pushback.services.unit import Work
from pushback.settings import Settings

__all__ = [
    "CLI_USER",
    "Account",
    "TokenInfo",
    "account_for_login",
    "account_for_token",
    "authenticate",
    "can_claim_local",
    "change_password",
    "check_name",
    "check_password",
    "create_token",
    "delete_account",
    "end_login",
    "find_account",
    "hash_password",
    "list_tokens",
    "login_name",
    "register",
    "registration_problems",
    "reset_password",
    "revoke_token",
    "start_login",
    "user_file_dirs",
]

TOKEN_PREFIX = "pbk_"
_NAME_RE = re.compile(r"[a-z0-9][a-z0-9._-]{2,31}")
_MIN_PASSWORD_CHARS = 8
_MAX_PASSWORD_CHARS = 1024
_hasher = PasswordHasher()
# Verified against when the name is unknown, so both paths take the same time.
_DUMMY_HASH = _hasher.hash("pushback-timing-equaliser")


#: A user as the web app sees it: the journal user (``has_password`` set).
Account = UserRecord


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
            msg(
                "3-32 characters: letters, digits, '.', '_' or '-', starting with "
                "a letter or digit"
            ),
        )
    return folded


def check_password(password: str) -> str:
    """``password`` when it is acceptable; raises InvalidInput otherwise."""
    if not _MIN_PASSWORD_CHARS <= len(password) <= _MAX_PASSWORD_CHARS:
        raise InvalidInput(
            "password",
            f"{len(password)} characters",
            msg(
                "between %(min_password_chars)s and %(max_password_chars)s characters",
                min_password_chars=_MIN_PASSWORD_CHARS,
                max_password_chars=_MAX_PASSWORD_CHARS,
            ),
            message=(
                msg(
                    "Use at least %(least)d characters for the password "
                    "(this one has %(count)d).",
                    least=_MIN_PASSWORD_CHARS,
                    count=len(password),
                )
                if len(password) < _MIN_PASSWORD_CHARS
                else None
            ),
        )
    return password


def _account(user: User) -> Account:
    return Account(
        id=user.id,
        name=user.name,
        units=user.units,
        time_zone=user.time_zone,
        created_at=user.created_at,
        has_password=user.password_hash is not None,
        language=user.language,
    )


def can_claim_local(work: Work) -> bool:
    """True while no account exists and the CLI's ``local`` user has no password."""
    local = store.find_user_by_name(work.session, CLI_USER)
    return local is not None and store.count_accounts(work.session) == 0


def registration_problems(name: str, password: str, confirm: str) -> dict[str, str]:
    """Every problem of a sign-up form at once, by field (empty: all good)."""
    problems: dict[str, str] = {}
    try:
        check_name(name)
    except InvalidInput as error:
        problems["name"] = error.hint
    try:
        check_password(password)
    except InvalidInput as error:
        problems["password"] = error.hint
    if "password" not in problems and password != confirm:
        problems["password_confirm"] = "The two passwords differ."
    return problems


def register(
    work: Work,
    name: str,
    password: str,
    *,
    claim_local: bool = False,
    time_zone: str | None = None,
) -> Account:
    """Use case: create an account (or claim the CLI's ``local`` journal, see
    module doc).

    Raises InvalidInput (bad name or password), Conflict (name taken) and
    NotAllowed (``claim_local`` when the local journal is not claimable).
    """
    folded = check_name(name)
    zone = check_time_zone(time_zone) if time_zone else None
    password_hash = hash_password(password)  # before the write lock: ~50 ms of CPU
    work.write()
    session = work.session
    existing = store.find_user_by_name(session, folded)
    if not claim_local:
        if existing is not None:
            raise Conflict(
                msg(
                    "The name %(folded)s is taken: choose another.", folded=repr(folded)
                ),
                field="name",
            )
        user = store.add_user(session, folded, password_hash)
        if zone is not None:
            user.time_zone = zone
        account = _account(user)
        work.commit()
        return account
    local = store.find_user_by_name(session, CLI_USER)
    if local is None or store.count_accounts(session) > 0:
        raise NotAllowed(
            msg("The command-line journal can only be claimed by the first account."),
            field="claim_local",
        )
    if existing is not None and existing.id != local.id:
        raise Conflict(
            msg("The name %(folded)s is taken: choose another.", folded=repr(folded)),
            field="name",
        )
    local.name = folded
    local.password_hash = password_hash
    account = _account(local)
    work.commit()
    return account


def login_name(name: str) -> str:
    """The name as log-in looks it up (and as the login limiter counts it)."""
    return name.strip().lower()


def authenticate(work: Work, name: str, password: str) -> Account:
    """Use case: the account for this name and password; NotAllowed when they do
    not match. The password is checked outside any write lock; a hash made with
    older parameters is replaced (then committed)."""
    user = store.find_user_by_name(work.session, login_name(name))
    stored = user.password_hash if user is not None else None
    try:
        _hasher.verify(stored or _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        stored = None
    if user is None or stored is None:
        raise NotAllowed(msg("Wrong name or password."), field="password")
    if _hasher.check_needs_rehash(stored):
        fresh = _hasher.hash(password)
        user_id = user.id
        work.write()
        user = store.get_user(work.session, user_id)
        if user is None:
            raise NotAllowed(msg("Wrong name or password."), field="password")
        user.password_hash = fresh
        work.commit()
    return _account(user)


def find_account(work: Work, user_id: int) -> Account | None:
    """The account with this id; None when it was deleted."""
    user = store.get_user(work.session, user_id)
    return _account(user) if user is not None else None


def reset_password(work: Work, name: str, password: str) -> Account:
    """Use case: set a new password for ``name`` (also gives a CLI-only user a
    web login).

    Every browser login of the account ends. Raises NotFound, InvalidInput.
    """
    password_hash = hash_password(password)
    work.write()
    session = work.session
    user = store.find_user_by_name(session, login_name(name)) or (
        store.find_user_by_name(session, name.strip())
    )
    if user is None:
        raise NotFound(msg("No user named %(name)s.", name=repr(name)), field="name")
    user.password_hash = password_hash
    store.delete_web_sessions(session, user_id=user.id)
    account = _account(user)
    work.commit()
    return account


def change_password(
    work: Work, user_id: int, *, current: str, new: str, keep_login: str | None
) -> Account:
    """Use case: the account's own password change. The current password must
    match; every other browser login ends (``keep_login``, this browser's, stays).

    Raises NotAllowed (``current_password`` wrong), InvalidInput (the new one).
    """
    check_password(new)
    user = store.get_user(work.session, user_id)
    try:
        _hasher.verify((user.password_hash if user else None) or _DUMMY_HASH, current)
    except (VerificationError, InvalidHashError):
        raise NotAllowed(
            msg("That is not your current password."), field="current_password"
        ) from None
    password_hash = hash_password(new)
    work.write()
    user = store.get_user(work.session, user_id)
    if user is None:
        raise NotFound(msg("No account with id %(user_id)s.", user_id=user_id))
    user.password_hash = password_hash
    keep = _secret_hash(keep_login) if keep_login else None
    store.delete_web_sessions(work.session, user_id=user_id, keep_hash=keep)
    account = _account(user)
    work.commit()
    return account


#: How long a browser stays logged in without logging in again: 30 days.
LOGIN_LIFETIME = timedelta(days=30)


def start_login(work: Work, user_id: int) -> str:
    """Use case: a new browser login for the account; returns its secret (the
    cookie carries it; the journal keeps only its hash)."""
    secret = secrets.token_urlsafe(32)
    work.write()
    store.add_web_session(
        work.session,
        user_id=user_id,
        secret_hash=_secret_hash(secret),
        expires_at=utc_now() + LOGIN_LIFETIME,
    )
    work.commit()
    return secret


def account_for_login(work: Work, secret: str) -> Account | None:
    """The account of a live browser login, or None (logged out, expired, or the
    account or its password changed since)."""
    user = store.user_of_web_session(work.session, _secret_hash(secret), utc_now())
    return _account(user) if user is not None else None


def end_login(work: Work, secret: str) -> None:
    """Use case: log this browser out for good (a copied cookie stops working)."""
    work.write()
    store.delete_web_sessions(work.session, secret_hash=_secret_hash(secret))
    work.commit()


def create_token(work: Work, user_id: int, label: str) -> tuple[TokenInfo, str]:
    """Use case: make a personal API token; returns its info and the secret
    (shown once)."""
    clean = label.strip()
    if not 1 <= len(clean) <= 100:
        raise InvalidInput("label", label, msg("1-100 characters"))
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    work.write()
    row = store.add_token(
        work.session,
        user_id=user_id,
        label=clean,
        token_hash=_token_hash(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 6],
    )
    info = _token_info(row)
    work.commit()
    return info, secret


def list_tokens(work: Work, user_id: int) -> list[TokenInfo]:
    """The user's tokens, newest first (no secrets)."""
    return [_token_info(row) for row in store.list_tokens(work.session, user_id)]


def revoke_token(work: Work, user_id: int, token_id: int) -> None:
    """Use case: delete one of the user's tokens; NotFound when it is not theirs."""
    work.write()
    if not store.delete_token(work.session, user_id=user_id, token_id=token_id):
        raise NotFound(
            msg("No token with id %(token_id)s.", token_id=token_id), field="token_id"
        )
    work.commit()


#: A token's "last used" time is written at most this often, so API reads
#: stay reads (no write lock on SQLite, no failure when the disk is full).
TOKEN_USE_RESOLUTION = timedelta(hours=1)


def account_for_token(work: Work, secret: str) -> Account | None:
    """The account a bearer token belongs to, or None for an unknown token.

    Its last-used time is updated when it is more than an hour old (then
    committed on its own: bookkeeping, not the request's use case).
    """
    if not secret.startswith(TOKEN_PREFIX):
        return None
    row = store.find_token(work.session, _token_hash(secret))
    if row is None:
        return None
    user = store.get_user(work.session, row.user_id)
    if user is None:
        return None
    account = _account(user)
    now = utc_now()
    if row.last_used_at is None or now - row.last_used_at >= TOKEN_USE_RESOLUTION:
        token_id = row.id
        work.write()
        store.stamp_token(work.session, token_id=token_id, at=now)
        work.commit()
    return account


def user_file_dirs(settings: Settings, user_id: int) -> tuple[Path, ...]:
    """Folders holding a user's files (uploaded and annotated videos)."""
    return tuple(
        settings.data_dir / kind / str(user_id) for kind in ("uploads", "videos")
    )


def delete_account(work: Work, user_id: int) -> None:
    """Use case: delete the account and all its data: journal rows, tokens and
    video files (after the rows are gone for good)."""
    work.write()
    if not store.delete_user(work.session, user_id):
        raise NotFound(msg("No account with id %(user_id)s.", user_id=user_id))
    work.commit()
    files = make_store(work.settings)
    for kind in ("uploads", "videos"):
        files.delete_prefix(f"{kind}/{user_id}")


def _token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


_secret_hash = _token_hash


def _token_info(row: store.ApiToken) -> TokenInfo:
    return TokenInfo(
        id=row.id,
        label=row.label,
        prefix=row.prefix,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
    )
