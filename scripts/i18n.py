"""Extract every translatable message and update the catalogs.

Usage::

    python scripts/i18n.py            # write locale/messages.pot, update every catalog
    python scripts/i18n.py --check    # exit 1 when the template (.pot) is out of date

Reads ``babel.cfg`` (Python sources and Jinja2 templates), writes
``src/pushback/locale/messages.pot`` and updates (or creates) the English
catalog ``src/pushback/locale/en/LC_MESSAGES/messages.po`` and every other
catalog beside it with ``pybabel update``. The English catalog stays empty: the
message ids are the English text.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "pushback" / "locale"
POT = LOCALE / "messages.pot"
PYBABEL = str(Path(sys.executable).with_name("pybabel"))
KEYWORDS = ["-k", "N_", "-k", "pgettext:1c,2", "-k", "npgettext:1c,2,3",
            "-k", "t", "-k", "tn:1,2", "-k", "msg", "-k", "msg_n:1,2",
            "-k", "joined:1"]  # fmt: skip


def _extract(target: Path) -> None:
    subprocess.run(
        [PYBABEL, "-q", "extract", "-F", str(ROOT / "babel.cfg"), *KEYWORDS,
         "--no-location", "--sort-output", "--width", "88",
         "--project", "pushback", "-o", str(target), "src/pushback"],
        cwd=ROOT, check=True,
    )  # fmt: skip


def _body(pot: Path) -> list[str]:
    return [line for line in pot.read_text().splitlines() if "-Date:" not in line]


def _catalogs() -> list[str]:
    names = {folder.name for folder in LOCALE.glob("*") if folder.is_dir()}
    return sorted(names | {"en"})


def main(argv: list[str]) -> int:
    LOCALE.mkdir(parents=True, exist_ok=True)
    if "--check" in argv:
        fresh = POT.with_suffix(".pot.new")
        _extract(fresh)
        same = POT.is_file() and _body(POT) == _body(fresh)
        fresh.unlink()
        if not same:
            print("locale/messages.pot is out of date: run python scripts/i18n.py")
        return 0 if same else 1
    _extract(POT)
    for name in _catalogs():
        po = LOCALE / name / "LC_MESSAGES" / "messages.po"
        command = "update" if po.is_file() else "init"
        subprocess.run(
            [PYBABEL, "-q", command, "-i", str(POT), "-d", str(LOCALE), "-l", name,
             *(["--no-fuzzy-matching", "--ignore-obsolete"] if command == "update" else [])],
            check=True,
        )  # fmt: skip
    print(f"{POT.relative_to(ROOT)}: {POT.read_text().count('msgid ') - 1} messages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
