"""Sinks: where documents and events are written (JSONL by default)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from pipeline.models import DocResult


class Sink(Protocol):
    def write(self, results: list[DocResult]) -> None: ...
    def close(self) -> None: ...


class JsonlSink:
    """``documents.jsonl`` and ``events.jsonl`` in ``out_dir``; one flush per batch."""

    def __init__(self, out_dir: Path, append: bool = False) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        mode = "a" if append else "w"
        self.docs = (out_dir / "documents.jsonl").open(mode, encoding="utf-8")
        self.events = (out_dir / "events.jsonl").open(mode, encoding="utf-8")

    def write(self, results: list[DocResult]) -> None:
        # events first, then the document line: a document line means "complete" for --resume
        for r in results:
            for ev in r.events:
                self.events.write(ev.model_dump_json(by_alias=True) + "\n")
        self.events.flush()
        for r in results:
            self.docs.write(r.document.model_dump_json() + "\n")
        self.docs.flush()

    def close(self) -> None:
        self.events.close()
        self.docs.close()


def dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False)
