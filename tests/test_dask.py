"""Dask engine: a local cluster of two worker processes writes what the local engine writes."""
from __future__ import annotations

import pytest

from batchdocs import write_jsonl
from pipeline.options import Options
from pipeline.runner import RunError, run_extract

QUICK = Options.load(quiet=True, doc_timeout=0, batch_size=4)


def sorted_lines(path):
    return sorted(path.read_text(encoding="utf-8").splitlines())


def test_dask_output_equals_local_engine(tmp_path, corpus_dir):
    inputs = [str(write_jsonl(tmp_path / "in.jsonl", 20)), str(corpus_dir / "000_bf8e2960f3a3a562.txt")]
    local, dask = tmp_path / "local", tmp_path / "dask"
    s_local = run_extract(inputs, local, QUICK)
    s_dask = run_extract(inputs, dask, QUICK.with_(engine="dask", workers=2))
    assert s_local.events > 0 and s_dask.events == s_local.events
    for name in ("documents.jsonl", "events.jsonl"):
        assert sorted_lines(dask / name) == sorted_lines(local / name), name
    assert len(s_dask.peak_rss) == 2  # both cluster workers processed batches


def test_dask_unreachable_scheduler_stops_the_run(tmp_path):
    with pytest.raises(RunError) as exc:
        run_extract([str(write_jsonl(tmp_path / "in.jsonl", 1))], tmp_path / "out",
                    QUICK.with_(engine="dask", scheduler="tcp://127.0.0.1:1"))
    assert "Dask scheduler" in str(exc.value)
