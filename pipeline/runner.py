"""Batch runs: ingestion -> batches -> engine -> sinks, with a summary.

``run_extract`` streams the inputs in batches of ``batch_size`` to an engine
(``engines``: this process, ``--workers`` processes, or Dask), writes each
batch's results in input order to the database (``--db``) and then to
``documents.jsonl``/``events.jsonl``, and finally exports ``events.csv`` or
``events.parquet`` (``--format``). With ``--resume`` the documents already in
``--out`` with the same content are skipped (``resume``).
"""
from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import spacy

from pipeline.db import DatabaseError, DatabaseSink
from pipeline.engines import BatchOutput, EngineError, make_engine
from pipeline.ingest import iter_inputs
from pipeline.models import RawDocument
from pipeline.options import Options
from pipeline.progress import Progress
from pipeline.resume import Resume
from pipeline.sinks import EXPORTS, JsonlSink, Sink


class RunError(RuntimeError):
    """The run cannot proceed (unreachable database or scheduler, missing model)."""


@dataclass
class Summary:
    ok: int = 0
    error: int = 0
    skipped: int = 0
    events: int = 0
    seconds: float = 0.0
    resumed: int = 0  # of ``skipped``: documents already written by an earlier run
    peak_rss: dict[str, int] = field(default_factory=dict)  # worker -> bytes

    @property
    def documents(self) -> int:
        return self.ok + self.error + self.skipped

    def add(self, output: BatchOutput) -> None:
        for r in output.results:
            setattr(self, r.document.status, getattr(self, r.document.status) + 1)
            self.events += len(r.events)
        if output.peak_rss:
            self.peak_rss[output.worker] = max(output.peak_rss,
                                               self.peak_rss.get(output.worker, 0))

    def line(self) -> str:
        resumed = f" ({self.resumed} already done)" if self.resumed else ""
        return (f"evex: {self.ok} ok, {self.error} error, {self.skipped} skipped{resumed} "
                f"documents; {self.events} events in {self.seconds:.1f} s")


def batched(it: Iterable[RawDocument], n: int) -> Iterator[list[RawDocument]]:
    it = iter(it)
    while chunk := list(itertools.islice(it, n)):
        yield chunk


def _check_model(model: str) -> None:
    if not (spacy.util.is_package(model) or Path(model).is_dir()):
        raise RunError(f"evex: spaCy pipeline {model!r} is not installed")


def _todo(docs: Iterable[RawDocument], resume: Resume, summary: Summary) -> Iterator[RawDocument]:
    """The documents to process: those not already written with the same content."""
    for raw in docs:
        if resume.skip(raw):
            summary.skipped += 1
            summary.resumed += 1
        else:
            yield raw


def run_extract(inputs: list[str], out_dir: Path, options: Options) -> Summary:
    """Extract events from ``inputs`` into ``out_dir``; return the run's summary.

    Raises ``RunError`` when the run cannot proceed.
    """
    started = time.perf_counter()
    summary = Summary()
    _check_model(options.model)
    try:
        _run(inputs, out_dir, options, summary)
    except (DatabaseError, EngineError) as exc:
        raise RunError(f"evex: {exc}") from exc
    summary.seconds = time.perf_counter() - started
    return summary


def _run(inputs: list[str], out_dir: Path, options: Options, summary: Summary) -> None:
    # the database first: unreachable, it stops the run before any file is touched; and a
    # batch is in the files (what --resume trusts) only once it is in the database
    sinks: list[Sink] = [DatabaseSink(options.db)] if options.db else []
    resume = Resume.prepare(out_dir) if options.resume else Resume.fresh(out_dir)
    sinks.append(JsonlSink(out_dir, append=options.resume))
    progress = Progress.for_run(options.quiet)
    try:
        engine = make_engine(options)
        try:
            docs = _todo(iter_inputs(inputs, max_bytes=options.max_bytes), resume, summary)
            for output in engine.map(batched(docs, options.batch_size)):
                for sink in sinks:
                    sink.write(output.results)
                summary.add(output)
                progress.update(summary.documents, summary.events, summary.error)
        finally:
            engine.close()
    finally:
        progress.close()
        for sink in sinks:
            sink.close()
        resume.close()
    if options.format in EXPORTS:
        EXPORTS[options.format](out_dir)
