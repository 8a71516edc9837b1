"""The CSEP/ACSM push-up norms of ``data/norms.toml`` (private; import from
:mod:`pushback.domain.assessment`): only for the CSEP protocol (men on the standard
push-up, women on the knee push-up), ages 15-69."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from pushback.domain.errors import CatalogError
from pushback.domain.phrases import Phrase, Recipe, exercise_phrase, msg
from pushback.domain.profile import Profile

__all__ = ["NormResult", "load_norms", "norm_category"]


def pgettext(context: str, message: str) -> Phrase:
    """``message`` (English) as a phrase translated with its ``context``: a word
    that has another sense elsewhere ("good" form) gets its own translation. Babel
    finds the calls by this name (``pgettext:1c,2``)."""
    return Phrase(message, Recipe("text", f"{context}\x04{message}"))


#: The CSEP/ACSM categories of ``data/norms.toml`` in words.
CATEGORY_WORDS: dict[str, Phrase] = {
    "excellent": pgettext("norm category", "excellent"),
    "very good": pgettext("norm category", "very good"),
    "good": pgettext("norm category", "good"),
    "fair": pgettext("norm category", "fair"),
    "needs improvement": pgettext("norm category", "needs improvement"),
}


def _band(sex: str, low: int, high: int) -> Phrase:
    if sex == "female":
        return msg("CSEP/ACSM, female %(low)d-%(high)d.", low=low, high=high)
    return msg("CSEP/ACSM, male %(low)d-%(high)d.", low=low, high=high)


def _rated(name: str, sex: str, low: int, high: int) -> NormResult:
    return NormResult(True, CATEGORY_WORDS.get(name, name), _band(sex, low, high))


@dataclass(frozen=True)
class NormResult:
    """A CSEP/ACSM category, or why the norms do not apply."""

    applies: bool
    category: str | None
    note: str


@lru_cache(maxsize=1)
def load_norms() -> dict[str, Any]:
    """Read and check ``data/norms.toml``; raises :class:`CatalogError` if broken."""
    path = resources.files("pushback").joinpath("data/norms.toml")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise CatalogError("norms.toml", "<file>", str(error)) from None
    for sex in ("male", "female"):
        for index, band in enumerate(data.get(sex, [])):
            minimums = band.get("minimums")
            if not isinstance(minimums, list) or len(minimums) != 4:
                raise CatalogError(
                    "norms.toml", f"{sex}[{index}].minimums", "need 4 numbers"
                )
            if minimums != sorted(minimums, reverse=True):
                raise CatalogError(
                    "norms.toml", f"{sex}[{index}].minimums", "must fall"
                )
    return data


def norm_category(profile: Profile) -> NormResult:
    """The CSEP/ACSM category of ``profile.max_pushups``, where the norms apply."""
    norms = load_norms()
    if profile.sex is None:
        return NormResult(
            False, None, msg("Norms need your sex to pick the test protocol.")
        )
    protocol = norms["variants"][profile.sex]
    if profile.variant != protocol:
        values = {
            "protocol": exercise_phrase(protocol, protocol),
            "variant": exercise_phrase(profile.variant, profile.variant),
        }
        if profile.sex == "female":
            note = msg(
                "CSEP norms for females use %(protocol)s, not %(variant)s.", **values
            )
        else:
            note = msg(
                "CSEP norms for males use %(protocol)s, not %(variant)s.", **values
            )
        return NormResult(False, None, note)
    if profile.age is None:
        return NormResult(False, None, msg("Norms need your age."))
    for band in norms[profile.sex]:
        low, high = band["ages"]
        if low <= profile.age <= high:
            categories = norms["categories"]
            for name, minimum in zip(categories, band["minimums"], strict=False):
                if profile.max_pushups >= minimum:
                    return _rated(name, profile.sex, low, high)
            return _rated(categories[-1], profile.sex, low, high)
    return NormResult(
        False,
        None,
        msg("CSEP/ACSM norms cover ages %(low)d-%(high)d only.", low=15, high=69),
    )
