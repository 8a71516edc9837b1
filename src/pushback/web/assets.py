"""Front-end vendor files (htmx, Chart.js) served from the repo's ``node_modules/``.

They are installed by the Makefile (``npm ci``, versions pinned in package.json) and
never committed. :func:`find_vendor_files` looks for ``node_modules`` next to the
source tree first, then in the working directory and its parents, and fails with a
message that says how to install them.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "VENDOR_FILES",
    "VendorAssetsMissing",
    "find_node_modules",
    "find_vendor_files",
]

#: URL name under ``/static/vendor/`` -> path inside ``node_modules``.
VENDOR_FILES: dict[str, str] = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
}


class VendorAssetsMissing(RuntimeError):
    """htmx or Chart.js is not installed; the message says how to fix it."""


def _candidates(start: Path) -> list[Path]:
    return [parent / "node_modules" for parent in (start, *start.parents)]


def find_node_modules(cwd: Path | None = None) -> Path:
    """The ``node_modules`` folder holding every file of :data:`VENDOR_FILES`.

    Raises :class:`VendorAssetsMissing` naming the folders searched.
    """
    here = Path(__file__).resolve().parent
    searched = _candidates(here) + _candidates((cwd or Path.cwd()).resolve())
    for folder in dict.fromkeys(searched):
        if all((folder / rel).is_file() for rel in VENDOR_FILES.values()):
            return folder
    raise VendorAssetsMissing(
        "htmx and Chart.js were not found in any node_modules folder "
        f"(searched {', '.join(str(p) for p in dict.fromkeys(searched))}). "
        "Run `make assets` (npm ci) in the pushback repository, then start again."
    )


def find_vendor_files(cwd: Path | None = None) -> dict[str, Path]:
    """Public name -> absolute path of each vendor file (see find_node_modules)."""
    root = find_node_modules(cwd)
    return {name: root / rel for name, rel in VENDOR_FILES.items()}
