"""Real small disks for storage-failure tests: a tmpfs mounted for one test.

A full disk is a tmpfs of a few MB filled by a file until the kernel says
ENOSPC; a read-only disk is the same tmpfs remounted read-only. Mounting needs
root (CI runs as root); elsewhere the tests that need it are skipped, saying why.
A PostgreSQL tablespace can live on such a disk (its folder belongs to the
server's ``postgres`` user), so PostgreSQL meets the same full disk.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

__all__ = ["fill", "read_only", "tmpfs"]


def _run(*command: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(command, capture_output=True, check=False)


@contextmanager
def tmpfs(path: Path, *, size: str, owner: str | None = None) -> Iterator[Path]:
    """Mount a tmpfs of ``size`` (``4m``) at ``path`` for the block.

    Skips the test when this machine does not allow it (not root).
    """
    path.mkdir(parents=True, exist_ok=True)
    mounted = _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path))
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs (root needed): {mounted.stderr.decode()}")
    try:
        if owner is not None:
            shutil.chown(path, owner, owner)
        yield path
    finally:
        _run("umount", "-l", str(path))


def fill(folder: Path) -> Path:
    """Write a file in ``folder`` until its disk is full; returns the file."""
    filler = folder / "filler"
    descriptor = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        for block in (1 << 16, 1 << 12, 1 << 9, 1):
            try:
                while True:
                    os.write(descriptor, b"\0" * block)
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
    finally:
        os.close(descriptor)
    assert os.statvfs(folder).f_bavail == 0
    return filler


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Remount the tmpfs at ``path`` read-only for the block, then writable."""
    done = _run("mount", "-o", "remount,ro", str(path))
    assert done.returncode == 0, done.stderr.decode()
    try:
        yield
    finally:
        _run("mount", "-o", "remount,rw", str(path))
