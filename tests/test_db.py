"""Database sink: idempotent upserts on SQLite and on a real, throwaway PostgreSQL server."""
from __future__ import annotations

import datetime as dt
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from batchdocs import read_jsonl, write_jsonl
from pipeline import errors
from pipeline.cli import main
from pipeline.db import DOCUMENTS, EVENTS, DatabaseError, DatabaseSink, connect
from pipeline.models import (Actor, DocResult, DocumentRecord, Event, EventDate, Evidence)


def event(event_id: str, doc_id: str) -> Event:
    return Event(event_id=event_id, doc_id=doc_id, event_type="clash", confidence=0.7,
                 date=EventDate(start=dt.date(2020, 5, 1), precision="day", text="1 May 2020"),
                 actors=[Actor(name="Army of X", role="perpetrator", actor_class="state_forces",
                               text="soldiers")],
                 evidence=[Evidence(sentence="Soldiers clashed with rebels.", start=0, end=29)])


def result(doc_id: str, *event_ids: str, error: str = None) -> DocResult:
    return DocResult(document=DocumentRecord(
        doc_id=doc_id, source=doc_id, status="error" if error else "ok", error=error,
        n_events=len(event_ids)), events=[event(e, doc_id) for e in event_ids])


def rows(url: str, table) -> list[dict]:
    engine = create_engine(url)
    with engine.connect() as conn:
        found = [dict(r._mapping) for r in conn.execute(select(table))]
    engine.dispose()
    return found


def test_db_sqlite_upserts_are_idempotent(tmp_path):
    url = f"sqlite:///{tmp_path / 'evex.db'}"
    for _ in range(2):
        sink = DatabaseSink(url)
        sink.write([result("d1", "e1", "e2"), result("d2")])
        sink.close()
    assert sorted(r["event_id"] for r in rows(url, EVENTS)) == ["e1", "e2"]
    assert sorted(r["doc_id"] for r in rows(url, DOCUMENTS)) == ["d1", "d2"]
    stored = next(r for r in rows(url, EVENTS) if r["event_id"] == "e1")
    assert stored["actors"] == [{"name": "Army of X", "role": "perpetrator",
                                 "class": "state_forces", "text": "soldiers"}]
    assert stored["date_start"] == dt.date(2020, 5, 1) and stored["evidence"][0]["end"] == 29


def test_db_sqlite_drops_events_a_document_no_longer_has(tmp_path):
    url = f"sqlite:///{tmp_path / 'evex.db'}"
    sink = DatabaseSink(url)
    sink.write([result("d1", "e1", "e2"), result("d2", "e3")])
    sink.write([result("d1", "e2")])
    sink.close()
    assert sorted(r["event_id"] for r in rows(url, EVENTS)) == ["e2", "e3"]


def test_db_duplicate_id_record_does_not_replace_the_document(tmp_path):
    url = f"sqlite:///{tmp_path / 'evex.db'}"
    sink = DatabaseSink(url)
    dup = errors.message(errors.E_DUP_ID, path="in:2", first="in:1")
    sink.write([result("a", "e1"), result("a", error=dup)])
    sink.close()
    assert [r["status"] for r in rows(url, DOCUMENTS)] == ["ok"]
    assert [r["event_id"] for r in rows(url, EVENTS)] == ["e1"]


@pytest.mark.parametrize("url, message", [
    ("postgresql+psycopg://evex:secret@127.0.0.1:1/evex", "cannot reach the database"),
    ("nosuchdialect://x", "invalid database URL"),
    ("sqlite:////nonexistent-dir/sub/evex.db", "cannot reach the database"),
])
def test_db_unusable_database_is_an_error(url, message):
    with pytest.raises(DatabaseError) as exc:
        connect(url)
    assert message in str(exc.value) and "secret" not in str(exc.value)


def test_db_unreachable_database_stops_the_run(tmp_path, capsys):
    inputs = write_jsonl(tmp_path / "in.jsonl", 2)
    out = tmp_path / "out"
    code = main(["extract", str(inputs), "--out", str(out), "--quiet",
                 "--db", "postgresql+psycopg://evex@127.0.0.1:1/evex"])
    assert code != 0
    assert "cannot reach the database" in capsys.readouterr().err
    assert not (out / "documents.jsonl").exists()


# ------------------------------------------------------------------ PostgreSQL


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    """initdb refuses to run as root: run the server tools as the postgres user."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture(scope="module")
def postgres_url():
    """A throwaway PostgreSQL server on 127.0.0.1; fails (never skips) without one."""
    initdbs = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not initdbs:
        pytest.fail("PostgreSQL server binaries not found: install Debian's postgresql package "
                    "(.ci/services.sh does)")
    bindir = Path(initdbs[-1]).parent
    root = Path(tempfile.mkdtemp(prefix="evex-pg-"))
    data, sockets, log = root / "data", root / "sockets", root / "server.log"
    sockets.mkdir()
    if os.geteuid() == 0:
        for path in (root, sockets):
            shutil.chown(path, "postgres", "postgres")
    port = _free_port()
    subprocess.run(_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "evex",
                                 "--auth=trust", "-E", "UTF8"]),
                   check=True, capture_output=True)
    subprocess.run(_as_postgres([
        str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o",
        f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1", "start"]),
        check=True, capture_output=True)
    try:
        subprocess.run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "evex",
                        "evex_test"], check=True, capture_output=True)
        yield f"postgresql+psycopg://evex@127.0.0.1:{port}/evex_test"
    finally:
        subprocess.run(_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast",
                                     "-w", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def test_db_postgres_extract_twice_is_idempotent(tmp_path, postgres_url):
    inputs = write_jsonl(tmp_path / "in.jsonl", 12)
    counts = []
    for run in ("first", "second"):
        out = tmp_path / run
        assert main(["extract", str(inputs), "--out", str(out), "--db", postgres_url,
                     "--timeout", "0", "--quiet"]) == 0
        events, documents = rows(postgres_url, EVENTS), rows(postgres_url, DOCUMENTS)
        counts.append((len(documents), len(events)))
        assert len({e["event_id"] for e in events}) == len(events)
        assert sorted(e["event_id"] for e in events) == sorted(
            e["event_id"] for e in read_jsonl(out / "events.jsonl"))
    assert counts[0] == counts[1] and counts[0][0] == 12 and counts[0][1] > 0


def test_db_postgres_sink_replaces_changed_events(postgres_url):
    sink = DatabaseSink(postgres_url)
    sink.write([result("pg-d1", "pg-e1", "pg-e2")])
    sink.write([result("pg-d1", "pg-e2")])
    sink.close()
    engine = create_engine(postgres_url)
    with engine.connect() as conn:
        ids = conn.execute(select(EVENTS.c.event_id).where(EVENTS.c.doc_id == "pg-d1")).scalars()
        assert sorted(ids) == ["pg-e2"]
        assert conn.execute(select(func.count()).select_from(DOCUMENTS).where(
            DOCUMENTS.c.doc_id == "pg-d1")).scalar() == 1
    engine.dispose()
