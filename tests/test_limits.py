"""Per-document time limits: a slow document fails alone, the batch goes on."""
from __future__ import annotations

import time

import pytest

from pipeline import extract
from pipeline.limits import DocTimeout, time_limit
from pipeline.models import RawDocument
from pipeline.options import Options


def test_limits_time_limit_interrupts_a_slow_block():
    started = time.perf_counter()
    with pytest.raises(DocTimeout):
        with time_limit(0.2):
            while True:
                pass
    assert time.perf_counter() - started < 2


def test_limits_time_limit_zero_means_none():
    with time_limit(0):
        time.sleep(0.01)


def test_limits_slow_document_is_an_error_and_batch_goes_on(nlp, monkeypatch):
    real = extract.assemble_events

    def slow_when_marked(doc, clean):
        if "SLOWPOKE" in clean.text:
            while True:
                pass
        return real(doc, clean)

    monkeypatch.setattr(extract, "assemble_events", slow_when_marked)
    raws = [RawDocument(doc_id=f"d{i}", source=f"d{i}", text=text) for i, text in enumerate([
        "Gunmen attacked a police post in Kano on 3 May 2021, killing two officers.",
        "SLOWPOKE gunmen attacked a market in Herat on 2 June 2020, killing four people.",
        "Troops clashed with militants near Gao on 4 April 2022.",
    ])]
    results = extract.process_batch(raws, nlp, Options(doc_timeout=0.5))
    assert [r.document.status for r in results] == ["ok", "error", "ok"]
    assert results[1].document.error.startswith("E012: ")
