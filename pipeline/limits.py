"""Per-document time limits, so one pathological input cannot hang a batch.

``time_limit(seconds)`` raises ``DocTimeout`` when the block runs longer than
``seconds``. It uses ``SIGALRM`` (``setitimer``), which only works in the main
thread of a process: that is where the local engine and its worker processes
run documents. Elsewhere (e.g. inside a Dask worker thread) the limit is not
enforced and the block runs to its end; ``max_chars`` still bounds the work.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator


class DocTimeout(Exception):
    """A document went over its time limit."""


def _enforceable(seconds: float) -> bool:
    return (seconds > 0 and hasattr(signal, "setitimer")
            and threading.current_thread() is threading.main_thread())


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    if not _enforceable(seconds):
        yield
        return

    def _raise(signum, frame):  # noqa: ARG001
        raise DocTimeout(f"over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
