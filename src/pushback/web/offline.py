"""The service worker that lets the guided workout reload offline (``/sw.js``).

``static/sw.js`` is served from the site root so its scope covers ``/workout``.
In front of it goes one line, ``var pushbackBuild = {"version", "assets"}``:

* ``version``: a hash of every static and vendor file (and the package version).
  Any change to them changes the worker's bytes, so the browser installs the new
  worker, whose ``activate`` deletes the caches of the old one; cache-first assets
  therefore never outlive the files they copy.
* ``assets``: the URLs the worker precaches on install (our css/js/svg and the
  vendor files), so an offline reload finds them even when the first visit was
  made before the worker was there.

Nothing is computed at import time: :func:`service_worker_route` reads the files
once, when ``create_app`` calls it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from fastapi import Response

from pushback import __version__
from pushback.web.assets import POSE_FILES

__all__ = ["SERVICE_WORKER_URL", "service_worker_route", "service_worker_source"]

#: Where the worker is served: the root, so its default scope ``/`` covers ``/workout``.
SERVICE_WORKER_URL = "/sw.js"
_WORKER_FILE = "sw.js"
#: Static files the worker precaches (the worker itself is not one of them).
_PRECACHED_SUFFIXES = (".css", ".js", ".svg")


def _assets(static_dir: Path, vendor_files: dict[str, Path]) -> dict[str, Path]:
    """URL -> file of everything the worker precaches, in a stable order."""
    found = {
        f"/static/{path.relative_to(static_dir).as_posix()}": path
        for path in sorted(static_dir.rglob("*"))
        if path.is_file()
        and path.suffix in _PRECACHED_SUFFIXES
        and path.name != _WORKER_FILE
    }
    for name, path in sorted(vendor_files.items()):
        if name not in POSE_FILES:  # tens of MB, and live coaching needs the server
            found[f"/static/vendor/{name}"] = path
    return found


def service_worker_source(static_dir: Path, vendor_files: dict[str, Path]) -> str:
    """The worker's JavaScript: the build line, then ``static/sw.js``."""
    assets = _assets(static_dir, vendor_files)
    digest = hashlib.sha256(__version__.encode())
    for url, path in assets.items():
        digest.update(url.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    worker = (static_dir / _WORKER_FILE).read_text(encoding="utf-8")
    digest.update(worker.encode())
    build = {"version": digest.hexdigest()[:16], "assets": list(assets)}
    return f"var pushbackBuild = {json.dumps(build)};\n{worker}"


def service_worker_route(
    static_dir: Path, vendor_files: dict[str, Path]
) -> Callable[[], Response]:
    """A ``GET /sw.js`` handler serving :func:`service_worker_source` (read once)."""
    body = service_worker_source(static_dir, vendor_files)

    def service_worker() -> Response:
        """The offline service worker (always revalidated by the browser)."""
        return Response(
            body,
            media_type="text/javascript",
            headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
        )

    return service_worker
