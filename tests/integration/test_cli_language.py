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
