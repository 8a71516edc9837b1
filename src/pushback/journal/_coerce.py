"""Strict conversion of decoded JSON into the journal's records.

Used to read backups: every value is checked against the record's field type
and every error names the path of the offending value, e.g.
``Invalid value for sessions[3].sets[1].reps: must be ...``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from datetime import date, datetime
from typing import Any, TypeVar

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg

__all__ = ["parse_datetime", "record_from_dict", "record_to_dict"]

R = TypeVar("R")


def record_to_dict(record: object, *, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """A JSON-ready dict of a record (dates as ISO text, tuples as lists)."""
    assert dataclasses.is_dataclass(record) and not isinstance(record, type)
    return {
        item.name: _to_json(getattr(record, item.name))
        for item in dataclasses.fields(record)
        if item.name not in exclude
    }


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_to_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _to_json(item) for key, item in value.items()}
    return value


def record_from_dict(
    cls: type[R], data: Any, *, path: str, extra: dict[str, Any] | None = None
) -> R:
    """Build record ``cls`` from ``data`` (a dict of its fields), strictly.

    Unknown keys, missing required keys and values of the wrong type raise
    :class:`InvalidInput` naming ``path``. ``extra`` supplies fields not in data.
    """
    if not isinstance(data, dict):
        raise InvalidInput(path, _short(data), msg("an object"))
    hints = typing.get_type_hints(cls)
    known = {item.name: item for item in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise InvalidInput(
            f"{path}.{unknown[0]}", _short(data[unknown[0]]), msg("no such field")
        )
    values = dict(extra or {})
    for name, value in data.items():
        values[name] = _coerce(hints[name], value, f"{path}.{name}")
    try:
        return cls(**values)
    except TypeError as error:
        raise InvalidInput(
            path, _short(data), msg("a complete record (%(error)s)", error=error)
        ) from None
    except InvalidInput as error:
        raise InvalidInput(
            f"{path}.{error.field}", error.value, error.expected
        ) from None


def _short(value: Any) -> Any:
    text = repr(value)
    return value if len(text) <= 60 else text[:57] + "..."


def _coerce(hint: Any, value: Any, path: str) -> Any:  # noqa: C901 - one branch per type
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        options = typing.get_args(hint)
        if value is None and type(None) in options:
            return None
        (inner,) = [option for option in options if option is not type(None)]
        return _coerce(inner, value, path)
    if hint is Any:
        return value
    if hint is bool:
        if isinstance(value, bool):
            return value
        raise InvalidInput(path, _short(value), msg("true or false"))
    if hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise InvalidInput(path, _short(value), msg("a whole number"))
    if hint is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise InvalidInput(path, _short(value), msg("a number"))
    if hint is str:
        if isinstance(value, str):
            return value
        raise InvalidInput(path, _short(value), msg("text"))
    if hint is datetime:
        return parse_datetime(value, path)
    if hint is date:
        return _parse_date(value, path)
    if origin is dict:
        if isinstance(value, dict):
            return value
        raise InvalidInput(path, _short(value), msg("an object"))
    if origin is tuple:
        if not isinstance(value, list):
            raise InvalidInput(path, _short(value), msg("a list"))
        inner = typing.get_args(hint)[0]
        return tuple(
            _coerce(inner, item, f"{path}[{i}]") for i, item in enumerate(value)
        )
    raise AssertionError(f"no coercion for {hint!r}")  # pragma: no cover


def parse_datetime(value: Any, path: str) -> datetime:
    """An aware datetime from ISO text; raises InvalidInput naming ``path``."""
    expected = msg(
        "an ISO 8601 date and time with a zone, e.g. 2026-01-31T18:00:00+00:00"
    )
    try:
        parsed = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise InvalidInput(path, _short(value), expected)
    return parsed


def _parse_date(value: Any, path: str) -> date:
    try:
        if isinstance(value, str) and len(value) == 10:
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise InvalidInput(path, _short(value), msg("a date like 2026-01-31"))
