"""The public API of every module is its ``__all__``, and ``__all__`` tells the truth.

After httpx's ``tests/test_exported_members.py`` (STYLE.md section 2): every name in
``__all__`` exists, ``__all__`` is sorted (ruff RUF022's isort-style order), and every
public module of the pure cores, ``domain/`` and ``analysis/``, declares one.
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

import pushback

PACKAGE_DIR = Path(pushback.__file__).resolve().parent
#: Packages whose public modules must declare ``__all__``.
CORE_PACKAGES = ("domain", "analysis")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _declared_all(path: Path) -> list[str] | None:
    """The literal ``__all__`` of a module file, or None when it has none."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = (
            node.targets
            if isinstance(node, ast.Assign)
            else [node.target]
            if isinstance(node, ast.AnnAssign)
            else []
        )
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            assert isinstance(node, ast.Assign | ast.AnnAssign) and node.value
            return list(ast.literal_eval(node.value))
    return None


MODULE_FILES = sorted(PACKAGE_DIR.rglob("*.py"))
EXPORTING = {
    _module_name(path): names
    for path in MODULE_FILES
    if (names := _declared_all(path)) is not None
}


def isort_key(name: str) -> tuple[int, list[str | int]]:
    """RUF022's isort-style order: CONSTANTS, then Classes, then everything else.

    Within a group names compare in natural order (digit runs as numbers).
    """
    if len(name) > 1 and name.isupper():
        group = 0
    elif name[:1].isupper():
        group = 1
    else:
        group = 2
    pieces = re.split(r"(\d+)", name)
    return group, [int(p) if p.isdigit() else p for p in pieces]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["b", "A", "C_D", "a"], ["C_D", "A", "a", "b"]),
        (["RETEST", "RE_ENTRY"], ["RETEST", "RE_ENTRY"]),
        (["v10", "v9", "X"], ["X", "v9", "v10"]),
        (["__version__", "Settings"], ["Settings", "__version__"]),
    ],
)
def test_isort_key_orders_like_ruff(names: list[str], expected: list[str]) -> None:
    assert sorted(names, key=isort_key) == expected


def test_modules_with_all_are_found() -> None:
    # Guards the discovery: an empty table would make the tests below vacuous.
    assert "pushback.domain.catalog" in EXPORTING
    assert "pushback.cli.main" in EXPORTING


@pytest.mark.parametrize("module_name", sorted(EXPORTING))
def test_every_name_in_all_exists(module_name: str) -> None:
    module = importlib.import_module(module_name)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert not missing, f"{module_name}.__all__ names missing members: {missing}"


@pytest.mark.parametrize("module_name", sorted(EXPORTING))
def test_all_is_sorted_without_duplicates(module_name: str) -> None:
    names = EXPORTING[module_name]
    assert len(set(names)) == len(names), f"{module_name}.__all__ has duplicates"
    assert names == sorted(names, key=isort_key), (
        f"{module_name}.__all__ is not sorted (ruff check --select RUF022 --fix)"
    )


def _defines_public_names(path: Path) -> bool:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if not node.name.startswith("_"):
                return True
        if isinstance(node, ast.Import | ast.ImportFrom):
            if any(not (a.asname or a.name).startswith("_") for a in node.names):
                if not (
                    isinstance(node, ast.ImportFrom) and node.module == "__future__"
                ):
                    return True
    return False


CORE_PUBLIC_MODULES = sorted(
    path
    for package in CORE_PACKAGES
    for path in (PACKAGE_DIR / package).rglob("*.py")
    if not path.name.startswith("_")
    or (path.name == "__init__.py" and _defines_public_names(path))
)


@pytest.mark.parametrize(
    "path", CORE_PUBLIC_MODULES, ids=lambda path: _module_name(path)
)
def test_public_core_modules_declare_all(path: Path) -> None:
    assert _module_name(path) in EXPORTING, f"{_module_name(path)} has no __all__"
