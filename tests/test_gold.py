"""The gold annotations are sound, and the gold tools catch unsound ones.

Every file of ``annotations/`` must validate as a ``GoldFile``, belong to a
corpus document, cut each evidence sentence out of the cleaned text at its
offsets, keep date precision and start consistent, and list no event twice.
The tool functions are also tried on small hand-made gold files, including
broken ones that must be reported.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from evaluation import gold_tools
from pipeline.models import GoldFile

ROOT = Path(__file__).resolve().parent.parent
GOLD_PATHS = gold_tools.gold_paths(ROOT / "annotations")


def _gold(path: Path) -> GoldFile:
    return GoldFile.model_validate_json(path.read_text(encoding="utf-8"))


def test_gold_folder_has_a_file_per_corpus_document():
    corpus = {p.stem for p in (ROOT / "corpus").glob("*.txt")}
    assert corpus and {p.stem for p in GOLD_PATHS} == corpus


@pytest.mark.parametrize("path", GOLD_PATHS, ids=lambda p: p.stem)
def test_gold_file_validates_and_names_its_document(path):
    gold = _gold(path)
    assert gold.doc_id == path.stem
    assert gold_tools.source_path(path, gold.source).is_file()
    assert Path(gold.source).stem == gold.doc_id
    assert gold.events


@pytest.mark.parametrize("path", GOLD_PATHS, ids=lambda p: p.stem)
def test_gold_evidence_and_mentions_come_from_cleaned_text(path):
    gold = _gold(path)
    text = gold_tools.cleaned_text(gold_tools.source_path(path, gold.source))
    assert all(event.evidence for event in gold.events)
    assert list(gold_tools.evidence_problems(gold, text)) == []
    assert list(gold_tools.mention_problems(gold, text)) == []


@pytest.mark.parametrize("path", GOLD_PATHS, ids=lambda p: p.stem)
def test_gold_dates_start_on_their_precision(path):
    assert list(gold_tools.date_problems(_gold(path))) == []


@pytest.mark.parametrize("path", GOLD_PATHS, ids=lambda p: p.stem)
def test_gold_has_no_duplicate_events(path):
    assert list(gold_tools.duplicate_problems(_gold(path))) == []


@pytest.mark.parametrize("path", GOLD_PATHS, ids=lambda p: p.stem)
def test_gold_slots_follow_the_guideline(path):
    for event in _gold(path).events:
        location = event.location
        if location is not None and location.precision != "place":
            assert location.latitude is None and location.longitude is None
        if location is not None and location.precision == "admin1":
            assert location.admin1 == location.name
        for count, qualifier in (("killed", "killed_qualifier"), ("injured", "injured_qualifier"),
                                 ("arrested", "arrested_qualifier")):
            value = getattr(event.casualties, count)
            qual = getattr(event.casualties, qualifier)
            assert (value is None) == (qual in (None, "vague")), (count, value, qual)
        if event.date is not None and event.date.end is not None:
            assert event.date.precision == "day"


# ---- the tool functions on hand-made text -------------------------------------------------

WIRE = ("Gunmen stormed a checkpoint near Mosul on Monday. Two soldiers died.\n"
        "The  army said on Tuesday that\nfive suspects were detained. Two soldiers died.")


@pytest.mark.parametrize("sentence, after, expected", [
    ("Gunmen stormed a checkpoint near Mosul on Monday.", 0, (0, 49, True)),
    ("The army said on Tuesday that five suspects were detained.", 0, (69, 128, False)),
    ("Two soldiers died.", 0, (50, 68, True)),
    ("Two soldiers died.", 68, (129, 147, True)),
    ("Two soldiers died.", 140, (50, 68, True)),
    ("Rebels shelled a market in Aleppo.", 0, None),
    ("   ", 0, None),
])
def test_gold_tools_find_sentence(sentence, after, expected):
    match = gold_tools.find_sentence(WIRE, sentence, after)
    if expected is None:
        assert match is None
        return
    start, end, exact = expected
    assert (match.start, match.end, match.exact) == (start, end, exact)
    assert WIRE[match.start:match.end] == match.text


def _event(sentence: str, span: tuple[int, int] = (0, 0), **date: str) -> dict:
    return {"event_type": "attack",
            "date": {"start": "2021-05-01", "precision": "month", "text": "on Monday", **date},
            "location": {"name": "Mosul", "admin1": "Nineveh", "country": "IQ", "precision": "place",
                         "latitude": 36.335, "longitude": 43.1189, "text": "Mosul"},
            "evidence": [{"sentence": sentence, "start": span[0], "end": span[1]}]}


@pytest.fixture()
def raw_cleaner(monkeypatch):
    """Gold tools reading the corpus file as it is: these cases test the tools, not the cleaner."""
    monkeypatch.setattr(gold_tools, "cleaned_text", lambda path: path.read_text(encoding="utf-8"))


def _write_case(tmp_path: Path, events: list[dict], doc_id: str = "wire") -> Path:
    (tmp_path / "corpus").mkdir()
    (tmp_path / "annotations").mkdir()
    (tmp_path / "corpus" / "wire.txt").write_text(WIRE, encoding="utf-8")
    gold = tmp_path / "annotations" / "wire.json"
    gold.write_text(json.dumps({"doc_id": doc_id, "source": "corpus/wire.txt", "published": None,
                                "events": events}), encoding="utf-8")
    return gold


def test_gold_tools_locate_fills_offsets_and_check_accepts(tmp_path, raw_cleaner):
    gold = _write_case(tmp_path, [_event("Gunmen stormed a checkpoint near Mosul on Monday."),
                                  _event("The army said on Tuesday that five suspects were detained.",
                                         precision="year", start="2021-01-01")])
    assert len(gold_tools.locate_file(gold)) == 1  # the second matched only ignoring whitespace
    assert gold_tools.check_file(gold) == []
    evidence = _gold(gold).events[1].evidence[0]
    assert (evidence.start, evidence.end) == (69, 128)


@pytest.mark.parametrize("events, doc_id, fragment", [
    ([_event("Gunmen stormed a checkpoint near Mosul on Monday.", (3, 20))], "wire", "is not the sentence"),
    ([_event("Gunmen stormed a checkpoint near Mosul on Monday.", (0, 49), start="2021-05-04")],
     "wire", "not day 1"),
    ([_event("Gunmen stormed a checkpoint near Mosul on Monday.", (0, 49), precision="year")],
     "wire", "not 1 January"),
    ([_event("Gunmen stormed a checkpoint near Mosul on Monday.", (0, 49)),
      _event("Two soldiers died.", (50, 68))], "wire", "duplicates event 0"),
    ([_event("Gunmen stormed a checkpoint near Mosul on Monday.", (0, 49))], "other", "not the file name"),
    ([{**_event("Two soldiers died.", (50, 68)), "actors": [
        {"name": "Military Forces of Iraq", "role": "target", "class": "state_forces", "text": "troops"}]}],
     "wire", "actor text 'troops' is not in the article"),
    ([{"event_type": "riot", "evidence": []}], "wire", "not a valid gold file"),
])
def test_gold_tools_check_reports_problems(tmp_path, raw_cleaner, events, doc_id, fragment):
    gold = _write_case(tmp_path, events, doc_id)
    problems = gold_tools.check_file(gold)
    assert any(fragment in p for p in problems), problems


def test_gold_tools_locate_reports_missing_sentence(tmp_path, raw_cleaner):
    gold = _write_case(tmp_path, [_event("Rebels shelled a market in Aleppo.", (5, 9))])
    messages = gold_tools.locate_file(gold)
    assert len(messages) == 1 and "not found" in messages[0]
    assert _gold(gold).events[0].evidence[0].start == 5


def test_gold_tools_cli_exit_status(tmp_path, raw_cleaner, capsys):
    gold = _write_case(tmp_path, [_event("Two soldiers died.")])
    assert gold_tools.main(["check", str(gold.parent)]) == 1
    assert gold_tools.main(["locate", str(gold.parent)]) == 0
    assert gold_tools.main(["check", str(gold.parent)]) == 0
    assert gold_tools.main(["check", str(tmp_path / "corpus")]) == 1
    assert "no gold files" in capsys.readouterr().err
