"""The journal's repository: functions over one unit of work.

Each takes the unit's session first (``Database.session``), then keyword-only
arguments, and returns the plain records of :mod:`pushback.journal.records`. None
commits: the use case that called it commits once, when its work is complete.
"""

from __future__ import annotations

from pushback.journal.repository.plans import (
    active_plan,
    apply_schedule_changes,
    list_plan_changes,
    list_schedule,
    list_scheduled,
    save_plan,
)
from pushback.journal.repository.profiles import (
    add_body_weight,
    add_profile,
    latest_profile,
    list_body_weights,
    list_profiles,
)
from pushback.journal.repository.training import (
    add_set,
    add_sets,
    delete_session,
    delete_set,
    existing_session_uuids,
    finish_session,
    get_session,
    get_set,
    last_session_start,
    list_sessions,
    log_session,
    log_sessions,
    open_session,
    open_session_on,
    record_set_analysis,
    replace_set,
    session_starts,
    start_session,
)
from pushback.journal.repository.users import (
    check_time_zone,
    check_user_name,
    ensure_user,
    find_user,
    get_user,
    get_user_by_id,
    list_users,
    update_user_settings,
)

__all__ = [
    "active_plan",
    "add_body_weight",
    "add_profile",
    "add_set",
    "add_sets",
    "apply_schedule_changes",
    "check_time_zone",
    "check_user_name",
    "delete_session",
    "delete_set",
    "ensure_user",
    "existing_session_uuids",
    "find_user",
    "finish_session",
    "get_session",
    "get_set",
    "get_user",
    "get_user_by_id",
    "last_session_start",
    "latest_profile",
    "list_body_weights",
    "list_plan_changes",
    "list_profiles",
    "list_schedule",
    "list_scheduled",
    "list_sessions",
    "list_users",
    "log_session",
    "log_sessions",
    "open_session",
    "open_session_on",
    "record_set_analysis",
    "replace_set",
    "save_plan",
    "session_starts",
    "start_session",
    "update_user_settings",
]
