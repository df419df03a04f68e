"""Reading gold files and predictions into ``pipeline.models`` objects.

Gold: every ``<doc_id>.json`` in the gold folder is one ``GoldFile``.

Predictions: either an extraction output folder (``events.jsonl``, plus
``documents.jsonl`` telling which documents were processed) or a bare
``events.jsonl`` file (then a document counts as processed when it has at
least one event line).

Only documents that have a gold file are scored; predicted events of other
documents are listed as unscored. A gold document without any predicted
event counts all its gold events as missed.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from pydantic import ValidationError

from pipeline.models import DocumentRecord, Event, GoldFile

EVENTS_FILE = "events.jsonl"
DOCUMENTS_FILE = "documents.jsonl"


class EvalInputError(Exception):
    """A prediction or gold input that cannot be read; the message says which and why."""


@dataclass(frozen=True)
class Predictions:
    """Predicted events grouped by document, and each processed document's status.

    ``status`` maps ``doc_id`` to the ``documents.jsonl`` status ("ok", "error",
    "skipped"); a document seen only in ``events.jsonl`` is "ok".
    """

    events: dict[str, list[Event]] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)


def _jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as exc:
                    raise EvalInputError(f"{path}:{number}: malformed JSON ({exc.msg})") from None


def _validated(model, data: dict, where: str):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise EvalInputError(f"{where}: not a valid {model.__name__} ({exc.error_count()} "
                             f"errors, first: {first['msg']} at {first['loc']})") from None


def load_gold(folder: Path) -> dict[str, GoldFile]:
    """Every gold file of ``folder``, keyed by ``doc_id``."""
    if not folder.is_dir():
        raise EvalInputError(f"--gold folder does not exist: {folder}")
    gold: dict[str, GoldFile] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise EvalInputError(f"{path}: malformed JSON ({exc.msg})") from None
        gold_file = _validated(GoldFile, data, str(path))
        if gold_file.doc_id in gold:
            raise EvalInputError(f"{path}: doc_id {gold_file.doc_id!r} has another gold file")
        gold[gold_file.doc_id] = gold_file
    return gold


def load_predictions(source: Path) -> Predictions:
    """Predicted events from an output folder or an ``events.jsonl`` file."""
    if not source.exists():
        raise EvalInputError(f"--pred does not exist: {source}")
    events_path = source / EVENTS_FILE if source.is_dir() else source
    if not events_path.is_file():
        raise EvalInputError(f"no {EVENTS_FILE} in {source} (evaluate a run written as JSONL)")
    events: dict[str, list[Event]] = {}
    for number, data in _jsonl(events_path):
        event = _validated(Event, data, f"{events_path}:{number}")
        events.setdefault(event.doc_id, []).append(event)
    status = dict.fromkeys(events, "ok")
    documents_path = events_path.parent / DOCUMENTS_FILE
    if source.is_dir() and documents_path.is_file():
        for number, data in _jsonl(documents_path):
            record = _validated(DocumentRecord, data, f"{documents_path}:{number}")
            status[record.doc_id] = record.status
    return Predictions(events=events, status=status)
