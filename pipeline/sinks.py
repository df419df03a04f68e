"""Sinks: where documents and events are written.

- ``JsonlSink`` (always): ``documents.jsonl`` and ``events.jsonl`` in the
  output folder, appended and flushed once per batch, events before their
  document's line. ``events.jsonl`` is also the run's journal that
  ``--resume`` reads, so it is written whatever ``--format`` says.
- ``--format csv``: ``events.csv`` with ACLED-compatible columns
  (``ACLED_COLUMNS``, see ``acled_row``) plus ``event_id`` and ``doc_id``.
- ``--format parquet``: ``events.parquet``, one row per event: the scalar
  fields flattened into columns (``date_start``, ``location_name``,
  ``killed`` ...; ``flat_event``), ``actors`` and ``evidence`` as lists of
  structs and ``claimed_by`` as a list of strings (``PARQUET_SCHEMA``).
- ``--db URL``: ``pipeline.db.DatabaseSink``, one transaction per batch.

CSV and Parquet files are built from the finished ``events.jsonl`` when the
run closes, streamed in row groups, so a resumed run exports every event once.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Iterator, Optional, Protocol

from pipeline.models import DocResult, Event

DOCUMENTS = "documents.jsonl"
EVENTS = "events.jsonl"
PARQUET_ROW_GROUP = 10_000

# ACLED time_precision: 1 = the day is known, 2 = the week, 3 = only the month. evex's
# "year" precision has no ACLED code and is written as 3, the coarsest ACLED has.
_TIME_PRECISION = {"day": 1, "month": 3, "year": 3}
# ACLED geo_precision: 1 = the place itself, 2 = near a place or a part of a district,
# 3 = only the region (first-level division) is known; a country-level location is 3 too.
_GEO_PRECISION = {"place": 1, "admin1": 3, "country": 3}

ACLED_COLUMNS = ("event_id", "doc_id", "event_date", "time_precision", "event_type", "actor1",
                 "actor2", "country", "admin1", "location", "latitude", "longitude",
                 "geo_precision", "fatalities", "notes", "source")


class Sink(Protocol):
    def write(self, results: list[DocResult]) -> None: ...
    def close(self) -> None: ...


class JsonlSink:
    """``documents.jsonl`` and ``events.jsonl`` in ``out_dir``; one flush per batch."""

    def __init__(self, out_dir: Path, append: bool = False) -> None:
        out_dir.mkdir(parents=True, exist_ok=True)
        mode = "a" if append else "w"
        self.docs = (out_dir / DOCUMENTS).open(mode, encoding="utf-8")
        self.events = (out_dir / EVENTS).open(mode, encoding="utf-8")

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


def time_precision(event: Event) -> Optional[int]:
    """ACLED's time_precision code of ``event``'s date (a range over a week counts as 3)."""
    date = event.date
    if date is None:
        return None
    code = _TIME_PRECISION[date.precision]
    if code == 1 and date.end is not None and date.end != date.start:
        code = 2 if (date.end - date.start).days <= 6 else 3
    return code


def _names(event: Event, role: str) -> str:
    return "; ".join(a.name for a in event.actors if a.role == role)


def acled_row(event: Event, source: str) -> dict[str, Any]:
    """One CSV row of ``event`` in ACLED's column names (actor1 = perpetrators, actor2 = targets)."""
    from pipeline.gazetteer import country_name

    loc = event.location
    return {
        "event_id": event.event_id, "doc_id": event.doc_id,
        "event_date": event.date.start.isoformat() if event.date else "",
        "time_precision": time_precision(event) or "",
        "event_type": event.event_type,
        "actor1": _names(event, "perpetrator"), "actor2": _names(event, "target"),
        "country": country_name(loc.country) if loc and loc.country else "",
        "admin1": (loc.admin1 or "") if loc else "",
        "location": loc.name if loc else "",
        "latitude": "" if loc is None or loc.latitude is None else loc.latitude,
        "longitude": "" if loc is None or loc.longitude is None else loc.longitude,
        "geo_precision": _GEO_PRECISION[loc.precision] if loc else "",
        "fatalities": event.casualties.killed or 0,
        "notes": " ".join(e.sentence for e in event.evidence),
        "source": source,
    }


def flat_event(event: Event) -> dict[str, Any]:
    """``event`` with its scalar fields flattened; actors, evidence and claimed_by as lists."""
    date, loc, cas = event.date, event.location, event.casualties
    return {
        "event_id": event.event_id, "doc_id": event.doc_id, "event_type": event.event_type,
        "date_start": date.start if date else None,
        "date_end": date.end if date else None,
        "date_precision": date.precision if date else None,
        "date_text": date.text if date else None,
        "location_name": loc.name if loc else None,
        "admin1": loc.admin1 if loc else None,
        "country": loc.country if loc else None,
        "geo_precision": loc.precision if loc else None,
        "latitude": loc.latitude if loc else None,
        "longitude": loc.longitude if loc else None,
        "location_text": loc.text if loc else None,
        **cas.model_dump(),
        "certainty": event.certainty, "confidence": event.confidence,
        "actors": [a.model_dump(by_alias=True) for a in event.actors],
        "claimed_by": list(event.claimed_by),
        "evidence": [e.model_dump() for e in event.evidence],
    }


def _events(out_dir: Path) -> Iterator[Event]:
    with (out_dir / EVENTS).open("r", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield Event.model_validate_json(line)


def _sources(out_dir: Path) -> dict[str, str]:
    sources = {}
    with (out_dir / DOCUMENTS).open("r", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                doc = json.loads(line)
                sources[doc["doc_id"]] = doc["source"]
    return sources


def export_csv(out_dir: Path) -> Path:
    """Write ``events.csv`` (ACLED columns) from the run's ``events.jsonl``."""
    sources = _sources(out_dir)
    path = out_dir / "events.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=ACLED_COLUMNS)
        writer.writeheader()
        for event in _events(out_dir):
            writer.writerow(acled_row(event, sources.get(event.doc_id, "")))
    return path


def parquet_schema():
    """Arrow schema of ``events.parquet`` (``flat_event``'s fields)."""
    import pyarrow as pa

    text, number = pa.string(), pa.int64()
    actor = pa.struct([("name", text), ("role", text), ("class", text), ("text", text)])
    evidence = pa.struct([("sentence", text), ("start", number), ("end", number)])
    return pa.schema([
        ("event_id", text), ("doc_id", text), ("event_type", text),
        ("date_start", pa.date32()), ("date_end", pa.date32()), ("date_precision", text),
        ("date_text", text), ("location_name", text), ("admin1", text), ("country", text),
        ("geo_precision", text), ("latitude", pa.float64()), ("longitude", pa.float64()),
        ("location_text", text),
        ("killed", number), ("killed_qualifier", text), ("injured", number),
        ("injured_qualifier", text), ("arrested", number), ("arrested_qualifier", text),
        ("certainty", text), ("confidence", pa.float64()),
        ("actors", pa.list_(actor)), ("claimed_by", pa.list_(text)),
        ("evidence", pa.list_(evidence)),
    ])


def export_parquet(out_dir: Path) -> Path:
    """Write ``events.parquet`` from the run's ``events.jsonl``, in row groups."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    path = out_dir / "events.parquet"
    with pq.ParquetWriter(path, schema) as writer:
        rows: list[dict[str, Any]] = []
        for event in _events(out_dir):
            rows.append(flat_event(event))
            if len(rows) >= PARQUET_ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))
                rows = []
        writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    return path


EXPORTS = {"csv": export_csv, "parquet": export_parquet}
