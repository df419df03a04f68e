"""``evex report``: one self-contained HTML file for an analyst to read a run.

Stages of :func:`build_report`:

1. ``load_run``      - ``documents.jsonl`` and ``events.jsonl`` of an ``evex
   extract`` folder, validated by the pydantic models;
2. ``article_texts`` - each document's cleaned text, made again from its
   ``source`` with ``ingest`` and ``clean`` (when the file is still there and
   unchanged); otherwise the evidence sentences alone stand in for it;
3. ``gold_status``   - with ``--gold``: the evaluation's alignment marks every
   predicted event matched or spurious and adds the missed gold events;
4. ``report_marks``  - evidence and field highlights, as text segments;
5. ``report_map``    - extent and offline land layer of the located events;
6. ``render``        - the template of ``resources/report/`` with its CSS, JS
   and the data inlined.

The page requests nothing from anywhere: CSS, script and data are inline and
its Content Security Policy allows only that script and style (by hash). Text
from articles reaches the page only as JSON inside
``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped, and
the script writes it with ``textContent``.
"""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import html
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional, Sequence

from pydantic import BaseModel, ValidationError

from pipeline import errors, resources
from pipeline.clean import clean_document
from pipeline.ingest import iter_inputs
from pipeline.models import EVENT_TYPES, DocumentRecord, Event, EventFields, GoldFile
from pipeline.report_map import base_map
from pipeline.report_marks import Mark, event_marks, segments

DOCUMENTS_FILE, EVENTS_FILE = "documents.jsonl", "events.jsonl"
TEMPLATE_DIR = "report"
_JSONL_LINE = re.compile(r"^(?P<file>.+\.jsonl):\d+$")
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_COUNT_FORMATS = {"at_least": "\u2265{}", "approx": "~{}", "vague": "{}?"}
SEPARATOR = "\n\n[\u2026]\n\n"  # between evidence sentences shown without their article


class ReportError(Exception):
    """The run folder or gold folder cannot be read; the message says which and why."""


@dataclass
class Run:
    """The records of one ``evex extract`` output folder."""

    documents: list[DocumentRecord]
    events: list[Event]


@dataclass
class Entry:
    """One row of the report: a predicted event, or (with ``--gold``) a gold event."""

    event: EventFields
    doc_id: str
    origin: str = "pred"  # "pred" or "gold"
    status: Optional[str] = None  # matched | spurious | missed | None (no gold for the doc)
    partner: Optional[int] = None  # index of the matched entry
    event_id: str = ""


@dataclass
class DocView:
    """A document as the report shows it: its record, its text and the marks in that text."""

    record: DocumentRecord
    text: Optional[str]  # the cleaned article, or a stand-in of evidence sentences
    full: bool  # whether ``text`` is the whole cleaned article
    marks: list[Mark] = field(default_factory=list)


# 1. loading ------------------------------------------------------------------

def _read_jsonl(path: Path, model: type[BaseModel]) -> list[Any]:
    if not path.is_file():
        raise ReportError(f"evex: no {path.name} in {path.parent} (give an `evex extract` folder)")
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                try:
                    rows.append(model.model_validate_json(line))
                except ValidationError as exc:
                    raise ReportError(f"evex: {path}:{number}: not a valid {model.__name__} "
                                      f"({exc.errors()[0]['msg']})") from None
    return rows


def load_run(folder: Path) -> Run:
    if not folder.is_dir():
        raise ReportError(f"evex: --pred folder does not exist: {folder}")
    return Run(_read_jsonl(folder / DOCUMENTS_FILE, DocumentRecord),
               _read_jsonl(folder / EVENTS_FILE, Event))


# 2. article texts ------------------------------------------------------------

def source_file(source: str, bases: Sequence[Path]) -> Optional[Path]:
    """The input file a document came from (a JSONL line's file too), if it still exists."""
    match = _JSONL_LINE.match(source)
    name = match.group("file") if match else source
    for base in bases:
        candidate = base / name
        if candidate.is_file():
            return candidate
    return None


def article_texts(records: Iterable[DocumentRecord], bases: Sequence[Path]) -> dict[str, str]:
    """The cleaned text of each record, made again from its source, by ``doc_id``.

    Each source file is read once (a JSONL file holds many documents). A
    record whose file is gone, changed since the run (another content hash) or
    no longer cleans has no entry.
    """
    wanted: dict[Path, dict[str, DocumentRecord]] = {}
    for record in records:
        path = source_file(record.source, bases) if record.status == "ok" else None
        if path is not None:
            wanted.setdefault(path, {})[record.doc_id] = record
    texts: dict[str, str] = {}
    for path, by_id in wanted.items():
        for raw in iter_inputs([str(path)]):
            record = by_id.get(raw.doc_id)
            if record is None or raw.status != "ok" or (
                    record.content_sha256 and raw.content_sha256 != record.content_sha256):
                continue
            try:
                text = clean_document(raw).text
            except errors.InputError:
                continue
            texts[raw.doc_id] = text[: record.text_chars] if record.text_chars else text
    return texts


def evidence_only(events: Iterable[EventFields]) -> str:
    """A stand-in text: the events' evidence sentences, in document order, once each."""
    sentences: dict[str, int] = {}
    for event in events:
        for evidence in event.evidence:
            sentences[evidence.sentence] = min(evidence.start,
                                               sentences.get(evidence.sentence, evidence.start))
    return SEPARATOR.join(sorted(sentences, key=sentences.__getitem__))


# 3. gold ---------------------------------------------------------------------

def load_gold(folder: Path) -> dict[str, GoldFile]:
    from evaluation.load import EvalInputError, load_gold as read_gold

    try:
        return read_gold(folder)
    except EvalInputError as exc:
        raise ReportError(f"evex: {exc}") from None


def _align(gold: Sequence[EventFields], pred: Sequence[EventFields]) -> list[tuple[int, int]]:
    from evaluation.align import align

    return [(g, p) for g, p, _ in align(gold, pred)]


def entries_with_gold(events: list[Event], gold: Optional[dict[str, GoldFile]]) -> list[Entry]:
    """Predicted entries, marked against ``gold`` when given, followed by the missed gold events."""
    entries = [Entry(e, e.doc_id, event_id=e.event_id) for e in events]
    if gold is None:
        return entries
    by_doc: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        by_doc.setdefault(entry.doc_id, []).append(i)
    for doc_id, gold_file in sorted(gold.items()):
        mine = by_doc.get(doc_id, [])
        pairs = dict(_align(gold_file.events, [entries[i].event for i in mine]))
        for i in mine:
            entries[i].status = "spurious"
        for g, gold_event in enumerate(gold_file.events):
            entry = Entry(gold_event, doc_id, origin="gold", event_id=gold_event.event_id or
                          f"{doc_id}-gold-{g + 1}")
            if g in pairs:
                matched = mine[pairs[g]]
                entries[matched].status, entry.status = "matched", "matched"
                entries[matched].partner, entry.partner = len(entries), matched
            else:
                entry.status = "missed"
            entries.append(entry)
    return entries


# 4. rows and documents -------------------------------------------------------

def count(value: Optional[int], qualifier: Optional[str]) -> str:
    """A casualty count as shown: ``≥4``, ``~30``, ``12``; "some" for a vague one without number."""
    if value is None:
        return "some" if qualifier == "vague" else ""
    return _COUNT_FORMATS.get(qualifier or "", "{}").format(value)


def row(entry: Entry, doc_index: dict[str, int]) -> dict[str, Any]:
    """The fields of one table row, as plain JSON values."""
    e, c = entry.event, entry.event.casualties
    loc = e.location
    return {
        "id": entry.event_id, "origin": entry.origin, "status": entry.status,
        "partner": entry.partner, "doc": doc_index.get(entry.doc_id), "doc_id": entry.doc_id,
        "type": e.event_type,
        "date": e.date.start.isoformat() if e.date else "",
        "date_end": (e.date.end or e.date.start).isoformat() if e.date else "",
        "date_text": e.date.text if e.date else "", "precision": e.date.precision if e.date else "",
        "place": loc.name if loc else "", "admin1": (loc.admin1 or "") if loc else "",
        "country": (loc.country or "") if loc else "",
        "lat": loc.latitude if loc else None, "lon": loc.longitude if loc else None,
        "perpetrators": [a.name for a in e.actors if a.role == "perpetrator"],
        "targets": [a.name for a in e.actors if a.role == "target"],
        "killed": count(c.killed, c.killed_qualifier), "killed_n": c.killed,
        "injured": count(c.injured, c.injured_qualifier), "injured_n": c.injured,
        "arrested": count(c.arrested, c.arrested_qualifier), "arrested_n": c.arrested,
        "claimed_by": list(e.claimed_by), "certainty": e.certainty,
        "confidence": getattr(entry.event, "confidence", None),
    }


def document_views(run: Run, entries: list[Entry], bases: Sequence[Path]) -> list[DocView]:
    by_doc: dict[str, list[tuple[int, EventFields]]] = {}
    for i, entry in enumerate(entries):
        by_doc.setdefault(entry.doc_id, []).append((i, entry.event))
    texts = article_texts((r for r in run.documents if r.doc_id in by_doc), bases)
    views = []
    for record in run.documents:
        mine = by_doc.get(record.doc_id, [])
        text = texts.get(record.doc_id)
        full = text is not None
        if not full and mine:
            text = evidence_only(event for _, event in mine)
        marks = [m for i, event in mine for m in event_marks(text or "", event, i)]
        views.append(DocView(record, text, full, marks))
    return views


def document_json(view: DocView) -> dict[str, Any]:
    r = view.record
    return {"doc_id": r.doc_id, "title": r.title or "", "source": r.source,
            "published": r.published.isoformat() if r.published else "", "status": r.status,
            "error": r.error or "", "n_events": r.n_events, "text": view.text or "",
            "full": view.full, "segments": segments(view.text or "", view.marks)}


# 5./6. page ------------------------------------------------------------------

def payload(run: Run, entries: list[Entry], views: list[DocView], with_gold: bool,
            pred: Path) -> dict[str, Any]:
    doc_index = {v.record.doc_id: i for i, v in enumerate(views)}
    rows = [row(e, doc_index) for e in entries]
    located = [(r["lat"], r["lon"]) for r in rows if r["lat"] is not None and r["lon"] is not None]
    return {"title": f"evex report: {pred.name or pred.resolve().name}",
            "generated": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "types": list(EVENT_TYPES), "gold": with_gold, "events": rows,
            "documents": [document_json(v) for v in views], "map": base_map(located)}


def script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``<``, ``>`` or ``&`` left to end it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return re.sub(r"[<>&]", lambda m: _SCRIPT_ESCAPES[m.group()], text)


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render(data: dict[str, Any]) -> str:
    """The page: the template with its CSS, script and data put in, in one pass."""
    folder = resources.path(TEMPLATE_DIR)
    style = (folder / "report.css").read_text(encoding="utf-8")
    script = (folder / "report.js").read_text(encoding="utf-8")
    values = {
        "title": html.escape(data["title"]), "style": style, "script": script,
        "data": script_json(data),
        "csp": (f"default-src 'none'; img-src data:; style-src {_csp_hash(style)}; "
                f"script-src {_csp_hash(script)}; base-uri 'none'; form-action 'none'"),
    }
    template = (folder / "report.html").read_text(encoding="utf-8")
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], template)


def build_report(pred: Path, gold: Optional[Path] = None,
                 bases: Optional[Sequence[Path]] = None) -> str:
    """The HTML report of the run in ``pred``; sources are looked up from ``bases``."""
    run = load_run(pred)
    gold_files = load_gold(gold) if gold is not None else None
    entries = entries_with_gold(run.events, gold_files)
    bases = bases if bases is not None else (Path.cwd(), pred.resolve().parent)
    views = document_views(run, entries, bases)
    return render(payload(run, entries, views, gold_files is not None, pred))


def run_report(args: argparse.Namespace) -> int:
    """``evex report --pred DIR --out FILE [--gold DIR]``."""
    try:
        page = build_report(args.pred, args.gold)
    except ReportError as exc:
        print(exc, file=sys.stderr)
        return 2
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(page, encoding="utf-8")
    except OSError as exc:
        print(f"evex: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
        return 2
    return 0
