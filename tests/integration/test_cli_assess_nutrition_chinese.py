"""``pushback --lang zh-CN assess`` and ``nutrition`` as a user runs them: the
assessment's reasons and advice and the nutrition notes and figures in Chinese,
with the numbers of the English run."""

from __future__ import annotations

from pathlib import Path

from tests._chinese import HAN, english_words, numbers
from tests.integration.test_cli_language import pushback

ASSESS = ("assess", "--max-pushups", "12", "--age", "34", "--days", "3")


def _english_lines(output: str) -> list[str]:
    """Lines with English words left (table rules and blank lines aside)."""
    return [line for line in output.splitlines() if english_words(line)]


def test_assess_speaks_chinese(tmp_path: Path) -> None:
    chinese = pushback(
        "--lang", "zh-CN", *ASSESS, "--sex", "female", "--condition", "wrist",
        "--condition", "pregnancy", "--parq", "ynnnnnn", data=tmp_path,
    )  # fmt: skip
    assert chinese.returncode == 0, chinese.stderr
    text = chinese.stdout
    assert "一口气完成 12 个标准俯卧撑" in text
    assert "CSEP 女性常模用的是跪姿俯卧撑，不是标准俯卧撑。" in text
    assert "心脏病或高血压" in text and "手腕痛" in text and "孕期" in text
    # Left in English: the ladder step's slug (typed after --variant), the
    # --cleared flag and the path of the saved profile.
    left = english_words(text)
    assert left <= {"push-up", "cleared", "json"}, left


def test_assess_in_english_is_unchanged(tmp_path: Path) -> None:
    english = pushback(*ASSESS, "--parq", "nnnnnnn", data=tmp_path)
    assert english.returncode == 0, english.stderr
    assert (
        "12 × Push-up in one go means sets of about 8 reps (65% of your best)"
        in english.stdout
    )
    assert "Norms need your sex to pick the test protocol." in english.stdout
    assert not HAN.search(english.stdout)


def test_a_refused_plan_says_why_in_chinese(tmp_path: Path) -> None:
    refused = pushback(
        "--lang", "zh-CN", "plan", "--max-pushups", "10", "--parq", "nynnnnn",
        data=tmp_path,
    )  # fmt: skip
    assert refused.returncode != 0
    assert "胸痛" in refused.stderr and "--cleared" in refused.stderr
    english = pushback(
        "plan", "--max-pushups", "10", "--parq", "nynnnnn", data=tmp_path
    )
    assert "(chest pain). Once cleared, run again with --cleared." in english.stderr


def test_nutrition_speaks_chinese_with_the_english_numbers(tmp_path: Path) -> None:
    flags = ("nutrition", "--weight-kg", "70", "--age", "16", "--sex", "female",
             "--height-cm", "170", "--activity", "light")  # fmt: skip
    chinese = pushback("--lang", "zh-CN", *flags, data=tmp_path)
    english = pushback(*flags, data=tmp_path)
    assert chinese.returncode == 0 and english.returncode == 0, chinese.stderr
    notes = chinese.stdout.split("证据说明", 1)[1].split("参考来源", 1)[0]
    english_notes = english.stdout.split("Evidence notes", 1)[1].split("Sources")[0]
    assert numbers(notes) == numbers(english_notes)
    assert english_words(notes) == set(), notes
    tables = chinese.stdout.split("证据说明", 1)[0]
    assert _english_lines(tables) == [], _english_lines(tables)
    assert "1.6-2.2 g/kg" in notes and "未满 18 岁" in notes
    assert "营养目标：70 kg、16 岁、女" in chinese.stdout
