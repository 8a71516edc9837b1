"""The CLI in Chinese: ``pushback --lang zh-CN`` and ``PUSHBACK_LANG`` (a real
process, as a user runs it: help is built in the language before it is printed)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def pushback(
    *args: str, data: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the console script's ``main`` in a new process."""
    code = "import sys; from pushback.cli.main import main; main()"
    environ = {
        key: value for key, value in os.environ.items() if key != "PUSHBACK_LANG"
    }
    environ.update(PUSHBACK_DATA_DIR=str(data), COLUMNS="120", **(env or {}))
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True, text=True, timeout=120, check=False, env=environ,
    )  # fmt: skip


def test_help_and_output_are_chinese_with_lang_zh_cn(tmp_path: Path) -> None:
    helped = pushback("--lang", "zh-CN", "--help", data=tmp_path)
    assert helped.returncode == 0, helped.stderr
    assert "用俯卧撑帮你练背的教练" in helped.stdout
    assert "选项" in helped.stdout and "命令" in helped.stdout
    shown = pushback(
        "--lang", "zh-CN", "exercises", "show", "wide-push-up", data=tmp_path
    )
    assert shown.returncode == 0, shown.stderr
    assert "宽距俯卧撑" in shown.stdout and "肩胛骨" in shown.stdout
    english = pushback("exercises", "show", "wide-push-up", data=tmp_path)
    assert "Wide push-up" in english.stdout and not CHINESE.search(english.stdout)


def test_the_environment_variable_chooses_the_language_and_the_option_wins(
    tmp_path: Path,
) -> None:
    chinese = pushback(
        "exercises", "show", "push-up", env={"PUSHBACK_LANG": "zh-CN"}, data=tmp_path
    )
    assert "标准俯卧撑" in chinese.stdout
    english = pushback(
        "--lang",
        "en",
        "exercises",
        "show",
        "push-up",
        env={"PUSHBACK_LANG": "zh"},
        data=tmp_path,
    )
    assert "Push-up" in english.stdout and "标准俯卧撑" not in english.stdout


def test_errors_are_chinese_and_a_bad_language_is_refused(tmp_path: Path) -> None:
    unknown = pushback(
        "--lang", "zh-CN", "exercises", "show", "no-such-exercise", data=tmp_path
    )
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("错误：")
    bad = pushback("--lang", "klingon", "exercises", data=tmp_path)
    assert bad.returncode == 2
    assert "Invalid value for --lang" in bad.stderr and "en, zh-CN" in bad.stderr


def test_click_and_typer_words_are_chinese(tmp_path: Path) -> None:
    unknown = pushback("--lang", "zh-CN", "nosuch", data=tmp_path)
    assert unknown.returncode == 2
    assert "用法：" in unknown.stderr and " --help' 查看帮助。" in unknown.stderr
    assert "没有命令 'nosuch'。" in unknown.stderr
    for english in ("Usage:", "Error", "No such command", "Try "):
        assert english not in unknown.stderr
    close = pushback("--lang", "zh-CN", "exercise", data=tmp_path)
    assert "没有命令 'exercise'。你是不是想输入 'exercises'？" in close.stderr
    missing = pushback("--lang", "zh-CN", "exercises", "show", data=tmp_path)
    assert missing.returncode == 2 and "缺少参数 'slug'。" in missing.stderr
    option = pushback("--lang", "zh-CN", "exercises", "--nope", data=tmp_path)
    assert option.returncode == 2 and "没有这个选项：--nope" in option.stderr
    english = pushback("nosuch", data=tmp_path)
    assert "Usage: " in english.stderr
    assert "No such command 'nosuch'." in english.stderr
    assert not CHINESE.search(english.stderr)


def test_our_errors_with_values_are_chinese(tmp_path: Path) -> None:
    step = pushback("--lang", "zh-CN", "exercises", "--step", "99", data=tmp_path)
    assert step.returncode == 2
    assert step.stderr.strip() == (
        "错误：step 的值无效：必须是 1 到 12 之间的值（收到的是 99）。"
    )
    english = pushback("exercises", "--step", "x", data=tmp_path)
    assert english.stderr.strip() == (
        "Error: Invalid value for step: must be a whole number from 1 to 12 (got 'x')."
    )
