"""Front-end vendor files served from the repo's ``node_modules/``: htmx, Chart.js and
the in-browser pose model of the live coach (``@mediapipe/pose``: its loader, wasm
and the lite and full BlazePose weights; the full one is byte-identical to the
model ``pushback analyze`` runs).

They are installed by the Makefile (``npm ci``, versions pinned in package.json) and
never committed. :data:`VENDOR_FILES` is the one list of them: ``make assets`` and
the build (``setup.py``) copy the listed files into the package
(``web/static/vendor/``, git-ignored), so an installed wheel carries them and serves
its pages outside a checkout. :func:`find_vendor_files` takes the packaged copies
first, then looks for ``node_modules`` next to the source tree, then in the working
directory and its parents, and fails with a message that says how to install them.

This module imports nothing from pushback (the build loads it by its path).
"""

from __future__ import annotations

import shutil
from pathlib import Path

__all__ = [
    "PACKAGED_DIR",
    "POSE_FILES",
    "VENDOR_FILES",
    "VendorAssetsMissing",
    "copy_vendor_files",
    "find_node_modules",
    "find_vendor_files",
]

#: Where the build puts the vendor files inside the package (git-ignored).
PACKAGED_DIR = Path(__file__).resolve().parent / "static" / "vendor"

_POSE_DIR = "@mediapipe/pose"
#: The live coach's pose model files (large: the offline worker does not precache
#: them). Names as ``@mediapipe/pose``'s loader asks for them.
POSE_FILES: tuple[str, ...] = (
    "pose.js",
    "pose_solution_packed_assets_loader.js",
    "pose_solution_packed_assets.data",
    "pose_solution_simd_wasm_bin.js",
    "pose_solution_simd_wasm_bin.wasm",
    "pose_solution_simd_wasm_bin.data",
    "pose_solution_wasm_bin.js",
    "pose_solution_wasm_bin.wasm",
    "pose_web.binarypb",
    "pose_landmark_lite.tflite",
    "pose_landmark_full.tflite",
)
#: URL name under ``/static/vendor/`` -> path inside ``node_modules``.
VENDOR_FILES: dict[str, str] = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
    **{name: f"{_POSE_DIR}/{name}" for name in POSE_FILES},
}


class VendorAssetsMissing(RuntimeError):
    """A vendor package is not installed; the message says how to fix it."""


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
        "htmx, Chart.js and @mediapipe/pose were not found in one node_modules folder "
        f"(searched {', '.join(str(p) for p in dict.fromkeys(searched))}). "
        "Run `make assets` (npm ci) in the pushback repository, then start again."
    )


def find_vendor_files(cwd: Path | None = None) -> dict[str, Path]:
    """Public name -> absolute path of each vendor file: the packaged copies when
    they are all there (an installed wheel), else ``node_modules`` (a checkout).

    Raises :class:`VendorAssetsMissing` when neither holds them all.
    """
    packaged = {name: PACKAGED_DIR / name for name in VENDOR_FILES}
    if all(path.is_file() for path in packaged.values()):
        return packaged
    root = find_node_modules(cwd)
    return {name: root / rel for name, rel in VENDOR_FILES.items()}


def copy_vendor_files(node_modules: Path, target: Path = PACKAGED_DIR) -> list[Path]:
    """Copy every file of :data:`VENDOR_FILES` from ``node_modules`` into ``target``
    (a file already identical is left alone); returns the files of ``target``.

    Raises :class:`VendorAssetsMissing` naming the files ``node_modules`` lacks.
    """
    missing = [
        rel for rel in VENDOR_FILES.values() if not (node_modules / rel).is_file()
    ]
    if missing:
        raise VendorAssetsMissing(
            f"{node_modules} lacks {', '.join(missing)}: run `make assets` (npm ci)."
        )
    target.mkdir(parents=True, exist_ok=True)
    copied = []
    for name, rel in VENDOR_FILES.items():
        source, dest = node_modules / rel, target / name
        if not dest.is_file() or dest.read_bytes() != source.read_bytes():
            shutil.copyfile(source, dest)
        copied.append(dest)
    return copied
