"""Reading the catalog TOML files into value objects (private to ``catalog``).

Every getter names file and key when a value is missing, of the wrong type, out of
range or unknown, so a broken file fails with ``CatalogError(file, key, problem)``.
"""

from __future__ import annotations

import difflib
import re
import tomllib
import uuid
from collections.abc import Iterable, Mapping
from importlib.resources.abc import Traversable
from typing import Any, cast

from pushback.domain.catalog import (
    BRANCHES,
    CATEGORIES,
    CONDITIONS,
    DEMANDS,
    EQUIPMENT,
    EVIDENCE_GRADES,
    NUMBER_FIELDS,
    UNITS,
    Evidence,
    Exercise,
    Gate,
    Muscle,
    MuscleRole,
    SeedPrescription,
    Source,
    _unknown,
)
from pushback.domain.errors import CatalogError, InvalidInput
from pushback.domain.tempo import parse_tempo

__all__ = ["parse_exercises", "parse_muscles", "parse_sources", "read_toml"]

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: Brief section 4 (Schoenfeld 2015): keep total rep duration within 0.5-8 s.


def read_toml(root: Traversable, name: str) -> dict[str, Any]:
    path = root / name
    if not path.is_file():
        raise CatalogError(name, "(file)", "missing from the catalog folder")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"line (\d+)", str(error))
        raise CatalogError(
            name, f"line {line[1]}" if line else "(syntax)", str(error)
        ) from None


class _Table:
    """A TOML table being read: typed getters that name file and key on error."""

    def __init__(self, file: str, key: str, data: object, allowed: set[str]) -> None:
        if not isinstance(data, dict):
            raise CatalogError(file, key, f"must be a table (got {data!r})")
        self.file, self.key, self.data = file, key, cast(dict[str, Any], data)
        for name in self.data:
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1)
                hint = f"did you mean {close[0]!r}?" if close else "accepted: "
                hint += "" if close else ", ".join(sorted(allowed))
                raise self.error(name, f"unknown key; {hint}")

    def error(self, name: str, problem: str) -> CatalogError:
        key = f"{self.key}.{name}" if self.key else name
        return CatalogError(self.file, key, problem)

    def get(self, name: str, kinds: tuple[type, ...], what: str, need: bool) -> Any:
        if name not in self.data:
            if need:
                raise self.error(name, "required key is missing")
            return None
        value = self.data[name]
        is_bool = isinstance(value, bool) and bool not in kinds
        if is_bool or not isinstance(value, kinds):
            raise self.error(name, f"must be {what} (got {value!r})")
        return value

    def text(self, name: str, need: bool = True) -> Any:
        value = self.get(name, (str,), "a string", need)
        if value is not None and not value.strip():
            raise self.error(name, "must not be empty")
        return value

    def choice(self, name: str, choices: tuple[str, ...], need: bool = True) -> Any:
        value = self.text(name, need)
        if value is not None and value not in choices:
            raise self.error(
                name, f"must be one of {', '.join(choices)} (got {value!r})"
            )
        return value

    def integer(self, name: str, low: int, high: int, need: bool = False) -> Any:
        value = self.get(name, (int,), "a whole number", need)
        if value is not None and not low <= value <= high:
            raise self.error(name, f"must be between {low} and {high} (got {value})")
        return value

    def number(self, name: str, low: float, high: float) -> Any:
        value = self.get(name, (int, float), "a number", False)
        if value is not None and not low <= value <= high:
            raise self.error(name, f"must be between {low} and {high} (got {value})")
        return None if value is None else float(value)

    def flag(self, name: str) -> bool:
        return bool(self.get(name, (bool,), "true or false", False))

    def texts(self, name: str, choices: tuple[str, ...] | None = None) -> Any:
        values = self.get(name, (list,), "a list of strings", False) or []
        for value in values:
            if not isinstance(value, str) or not value.strip():
                raise self.error(name, f"must hold non-empty strings (got {value!r})")
            if choices is not None and value not in choices:
                raise self.error(
                    name, f"must be among {', '.join(choices)} (got {value!r})"
                )
        if len(set(values)) != len(values):
            raise self.error(name, "lists an item twice")
        return tuple(values)

    def pair(self, name: str, low: int, high: int) -> tuple[int, int] | None:
        value = self.get(name, (list,), "a [low, high] pair", False)
        if value is None:
            return None
        ok = len(value) == 2 and all(type(v) is int for v in value)
        if not ok or not low <= value[0] <= value[1] <= high:
            raise self.error(
                name,
                f"must be [low, high] in {low}..{high}, low <= high (got {value!r})",
            )
        return value[0], value[1]

    def table(self, name: str, allowed: set[str], need: bool = False) -> _Table | None:
        value = self.get(name, (dict,), "a table", need)
        return (
            None
            if value is None
            else _Table(self.file, f"{self.key}.{name}", value, allowed)
        )

    def tables(self, name: str, allowed: set[str]) -> list[_Table]:
        """An array of tables; each is named by its ``slug`` when it has one."""
        values = self.get(name, (list,), "an array of tables", False) or []
        key = f"{self.key}.{name}" if self.key else name
        tables = []
        for index, value in enumerate(values):
            slug = value.get("slug") if isinstance(value, dict) else None
            label = f"{key}.{slug}" if isinstance(slug, str) else f"{key}[{index}]"
            tables.append(_Table(self.file, label, value, allowed))
        return tables

    def mapping(self, name: str, keys: tuple[str, ...]) -> dict[str, str]:
        table = self.table(name, set(keys))
        return {k: table.text(k) for k in table.data} if table else {}


_SOURCE_KEYS = {"citation", "url", "note", "kind"}
_SOURCE_KINDS = ("primary", "review", "secondary", "web", "seed", "design")
_MUSCLE_KEYS = {"name", "region", "back_role", "sources"}
_EVIDENCE_KEYS = {"grade", "sources", "summary", "seed_claim"}
_GATE_KEYS = {"sets", "reps", "per_side", "grade", "sources", "note"}
_SEED_KEYS = {"day", "sets", "reps", "per_side", "note", "sources"}
_ROLE_KEYS = {"muscle", "role"}
_EXERCISE_KEYS = {
    *NUMBER_FIELDS,
    *("slug", "uuid", "name", "category", "summary", "primary_muscles"),
    *("secondary_muscles", "equipment", "unit", "evidence", "easier", "harder"),
    *("gate", "load_note", "key_points", "cues", "faults", "contraindications"),
    *("substitutions", "branch", "requires", "claims", "condition_notes"),
    *("seed_prescription", "number_sources", "demands", "levels"),
}


def parse_sources(raw: dict[str, Any]) -> dict[str, Source]:
    top = _Table("sources.toml", "", raw, {"sources"})
    table = top.get("sources", (dict,), "a table of [sources.ID]", True)
    sources: dict[str, Source] = {}
    for source_id, value in table.items():
        entry = _Table("sources.toml", f"sources.{source_id}", value, _SOURCE_KEYS)
        if not _SLUG.match(source_id):
            raise entry.error(
                "id", "source ids are lower-case letters, digits, hyphens"
            )
        sources[source_id] = Source(
            id=source_id,
            citation=entry.text("citation"),
            url=entry.text("url", need=False),
            note=entry.text("note", need=False),
            kind=entry.choice("kind", _SOURCE_KINDS, need=False) or "primary",
        )
    return sources


def parse_muscles(raw: dict[str, Any], sources: dict[str, Source]) -> dict[str, Muscle]:
    top = _Table("muscles.toml", "", raw, {"muscles"})
    table = top.get("muscles", (dict,), "a table of [muscles.ID]", True)
    muscles: dict[str, Muscle] = {}
    for muscle_id, value in table.items():
        entry = _Table("muscles.toml", f"muscles.{muscle_id}", value, _MUSCLE_KEYS)
        if not _SLUG.match(muscle_id):
            raise entry.error("id", "muscle ids are lower-case words joined by hyphens")
        cited = entry.texts("sources")
        _check_sources(entry, "sources", cited, sources)
        muscles[muscle_id] = Muscle(
            id=muscle_id,
            name=entry.text("name"),
            region=entry.text("region"),
            back_role=entry.text("back_role"),
            sources=cited,
        )
    return muscles


def _check_sources(
    entry: _Table, name: str, cited: Iterable[str], sources: Mapping[str, Source]
) -> None:
    for source_id in cited:
        if source_id not in sources:
            raise entry.error(name, _unknown("source id", source_id, sources))


def parse_exercises(raw: dict[str, Any]) -> dict[str, Exercise]:
    top = _Table("exercises.toml", "", raw, {"exercise"})
    entries = top.tables("exercise", _EXERCISE_KEYS)
    if not entries:
        raise top.error("exercise", "no [[exercise]] entries")
    exercises: dict[str, Exercise] = {}
    uuids: dict[str, str] = {}
    for entry in entries:
        slug = entry.text("slug")
        if not _SLUG.match(slug):
            raise entry.error(
                "slug", f"must be lower-case words joined by hyphens (got {slug!r})"
            )
        if slug in exercises:
            raise entry.error(
                "slug", "duplicate slug; slugs are a public contract and unique"
            )
        exercise = _parse_exercise(entry, slug)
        if exercise.uuid in uuids:
            raise entry.error(
                "uuid", f"duplicate uuid (also used by {uuids[exercise.uuid]})"
            )
        uuids[exercise.uuid] = slug
        exercises[slug] = exercise
    return exercises


def _parse_exercise(entry: _Table, slug: str) -> Exercise:
    unit = entry.choice("unit", UNITS)
    return Exercise(
        slug=slug,
        uuid=_parse_uuid(entry),
        name=entry.text("name"),
        category=entry.choice("category", CATEGORIES),
        summary=entry.text("summary"),
        primary_muscles=_parse_roles(entry, "primary_muscles", need=True),
        secondary_muscles=_parse_roles(entry, "secondary_muscles", need=False),
        equipment=entry.texts("equipment", EQUIPMENT) or ("none",),
        unit=unit,
        evidence=_parse_evidence(
            cast(_Table, entry.table("evidence", _EVIDENCE_KEYS, True))
        ),
        back_stars=entry.integer("back_stars", 1, 5),
        ladder_step=entry.integer("ladder_step", 1, 20),
        easier=entry.text("easier", need=False),
        harder=entry.text("harder", need=False),
        gate=_parse_gate(entry.table("gate", _GATE_KEYS)),
        rep_range=entry.pair("rep_range", 1, 50),
        duration_s=entry.integer("duration_s", 5, 600),
        tempo=_parse_tempo(entry),
        rest_s=entry.integer("rest_s", 0, 300, need=True),
        load_note=entry.text("load_note", need=False),
        back_volume_factor=entry.number("back_volume_factor", 0.0, 1.0),
        key_points=entry.texts("key_points"),
        cues=entry.texts("cues"),
        faults=entry.texts("faults"),
        contraindications=entry.texts("contraindications", CONDITIONS),
        substitutions=entry.mapping("substitutions", CONDITIONS),
        branch=entry.choice("branch", BRANCHES, need=False),
        requires=_parse_gate(entry.table("requires", _GATE_KEYS)),
        claims=tuple(
            _parse_evidence(t) for t in entry.tables("claims", _EVIDENCE_KEYS)
        ),
        load_pct_body_mass=entry.pair("load_pct_body_mass", 1, 100),
        condition_notes=entry.mapping("condition_notes", CONDITIONS),
        seed_prescription=_parse_seed(entry.table("seed_prescription", _SEED_KEYS)),
        number_sources=_parse_number_sources(entry),
        demands=entry.texts("demands", DEMANDS),
        levels=entry.texts("levels"),
    )


def _parse_uuid(entry: _Table) -> str:
    text = cast(str, entry.text("uuid"))
    try:
        parsed = uuid.UUID(text)
    except ValueError:
        raise entry.error("uuid", f"must be a UUID (got {text!r})") from None
    if str(parsed) != text or parsed.version != 4:
        raise entry.error("uuid", f"must be a lower-case UUID4 string (got {text!r})")
    return text


def _parse_roles(entry: _Table, name: str, *, need: bool) -> tuple[MuscleRole, ...]:
    tables = entry.tables(name, _ROLE_KEYS)
    if need and not tables:
        raise entry.error(name, "needs at least one {muscle, role} entry")
    return tuple(
        MuscleRole(muscle=t.text("muscle"), role=t.text("role")) for t in tables
    )


def _parse_evidence(table: _Table) -> Evidence:
    sources = table.texts("sources")
    if not sources:
        raise table.error("sources", "needs at least one source id")
    return Evidence(
        grade=table.choice("grade", EVIDENCE_GRADES),
        sources=sources,
        summary=table.text("summary"),
        seed_claim=table.text("seed_claim", need=False),
    )


def _parse_gate(table: _Table | None) -> Gate | None:
    if table is None:
        return None
    return Gate(
        sets=table.integer("sets", 1, 5, need=True),
        reps=table.integer("reps", 1, 100, need=True),
        per_side=table.flag("per_side"),
        grade=table.choice("grade", EVIDENCE_GRADES),
        sources=table.texts("sources") or _missing(table, "sources"),
        note=table.text("note", need=False),
    )


def _missing(table: _Table, name: str) -> tuple[str, ...]:
    raise table.error(name, "needs at least one source id")


def _parse_seed(table: _Table | None) -> SeedPrescription | None:
    if table is None:
        return None
    return SeedPrescription(
        day=table.integer("day", 1, 7, need=True),
        sets=table.integer("sets", 1, 10, need=True),
        reps=table.integer("reps", 1, 50, need=True),
        per_side=table.flag("per_side"),
        note=table.text("note", need=False),
        sources=table.texts("sources") or _missing(table, "sources"),
    )


def _parse_tempo(entry: _Table) -> str | None:
    tempo = entry.text("tempo", need=False)
    if tempo is None:
        return None
    try:
        parse_tempo(tempo)
    except InvalidInput as error:
        raise entry.error(
            "tempo", f"must be {error.expected} (got {tempo!r})"
        ) from None
    return cast(str, tempo)


def _parse_number_sources(entry: _Table) -> dict[str, tuple[str, ...]]:
    table = entry.table("number_sources", set(NUMBER_FIELDS))
    if table is None:
        return {}
    return {name: table.texts(name) for name in table.data}
