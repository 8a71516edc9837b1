"""Typed path and query parameters shared by routes.

Ids are checked at the edge against the range the database columns hold
(PostgreSQL ``integer``: 1 to 2**31 - 1), so an id out of range, negative or
not a number is a 422 naming the parameter on both backends, never a database
error.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

__all__ = ["MAX_ID", "JobId", "SessionId", "SetId", "TokenId", "WeekNumber"]

#: The largest id a journal row can have (PostgreSQL ``integer``).
MAX_ID = 2**31 - 1


def _id(description: str) -> object:
    return Path(ge=1, le=MAX_ID, description=description)


SessionId = Annotated[int, _id("A logged session's id (1 to 2147483647).")]
SetId = Annotated[int, _id("A logged set's id (1 to 2147483647).")]
JobId = Annotated[int, _id("A job's id (1 to 2147483647).")]
TokenId = Annotated[int, _id("A personal API token's id (1 to 2147483647).")]
WeekNumber = Annotated[int, Path(ge=1, le=52, description="A week of the plan.")]
