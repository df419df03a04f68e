"""Resumable runs: compaction rules, and a real SIGKILL in the middle of a run."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from batchdocs import read_jsonl, write_jsonl
from pipeline.models import RawDocument
from pipeline.resume import JOURNAL, Resume, compact


def doc_line(doc_id, n_events, sha="s", status="ok"):
    return json.dumps({"doc_id": doc_id, "source": doc_id, "status": status,
                       "n_events": n_events, "content_sha256": sha}) + "\n"


def event_line(event_id, doc_id):
    return json.dumps({"event_id": event_id, "doc_id": doc_id}) + "\n"


def write(path: Path, *lines: str) -> None:
    path.write_text("".join(lines), encoding="utf-8")


def ids(path: Path, key: str) -> list[str]:
    return [r[key] for r in read_jsonl(path)]


def test_resume_compact_drops_partial_lines_and_orphan_events(tmp_path):
    write(tmp_path / "documents.jsonl", doc_line("d1", 2), doc_line("d2", 1), '{"doc_id": "d3"')
    write(tmp_path / "events.jsonl", event_line("e1", "d1"), event_line("e2", "d1"),
          event_line("e3", "d2"), event_line("e4", "d3"), event_line("e5", "d4"),
          '{"event_id": "e6", "doc_')
    done, n_lines = compact(tmp_path)
    assert done == {"d1": {"s"}, "d2": {"s"}} and n_lines == 2
    assert ids(tmp_path / "documents.jsonl", "doc_id") == ["d1", "d2"]
    assert ids(tmp_path / "events.jsonl", "event_id") == ["e1", "e2", "e3"]


def test_resume_compact_drops_events_of_a_document_written_again_partially(tmp_path):
    # d1 complete with one event; a later run crashed after writing d1's events again
    write(tmp_path / "documents.jsonl", doc_line("d1", 1))
    write(tmp_path / "events.jsonl", event_line("e1", "d1"), event_line("e1", "d1"))
    compact(tmp_path)
    assert ids(tmp_path / "events.jsonl", "event_id") == ["e1"]


def test_resume_compact_keeps_duplicate_id_records(tmp_path):
    write(tmp_path / "documents.jsonl", doc_line("a", 1, "s1"), doc_line("a", 0, "s2", "error"))
    write(tmp_path / "events.jsonl", event_line("e1", "a"))
    done, _ = compact(tmp_path)
    assert done == {"a": {"s1", "s2"}}
    assert len(read_jsonl(tmp_path / "documents.jsonl")) == 2
    assert ids(tmp_path / "events.jsonl", "event_id") == ["e1"]


def _raw(doc_id, sha):
    return RawDocument(doc_id=doc_id, source=doc_id, text="t", content_sha256=sha)


def test_resume_skips_same_content_and_replaces_changed_content(tmp_path):
    write(tmp_path / "documents.jsonl", doc_line("d1", 1, "old"), doc_line("d2", 1, "same"))
    write(tmp_path / "events.jsonl", event_line("x1", "d1"), event_line("x2", "d2"))
    resume = Resume.prepare(tmp_path)
    assert resume.skip(_raw("d2", "same"))
    assert not resume.skip(_raw("d1", "new"))
    assert not resume.skip(_raw("d3", "any"))
    with (tmp_path / "events.jsonl").open("a") as fh:  # what the sink appends for d1 and d3
        fh.write(event_line("y1", "d1"))
    with (tmp_path / "documents.jsonl").open("a") as fh:
        fh.write(doc_line("d1", 1, "new") + doc_line("d3", 0, "any"))
    resume.close()
    docs = read_jsonl(tmp_path / "documents.jsonl")
    assert [(d["doc_id"], d["content_sha256"]) for d in docs] == [
        ("d2", "same"), ("d1", "new"), ("d3", "any")]
    assert ids(tmp_path / "events.jsonl", "event_id") == ["x2", "y1"]
    assert not (tmp_path / JOURNAL).exists()


def test_resume_journal_of_a_killed_run_drops_the_replaced_document(tmp_path):
    write(tmp_path / "documents.jsonl", doc_line("d1", 1, "old"))
    write(tmp_path / "events.jsonl", event_line("x1", "d1"))
    Resume.prepare(tmp_path).skip(_raw("d1", "new"))  # then killed before writing d1
    resume = Resume.prepare(tmp_path)
    assert resume.done == {}
    assert read_jsonl(tmp_path / "events.jsonl") == []


@pytest.mark.parametrize("left, kept_events", [
    ("documents.jsonl.tmp", ["x1"]),  # events were already replaced: finish the rename
    ("events.jsonl.tmp", ["x1", "x2"]),  # nothing replaced yet: discard the temporary files
])
def test_resume_recovers_an_interrupted_compaction(tmp_path, left, kept_events):
    write(tmp_path / "documents.jsonl", doc_line("d1", 1), doc_line("d2", 1))
    write(tmp_path / "events.jsonl", event_line("x1", "d1"), event_line("x2", "d2"))
    write(tmp_path / left, doc_line("d1", 1) if left.startswith("documents") else "garbage")
    compact(tmp_path)
    assert ids(tmp_path / "events.jsonl", "event_id") == kept_events
    assert not (tmp_path / left).exists()


def _extract(inputs: Path, out: Path, *extra: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "pipeline", "extract", str(inputs), "--out", str(out),
           "--batch-size", "2", "--timeout", "0", "--quiet", *extra]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_resume_after_sigkill_writes_every_document_once(tmp_path):
    inputs = write_jsonl(tmp_path / "in.jsonl", 60)
    killed, full = tmp_path / "killed", tmp_path / "full"
    proc = _extract(inputs, killed)
    try:
        deadline = time.monotonic() + 600
        while _lines(killed / "documents.jsonl") < 6 and proc.poll() is None:
            assert time.monotonic() < deadline, "the run wrote nothing in 600 s"
            time.sleep(0.02)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL, "the run ended before it could be killed"
    assert _lines(killed / "documents.jsonl") < 60

    resumed = _extract(inputs, killed, "--resume")
    reference = _extract(inputs, full)
    assert resumed.wait() == 0, resumed.stderr.read().decode()
    assert reference.wait() == 0, reference.stderr.read().decode()

    docs = read_jsonl(killed / "documents.jsonl")
    assert sorted(d["doc_id"] for d in docs) == [f"doc-{i:03d}" for i in range(60)]
    events = read_jsonl(killed / "events.jsonl")
    event_ids = [e["event_id"] for e in events]
    assert len(event_ids) == len(set(event_ids))
    assert events, "the generated documents should yield events"
    key = lambda e: e["event_id"]  # noqa: E731
    assert sorted(events, key=key) == sorted(read_jsonl(full / "events.jsonl"), key=key)
    assert sorted(docs, key=lambda d: d["doc_id"]) == read_jsonl(full / "documents.jsonl")
