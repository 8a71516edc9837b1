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
from pushback.domain.profile import Profile

__all__ = ["NormResult", "load_norms", "norm_category"]


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
        return NormResult(False, None, "Norms need your sex to pick the test protocol.")
    protocol = norms["variants"][profile.sex]
    if profile.variant != protocol:
        return NormResult(
            False,
            None,
            f"CSEP norms for {profile.sex}s use {protocol}, not {profile.variant}.",
        )
    if profile.age is None:
        return NormResult(False, None, "Norms need your age.")
    for band in norms[profile.sex]:
        low, high = band["ages"]
        if low <= profile.age <= high:
            categories = norms["categories"]
            for name, minimum in zip(categories, band["minimums"], strict=False):
                if profile.max_pushups >= minimum:
                    return NormResult(
                        True, name, f"CSEP/ACSM, {profile.sex} {low}-{high}."
                    )
            return NormResult(
                True, categories[-1], f"CSEP/ACSM, {profile.sex} {low}-{high}."
            )
    return NormResult(False, None, "CSEP/ACSM norms cover ages 15-69 only.")
