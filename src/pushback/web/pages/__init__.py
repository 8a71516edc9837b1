"""HTML pages (Jinja2 + htmx). Each module is one area; none holds business rules."""

from __future__ import annotations

from fastapi import APIRouter

from pushback.web.pages import (
    account,
    dashboard,
    exercises,
    history,
    journal,
    live,
    nutrition,
    onboarding,
    plan,
    settings,
    videos,
    workout,
)

__all__ = ["router"]

router = APIRouter(include_in_schema=False)
for _module in (
    account,
    dashboard,
    onboarding,
    plan,
    journal,
    history,
    exercises,
    nutrition,
    settings,
    workout,
    live,
    videos,
):
    router.include_router(_module.router)
