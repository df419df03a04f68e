"""Engines: where batches of documents are processed.

- ``SerialEngine``: in this process (``--workers 1``);
- ``ProcessEngine``: ``--workers N`` local processes (forkserver, else spawn);
- ``DaskEngine``: a Dask cluster (``--engine dask``), the one at
  ``--scheduler ADDRESS`` or a local one of ``--workers`` (at least 2) processes.

Every engine maps an iterable of batches to one ``BatchOutput`` per batch, in
input order, with at most ``window`` batches in flight, so a long input is
streamed and memory stays flat. Each worker process loads the pipeline once
(``pipeline.nlp.get_pipeline`` is cached per process; the model is never
pickled) and parses every batch inside ``nlp.memory_zone()``, after one
warm-up text outside it so that lazily built component state is permanent.
Local worker processes are also replaced every ``worker_max_batches``
batches each. A batch whose worker dies is run again alone in a fresh pool;
if it kills that one too, its documents are recorded as errors.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import socket
import sys
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, Iterator, Optional

from spacy.language import Language

from pipeline import errors
from pipeline.extract import failed, process_batch
from pipeline.models import DocResult, RawDocument
from pipeline.nlp import get_pipeline
from pipeline.options import Options

log = logging.getLogger(__name__)

WARM_UP_TEXT = ("Gunmen attacked a police post near the border on 4 June 2019, killing two "
                "officers; the army later arrested three suspects.")


class EngineError(RuntimeError):
    """The engine cannot start (e.g. the Dask scheduler is unreachable)."""


@dataclass(frozen=True)
class BatchOutput:
    results: list[DocResult]
    worker: str  # host:pid of the process that made the results
    peak_rss: int  # that process's peak resident set size so far, in bytes


def peak_rss() -> int:
    """Peak resident set size of this process in bytes.

    Linux's ``VmHWM`` when there is one: ``getrusage``'s ``ru_maxrss`` of a
    spawned or forked worker also counts its parent's size at the fork.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage if sys.platform == "darwin" else usage * 1024


@lru_cache(maxsize=4)
def worker_pipeline(model: str) -> Language:
    """The pipeline of this process, warmed up outside any memory zone."""
    nlp = get_pipeline(model)
    try:
        nlp(WARM_UP_TEXT)
    except Exception:  # a component bug: every document will record it as its error
        log.exception("the pipeline failed on the warm-up text")
    return nlp


def run_batch(batch: list[RawDocument], options: Options) -> BatchOutput:
    """Process one batch in the calling process (what every worker runs)."""
    nlp = worker_pipeline(options.model)
    with nlp.memory_zone():
        results = process_batch(batch, nlp, options)
    # the cleaned texts stay here: no sink writes them, and they would double the traffic
    results = [r.model_copy(update={"text": None}) for r in results]
    return BatchOutput(results, f"{socket.gethostname()}:{os.getpid()}", peak_rss())


def failed_batch(batch: list[RawDocument], detail: str) -> BatchOutput:
    """Error records for a batch that could not be processed at all."""
    results = [failed(raw, errors.message(errors.E_INTERNAL, path=raw.source, detail=detail))
               for raw in batch]
    return BatchOutput(results, "none", 0)


def _ordered(submit: Callable[[list[RawDocument]], Any],
             collect: Callable[[list[RawDocument], Any], BatchOutput],
             batches: Iterable[list[RawDocument]], window: int) -> Iterator[BatchOutput]:
    """Submit batches with at most ``window`` in flight; collect them in input order."""
    pending: deque[tuple[list[RawDocument], Any]] = deque()
    for batch in batches:
        pending.append((batch, submit(batch)))
        if len(pending) >= window:
            yield collect(*pending.popleft())
    while pending:
        yield collect(*pending.popleft())


class SerialEngine:
    """Batches processed one after the other in this process."""

    def __init__(self, options: Options) -> None:
        self.options = options

    def map(self, batches: Iterable[list[RawDocument]]) -> Iterator[BatchOutput]:
        for batch in batches:
            yield run_batch(batch, self.options)

    def close(self) -> None:
        return None


def _init_worker(model: str) -> None:
    worker_pipeline(model)


def _start_method() -> str:
    return "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"


class ProcessEngine:
    """``options.workers`` local processes, replaced every ``worker_max_batches`` batches."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.window = 2 * options.workers
        self._submitted = 0
        self._executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context(_start_method())
        return ProcessPoolExecutor(max_workers=self.options.workers, mp_context=context,
                                   initializer=_init_worker, initargs=(self.options.model,))

    def _restart(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
        self._executor = self._start()

    def _submit(self, batch: list[RawDocument]):
        # ProcessPoolExecutor's own max_tasks_per_child can deadlock (CPython gh-115634):
        # the pool is replaced as a whole instead, once the batches in flight are done.
        recycle_every = self.options.worker_max_batches * self.options.workers
        if recycle_every and self._submitted and self._submitted % recycle_every == 0:
            self._executor.shutdown(wait=True)
            self._executor = self._start()
        self._submitted += 1
        return self._executor.submit(run_batch, batch, self.options)

    def _collect(self, batch: list[RawDocument], future) -> BatchOutput:
        try:
            return future.result()
        except BrokenProcessPool:
            return self._run_alone(batch)
        except Exception as exc:  # a bug must not stop the run
            log.exception("a batch failed")
            return failed_batch(batch, f"{type(exc).__name__}: {exc}")

    def _run_alone(self, batch: list[RawDocument]) -> BatchOutput:
        """Run a batch whose worker died again, alone in a fresh pool."""
        self._restart()
        try:
            return self._executor.submit(run_batch, batch, self.options).result()
        except BrokenProcessPool:
            self._restart()
            return failed_batch(batch, "the worker process died while processing this batch")

    def map(self, batches: Iterable[list[RawDocument]]) -> Iterator[BatchOutput]:
        return _ordered(self._submit, self._collect, batches, self.window)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


class DaskEngine:
    """Batches submitted to a Dask cluster; results come back as ``BatchOutput``."""

    def __init__(self, options: Options) -> None:
        from dask.distributed import Client, LocalCluster

        self.options = options
        self._cluster: Optional[LocalCluster] = None
        try:
            if options.scheduler:
                self._client = Client(options.scheduler, timeout="20s")
            else:
                self._cluster = LocalCluster(
                    n_workers=max(2, options.workers), threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR)
                self._client = Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler "
                              f"{options.scheduler or '(local)'}: {exc}") from exc
        self.window = 2 * max(1, sum(self._client.nthreads().values()))

    def _submit(self, batch: list[RawDocument]):
        return self._client.submit(run_batch, batch, self.options, pure=False)

    def _collect(self, batch: list[RawDocument], future) -> BatchOutput:
        try:
            return future.result()
        except Exception as exc:  # KilledWorker, a bug: the run goes on
            log.error("a batch failed on the Dask cluster: %s", exc)
            return failed_batch(batch, f"{type(exc).__name__}: {exc}")

    def map(self, batches: Iterable[list[RawDocument]]) -> Iterator[BatchOutput]:
        return _ordered(self._submit, self._collect, batches, self.window)

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_engine(options: Options):
    """The engine that ``options.engine`` and ``options.workers`` ask for."""
    if options.engine == "dask":
        return DaskEngine(options)
    if options.workers > 1:
        return ProcessEngine(options)
    return SerialEngine(options)
