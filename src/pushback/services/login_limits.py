"""Login rate limits shared by every server process (counted in the journal).

After ``max_failures`` (5) failed logins for one IP + name within ``window_s``
(15 minutes), further attempts for that pair wait until the oldest failure
leaves the window; one IP gets at most ``max_failures_per_ip`` (50) failures per
window across all names. A successful login clears the pair. These limits are a
[design] choice of ours (OWASP advises throttling, not specific numbers).

The failures live in the journal's ``login_failures`` table, so two, ten or
fifty server processes on any number of machines enforce one limit (each check
and each failure is its own short unit of work).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

from pushback.journal import Database, limits_models, storage_errors
from pushback.journal._base import utc_now

__all__ = ["LoginLimits"]


@dataclass(frozen=True)
class LoginLimits:
    """Failed-login counts per (IP, name) and per IP, in the journal."""

    db: Database
    max_failures: int = 5
    max_failures_per_ip: int = 50
    window_s: float = 15 * 60
    clock: Callable[[], datetime] = utc_now

    def retry_after_s(self, ip: str, name: str) -> int | None:
        """Seconds until this pair (or IP) may try again; None when it may now."""
        now = self.clock()
        since = now - timedelta(seconds=self.window_s)
        with self.db.session() as session:
            pair = limits_models.login_failures_since(
                session, ip=ip, since=since, name=name.casefold()
            )
            per_ip = limits_models.login_failures_since(session, ip=ip, since=since)
        for (count, oldest), limit in (
            (pair, self.max_failures),
            (per_ip, self.max_failures_per_ip),
        ):
            if count >= limit and oldest is not None:
                left = (oldest - since).total_seconds()
                return max(1, ceil(left) + 1)
        return None

    def record_failure(self, ip: str, name: str) -> None:
        """Count one failed login."""
        with self.db.session(write=True) as session:
            limits_models.record_login_failure(
                session,
                ip=ip,
                name=name.casefold(),
                at=self.clock(),
                keep_s=self.window_s,
            )
            with storage_errors():
                session.commit()

    def reset(self, ip: str, name: str) -> None:
        """Forget the failures of a pair after a successful login."""
        with self.db.session(write=True) as session:
            limits_models.clear_login_failures(session, ip=ip, name=name.casefold())
            with storage_errors():
                session.commit()
