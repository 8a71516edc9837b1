"""The REST API under ``/api/v1``: the same JSON as the CLI's ``--json`` outputs.

Every route but the catalog needs a session cookie or ``Authorization: Bearer``
with a personal token; errors use one shape, ``{"error": {"code", "message",
"field"}}``.
"""

from __future__ import annotations

from fastapi import APIRouter

from pushback.web.api import catalog, coach, journal, nutrition, uploads, workout

__all__ = ["router"]

router = APIRouter(prefix="/api/v1")
for _module in (coach, journal, workout, uploads, catalog, nutrition):
    router.include_router(_module.router)
