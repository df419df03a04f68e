"""Batch runs: ingestion -> batches -> extraction -> sinks, with a summary."""
from __future__ import annotations

import itertools
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from pipeline.extract import process_batch
from pipeline.ingest import iter_inputs
from pipeline.models import RawDocument
from pipeline.nlp import get_pipeline
from pipeline.options import Options
from pipeline.sinks import JsonlSink


@dataclass
class Summary:
    ok: int = 0
    error: int = 0
    skipped: int = 0
    events: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"evex: {self.ok} ok, {self.error} error, {self.skipped} skipped documents; "
                f"{self.events} events in {self.seconds:.1f} s")


def batched(it: Iterable[RawDocument], n: int) -> Iterator[list[RawDocument]]:
    it = iter(it)
    while chunk := list(itertools.islice(it, n)):
        yield chunk


def run_extract(inputs: list[str], out_dir: Path, options: Options) -> Summary:
    """Extract events from ``inputs`` into ``out_dir``; return the run's summary."""
    started = time.perf_counter()
    summary = Summary()
    nlp = get_pipeline(options.model)
    sink = JsonlSink(out_dir)
    try:
        for batch in batched(iter_inputs(inputs, max_bytes=options.max_bytes), options.batch_size):
            results = process_batch(batch, nlp, options)
            sink.write(results)
            for r in results:
                setattr(summary, r.document.status, getattr(summary, r.document.status) + 1)
                summary.events += len(r.events)
    finally:
        sink.close()
    summary.seconds = time.perf_counter() - started
    return summary
