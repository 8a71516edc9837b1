"""Where uploaded videos and analysis results live: local disk or an S3 bucket.

Files are named by *keys*, paths relative to the store's root, the same on every
backend: ``uploads/<user id>/<random>.<container>`` (a video waiting for its
analysis), ``uploads/<user id>/incoming/<random>`` (a browser upload straight to
the bucket, before its "complete upload" check) and ``videos/<user id>/<job id>.mp4``
/ ``.html`` (an annotated video and its report).

* :class:`LocalStore` (the default) keeps them under ``Settings.data_dir``: one
  machine, or several sharing that folder.
* :class:`S3Store` (``PUSHBACK_STORAGE=s3``) keeps them in a bucket of any
  S3-compatible server (AWS, MinIO, Garage, Ceph), through boto3. Web processes
  and workers on different machines then see the same files; the browser sends a
  video straight to the bucket with a presigned URL (:meth:`S3Store.presign_put`).

Workers read a video through :meth:`FileStore.local_copy` (the file itself on
disk, a temporary download from a bucket) and publish a result with
:meth:`FileStore.put` (an atomic rename on disk, one PUT to a bucket: a reader
never sees half a file).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, Protocol

from pushback.domain.errors import InvalidInput, StorageError
from pushback.domain.phrases import msg
from pushback.settings import Settings

__all__ = [
    "PRESIGN_TTL_S",
    "FileStore",
    "LocalStore",
    "S3Store",
    "make_store",
]

#: How long a presigned upload URL stays valid (seconds) [design]: enough for a
#: 500 MB video on a slow uplink.
PRESIGN_TTL_S = 3600
_CHUNK_BYTES = 1 << 20


def _checked(key: str) -> str:
    path = PurePosixPath(key)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise InvalidInput("key", key, msg("a relative path inside the store"))
    return str(path)


class FileStore(Protocol):
    """The operations pushback needs from a file store."""

    @property
    def kind(self) -> str:
        """``local`` or ``s3``."""

    def put(self, key: str, source: Path) -> None:
        """Publish ``source`` under ``key`` (the local file is moved or uploaded)."""

    def local_copy(self, key: str) -> AbstractContextManager[Path]:
        """A readable local file with the content of ``key`` for the block."""

    def move(self, key: str, target: str) -> None:
        """Rename ``key`` to ``target`` inside the store."""

    def exists(self, key: str) -> bool:
        """True when ``key`` holds a file."""

    def size(self, key: str) -> int | None:
        """The size of ``key`` in bytes, None when absent."""

    def delete(self, key: str) -> None:
        """Delete ``key`` (nothing when absent)."""

    def delete_prefix(self, prefix: str) -> None:
        """Delete every file under ``prefix`` (a user's folder)."""

    def open(self, key: str) -> IO[bytes]:
        """A binary stream of ``key`` (raises StorageError when absent)."""

    def path(self, key: str) -> Path | None:
        """The file on local disk, when the store is local (None otherwise)."""

    def presign_put(self, key: str, content_type: str) -> dict[str, Any] | None:
        """A URL the browser PUTs the file to, or None when uploads go through
        the web app (local store)."""


@dataclass(frozen=True)
class LocalStore:
    """Files under one folder (``Settings.data_dir``)."""

    root: Path
    kind: str = "local"

    def _file(self, key: str) -> Path:
        return self.root / _checked(key)

    def put(self, key: str, source: Path) -> None:
        target = self._file(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.resolve() != target.resolve():
            shutil.move(str(source), target)

    @contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        yield self._file(key)

    def move(self, key: str, target: str) -> None:
        self.put(target, self._file(key))

    def exists(self, key: str) -> bool:
        return self._file(key).is_file()

    def size(self, key: str) -> int | None:
        target = self._file(key)
        return target.stat().st_size if target.is_file() else None

    def delete(self, key: str) -> None:
        self._file(key).unlink(missing_ok=True)

    def delete_prefix(self, prefix: str) -> None:
        shutil.rmtree(self._file(prefix), ignore_errors=True)

    def open(self, key: str) -> IO[bytes]:
        try:
            return self._file(key).open("rb")
        except OSError as error:
            raise StorageError(
                msg("Cannot read %(key)s: %(error)s", key=key, error=error)
            ) from None

    def path(self, key: str) -> Path | None:
        return self._file(key)

    def presign_put(self, key: str, content_type: str) -> dict[str, Any] | None:
        del key, content_type
        return None


class S3Store:
    """Files in an S3 bucket (boto3; any S3-compatible endpoint)."""

    kind = "s3"

    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        region: str = "us-east-1",
        scratch: Path | None = None,
    ) -> None:
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.scratch = scratch
        self._client = boto3.client(
            "s3",
            endpoint_url=endpoint_url,
            region_name=region,
            config=Config(signature_version="s3v4", retries={"max_attempts": 5}),
        )

    @contextmanager
    def _errors(self, key: str) -> Iterator[None]:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            yield
        except (BotoCoreError, ClientError) as error:
            raise StorageError(
                msg(
                    "The file store (bucket %(bucket)s) failed on %(key)s: %(error)s",
                    bucket=self.bucket,
                    key=key,
                    error=error,
                )
            ) from None

    def put(self, key: str, source: Path) -> None:
        with self._errors(key):
            self._client.upload_file(str(source), self.bucket, _checked(key))
        source.unlink(missing_ok=True)

    @contextmanager
    def local_copy(self, key: str) -> Iterator[Path]:
        if self.scratch is not None:
            self.scratch.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.scratch) as folder:
            target = Path(folder) / PurePosixPath(_checked(key)).name
            with self._errors(key):
                self._client.download_file(self.bucket, key, str(target))
            yield target

    def move(self, key: str, target: str) -> None:
        with self._errors(key):
            self._client.copy_object(
                Bucket=self.bucket,
                Key=_checked(target),
                CopySource={"Bucket": self.bucket, "Key": _checked(key)},
            )
        self.delete(key)

    def size(self, key: str) -> int | None:
        from botocore.exceptions import ClientError

        try:
            head = self._client.head_object(Bucket=self.bucket, Key=_checked(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
                return None
            raise StorageError(
                msg("The file store failed on %(key)s: %(error)s", key=key, error=error)
            ) from None
        return int(head["ContentLength"])

    def exists(self, key: str) -> bool:
        return self.size(key) is not None

    def delete(self, key: str) -> None:
        with self._errors(key):
            self._client.delete_object(Bucket=self.bucket, Key=_checked(key))

    def delete_prefix(self, prefix: str) -> None:
        folder = _checked(prefix).rstrip("/") + "/"
        with self._errors(prefix):
            pages = self._client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=folder
            )
            for page in pages:
                keys = [{"Key": item["Key"]} for item in page.get("Contents", [])]
                if keys:
                    self._client.delete_objects(
                        Bucket=self.bucket, Delete={"Objects": keys}
                    )

    def open(self, key: str) -> IO[bytes]:
        with self._errors(key):
            got = self._client.get_object(Bucket=self.bucket, Key=_checked(key))
        body: IO[bytes] = got["Body"]
        return body

    def path(self, key: str) -> Path | None:
        del key
        return None

    def presign_put(self, key: str, content_type: str) -> dict[str, Any] | None:
        with self._errors(key):
            url = self._client.generate_presigned_url(
                "put_object",
                Params={
                    "Bucket": self.bucket,
                    "Key": _checked(key),
                    "ContentType": content_type,
                },
                ExpiresIn=PRESIGN_TTL_S,
            )
        return {
            "method": "PUT",
            "url": url,
            "headers": {"Content-Type": content_type},
            "expires_in_s": PRESIGN_TTL_S,
        }


def make_store(settings: Settings) -> FileStore:
    """The file store ``settings`` name (``PUSHBACK_STORAGE``)."""
    if settings.storage == "s3":
        return S3Store(
            settings.s3_bucket,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            scratch=settings.data_dir / "scratch",
        )
    return LocalStore(settings.data_dir)
