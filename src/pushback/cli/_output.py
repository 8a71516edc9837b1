"""Files the CLI writes: ``--out`` of ``plan``, ``export`` and ``progress``, and
``--report``, ``--annotated``, ``--keypoints-out`` of ``analyze``.

Every output path goes through here, so every failure reads the same, on one line
with exit code 2 (bad input, as click does for usage errors)::

    Error: Invalid value for --out: cannot write /proc/nope.json (No such file or
    directory); expected a file in a folder you can write to.

:func:`check_output` tries the path before the command does its work (a long video
analysis is not thrown away for a typo in ``--report``); :func:`writing` words an
``OSError`` raised while writing (a disk that fills up meanwhile) the same way;
:func:`write_text` writes atomically (a temporary file, then a rename), so a
failed write never leaves half a file where a good one was.
"""

from __future__ import annotations

import errno
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from pushback.domain.errors import InvalidInput

__all__ = ["check_output", "output_error", "write_text", "writing"]

_FILE = "a file in a folder you can write to"
_FOLDER = "a folder you can write to"


def output_error(
    option: str, path: Path, reason: str, *, folder: bool = False
) -> InvalidInput:
    """The one error for an output path that cannot be written."""
    expected = _FOLDER if folder else _FILE
    return InvalidInput(
        option,
        str(path),
        expected,
        message=f"Invalid value for {option}: cannot write {path} ({reason}); "
        f"expected {expected}.",
    )


def _reason(error: OSError) -> str:
    return error.strerror or type(error).__name__


def check_output(option: str, path: Path, *, folder: bool = False) -> None:
    """Make sure ``path`` (a file, or with ``folder`` a folder) can be written:
    missing parent folders are created, then a temporary file is written and
    removed where the output will go.

    Raises:
        InvalidInput: the path cannot be written (the reason in the message).
    """
    target = path if folder else path.parent
    try:
        if not folder and path.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        existing = next(p for p in (target, *target.parents) if p.exists())
        if not existing.is_dir():  # a file where a folder should be
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
        target.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(dir=target, prefix=".pushback-", suffix=".tmp")
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise output_error(option, path, _reason(error), folder=folder) from None


@contextmanager
def writing(option: str, path: Path, *, folder: bool = False) -> Iterator[None]:
    """Word an ``OSError`` raised in the block as :func:`output_error`."""
    try:
        yield
    except OSError as error:
        raise output_error(option, path, _reason(error), folder=folder) from None


def write_text(option: str, path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (temporary file in the same folder,
    then a rename); nothing is left behind when it fails.

    Raises:
        InvalidInput: the file cannot be written (:func:`output_error`).
    """
    # open(), not mkstemp(): the file gets the usual permissions (umask), not 0600.
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with writing(option, path):
        try:
            with temporary.open("x", encoding="utf-8", newline="") as stream:
                stream.write(text)
            os.replace(temporary, path)
        except BaseException:
            with suppress(OSError):
                temporary.unlink(missing_ok=True)
            raise
