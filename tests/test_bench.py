"""evex bench: the generated corpus and a tiny end-to-end measurement."""
from __future__ import annotations

import hashlib
import json

import pytest

from pipeline.bench import build_corpus
from pipeline.cli import main

PARAGRAPHS = [f"Paragraph {name} has a few words of its own here." for name in "abcdefghij"]


def test_bench_corpus_is_distinct_seeded_and_sized():
    texts = build_corpus(PARAGRAPHS, 40, 4000)
    assert len(texts) == 40
    assert len({hashlib.sha256(t.encode()).hexdigest() for t in texts}) == 40
    assert all(100 <= len(t.split()) < 100 + 10 for t in texts)
    assert build_corpus(PARAGRAPHS, 40, 4000) == texts
    assert build_corpus(PARAGRAPHS, 40, 4000, seed=1) != texts


def test_bench_corpus_too_small_to_be_distinct_is_an_error():
    with pytest.raises(ValueError):
        build_corpus(["only one paragraph here"], 5, 5)


def test_bench_tiny_run_reports_every_measurement(tmp_path, corpus_dir, capsys):
    out = tmp_path / "bench"
    assert main(["bench", "--out", str(out), "--docs", "8", "--words", "1600", "--no-dask",
                 "--corpus", str(corpus_dir)]) == 0
    report = json.loads((out / "results.json").read_text())
    assert report["docs"] == 8 and report["words"] >= 1600
    assert set(report["runs"]) == {"bare", "extract-1w", "extract-2w"}
    for run in report["runs"].values():
        assert run["seconds"] > 0 and run["words_per_s"] > 0 and run["docs_per_s"] > 0
        assert run["peak_rss_mb"] and all(v > 0 for v in run["peak_rss_mb"].values())
    assert 1 <= len(report["runs"]["extract-2w"]["peak_rss_mb"]) <= 2  # one batch: one worker
    assert report["ratios"]["extract_1w_over_bare"] > 0
    assert report["ratios"]["extract_2w_over_1w"] > 0 and report["ratios"]["dask_over_1w"] is None
    assert "extract_2w_over_1w" in capsys.readouterr().out
