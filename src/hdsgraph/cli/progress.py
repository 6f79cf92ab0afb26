"""A progress bar on standard error: redrawn in place on a terminal, one line per step otherwise."""

from __future__ import annotations

import sys
from typing import TextIO

__all__ = ["ProgressBar"]


class ProgressBar:
    def __init__(self, label: str, stream: TextIO | None = None, width: int = 30) -> None:
        self._label = label
        self._stream = stream or sys.stderr
        self._width = width
        self._tty = self._stream.isatty()

    def __call__(self, done: int, total: int, item: str) -> None:
        filled = self._width * done // total if total else self._width
        bar = "#" * filled + "-" * (self._width - filled)
        line = f"{self._label} [{bar}] {done}/{total} {item}"
        if self._tty:
            self._stream.write("\r\x1b[K" + line + ("\n" if done == total else ""))
        else:
            self._stream.write(line + "\n")
        self._stream.flush()
