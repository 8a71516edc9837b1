"""Request and response models of the direct (bucket) uploads."""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from pushback.web.api.schemas.common import InModel, OutModel
from pushback.web.params import MAX_ID

__all__ = ["UploadBeginIn", "UploadBeginOut", "UploadCompleteIn"]


class UploadBeginIn(InModel):
    """The video about to be uploaded."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"size_bytes": 5_000_000, "content_type": "video/mp4"}]
        }
    )

    size_bytes: int | None = Field(default=None, ge=0)
    content_type: Literal[
        "video/mp4", "video/quicktime", "video/webm", "video/x-msvideo"
    ] = "video/mp4"


class UploadBeginOut(OutModel):
    """Where to PUT the file: the URL, its headers and how long it is valid."""

    upload_id: str
    method: Literal["PUT"]
    url: str
    headers: dict[str, str]
    expires_in_s: int


class UploadCompleteIn(InModel):
    """The uploaded file's name and the same choices as the upload form."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"filename": "set.mp4"}]})

    filename: str = Field(min_length=1, max_length=255)
    exercise: str = Field(default="push-up", min_length=1, max_length=80)
    keep_video: bool = False
    set_id: int | None = Field(default=None, ge=1, le=MAX_ID)
