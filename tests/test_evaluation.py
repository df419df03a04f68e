"""The scorer: alignment, event and slot metrics, CLI output and reports.

Gold and predictions are built by hand from one made-up article, so every
expected score is known exactly.
"""
from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from evaluation.align import (MatchConfig, align, date_score, haversine_km, place_score,
                              similarity)
from evaluation.load import Predictions
from evaluation.metrics import SLOT_NAMES, evaluate, metrics
from evaluation.report import html_report, markdown, summary
from pipeline.cli import main
from pipeline.models import Event, GoldEvent, GoldFile

SENTENCES = (
    "Gunmen attacked a police checkpoint in Maiduguri on 12 May 2021, killing at least 7 officers.",
    "Security forces arrested 3 suspects in Kano two days later.",
    "A car bomb exploded near a market in Mogadishu on 2 June 2021, injuring 12 people.",
    "On 20 June 2021 the group announced the appointment of a new leader.",
    "Police detained 5 protesters outside the parliament in Nairobi on 9 July 2021.",
)
TEXT = " ".join(SENTENCES)
DOC = "wire_0001"


def evidence(i: int) -> list[dict]:
    start = TEXT.index(SENTENCES[i])
    return [{"sentence": SENTENCES[i], "start": start, "end": start + len(SENTENCES[i])}]


def actor(name: str, role: str, cls: str) -> dict:
    return {"name": name, "role": role, "class": cls, "text": name}


def place(name, admin1, country, lat=None, lon=None) -> dict:
    return {"name": name, "admin1": admin1, "country": country, "precision": "place",
            "latitude": lat, "longitude": lon, "text": name}


def day(iso: str, text: str = "") -> dict:
    return {"start": iso, "end": None, "precision": "day", "text": text or iso}


BASE = (
    {"event_type": "attack", "date": day("2021-05-12"),
     "location": place("Maiduguri", "Borno", "NG", 11.8333, 13.1500),
     "actors": [actor("Boko Haram", "perpetrator", "militant_group"),
                actor("Police Forces of Nigeria", "target", "state_forces")],
     "casualties": {"killed": 7, "killed_qualifier": "at_least"},
     "claimed_by": ["Boko Haram"], "evidence": evidence(0)},
    {"event_type": "arrest", "date": day("2021-05-14"),
     "location": place("Kano", "Kano", "NG", 12.0000, 8.5167),
     "actors": [actor("Police Forces of Nigeria", "perpetrator", "state_forces")],
     "casualties": {"arrested": 3, "arrested_qualifier": "exact"}, "evidence": evidence(1)},
    {"event_type": "bombing", "date": day("2021-06-02"),
     "location": place("Mogadishu", "Banaadir", "SO", 2.0469, 45.3182),
     "actors": [actor("Al-Shabaab", "perpetrator", "militant_group")],
     "casualties": {"injured": 12, "injured_qualifier": "exact"},
     "certainty": "disputed", "evidence": evidence(2)},
    {"event_type": "strategic_development", "date": day("2021-06-20"),
     "actors": [actor("Al-Shabaab", "perpetrator", "militant_group")], "evidence": evidence(3)},
)
EXTRA = {"event_type": "arrest", "date": day("2021-07-09"),
         "location": place("Nairobi", "Nairobi", "KE"),
         "casualties": {"arrested": 5, "arrested_qualifier": "exact"}, "evidence": evidence(4)}


def changed(spec: dict, **changes) -> dict:
    """A deep copy of ``spec`` with dotted keys replaced, e.g. ``**{"date.precision": "month"}``."""
    spec = copy.deepcopy(spec)
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node = spec
        for key in parents:
            node = node[key]
        node[last] = value
    return spec


def gold_file(specs, doc_id: str = DOC) -> GoldFile:
    return GoldFile(doc_id=doc_id, source=f"corpus/{doc_id}.txt",
                    events=[GoldEvent.model_validate(s) for s in specs])


def predicted(specs, doc_id: str = DOC) -> list[Event]:
    return [Event.model_validate({**s, "event_id": f"{doc_id}-{i}", "doc_id": doc_id,
                                  "confidence": 0.9}) for i, s in enumerate(specs)]


def score(gold_specs, pred_specs) -> dict:
    """Metrics of one document's predictions against its gold."""
    gold = {DOC: gold_file(gold_specs)}
    preds = Predictions(events={DOC: predicted(pred_specs)}, status={DOC: "ok"})
    return metrics(evaluate(gold, preds))


N = len(BASE)
N_INCIDENTS = N - 1


@pytest.mark.parametrize("name", ["incident_precision", "incident_recall", "incident_f1",
                                  "all_precision", "all_recall", "all_f1",
                                  "strict_incident_precision", "strict_incident_recall",
                                  "strict_incident_f1", *SLOT_NAMES])
def test_evaluation_perfect_predictions_score_one(name):
    assert score(BASE, BASE)[name] == pytest.approx(1.0)


@pytest.mark.parametrize("dropped", range(N))
def test_evaluation_missing_event_lowers_recall_only(dropped):
    pred = [s for i, s in enumerate(BASE) if i != dropped]
    m = score(BASE, pred)
    assert m["all_recall"] == pytest.approx((N - 1) / N)
    assert m["all_precision"] == pytest.approx(1.0)
    assert m["all_f1"] == pytest.approx(2 * (N - 1) / (2 * N - 1))
    incident_recall = (N_INCIDENTS - 1) / N_INCIDENTS if BASE[dropped]["event_type"] != \
        "strategic_development" else 1.0
    assert m["incident_recall"] == pytest.approx(incident_recall)


@pytest.mark.parametrize("index,precision,start", [
    (0, "month", "2021-05-01"),
    (1, "year", "2021-01-01"),
    (2, "month", "2021-06-01"),
])
def test_evaluation_wrong_date_precision_costs_date_only(index, precision, start):
    pred = list(BASE)
    pred[index] = changed(BASE[index], **{"date.precision": precision, "date.start": start})
    m = score(BASE, pred)
    assert m["all_recall"] == pytest.approx(1.0)
    assert m["all_precision"] == pytest.approx(1.0)
    assert m["date"] == pytest.approx((N - 1) / N)
    assert m["type"] == pytest.approx(1.0)


@pytest.mark.parametrize("gold_start,pred_start,pred_precision,ok", [
    ("2021-05-12", "2021-05-12", "day", True),
    ("2021-05-12", "2021-05-13", "day", False),
    ("2021-05-12", "2021-05-01", "month", False),
    ("2021-05-01", "2021-05-01", "month", False),  # same start, coarser precision
])
def test_evaluation_date_slot_compares_start_and_precision(gold_start, pred_start,
                                                            pred_precision, ok):
    gold = [changed(BASE[0], **{"date.start": gold_start})]
    pred = [changed(BASE[0], **{"date.start": pred_start, "date.precision": pred_precision})]
    assert score(gold, pred)["date"] == pytest.approx(1.0 if ok else 0.0)


def test_evaluation_month_date_compared_at_gold_precision():
    gold = [changed(BASE[0], **{"date.start": "2021-05-01", "date.precision": "month"})]
    pred = [changed(BASE[0], **{"date.start": "2021-05-20", "date.precision": "month"})]
    assert score(gold, pred)["date"] == pytest.approx(1.0)


@pytest.mark.parametrize("change", [
    {"event_type": "clash"},
    {"date.start": "2021-05-13"},
    {"location.admin1": "Yobe"},
    {"location.country": "CM"},
])
def test_evaluation_strict_score_needs_type_date_and_region(change):
    pred = list(BASE)
    pred[0] = changed(BASE[0], **change)
    m = score(BASE, pred)
    assert m["incident_recall"] == pytest.approx(1.0)  # still aligned
    assert m["strict_incident_recall"] == pytest.approx((N_INCIDENTS - 1) / N_INCIDENTS)
    assert m["strict_incident_precision"] == pytest.approx((N_INCIDENTS - 1) / N_INCIDENTS)


def test_evaluation_strict_score_ignores_actors_and_counts():
    pred = list(BASE)
    pred[0] = changed(BASE[0], **{"casualties.killed": 3, "actors": []})
    assert score(BASE, pred)["strict_incident_f1"] == pytest.approx(1.0)


def test_evaluation_extra_event_lowers_precision_only():
    m = score(BASE, [*BASE, EXTRA])
    assert m["all_precision"] == pytest.approx(N / (N + 1))
    assert m["incident_precision"] == pytest.approx(N_INCIDENTS / (N_INCIDENTS + 1))
    assert m["all_recall"] == pytest.approx(1.0)
    assert m["incident_recall"] == pytest.approx(1.0)


def test_evaluation_swapped_actors_fail_perpetrator_and_target():
    swapped = changed(BASE[0], actors=[
        actor("Boko Haram", "target", "militant_group"),
        actor("Police Forces of Nigeria", "perpetrator", "state_forces")])
    m = score([BASE[0]], [swapped])
    assert (m["perpetrator"], m["target"]) == (pytest.approx(0.0), pytest.approx(0.0))
    assert m["all_f1"] == pytest.approx(1.0)
    assert m["claimed_by"] == pytest.approx(1.0)


@pytest.mark.parametrize("index,slot,qualifier", [
    (0, "killed", "exact"),
    (1, "arrested", "approx"),
    (2, "injured", "at_least"),
])
def test_evaluation_qualifier_mismatch_fails_the_count(index, slot, qualifier):
    pred = list(BASE)
    pred[index] = changed(BASE[index], **{f"casualties.{slot}_qualifier": qualifier})
    m = score(BASE, pred)
    assert m[slot] == pytest.approx((N - 1) / N)
    others = {"killed", "injured", "arrested"} - {slot}
    assert all(m[o] == pytest.approx(1.0) for o in others)


@pytest.mark.parametrize("km,ok", [(0, True), (10, True), (24, True), (30, False), (200, False)])
def test_evaluation_coordinates_within_25_km(km, ok):
    lat = BASE[0]["location"]["latitude"] + km / 111.195  # one degree of latitude in km
    pred = changed(BASE[0], **{"location.latitude": lat})
    m = score([BASE[0]], [pred])
    assert m["coordinates"] == pytest.approx(1.0 if ok else 0.0)
    assert m["all_recall"] == pytest.approx(1.0)


def test_evaluation_coordinates_scored_only_where_gold_has_them():
    gold = [changed(BASE[0], **{"location.latitude": None, "location.longitude": None}), BASE[1]]
    pred = [BASE[0], changed(BASE[1], **{"location.latitude": None, "location.longitude": None})]
    result = evaluate({DOC: gold_file(gold)},
                      Predictions(events={DOC: predicted(pred)}, status={DOC: "ok"}))
    assert summary(result)["support"]["coordinates"] == 1
    assert metrics(result)["coordinates"] == pytest.approx(0.0)


def test_evaluation_strategic_and_incident_scored_apart():
    gold = [BASE[0], BASE[3]]
    m = score(gold, [BASE[3]])
    assert m["incident_recall"] == pytest.approx(0.0)
    assert m["incident_precision"] is None  # no incident predicted
    assert m["all_recall"] == pytest.approx(0.5)
    assert m["all_precision"] == pytest.approx(1.0)


def test_evaluation_incident_never_matches_strategic():
    as_strategic = changed(BASE[0], event_type="strategic_development")
    m = score([BASE[0]], [as_strategic])
    assert (m["all_recall"], m["all_precision"]) == (pytest.approx(0.0), pytest.approx(0.0))
    assert m["type"] is None


def test_evaluation_other_incident_type_matches_with_type_wrong():
    m = score([BASE[0]], [changed(BASE[0], event_type="clash")])
    assert m["incident_f1"] == pytest.approx(1.0)
    assert m["type"] == pytest.approx(0.0)


def test_evaluation_scores_are_micro_averaged_over_documents():
    gold = {"a": gold_file(BASE[:2], "a"), "b": gold_file([BASE[2]], "b")}
    preds = Predictions(events={"a": predicted(BASE[:2], "a")}, status={"a": "ok", "b": "error"})
    result = evaluate(gold, preds)
    m = metrics(result)
    assert m["all_recall"] == pytest.approx(2 / 3)
    assert m["all_precision"] == pytest.approx(1.0)
    docs = summary(result)["documents"]
    assert (docs["a"]["matched"], docs["b"]["gold"], docs["b"]["matched"]) == (2, 1, 0)
    assert docs["b"]["status"] == "error"


def test_evaluation_missed_and_spurious_lists_carry_evidence():
    result = evaluate({DOC: gold_file(BASE[:2])},
                      Predictions(events={DOC: predicted([BASE[0], EXTRA])}, status={DOC: "ok"}))
    data = summary(result)
    assert [e["evidence"] for e in data["missed"]] == [[SENTENCES[1]]]
    assert [e["evidence"] for e in data["spurious"]] == [[SENTENCES[4]]]
    assert data["spurious"][0]["event_type"] == "arrest"


def test_evaluation_alignment_is_one_to_one_and_maximal():
    # Gold 0 = prediction 0 exactly (1.0); gold 1 resembles only prediction 0
    # (0.6). Taking the best pair first would leave gold 1 unmatched; the
    # optimum pairs gold 0 with prediction 1 (0.87) and gold 1 with prediction 0.
    gold = [GoldEvent.model_validate(s) for s in (BASE[0], changed(BASE[0], evidence=[]))]
    pred = [GoldEvent.model_validate(s)
            for s in (BASE[0], changed(BASE[0], **{"date.start": "2021-05-13"}))]
    assert similarity(gold[1], pred[1]) < MatchConfig().threshold
    pairs = align(gold, pred)
    assert [(g, p) for g, p, _ in pairs] == [(0, 1), (1, 0)]
    assert [s for _, _, s in pairs] == [pytest.approx(0.871, abs=1e-3), pytest.approx(0.6)]


@pytest.mark.parametrize("gold,pred,expected", [
    (("2021-05-12", "day"), ("2021-05-12", "day"), 1.0),
    (("2021-05-12", "day"), ("2021-05-01", "month"), 1.0),  # overlap at month precision
    (("2021-05-12", "day"), ("2021-01-01", "year"), 1.0),
    (("2021-05-12", "day"), ("2021-05-27", "day"), 0.5 * (1 - 15 / 31)),
    (("2021-05-12", "day"), ("2021-08-12", "day"), 0.0),
])
def test_align_date_score(gold, pred, expected):
    g = GoldEvent.model_validate(changed(BASE[0], **{"date.start": gold[0],
                                                     "date.precision": gold[1]}))
    p = GoldEvent.model_validate(changed(BASE[0], **{"date.start": pred[0],
                                                     "date.precision": pred[1]}))
    assert date_score(g.date, p.date, MatchConfig()) == pytest.approx(expected)


@pytest.mark.parametrize("pred_place,expected", [
    (place("MAIDUGURI", None, None), 1.0),  # same name, any case
    (place("Maiduguri Airport", None, None, 11.85, 13.08), 1.0),  # within 25 km
    (place("Biu", "Borno", "NG", 10.61, 12.19), 0.6),  # same admin1
    (place("Kano", "Kano", "NG", 12.0, 8.52), 0.3),  # same country
    (place("Niamey", "Niamey", "NE", 13.51, 2.11), 0.0),
    (None, 0.0),
])
def test_align_place_score(pred_place, expected):
    g = GoldEvent.model_validate(BASE[0])
    p = GoldEvent.model_validate(changed(BASE[0], location=pred_place))
    assert place_score(g.location, p.location, MatchConfig()) == pytest.approx(expected)


@pytest.mark.parametrize("pred_place,matched", [
    (place("Maiduguri", "Borno", "NG"), True),
    (place("Biu", "Borno", "NG"), True),
    (place("Kano", "Kano", "NG"), False),  # same type and day in another state: another event
])
def test_align_without_evidence_place_decides(pred_place, matched):
    g = GoldEvent.model_validate(BASE[0])
    p = GoldEvent.model_validate(changed(BASE[0], location=pred_place, evidence=[]))
    assert bool(align([g], [p])) is matched


def test_align_unrelated_events_stay_unmatched():
    gold, pred = (GoldEvent.model_validate(s) for s in (BASE[1], EXTRA))
    assert similarity(gold, pred) < MatchConfig().threshold
    assert align([gold], [pred]) == []


def test_align_haversine_known_distance():
    # One degree of longitude on the equator.
    assert haversine_km((0.0, 0.0), (0.0, 1.0)) == pytest.approx(111.195, abs=0.01)


# --- the evex eval command -------------------------------------------------------

@pytest.fixture()
def eval_dirs(tmp_path):
    """A gold folder and an output folder with one gold document and its predictions."""
    gold_dir, out = tmp_path / "gold", tmp_path / "out"
    gold_dir.mkdir()
    out.mkdir()
    script = changed(BASE[0], evidence=[{"sentence": "<script>alert('x')</script> & more",
                                         "start": 0, "end": 30}])
    (gold_dir / f"{DOC}.json").write_text(gold_file([script, BASE[1]]).model_dump_json(),
                                          encoding="utf-8")
    lines = [e.model_dump_json(by_alias=True) for e in predicted([script, EXTRA])]
    (out / "events.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "documents.jsonl").write_text(json.dumps(
        {"doc_id": DOC, "source": "x.txt", "status": "ok"}) + "\n", encoding="utf-8")
    return gold_dir, out


def test_evaluation_cli_json_is_one_object(eval_dirs, capsys):
    gold_dir, out = eval_dirs
    assert main(["eval", "--pred", str(out), "--gold", str(gold_dir), "--json"]) == 0
    stdout = capsys.readouterr().out
    data = json.loads(stdout)  # fails on anything but exactly one JSON value
    assert isinstance(data, dict) and stdout.count("\n") == 1
    assert data["metrics"]["all_recall"] == pytest.approx(0.5)
    assert data["metrics"]["all_precision"] == pytest.approx(0.5)
    assert data["support"]["all_recall"] == 2


def test_evaluation_cli_table_and_events_file(eval_dirs, capsys):
    gold_dir, out = eval_dirs
    assert main(["eval", "--pred", str(out / "events.jsonl"), "--gold", str(gold_dir)]) == 0
    lines = capsys.readouterr().out.splitlines()
    row = next(line.split() for line in lines if line.startswith("all_f1"))
    assert row == ["all_f1", "0.500", "4"]


@pytest.mark.parametrize("which", ["--pred", "--gold"])
def test_evaluation_cli_missing_path_exits_2(eval_dirs, tmp_path, capsys, which):
    gold_dir, out = eval_dirs
    paths = {"--pred": str(out), "--gold": str(gold_dir), which: str(tmp_path / "nowhere")}
    assert main(["eval", *[x for kv in paths.items() for x in kv]]) == 2
    err = capsys.readouterr().err
    assert which in err and "does not exist" in err


@pytest.mark.parametrize("content,message", [
    ("not json\n", "events.jsonl:1: malformed JSON"),
    ('{"doc_id": "x"}\n', "events.jsonl:1: not a valid Event"),
    (None, "no events.jsonl in"),
])
def test_evaluation_cli_unreadable_predictions_exit_2(eval_dirs, capsys, content, message):
    gold_dir, out = eval_dirs
    if content is None:
        (out / "events.jsonl").unlink()
    else:
        (out / "events.jsonl").write_text(content, encoding="utf-8")
    assert main(["eval", "--pred", str(out), "--gold", str(gold_dir)]) == 2
    assert message in capsys.readouterr().err


def test_evaluation_cli_duplicate_gold_doc_id_exits_2(eval_dirs, capsys):
    gold_dir, out = eval_dirs
    (gold_dir / "copy.json").write_text(gold_file([BASE[0]]).model_dump_json(), encoding="utf-8")
    assert main(["eval", "--pred", str(out), "--gold", str(gold_dir)]) == 2
    assert f"doc_id '{DOC}' has another gold file" in capsys.readouterr().err


def test_evaluation_report_escapes_article_text(eval_dirs, tmp_path, capsys):
    gold_dir, out = eval_dirs
    report = tmp_path / "report"
    assert main(["eval", "--pred", str(out), "--gold", str(gold_dir), "--report", str(report)]) == 0
    page = (report / "report.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in page
    assert "http" not in page.replace('http-equiv', '')  # no external requests
    assert SENTENCES[4] in page and SENTENCES[1] in page  # spurious and missed listed
    md = (report / "report.md").read_text(encoding="utf-8")
    assert "<script" not in md.lower() and "Missed" in md and "Spurious" in md


def test_evaluation_report_shows_slot_differences():
    pred = changed(BASE[0], **{"casualties.killed": 9, "date.start": "2021-05-13"})
    result = evaluate({DOC: gold_file([BASE[0]])},
                      Predictions(events={DOC: predicted([pred])}, status={DOC: "ok"}))
    md = markdown(result).split("## Matched events")[1]
    assert "| killed | 7 at_least | 9 at_least |" in md
    assert "| date | 2021-05-12 day | 2021-05-13 day |" in md
    assert "| place |" not in md  # only differences in the markdown
    assert '<tr class="DIFF"><td>killed</td><td>7 at_least</td>' in html_report(result)


def test_evaluation_gold_document_without_predictions_is_all_missed():
    result = evaluate({DOC: gold_file(BASE)}, Predictions())
    data = summary(result)
    assert data["documents"][DOC]["status"] == "missing"
    assert len(data["missed"]) == N
    assert data["metrics"]["all_recall"] == pytest.approx(0.0)
    assert data["metrics"]["all_precision"] is None


def test_evaluation_predictions_without_gold_are_not_scored():
    preds = Predictions(events={DOC: predicted(BASE), "other": predicted([EXTRA], "other")},
                        status={DOC: "ok", "other": "ok"})
    result = evaluate({DOC: gold_file(BASE)}, preds)
    assert result.unscored == ("other",)
    assert metrics(result)["all_precision"] == pytest.approx(1.0)


def test_evaluation_dates_in_json_are_strings():
    data = summary(evaluate({DOC: gold_file(BASE)}, Predictions()))
    assert data["missed"][0]["date"] == "2021-05-12 day"
    json.dumps(data)
    assert dt.date.fromisoformat(data["missed"][0]["date"].split()[0]) == dt.date(2021, 5, 12)
