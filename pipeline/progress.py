"""A one-line progress display on standard error for long runs.

Shown only when standard error is a terminal and the run is not ``--quiet``;
it redraws at most ``interval`` times a second and clears itself at the end.
The input is streamed, so it counts what is done instead of a percentage.
"""
from __future__ import annotations

import sys
import time
from typing import IO, Optional


class Progress:
    def __init__(self, enabled: bool, stream: Optional[IO[str]] = None,
                 interval: float = 0.5) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.interval = interval
        self.started = time.perf_counter()
        self._drawn = 0.0
        self._width = 0

    @classmethod
    def for_run(cls, quiet: bool) -> "Progress":
        """Enabled when standard error is a terminal and the run is not quiet."""
        return cls(enabled=not quiet and sys.stderr.isatty())

    @staticmethod
    def render(docs: int, events: int, errors: int, seconds: float) -> str:
        rate = docs / seconds if seconds > 0 else 0.0
        return (f"evex: {docs} documents ({errors} error), {events} events, "
                f"{rate:.1f} docs/s, {seconds:.0f} s")

    def update(self, docs: int, events: int, errors: int) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if now - self._drawn < self.interval:
            return
        self._drawn = now
        line = self.render(docs, events, errors, now - self.started)
        self.stream.write("\r" + line.ljust(self._width))
        self.stream.flush()
        self._width = len(line)

    def close(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
