"""The web app (FastAPI): pages, the REST API and their shared plumbing."""

from __future__ import annotations

from pushback.web.app import create_app

__all__ = ["create_app"]
