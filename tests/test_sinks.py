"""Sinks: JSONL writing order, ACLED-compatible CSV, Parquet with nested fields."""
from __future__ import annotations

import csv
import datetime as dt

import pytest

from pipeline import sinks
from pipeline.models import (Actor, Casualties, DocResult, DocumentRecord, Event, EventDate,
                             Evidence, Location)


def make_event(event_id="e1", doc_id="d1", date=None, location=None, killed=None, actors=()):
    return Event(
        event_id=event_id, doc_id=doc_id, event_type="attack", confidence=0.8,
        date=date or EventDate(start=dt.date(2021, 3, 4), precision="day", text="4 March 2021"),
        location=location, actors=list(actors), casualties=Casualties(killed=killed),
        evidence=[Evidence(sentence="Gunmen attacked a bus.", start=0, end=22),
                  Evidence(sentence="Two died.", start=23, end=32)])


def make_result(doc_id, events):
    return DocResult(document=DocumentRecord(doc_id=doc_id, source=f"feed/{doc_id}.html",
                                             status="ok", n_events=len(events)), events=events)


@pytest.mark.parametrize("precision, start, end, code", [
    ("day", dt.date(2021, 3, 4), None, 1),
    ("day", dt.date(2021, 3, 4), dt.date(2021, 3, 4), 1),
    ("day", dt.date(2021, 3, 4), dt.date(2021, 3, 7), 2),
    ("day", dt.date(2021, 3, 4), dt.date(2021, 3, 20), 3),
    ("month", dt.date(2021, 3, 1), dt.date(2021, 3, 31), 3),
    ("year", dt.date(2021, 1, 1), dt.date(2021, 12, 31), 3),
])
def test_sinks_time_precision_follows_acled(precision, start, end, code):
    event = make_event(date=EventDate(start=start, end=end, precision=precision, text="x"))
    assert sinks.time_precision(event) == code


@pytest.mark.parametrize("precision, code", [("place", 1), ("admin1", 3), ("country", 3)])
def test_sinks_acled_row_geo_precision(precision, code):
    loc = Location(name="Gao", country="ML", precision=precision, text="Gao")
    assert sinks.acled_row(make_event(location=loc), "src")["geo_precision"] == code


def test_sinks_acled_row_maps_fields():
    loc = Location(name="Kidal", admin1="Kidal Region", country="ML", precision="place",
                   latitude=18.44, longitude=1.41, text="Kidal")
    actors = [Actor(name="Group A", role="perpetrator", actor_class="militant_group", text="a"),
              Actor(name="Group B", role="perpetrator", actor_class="militant_group", text="b"),
              Actor(name="Civilians (Mali)", role="target", actor_class="civilians", text="c")]
    row = sinks.acled_row(make_event(location=loc, killed=2, actors=actors), "feed/x.html")
    assert set(row) == set(sinks.ACLED_COLUMNS)
    assert row["event_date"] == "2021-03-04" and row["time_precision"] == 1
    assert row["actor1"] == "Group A; Group B" and row["actor2"] == "Civilians (Mali)"
    assert row["country"] == "Mali" and row["admin1"] == "Kidal Region"
    assert (row["location"], row["latitude"], row["longitude"]) == ("Kidal", 18.44, 1.41)
    assert row["fatalities"] == 2 and row["notes"] == "Gunmen attacked a bus. Two died."
    assert row["source"] == "feed/x.html"


def test_sinks_acled_row_without_location_or_deaths():
    row = sinks.acled_row(make_event(), "s")
    assert row["fatalities"] == 0
    assert row["country"] == row["location"] == row["latitude"] == row["geo_precision"] == ""


def test_sinks_jsonl_writes_events_then_documents(tmp_path):
    sink = sinks.JsonlSink(tmp_path)
    sink.write([make_result("d1", [make_event("e1", "d1")]), make_result("d2", [])])
    sink.close()
    docs = (tmp_path / "documents.jsonl").read_text().splitlines()
    events = (tmp_path / "events.jsonl").read_text().splitlines()
    assert len(docs) == 2 and len(events) == 1
    assert Event.model_validate_json(events[0]).event_id == "e1"


def _write_run(tmp_path):
    sink = sinks.JsonlSink(tmp_path)
    loc = Location(name="Kidal", country="ML", precision="place", text="Kidal")
    sink.write([make_result("d1", [make_event("e1", "d1", location=loc, killed=3),
                                   make_event("e2", "d1")]),
                make_result("d2", [make_event("e3", "d2")])])
    sink.close()


def test_sinks_export_csv_has_one_row_per_event(tmp_path):
    _write_run(tmp_path)
    with sinks.export_csv(tmp_path).open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["event_id"] for r in rows] == ["e1", "e2", "e3"]
    assert rows[0]["fatalities"] == "3" and rows[0]["country"] == "Mali"
    assert rows[2]["source"] == "feed/d2.html"


def test_sinks_export_parquet_keeps_nested_fields(tmp_path):
    import pyarrow.parquet as pq

    _write_run(tmp_path)
    table = pq.read_table(sinks.export_parquet(tmp_path))
    assert table.schema.equals(sinks.parquet_schema())
    rows = table.to_pylist()
    assert [r["event_id"] for r in rows] == ["e1", "e2", "e3"]
    assert rows[0]["killed"] == 3 and rows[0]["location_name"] == "Kidal"
    assert rows[0]["date_start"] == dt.date(2021, 3, 4) and rows[0]["date_end"] is None
    assert rows[0]["evidence"][1] == {"sentence": "Two died.", "start": 23, "end": 32}
    assert rows[1]["location_name"] is None
