"""Database sink (``--db URL``): documents and events upserted through SQLAlchemy 2.x.

Supported: SQLite (embedded, e.g. ``sqlite:///out/evex.db``) and PostgreSQL
(``postgresql+psycopg://user@host:port/db``). Tables:

- ``documents``: the fields of ``documents.jsonl``, ``doc_id`` primary key;
- ``events``: ``event_id`` primary key, ``doc_id`` (indexed), the scalar
  fields flattened (``sinks.flat_event``), ``actors``, ``claimed_by`` and
  ``evidence`` as JSON.

Each batch is one transaction: its documents and events are upserted
(``INSERT ... ON CONFLICT DO UPDATE`` keyed by the primary key) and events of
the batch's documents that this run no longer produces are deleted, so
running twice, or resuming, leaves every row once. Only parameterised
statements are sent.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import (JSON, Column, Date, Float, Integer, MetaData, String, Table, Text,
                        and_, create_engine, delete)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from pipeline import errors
from pipeline.models import DocResult
from pipeline.sinks import flat_event

METADATA = MetaData()

DOCUMENTS = Table(
    "documents", METADATA,
    Column("doc_id", String, primary_key=True),
    Column("source", Text, nullable=False),
    Column("title", Text),
    Column("published", Date),
    Column("status", String(16), nullable=False),
    Column("error", Text),
    Column("n_events", Integer, nullable=False),
    Column("text_chars", Integer, nullable=False),
    Column("content_sha256", String(64)),
)

EVENTS = Table(
    "events", METADATA,
    Column("event_id", String, primary_key=True),
    Column("doc_id", String, nullable=False, index=True),
    Column("event_type", String(32), nullable=False),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("date_precision", String(8)),
    Column("date_text", Text),
    Column("location_name", Text),
    Column("admin1", Text),
    Column("country", String(2)),
    Column("geo_precision", String(8)),
    Column("latitude", Float),
    Column("longitude", Float),
    Column("location_text", Text),
    Column("killed", Integer),
    Column("killed_qualifier", String(16)),
    Column("injured", Integer),
    Column("injured_qualifier", String(16)),
    Column("arrested", Integer),
    Column("arrested_qualifier", String(16)),
    Column("certainty", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("actors", JSON, nullable=False),
    Column("claimed_by", JSON, nullable=False),
    Column("evidence", JSON, nullable=False),
)

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


class DatabaseError(RuntimeError):
    """The database cannot be used; the message says why, without the password."""


def _safe_url(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(unparsable URL)"


def _first_line(exc: SQLAlchemyError) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def connect(url: str) -> Engine:
    """An engine on ``url`` with the tables created; raise ``DatabaseError`` if unusable."""
    shown = _safe_url(url)
    try:
        engine = create_engine(url)
    except (ArgumentError, NoSuchModuleError, ImportError) as exc:
        raise DatabaseError(f"invalid database URL {shown}: {exc}") from exc
    if engine.dialect.name not in _INSERTS:
        raise DatabaseError(f"unsupported database {engine.dialect.name!r} in {shown} "
                            f"(use sqlite or postgresql)")
    try:
        METADATA.create_all(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise DatabaseError(f"cannot reach the database {shown}: {_first_line(exc)}") from exc
    return engine


def _upsert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    stmt = _INSERTS[conn.dialect.name](table)
    key = [c.name for c in table.primary_key.columns]
    stmt = stmt.on_conflict_do_update(
        index_elements=key,
        set_={c.name: stmt.excluded[c.name] for c in table.columns if c.name not in key})
    conn.execute(stmt, rows)


class DatabaseSink:
    """Upserts every batch in one transaction."""

    def __init__(self, url: str) -> None:
        self.engine = connect(url)

    def write(self, results: list[DocResult]) -> None:
        # a duplicate-id record names a document stored under that id already: not a row
        results = [r for r in results if not (r.document.error or "").startswith(errors.E_DUP_ID)]
        documents = [r.document.model_dump() for r in results]
        events = [flat_event(ev) for r in results for ev in r.events]
        try:
            with self.engine.begin() as conn:
                _upsert(conn, DOCUMENTS, documents)
                for r in results:  # events a document no longer has (its content changed)
                    kept = [ev.event_id for ev in r.events]
                    conn.execute(delete(EVENTS).where(and_(
                        EVENTS.c.doc_id == r.document.doc_id, EVENTS.c.event_id.not_in(kept))))
                _upsert(conn, EVENTS, events)
        except SQLAlchemyError as exc:
            raise DatabaseError(f"writing to the database failed: {_first_line(exc)}") from exc

    def close(self) -> None:
        self.engine.dispose()
