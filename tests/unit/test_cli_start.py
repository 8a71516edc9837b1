"""``pushback analyze`` starts with its own command module only (a cold analysis is
timed whole, start-up included); every other command and help load them all."""

from __future__ import annotations

from pushback.cli.main import ALONE, COMMAND_MODULES, _modules_for


def test_analyze_loads_only_its_module() -> None:
    assert _modules_for(["analyze", "set.mp4", "--json"]) == (ALONE["analyze"],)
    assert _modules_for(["--lang", "zh-CN", "analyze", "set.mp4"]) == (
        ALONE["analyze"],
    )


def test_other_commands_and_help_load_every_module() -> None:
    for argv in (["today"], ["--help"], [], ["--lang", "analyze"], ["log", "analyze"]):
        assert _modules_for(argv) == COMMAND_MODULES
