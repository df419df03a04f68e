"""Batch runs: batching, engines in input order, pre-filter, summary, progress, formats."""
from __future__ import annotations

import csv
import io
import json
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool

import pytest

from batchdocs import read_jsonl, write_jsonl
from pipeline import engines
from pipeline.cli import main
from pipeline.models import DocResult, DocumentRecord, RawDocument
from pipeline.options import Options
from pipeline.progress import Progress
from pipeline.runner import RunError, Summary, batched, run_extract

QUICK = Options.load(quiet=True, doc_timeout=0, batch_size=4)


def raw(i: int) -> RawDocument:
    return RawDocument(doc_id=f"r{i}", source=f"r{i}", text="Nothing happened.")


@pytest.mark.parametrize("n, size, lengths", [(0, 3, []), (5, 2, [2, 2, 1]), (6, 3, [3, 3])])
def test_runner_batched_keeps_order(n, size, lengths):
    batches = list(batched((raw(i) for i in range(n)), size))
    assert [len(b) for b in batches] == lengths
    assert [d.doc_id for b in batches for d in b] == [f"r{i}" for i in range(n)]


def test_runner_summary_counts_statuses_and_peak_rss():
    def result(status):
        return DocResult(document=DocumentRecord(doc_id="x", source="x", status=status))

    summary = Summary()
    summary.add(engines.BatchOutput([result("ok"), result("error"), result("skipped"),
                                     result("ok")], "w1", 100))
    summary.add(engines.BatchOutput([], "w1", 50))
    assert (summary.ok, summary.error, summary.skipped, summary.documents) == (2, 1, 1, 4)
    assert summary.peak_rss == {"w1": 100}
    summary.resumed = 1
    assert "1 already done" in summary.line() and summary.line().startswith("evex: 2 ok, 1 error")


def test_runner_two_workers_write_what_one_writes(tmp_path):
    inputs = write_jsonl(tmp_path / "in.jsonl", 30)
    one, two = tmp_path / "one", tmp_path / "two"
    s1 = run_extract([str(inputs)], one, QUICK.with_(workers=1))
    s2 = run_extract([str(inputs)], two, QUICK.with_(workers=2))
    assert s1.events > 0 and (s1.ok, s1.events) == (s2.ok, s2.events)
    for name in ("documents.jsonl", "events.jsonl"):
        assert (one / name).read_text() == (two / name).read_text(), name
    assert len(s2.peak_rss) >= 2 and all(v > 0 for v in s2.peak_rss.values())


PARAGRAPHS = (
    "The harvest festival drew large crowds to the old town this weekend.",
    "Traders said the price of onions had doubled since spring.",
    "Insurgents ambushed an army convoy near Bossaso on 12 February 2023, killing four "
    "soldiers, a military official said.",
    "The road was reopened later that evening.",
    "Schools in the region will close early for the holidays.",
)


def test_runner_prefilter_changes_no_event(tmp_path):
    lines = [{"id": f"p{i}", "published": "2023-02-13",
              "text": "\n\n".join(PARAGRAPHS[i:] + PARAGRAPHS[:i])} for i in range(len(PARAGRAPHS))]
    lines.append({"id": "none", "text": "\n\n".join(PARAGRAPHS[:2])})
    inputs = tmp_path / "in.jsonl"
    inputs.write_text("".join(json.dumps(line) + "\n" for line in lines))
    on = run_extract([str(inputs)], tmp_path / "on", QUICK.with_(prefilter=True))
    off = run_extract([str(inputs)], tmp_path / "off", QUICK.with_(prefilter=False))
    assert on.events == off.events >= len(PARAGRAPHS)
    assert read_jsonl(tmp_path / "on" / "events.jsonl") == read_jsonl(tmp_path / "off" / "events.jsonl")
    assert read_jsonl(tmp_path / "on" / "documents.jsonl") == read_jsonl(
        tmp_path / "off" / "documents.jsonl")


def test_runner_progress_draws_only_when_enabled():
    stream = io.StringIO()
    progress = Progress(enabled=True, stream=stream, interval=0)
    progress.update(12, 3, 1)
    progress.close()
    assert "12 documents (1 error), 3 events" in stream.getvalue()
    quiet = io.StringIO()
    Progress(enabled=False, stream=quiet, interval=0).update(1, 1, 0)
    assert quiet.getvalue() == ""
    assert not Progress.for_run(quiet=True).enabled


class _BrokenExecutor:
    """Stands in for a process pool whose worker dies on batches holding ``poison``."""

    def __init__(self, poison: str) -> None:
        self.poison = poison

    def submit(self, fn, batch, options):
        future = Future()
        if any(d.doc_id == self.poison for d in batch):
            future.set_exception(BrokenProcessPool("worker died"))
        else:
            future.set_result(engines.BatchOutput(
                [DocResult(document=DocumentRecord(doc_id=d.doc_id, source=d.source, status="ok"))
                 for d in batch], "fake", 1))
        return future

    def shutdown(self, wait=True, cancel_futures=False):
        return None


def test_runner_batch_that_kills_its_worker_becomes_error_records(monkeypatch):
    monkeypatch.setattr(engines.ProcessEngine, "_start", lambda self: _BrokenExecutor("r3"))
    engine = engines.ProcessEngine(QUICK.with_(workers=2))
    outputs = list(engine.map(batched((raw(i) for i in range(6)), 2)))
    statuses = [(r.document.doc_id, r.document.status) for o in outputs for r in o.results]
    assert statuses == [("r0", "ok"), ("r1", "ok"), ("r2", "error"), ("r3", "error"),
                        ("r4", "ok"), ("r5", "ok")]
    assert "E013" in outputs[1].results[0].document.error


def test_runner_missing_model_stops_the_run(tmp_path, capsys):
    with pytest.raises(RunError):
        run_extract(["x"], tmp_path, QUICK.with_(model="no_such_pipeline_xx"))
    assert main(["extract", "x", "--out", str(tmp_path), "--model", "no_such_pipeline_xx"]) == 2
    assert "no_such_pipeline_xx" in capsys.readouterr().err


def test_runner_formats_csv_and_parquet(tmp_path):
    import pyarrow.parquet as pq

    inputs = write_jsonl(tmp_path / "in.jsonl", 8)
    assert main(["extract", str(inputs), "--out", str(tmp_path / "c"), "--format", "csv",
                 "--timeout", "0", "--quiet"]) == 0
    events = read_jsonl(tmp_path / "c" / "events.jsonl")
    with (tmp_path / "c" / "events.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert events and [r["event_id"] for r in rows] == [e["event_id"] for e in events]
    assert {"event_date", "time_precision", "actor1", "actor2", "fatalities"} <= set(rows[0])
    assert main(["extract", str(inputs), "--out", str(tmp_path / "p"), "--format", "parquet",
                 "--timeout", "0", "--quiet"]) == 0
    assert pq.read_table(tmp_path / "p" / "events.parquet").num_rows == len(events)
