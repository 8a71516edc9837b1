"""The journal's tables, one concept per module; importing this registers them all."""

from __future__ import annotations

from pushback.journal._base import Base
from pushback.journal.models.plans import PlanChange, PlanRecord, ScheduledSession
from pushback.journal.models.profiles import BodyWeight, ProfileRecord
from pushback.journal.models.training import TrainingSession, TrainingSet
from pushback.journal.models.users import User

__all__ = [
    "Base",
    "BodyWeight",
    "PlanChange",
    "PlanRecord",
    "ProfileRecord",
    "ScheduledSession",
    "TrainingSession",
    "TrainingSet",
    "User",
]
