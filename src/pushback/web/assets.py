"""Front-end vendor files served from the repo's ``node_modules/``: htmx, Chart.js and
the in-browser pose model of the live coach (``@mediapipe/pose``: its loader, wasm
and the lite and full BlazePose weights; the full one is byte-identical to the
model ``pushback analyze`` runs).

They are installed by the Makefile (``npm ci``, versions pinned in package.json) and
never committed. :func:`find_vendor_files` looks for ``node_modules`` next to the
source tree first, then in the working directory and its parents, and fails with a
message that says how to install them.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "POSE_FILES",
    "VENDOR_FILES",
    "VendorAssetsMissing",
    "find_node_modules",
    "find_vendor_files",
]

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
    """Public name -> absolute path of each vendor file (see find_node_modules)."""
    root = find_node_modules(cwd)
    return {name: root / rel for name, rel in VENDOR_FILES.items()}
