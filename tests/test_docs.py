"""The documentation keeps up with the code (STYLE.md sections 5, 8 and 10).

Like datasette's and sqlite-utils' ``tests/test_docs.py``: every CLI command has help
that ends with an example invocation and appears in ``docs/cli.md``; the generated
reference is in sync with ``--help``; every setting is documented, and every
``PUSHBACK_*`` variable the code or docs mention is a setting.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.core import TyperCommand, TyperGroup

from pushback.cli.main import app
from pushback.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
CLI_DOC = ROOT / "docs" / "cli.md"
CONFIG_DOC = ROOT / "docs" / "configuration.md"
#: Where user-facing PUSHBACK_* variables may be named. tests/, .ci/ and the Makefile
#: are left out on purpose: PUSHBACK_REQUIRE_POSTGRES and friends steer the test
#: harness, not the app, so they are not settings.
VARIABLE_SOURCES = (
    sorted((ROOT / "src" / "pushback").rglob("*.py"))
    + sorted((ROOT / "docs").rglob("*.md"))
    + [ROOT / ".env.example", ROOT / "README.md"]
)


Command = TyperCommand | TyperGroup


def _walk(
    command: object, path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], Command]]:
    # typer >= 0.20 vendors click: its commands are not click.Command instances.
    assert isinstance(command, TyperCommand | TyperGroup), type(command)
    yield path, command
    if isinstance(command, TyperGroup):
        for name, sub in command.commands.items():
            yield from _walk(sub, (*path, name))


COMMANDS = dict(_walk(typer.main.get_command(app), ()))


def _name(path: tuple[str, ...]) -> str:
    return " ".join(("pushback", *path))


def _help_lines(command: Command) -> list[str]:
    return [line.strip() for line in (command.help or "").splitlines() if line.strip()]


command_paths = pytest.mark.parametrize("path", list(COMMANDS), ids=_name)


def test_the_cli_has_commands_and_subcommands() -> None:
    # Guards the walk itself: a broken walk would make every parametrized test vacuous.
    assert len(COMMANDS) > 5
    assert any(len(path) == 2 for path in COMMANDS)


@command_paths
def test_every_command_has_help_text(path: tuple[str, ...]) -> None:
    command = COMMANDS[path]
    assert _help_lines(command), f"{_name(path)} has no help text"
    assert command.get_short_help_str().strip()


@command_paths
def test_every_option_and_argument_has_help(path: tuple[str, ...]) -> None:
    undocumented = [
        param.name
        for param in COMMANDS[path].params
        if not (getattr(param, "help", None) or "").strip()
    ]
    assert not undocumented, f"{_name(path)}: no help for {undocumented}"


@command_paths
def test_every_command_help_ends_with_an_example(path: tuple[str, ...]) -> None:
    """CLI help ends with an example invocation of the command (sqlite-utils habit)."""
    lines = _help_lines(COMMANDS[path])
    last = lines[-1] if lines else ""
    pattern = rf"Example: {re.escape(_name(path))}( |$)"
    assert re.match(pattern, last), (
        f"{_name(path)} --help should end with 'Example: {_name(path)} ...'"
        f" (last line: {last!r})"
    )


@command_paths
def test_every_command_has_a_section_in_the_cli_reference(
    path: tuple[str, ...],
) -> None:
    headings = re.findall(r"^## (.+)$", CLI_DOC.read_text(encoding="utf-8"), re.M)
    assert _name(path) in headings


def test_cli_reference_is_in_sync_with_help() -> None:
    # A subprocess: the generator must set TYPER_USE_RICH before typer is imported.
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_cli_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_cli_reference_check_fails_on_a_stale_file(tmp_path: Path) -> None:
    stale = tmp_path / "cli.md"
    stale.write_text(
        CLI_DOC.read_text(encoding="utf-8").replace("--help", "--halp", 1),
        encoding="utf-8",
    )
    script = str(ROOT / "scripts" / "gen_cli_docs.py")
    result = subprocess.run(
        [sys.executable, script, "--check", "--path", str(stale)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 1
    assert "is stale" in result.stderr


def _documented_settings() -> dict[str, str]:
    """First two columns of the table in docs/configuration.md: setting -> variable."""
    rows = re.findall(
        r"^\|\s*`?([a-z0-9_]+)`?\s*\|\s*`?(PUSHBACK_[A-Z0-9_]+)`?\s*\|",
        CONFIG_DOC.read_text(encoding="utf-8"),
        re.M,
    )
    return dict(rows)


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_is_documented(field: str) -> None:
    documented = _documented_settings()
    assert field in documented, f"{field} is missing from docs/configuration.md"
    assert documented[field] == f"PUSHBACK_{field.upper()}"


def test_configuration_docs_list_no_removed_setting() -> None:
    assert set(_documented_settings()) <= set(Settings.model_fields)


def test_every_setting_has_a_description() -> None:
    missing = [
        name for name, info in Settings.model_fields.items() if not info.description
    ]
    assert not missing


def test_every_pushback_variable_mentioned_is_a_setting() -> None:
    known = {f"PUSHBACK_{name.upper()}" for name in Settings.model_fields}
    unknown = {
        f"{variable} ({path.relative_to(ROOT)})"
        for path in VARIABLE_SOURCES
        if path.exists()
        for variable in re.findall(r"\bPUSHBACK_[A-Z][A-Z0-9_]*", path.read_text())
        if variable not in known
    }
    assert not unknown, f"not Settings fields: {sorted(unknown)}"


def test_env_example_names_every_setting() -> None:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    missing = [
        name for name in Settings.model_fields if f"PUSHBACK_{name.upper()}" not in text
    ]
    assert not missing
