"""The one Settings object. Every field is read from ``PUSHBACK_<NAME>``.

No module builds settings at import time: ``create_app(settings)``,
``make_engine(settings)`` and the CLI callback build what they need from an
instance, and tests pass their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]

_DEV_SECRET = "dev-only-secret-change-me"


class Settings(BaseSettings):
    """Runtime configuration of pushback (CLI, web app, workers)."""

    model_config = SettingsConfigDict(
        env_prefix="PUSHBACK_", env_file=".env", extra="ignore"
    )

    data_dir: Path = Field(
        default_factory=lambda: Path(user_data_dir("pushback", appauthor=False)),
        description=(
            "Folder for the SQLite journal, the saved profile, uploads and caches."
        ),
    )
    database_url: str | None = Field(
        default=None,
        description=(
            "SQLAlchemy URL of the journal. Unset: an SQLite file in data_dir. "
            "Example: postgresql+psycopg://postgres@127.0.0.1:5432/test"
        ),
    )
    environment: str = Field(
        default="development",
        description=(
            "development or production; production refuses the default secret key."
        ),
    )
    secret_key: str = Field(
        default=_DEV_SECRET,
        description=("Key signing session cookies and CSRF tokens (web app)."),
    )
    max_upload_mb: int = Field(
        default=500,
        ge=1,
        le=10_000,
        description="Largest video upload accepted, in MB.",
    )
    lang: str | None = Field(
        default=None,
        description=(
            "Language of the CLI's messages and help: en or zh-CN (--lang wins). "
            "The web app follows each browser, or the language an account picked."
        ),
    )

    job_queue: Literal["in-process", "external"] = Field(
        default="in-process",
        description=(
            "Where video jobs run: in-process (worker threads inside the web "
            "process, or `pushback worker` on the same database) or external "
            "(Procrastinate on PostgreSQL; run `pushback worker` processes)."
        ),
    )
    run_worker: bool = Field(
        default=True,
        description=(
            "Whether the web process runs in-process jobs itself "
            "(`pushback serve --no-worker` sets it to false)."
        ),
    )
    worker_stalled_s: float = Field(
        default=30.0,
        ge=3.0,
        le=3600.0,
        description=(
            "External queue: a worker silent this long is dead and its job is "
            "retried by another worker (seconds)."
        ),
    )
    storage: Literal["local", "s3"] = Field(
        default="local",
        description="Where uploads and results live: local (data_dir) or s3.",
    )
    s3_bucket: str = Field(default="", description="S3 bucket (storage=s3).")
    s3_endpoint_url: str | None = Field(
        default=None,
        description=(
            "S3-compatible endpoint (MinIO, Garage, Ceph); unset: AWS. Credentials "
            "come from the usual AWS_* variables."
        ),
    )
    s3_region: str = Field(default="us-east-1", description="S3 region.")

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.environment != "development" and self.secret_key == _DEV_SECRET:
            raise ValueError(
                "PUSHBACK_SECRET_KEY must be set outside development "
                f"(environment is {self.environment!r})"
            )
        if self.storage == "s3" and not self.s3_bucket:
            raise ValueError("PUSHBACK_S3_BUCKET must be set when PUSHBACK_STORAGE=s3")
        return self

    @property
    def profile_path(self) -> Path:
        """Where the CLI keeps the current user's profile before the journal exists."""
        return self.data_dir / "profile.json"

    def resolved_database_url(self) -> str:
        """The journal URL: ``database_url`` or the default SQLite file."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'pushback.sqlite3'}"
