"""Typed, checked access to one table of a shipped TOML data file.

A problem raises :class:`CatalogError` naming the file and the key path, e.g.
``foods.toml: food[2].portion_g: must be between 1 and 1000 (got 0)``.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any

from pushback.domain.catalog import EVIDENCE_GRADES
from pushback.domain.errors import CatalogError

__all__ = ["TableReader"]


class TableReader:
    """Typed access to one TOML table; a problem raises CatalogError(file, key path)."""

    def __init__(self, file: str, table: Mapping[str, Any], path: str = "") -> None:
        self.file, self.table, self.path = file, table, path

    def _key(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str, problem: str) -> CatalogError:
        return CatalogError(self.file, self._key(key), problem)

    def raw(self, key: str) -> Any:
        if key not in self.table:
            raise self.fail(key, "missing")
        return self.table[key]

    def sub(self, key: str) -> TableReader:
        value = self.raw(key)
        if not isinstance(value, dict):
            raise self.fail(key, "must be a table")
        return TableReader(self.file, value, self._key(key))

    def rows(self, key: str) -> list[TableReader]:
        value = self.raw(key)
        if not isinstance(value, list) or not value:
            raise self.fail(key, "must be a non-empty array of tables")
        return [
            TableReader(self.file, row, f"{self._key(key)}[{i}]")
            for i, row in enumerate(value)
        ]

    def number(self, key: str, low: float = 0.0, high: float = math.inf) -> float:
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(key, f"must be a number (got {value!r})")
        if not low <= value <= high:
            raise self.fail(key, f"must be between {low} and {high} (got {value!r})")
        return float(value)

    def maybe_number(
        self, key: str, low: float = 0.0, high: float = math.inf
    ) -> float | None:
        return self.number(key, low, high) if key in self.table else None

    def integer(self, key: str, low: int = 0, high: int = 10**6) -> int:
        value = self.number(key, low, high)
        if not value.is_integer():
            raise self.fail(key, f"must be a whole number (got {value!r})")
        return int(value)

    def pair(
        self, key: str, low: float = 0.0, high: float = math.inf
    ) -> tuple[float, float]:
        value = self.raw(key)
        if not isinstance(value, list) or len(value) != 2:
            raise self.fail(key, f"must be [low, high] (got {value!r})")
        pair = TableReader(
            self.file, {"low": value[0], "high": value[1]}, self._key(key)
        )
        first, second = pair.number("low", low, high), pair.number("high", low, high)
        if first > second:
            raise self.fail(key, f"low end above high end (got {value!r})")
        return first, second

    def text(self, key: str, default: str | None = None) -> str:
        if default is not None and key not in self.table:
            return default
        value = self.raw(key)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, f"must be a non-empty string (got {value!r})")
        return value

    def grade(self, key: str = "grade") -> str:
        value = self.text(key)
        if value not in EVIDENCE_GRADES:
            raise self.fail(
                key, f"must be one of {', '.join(EVIDENCE_GRADES)} (got {value!r})"
            )
        return value

    def ids(self, key: str, known: Collection[str]) -> tuple[str, ...]:
        value = self.raw(key)
        if not isinstance(value, list) or not value:
            raise self.fail(key, "must be a non-empty list of source ids")
        for item in value:
            if item not in known:
                raise self.fail(key, f"unknown source id {item!r}")
        return tuple(value)
