"""Resumable runs: what an interrupted run left in ``--out``, and how to go on.

Writing order (``sinks.JsonlSink``): a batch's events first, then its document
lines, both appended and flushed. A document line therefore means "this
document and all its events are written"; a run killed at any moment leaves
complete lines, then at most a partial last line, and events of documents
whose line never came.

``prepare`` (called by ``--resume`` before anything is written) *compacts*
the two files: it drops partial lines and the events no document line claims.
The events of a ``doc_id`` belong to its document lines in file order, each
line claiming ``n_events`` of them, so the rule needs no event-to-line key.

A document whose ``doc_id`` was already written with other content is
processed again; the journal (``.evex-resume.jsonl``) records that, and the
file sizes at the start of the run, so the next compaction drops the old
lines (``Resume.close`` runs it at the end of the run, and a killed run's
journal is applied by the next ``prepare``).

Compaction writes both files to ``*.tmp`` and renames events first: a left
``documents.jsonl.tmp`` alone means the events were already replaced, so the
next compaction finishes the rename; a left ``events.jsonl.tmp`` means
nothing was replaced yet and both are discarded.
"""
from __future__ import annotations

import json
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterator, Optional

from pipeline.models import RawDocument

DOCUMENTS = "documents.jsonl"
EVENTS = "events.jsonl"
JOURNAL = ".evex-resume.jsonl"


def _complete_lines(path: Path) -> Iterator[tuple[str, dict]]:
    """The complete lines of ``path`` that hold a JSON object, with the object."""
    if not path.exists():
        return
    with path.open("r", encoding="utf-8") as fh:
        for line in fh:
            if not line.endswith("\n"):
                return  # a partial last line: the writer was killed mid-line
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict):
                yield line, obj


def _has_id(record: dict) -> bool:
    return isinstance(record.get("doc_id"), str)


@dataclass
class _Journal:
    base_documents: int = -1  # lines of documents.jsonl at the start of the run
    replaced: dict[str, set] = field(default_factory=lambda: defaultdict(set))
    matched: dict[str, set] = field(default_factory=lambda: defaultdict(set))

    @classmethod
    def read(cls, path: Path) -> "_Journal":
        journal = cls()
        for _, entry in _complete_lines(path):
            if "base_documents" in entry:
                journal.base_documents = entry["base_documents"]
            elif entry.get("kind") == "replaced":
                journal.replaced[entry["doc_id"]].add(entry["sha"])
            elif entry.get("kind") == "matched":
                journal.matched[entry["doc_id"]].add(entry["sha"])
        return journal

    def is_stale(self, index: int, doc: dict) -> bool:
        """An old line of a document processed again with other content."""
        doc_id = doc["doc_id"]
        return (index < self.base_documents and doc_id in self.replaced
                and doc.get("content_sha256") not in self.matched[doc_id])


def _write_lines(path: Path, lines: Iterator[str]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for line in lines:
            fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


def _recover(out_dir: Path) -> None:
    """Finish or undo a compaction that was interrupted."""
    docs_tmp, events_tmp = out_dir / (DOCUMENTS + ".tmp"), out_dir / (EVENTS + ".tmp")
    if events_tmp.exists():
        events_tmp.unlink()
        docs_tmp.unlink(missing_ok=True)
    elif docs_tmp.exists():
        os.replace(docs_tmp, out_dir / DOCUMENTS)


def compact(out_dir: Path) -> tuple[dict[str, set], int]:
    """Rewrite ``out_dir``'s files to complete documents only.

    Returns ``{doc_id: {content_sha256}}`` of the documents written and the
    number of lines of ``documents.jsonl``.
    """
    _recover(out_dir)
    journal = _Journal.read(out_dir / JOURNAL)
    kept_docs: list[tuple[str, dict]] = []
    claims: dict[str, list[tuple[int, bool]]] = defaultdict(list)  # doc_id -> [(n_events, keep)]
    documents = (item for item in _complete_lines(out_dir / DOCUMENTS) if _has_id(item[1]))
    for index, (line, doc) in enumerate(documents):
        keep = not journal.is_stale(index, doc)
        claims[doc["doc_id"]].append((int(doc.get("n_events") or 0), keep))
        if keep:
            kept_docs.append((line, doc))
    _write_lines(out_dir / (EVENTS + ".tmp"), _claimed_events(out_dir / EVENTS, claims))
    _write_lines(out_dir / (DOCUMENTS + ".tmp"),
                 (line for line, _ in kept_docs))
    os.replace(out_dir / (EVENTS + ".tmp"), out_dir / EVENTS)
    os.replace(out_dir / (DOCUMENTS + ".tmp"), out_dir / DOCUMENTS)
    (out_dir / JOURNAL).unlink(missing_ok=True)
    done: dict[str, set] = defaultdict(set)
    for _, doc in kept_docs:
        done[doc["doc_id"]].add(doc.get("content_sha256"))
    return dict(done), len(kept_docs)


def _claimed_events(path: Path, claims: dict[str, list[tuple[int, bool]]]) -> Iterator[str]:
    """Events that a kept document line claims, in file order."""
    seen: dict[str, int] = defaultdict(int)
    for line, event in _complete_lines(path):
        if not _has_id(event):
            continue
        doc_id = event["doc_id"]
        position = seen[doc_id]
        seen[doc_id] += 1
        for n_events, keep in claims.get(doc_id, ()):
            if position < n_events:
                if keep:
                    yield line
                break
            position -= n_events


class Resume:
    """Decides which inputs a resumed run skips, and journals the others."""

    def __init__(self, out_dir: Path, done: dict[str, set], base_documents: int = 0) -> None:
        self.out_dir = out_dir
        self.done = done
        self.base_documents = base_documents
        self.replaced = False
        self._journal: Optional[IO[str]] = None

    @classmethod
    def prepare(cls, out_dir: Path) -> "Resume":
        """Compact what an earlier run left and start this run's journal."""
        out_dir.mkdir(parents=True, exist_ok=True)
        return cls(out_dir, *compact(out_dir))

    @classmethod
    def fresh(cls, out_dir: Path) -> "Resume":
        """A run that starts from nothing: no document is skipped."""
        (out_dir / JOURNAL).unlink(missing_ok=True)
        return cls(out_dir, {})

    def skip(self, raw: RawDocument) -> bool:
        """Whether ``raw`` was already written with the same content."""
        shas = self.done.get(raw.doc_id)
        if shas is None:
            return False
        if raw.content_sha256 in shas:
            if len(shas) > 1:  # a doc_id written more than once: remember which lines stay
                self._record({"kind": "matched", "doc_id": raw.doc_id, "sha": raw.content_sha256})
            return True
        self.replaced = True
        self._record({"kind": "replaced", "doc_id": raw.doc_id, "sha": raw.content_sha256})
        return False

    def _record(self, entry: dict) -> None:
        if self._journal is None:
            self._journal = (self.out_dir / JOURNAL).open("w", encoding="utf-8")
            self._journal.write(json.dumps({"base_documents": self.base_documents}) + "\n")
        self._journal.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._journal.flush()
        os.fsync(self._journal.fileno())

    def close(self) -> None:
        """Drop the lines that documents processed again have replaced."""
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        if self.replaced:
            compact(self.out_dir)
