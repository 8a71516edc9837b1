"""Keep MediaPipe's start-up chatter (TensorFlow Lite, absl, glog) off the console.

MediaPipe's native code writes INFO and WARNING lines straight to file descriptor 2
when a graph is built and first run ("Created TensorFlow Lite XNNPACK delegate",
"All log messages before absl::InitializeLog() ...", "W0000 ... Feedback manager
requires ..."). No environment variable silences the absl ones, so
:func:`native_logs_filtered` captures descriptor 2 for the few moments a graph
starts, then writes back every line that is not such chatter (errors stay visible).
The environment variables that do work are set by :mod:`pushback.video` itself,
before any of its modules imports mediapipe.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["native_logs_filtered"]

_CHATTER = re.compile(
    r"^(INFO: Created TensorFlow Lite"
    r"|WARNING: All log messages before absl::InitializeLog\(\)"
    r"|[IW]\d{4} [\d:.]+ +\d+ \S+:\d+\])"
)
_LOCK = threading.Lock()


@contextmanager
def native_logs_filtered() -> Iterator[None]:
    """Capture descriptor 2 inside the block; write back all but the chatter."""
    with _LOCK, tempfile.TemporaryFile() as captured:
        sys.stderr.flush()
        saved = os.dup(2)
        os.dup2(captured.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            text = captured.read().decode("utf-8", errors="replace")
            kept = [line for line in text.splitlines() if not _CHATTER.match(line)]
            if kept:
                sys.stderr.write("\n".join(kept) + "\n")
