"""Smoothing filters, chosen by name, each with explicit parameters.

Two shapes of the same filters:

* batch functions over a uniformly sampled 1D array (``median``, ``mean``,
  ``savgol``), zero-phase (centred windows), NaN-free input expected;
* :class:`CentredFilter`, the incremental form used by the analysis: push one sample,
  get the smoothed value of the sample ``lag`` steps back (a fixed delay of
  ``window // 2`` samples per stage, no phase shift), and :class:`OneEuroFilter`, a
  causal adaptive low-pass (Casiez et al., CHI 2012) for live displays.

Windows are in samples and odd; :func:`window_samples` converts seconds.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from scipy.signal import savgol_coeffs

from pushback.domain.errors import InvalidInput
from pushback.domain.phrases import msg

__all__ = [
    "FILTERS",
    "CentredFilter",
    "OneEuroFilter",
    "apply_filter",
    "mean_filter",
    "median_filter",
    "savgol_filter",
    "window_samples",
]

FloatArray = NDArray[np.float64]


def window_samples(window_s: float, sample_rate_hz: float) -> int:
    """An odd window length in samples (at least 1) covering about ``window_s``."""
    n = max(1, round(window_s * sample_rate_hz))
    return n if n % 2 else n + 1


def _check_window(window: int) -> None:
    if window < 1 or window % 2 == 0:
        raise InvalidInput("window", window, msg("an odd number of samples >= 1"))


def _kernel(name: str, window: int, order: int) -> FloatArray | None:
    """Linear weights of a centred window, or None for the (non-linear) median."""
    if name == "median":
        return None
    if name == "mean":
        return np.full(window, 1.0 / window)
    if name == "savgol":
        if order >= window:
            return (
                np.full(window, 1.0 / window)
                if window < 3
                else _kernel("savgol", window, window - 1)
            )
        return np.asarray(savgol_coeffs(window, order, use="dot"), dtype=np.float64)
    raise InvalidInput(
        "filter", name, msg("one of %(choices)s", choices=", ".join(FILTERS))
    )


def _batch(values: FloatArray, name: str, window: int, order: int = 2) -> FloatArray:
    _check_window(window)
    x = np.asarray(values, dtype=np.float64)
    if window == 1 or x.size == 0:
        return x.copy()
    half = window // 2
    padded = np.pad(x, half, mode="edge")
    strided = np.lib.stride_tricks.sliding_window_view(padded, window)
    kernel = _kernel(name, window, order)
    if kernel is None:
        return np.asarray(np.median(strided, axis=-1), dtype=np.float64)
    return np.asarray(strided @ kernel, dtype=np.float64)


def median_filter(values: FloatArray, window: int) -> FloatArray:
    """Centred running median (removes one-frame spikes); edges are padded."""
    return _batch(values, "median", window)


def mean_filter(values: FloatArray, window: int) -> FloatArray:
    """Centred moving average; edges are padded."""
    return _batch(values, "mean", window)


def savgol_filter(values: FloatArray, window: int, order: int = 2) -> FloatArray:
    """Savitzky-Golay smoothing (local polynomial of ``order``), keeps peaks sharper."""
    return _batch(values, "savgol", window, order)


#: Batch filters by name.
FILTERS: dict[str, Callable[..., FloatArray]] = {
    "median": median_filter,
    "mean": mean_filter,
    "savgol": savgol_filter,
}


def apply_filter(
    name: str, values: FloatArray, window: int, order: int = 2
) -> FloatArray:
    """Apply the batch filter ``name`` with an odd ``window`` (samples).

    Raises:
        InvalidInput: unknown filter name or bad window.
    """
    if name not in FILTERS:
        raise InvalidInput(
            "filter", name, msg("one of %(choices)s", choices=", ".join(FILTERS))
        )
    return _batch(values, name, window, order)


class CentredFilter:
    """Incremental centred filter: ``push(x)`` returns the value ``lag`` samples back.

    The first ``lag`` pushes return None; :meth:`flush` returns the last ``lag`` values
    (edge-padded like the batch functions), so pushing a whole array then flushing gives
    exactly the batch result.
    """

    def __init__(self, name: str, window: int, order: int = 2) -> None:
        _check_window(window)
        self.name = name
        self.window = window
        self.lag = window // 2
        self._kernel = _kernel(name, window, order)
        self._raw: deque[float] = deque(maxlen=window)
        self._count = 0

    def _value_at(self, center: int) -> float:
        """Smoothed value of absolute sample ``center``, edges padded."""
        first = self._count - len(self._raw)
        values = [
            self._raw[min(max(j, 0), self._count - 1) - first]
            for j in range(center - self.lag, center + self.lag + 1)
        ]
        if self._kernel is None:
            return float(np.median(values))
        return float(np.dot(self._kernel, values))

    def push(self, x: float) -> float | None:
        """Add a sample; return the smoothed one ``lag`` back (None while filling)."""
        self._raw.append(x)
        self._count += 1
        if self._count <= self.lag:
            return None
        return self._value_at(self._count - 1 - self.lag)

    def flush(self) -> list[float]:
        """The pending smoothed samples (edge-padded), then resets the filter."""
        pending = range(max(0, self._count - self.lag), self._count)
        out = [self._value_at(c) for c in pending]
        self.reset()
        return out

    def reset(self) -> None:
        """Forget every sample (after a gap or a cut)."""
        self._raw.clear()
        self._count = 0


class OneEuroFilter:
    """Causal adaptive low-pass (one-euro filter, Casiez, Roussel and Vogel 2012).

    ``min_cutoff_hz`` sets smoothing at rest, ``beta`` how fast the cutoff rises with
    speed, ``derivative_cutoff_hz`` smooths the speed estimate.
    """

    def __init__(
        self,
        *,
        min_cutoff_hz: float = 1.0,
        beta: float = 0.0,
        derivative_cutoff_hz: float = 1.0,
    ) -> None:
        self.min_cutoff_hz = min_cutoff_hz
        self.beta = beta
        self.derivative_cutoff_hz = derivative_cutoff_hz
        self._last: tuple[float, float, float] | None = None

    @staticmethod
    def _alpha(cutoff_hz: float, dt_s: float) -> float:
        tau = 1.0 / (2 * math.pi * cutoff_hz)
        return 1.0 / (1.0 + tau / dt_s)

    def push(self, t_s: float, x: float) -> float:
        """Filter sample ``x`` taken at ``t_s`` (seconds, increasing)."""
        if self._last is None or t_s <= self._last[0]:
            self._last = (t_s, x, 0.0)
            return x
        t0, x0, dx0 = self._last
        dt = t_s - t0
        a_d = self._alpha(self.derivative_cutoff_hz, dt)
        dx = a_d * (x - x0) / dt + (1 - a_d) * dx0
        cutoff = self.min_cutoff_hz + self.beta * abs(dx)
        a = self._alpha(cutoff, dt)
        y = a * x + (1 - a) * x0
        self._last = (t_s, y, dx)
        return y

    def reset(self) -> None:
        """Forget the state."""
        self._last = None
