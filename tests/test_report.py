"""The HTML report without a browser: escaping, self-containment, highlights, gold marks, map data.

The run folders are written by hand in ``tmp_path``: their documents and
events are made up (news-wire style, several countries), and their evidence
offsets point into the text that ``ingest`` + ``clean`` make of the source
files, as a real run's do.
"""
from __future__ import annotations

import argparse
import json
import math
import re
from pathlib import Path
from typing import Sequence

import pytest

from pipeline.clean import clean_document
from pipeline.ingest import iter_inputs, sha256_bytes
from pipeline.models import Event
from pipeline.report import build_report, count, entries_with_gold, run_report, script_json
from pipeline.report_map import Extent, extent, land_layer
from pipeline.report_marks import Mark, field_marks, segments

ARTICLE = (
    "Police arrest suspects after market blast\n\n"
    "Security forces detained 12 suspects in Peshawar on 3 March 2019 after a bomb "
    "exploded at a market, police said.\n\n"
    "The blast killed seven people and wounded 20 others, officials said </script> "
    "<script>alert(1)</script> on Sunday.\n\n"
    "In a separate incident, gunmen ambushed a convoy near Quetta on 5 March 2019.\n"
)
DATA_BLOCK = re.compile(r'<script id="evex-data" type="application/json">(.*?)</script>', re.S)


def report_data(page: str) -> dict:
    return json.loads(DATA_BLOCK.search(page).group(1))


def sentence_event(text: str, sentence: str, event_id: str, doc_id: str, **fields) -> dict:
    start = text.index(sentence)
    base = {"event_id": event_id, "doc_id": doc_id, "confidence": 0.8,
            "evidence": [{"sentence": sentence, "start": start, "end": start + len(sentence)}]}
    return {**base, **fields}


def write_run(folder: Path, source: Path, docs_extra: Sequence[dict] = (),
              events_extra: Sequence[dict] = ()) -> list[dict]:
    """A run folder for ``source`` with three events; returns the event lines."""
    raw = next(iter_inputs([str(source)]))
    clean = clean_document(raw)
    text = clean.text
    doc_id = raw.doc_id
    events = [
        sentence_event(text, next(s for s in text.split("\n\n") if s.startswith("Security forces")),
                       f"{doc_id}-1", doc_id, event_type="arrest",
                       date={"start": "2019-03-03", "precision": "day", "text": "3 March 2019"},
                       location={"name": "Peshawar", "admin1": "Khyber Pakhtunkhwa", "country": "PK",
                                 "precision": "place", "latitude": 34.008, "longitude": 71.578,
                                 "text": "Peshawar"},
                       actors=[{"name": "Security forces of PK", "role": "perpetrator",
                                "class": "state_forces", "text": "Security forces"}],
                       casualties={"arrested": 12, "arrested_qualifier": "exact"}),
        sentence_event(text, next(s for s in text.split("\n\n") if s.startswith("The blast")),
                       f"{doc_id}-2", doc_id, event_type="bombing",
                       date={"start": "2019-03-03", "precision": "day", "text": "Sunday"},
                       location={"name": "Peshawar", "country": "PK", "precision": "place",
                                 "latitude": 34.008, "longitude": 71.578, "text": "Peshawar"},
                       casualties={"killed": 7, "killed_qualifier": "exact",
                                   "injured": 20, "injured_qualifier": "at_least"},
                       claimed_by=["<b>Group</b> & Co"]),
        sentence_event(text, next(s for s in text.split("\n\n") if s.startswith("In a separate")),
                       f"{doc_id}-3", doc_id, event_type="attack",
                       date={"start": "2019-03-05", "precision": "day", "text": "5 March 2019"},
                       location={"name": "Quetta", "admin1": "Balochistan", "country": "PK",
                                 "precision": "place", "latitude": 30.187, "longitude": 67.012,
                                 "text": "Quetta"},
                       actors=[{"name": "Unidentified Armed Group (PK)", "role": "perpetrator",
                                "class": "militant_group", "text": "gunmen"}]),
        *events_extra,
    ]
    for line in events:
        Event.model_validate(line)
    documents = [{"doc_id": doc_id, "source": str(source), "title": clean.title,
                  "published": "2019-03-04", "status": "ok", "error": None,
                  "n_events": 3, "text_chars": len(text),
                  "content_sha256": sha256_bytes(source.read_bytes())}, *docs_extra]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "documents.jsonl").write_text("".join(json.dumps(d) + "\n" for d in documents))
    (folder / "events.jsonl").write_text("".join(json.dumps(e) + "\n" for e in events))
    return events


@pytest.fixture()
def run_folder(tmp_path):
    source = tmp_path / "pk_market.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    missing = {"doc_id": "gone", "source": str(tmp_path / "gone.txt"), "title": "<i>Gone</i>",
               "published": None, "status": "ok", "error": None, "n_events": 1,
               "text_chars": 99, "content_sha256": "0" * 64}
    gone = {"event_id": "gone-1", "doc_id": "gone", "confidence": 0.5, "event_type": "clash",
            "date": {"start": "2020-07-14", "precision": "day", "text": "July 14"},
            "evidence": [{"sentence": "Rebels and soldiers clashed on July 14 </script><b>x</b>.",
                          "start": 40, "end": 97}]}
    events = write_run(tmp_path / "out", source, [missing], [gone])
    return tmp_path / "out", events


def test_report_is_escaped_and_self_contained(run_folder):
    folder, events = run_folder
    page = build_report(folder)
    assert "<script>alert(1)</script>" not in page
    assert "<b>x</b>" not in page and "<b>Group</b>" not in page and "<i>Gone</i>" not in page
    assert page.count("<script") == 2 and page.count("</script>") == 2
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", page, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", page, re.I)
    assert "default-src 'none'" in page
    data = report_data(page)
    assert [e["id"] for e in data["events"]] == [e["event_id"] for e in events]
    assert "<script>alert(1)</script>" in data["documents"][0]["text"]


def test_report_recreates_the_article_text(run_folder):
    folder, events = run_folder
    data = report_data(build_report(folder))
    doc = data["documents"][0]
    assert doc["full"] is True
    for event in events[:3]:
        for ev in event["evidence"]:
            assert doc["text"][ev["start"]:ev["end"]] == ev["sentence"]
    pieces = doc["segments"]
    assert pieces[0][0] == 0 and pieces[-1][1] == len(doc["text"])
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))
    marked = {(doc["text"][s:e], kind) for s, e, kind, _, _ in pieces if kind}
    assert {("12", "casualty"), ("Peshawar", "place"), ("3 March 2019", "date"),
            ("detained", "trigger"), ("Security forces", "actor"), ("seven", "casualty"),
            ("20", "casualty"), ("ambushed", "trigger")} <= marked


def test_report_falls_back_to_evidence_sentences(run_folder):
    folder, _ = run_folder
    doc = report_data(build_report(folder))["documents"][1]
    assert doc["full"] is False
    assert doc["text"] == "Rebels and soldiers clashed on July 14 </script><b>x</b>."
    assert {tuple(p[3]) for p in doc["segments"]} == {(3,)}


def test_report_changed_source_is_not_trusted(run_folder, tmp_path):
    folder, _ = run_folder
    (tmp_path / "pk_market.txt").write_text(ARTICLE.replace("seven", "eight"), encoding="utf-8")
    doc = report_data(build_report(folder))["documents"][0]
    assert doc["full"] is False
    assert doc["text"].startswith("Security forces detained 12 suspects")


def test_report_gold_marks_matched_missed_and_spurious(run_folder, tmp_path):
    folder, events = run_folder
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    matched = {k: v for k, v in events[0].items() if k not in ("event_id", "doc_id", "confidence")}
    missed = {"event_type": "attack", "date": {"start": "2019-02-01", "precision": "day",
                                               "text": "1 February"},
              "location": {"name": "Lahore", "country": "PK", "precision": "place", "text": "Lahore"}}
    (gold_dir / "pk_market.json").write_text(json.dumps(
        {"doc_id": "pk_market", "source": "pk_market.txt", "events": [matched, missed]}))
    data = report_data(build_report(folder, gold_dir))
    status = [(e["id"], e["origin"], e["status"]) for e in data["events"]]
    assert status == [("pk_market-1", "pred", "matched"), ("pk_market-2", "pred", "spurious"),
                      ("pk_market-3", "pred", "spurious"), ("gone-1", "pred", None),
                      ("pk_market-gold-1", "gold", "matched"), ("pk_market-gold-2", "gold", "missed")]
    assert data["events"][0]["partner"] == 4 and data["events"][4]["partner"] == 0
    assert data["gold"] is True


def test_report_without_gold_has_no_status(run_folder):
    folder, events = run_folder
    entries = entries_with_gold([Event.model_validate(e) for e in events], None)
    assert [(e.origin, e.status, e.partner) for e in entries] == [("pred", None, None)] * 4
    assert report_data(build_report(folder))["gold"] is False


@pytest.mark.parametrize("value, qualifier, shown", [
    (4, "exact", "4"), (4, None, "4"), (30, "at_least", "\u226530"), (200, "approx", "~200"),
    (3, "vague", "3?"), (None, "vague", "some"), (None, None, ""),
])
def test_report_count_shows_qualifier(value, qualifier, shown):
    assert count(value, qualifier) == shown


@pytest.mark.parametrize("value", [
    "</script><script>alert(1)</script>", "<!-- x -->", "a & b", "\u2028 line </SCRIPT >",
    {"k": ["<", ">", "&"]},
])
def test_report_script_json_escapes_markup(value):
    text = script_json(value)
    assert not set("<>&") & set(text)
    assert json.loads(text) == value


@pytest.mark.parametrize("sentence, event, expected", [
    ("Police detained 12 protesters in Lahore on Friday.",
     {"event_type": "arrest", "date": {"start": "2021-01-01", "precision": "day", "text": "Friday"},
      "location": {"name": "Lahore", "precision": "place", "text": "Lahore"},
      "casualties": {"arrested": 12}},
     {("detained", "trigger"), ("12", "casualty"), ("Lahore", "place"), ("Friday", "date")}),
    ("A roadside bomb exploded near Kandahar, killing three soldiers and a child.",
     {"event_type": "bombing", "location": {"name": "Kandahar", "precision": "place",
                                            "text": "near Kandahar"},
      "casualties": {"killed": 3}},
     {("bomb", "trigger"), ("exploded", "trigger"), ("three", "casualty"),
      ("near Kandahar", "place")}),
    ("Insurgents stabbed a guard in Mosul, the ministry said.",
     {"event_type": "attack", "location": {"name": "Mosul", "precision": "place", "text": "mosul"},
      "actors": [{"name": "Insurgents", "role": "perpetrator", "class": "militant_group",
                  "text": "Insurgents"}],
      "casualties": {"injured": 1}},
     {("stabbed", "trigger"), ("Mosul", "place"), ("Insurgents", "actor")}),
    ("The ministry said 40 people attended the funeral on Tuesday.",
     {"event_type": "clash", "date": {"start": "2021-01-01", "precision": "day", "text": "Monday"},
      "casualties": {"killed": 4}},
     set()),
])
def test_report_marks_fields_in_sentence(sentence, event, expected):
    from pipeline.models import EventFields

    fields = EventFields.model_validate(event)
    found = {(sentence[s:e], kind) for s, e, kind in field_marks(sentence, fields)}
    assert found == expected


def test_report_segments_resolve_overlaps():
    text = "Troops killed five fighters in Idlib."
    marks = [Mark(0, len(text), "evidence", 0), Mark(0, 6, "actor", 0), Mark(0, 13, "trigger", 0),
             Mark(14, 18, "casualty", 0), Mark(31, 36, "place", 0), Mark(31, 36, "place", 1)]
    pieces = segments(text, marks)
    assert "".join(text[s:e] for s, e, *_ in pieces) == text
    kinds = [(text[s:e], k, label) for s, e, k, _, label in pieces if k]
    assert kinds == [("Troops", "actor", 1), ("five", "casualty", 1), ("Idlib", "place", 1)]
    assert all(events == [0] for _, _, _, events, _ in pieces)


@pytest.mark.parametrize("points, span", [
    ([(12.0, 8.5)], 6.0 * 1.5),
    ([(0.0, 30.0), (10.0, 50.0)], 20.0 * 1.5),
])
def test_report_map_extent_is_padded(points, span):
    box = extent(points)
    assert box.east - box.west == pytest.approx(span, abs=0.01)
    assert all(box.contains(lat, lon) for lat, lon in points)


def test_report_map_wide_extent_is_made_taller():
    box = extent([(38.9, -77.0), (55.7, 37.6), (35.7, 139.7)])  # three capitals far apart
    assert box.north <= 84.0 and box.south >= -80.0
    height, width = box.north - box.south, box.east - box.west
    assert box.parallel == pytest.approx((35.7 + 55.7) / 2, abs=0.01)  # middle of the latitudes
    assert height >= 0.5 * width * math.cos(math.radians(box.parallel)) - 0.01
    assert all(box.contains(lat, lon) for lat, lon in [(38.9, -77.0), (35.7, 139.7)])


def test_report_map_extent_of_nothing_is_none():
    assert extent([]) is None


def test_report_map_land_layer_bins_places_by_country():
    box = Extent(west=0.0, south=0.0, east=12.0, north=12.0)  # cells of 0.1 degree
    places = [(1.01, 1.01, "AA"), (1.02, 1.04, "AA"), (1.03, 1.05, "BB"),  # one cell, mostly AA
              (11.01, 11.01, "BB"), (11.01, 11.11, "BB"), (11.01, 11.21, "BB"),
              (50.0, 50.0, "CC")]  # outside the extent
    layer = land_layer(box, places)
    assert layer["cell"] == pytest.approx(0.1)
    assert layer["countries"] == ["AA", "BB"]
    assert layer["cells"] == [[10, 109, 0], [110, 9, 1], [111, 9, 1], [112, 9, 1]]
    assert layer["labels"] == [[11.15, 11.05, "BB"]]  # AA has too few cells for a label


@pytest.mark.parametrize("make, message", [
    (lambda tmp: tmp / "nowhere", "does not exist"),
    (lambda tmp: tmp, "no documents.jsonl"),
])
def test_report_run_reports_bad_folders(tmp_path, capsys, make, message):
    args = argparse.Namespace(pred=make(tmp_path), out=tmp_path / "r.html", gold=None)
    assert run_report(args) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_report_run_writes_the_page(run_folder, tmp_path):
    folder, _ = run_folder
    out = tmp_path / "deep" / "report.html"
    assert run_report(argparse.Namespace(pred=folder, out=out, gold=None)) == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
