"""The build step that carries the front-end vendor files in the package.

Everything else is in pyproject.toml. Before setuptools collects the package data,
the files listed in ``pushback.web.assets.VENDOR_FILES`` (htmx, Chart.js, the pose
model) are copied from ``node_modules`` (``make assets`` installs it) into
``src/pushback/web/static/vendor/`` (git-ignored), so a wheel serves its pages
outside a checkout. Without ``node_modules`` the copies already there are used.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).resolve().parent


def _fill_vendor() -> None:
    spec = importlib.util.spec_from_file_location(
        "_pushback_assets", HERE / "src" / "pushback" / "web" / "assets.py"
    )
    assert spec is not None and spec.loader is not None
    assets = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(assets)
    node_modules = HERE / "node_modules"
    if node_modules.is_dir():
        assets.copy_vendor_files(node_modules)
    elif not all((assets.PACKAGED_DIR / n).is_file() for n in assets.VENDOR_FILES):
        print(
            "warning: no node_modules and no vendor files in the package: the web "
            "app will need a node_modules folder (run `make assets` first)",
            file=sys.stderr,
        )


_fill_vendor()
setup()
