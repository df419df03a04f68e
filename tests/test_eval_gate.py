"""The CI evaluation gate: the real pipeline on the corpus, then unit tests on fake metrics."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from evaluation import gate
from pipeline.cli import main as evex

ROOT = Path(__file__).resolve().parent.parent

TODAY = dt.date(2024, 1, 31)
HASHES = {"annotations": "a" * 64, "corpus": "c" * 64}


def baseline(**floors) -> dict:
    return {"floors": floors, "hashes": dict(HASHES), "history": []}


@pytest.mark.slow
def test_eval_gate_passes_on_the_extracted_corpus(tmp_path):
    out, corpus = tmp_path / "out", ROOT / "corpus"
    assert evex(["extract", str(corpus), "--out", str(out), "--quiet"]) == 0
    assert gate.run_gate(out, ROOT / "annotations", corpus) == []


@pytest.mark.parametrize("scores,floors,expected", [
    ({"all_f1": 0.6}, {"all_f1": 0.5}, []),
    ({"all_f1": 0.5}, {"all_f1": 0.5}, []),
    ({"all_f1": 0.4}, {"all_f1": 0.5}, ["all_f1: 0.4000 is below its floor 0.5"]),
    ({"date": None}, {"date": 0.0}, []),
    ({"date": None}, {"date": 0.3}, ["date: not measured (no events to compare), floor 0.3"]),
    ({}, {"killed": 0.1}, ["killed: unknown metric in the baseline"]),
])
def test_eval_gate_floors(scores, floors, expected):
    assert gate.check(scores, HASHES, baseline(**floors)) == expected


@pytest.mark.parametrize("name,label", [("annotations", "gold changed"),
                                        ("corpus", "corpus changed")])
def test_eval_gate_hash_change_fails(name, label):
    problems = gate.check({"all_f1": 1.0}, {**HASHES, name: "f" * 64}, baseline(all_f1=0.5))
    assert len(problems) == 1
    assert problems[0].startswith(label) and "--update --reason" in problems[0]


@pytest.mark.parametrize("old,current,allow,new,passes", [
    (0.5, 0.7, (), 0.7, True),  # raised
    (0.5, 0.3, (), 0.5, False),  # never lowered: the gate keeps failing
    (0.5, None, (), 0.5, False),  # not measured: kept
    (0.5, 0.3, ("all_f1",), 0.3, True),  # lowered when allowed explicitly
    (0.5, 0.66666666, (), 0.6666, True),  # rounded down, so the same score passes
])
def test_eval_gate_update_floors(old, current, allow, new, passes):
    updated = gate.update(baseline(all_f1=old), HASHES, "test", {"all_f1": current}, allow,
                          today=TODAY)
    assert updated["floors"]["all_f1"] == pytest.approx(new)
    assert (gate.check({"all_f1": current}, HASHES, updated) == []) is passes


def test_eval_gate_update_records_history_and_hashes():
    new_hashes = {**HASHES, "annotations": "b" * 64}
    updated = gate.update(baseline(all_f1=0.5), new_hashes, "gold: fixed a date",
                          {"all_f1": 0.3}, ["all_f1"], today=TODAY)
    assert updated["hashes"] == new_hashes
    assert updated["history"] == [{
        "date": "2024-01-31", "reason": "gold: fixed a date", "floors": {"all_f1": [0.5, 0.3]},
        "hashes": ["annotations"], "allow_regression": ["all_f1"]}]


def test_eval_gate_update_without_scores_keeps_floors():
    updated = gate.update(baseline(all_f1=0.5), {**HASHES, "corpus": "d" * 64}, "new page",
                          today=TODAY)
    assert updated["floors"] == {"all_f1": 0.5}
    assert updated["history"][0]["hashes"] == ["corpus"]


@pytest.mark.parametrize("reason,allow,message", [
    ("  ", (), "--reason"),
    ("why", ("no_such_metric",), "unknown metric"),
])
def test_eval_gate_update_refuses(reason, allow, message):
    with pytest.raises(ValueError, match=message):
        gate.update(baseline(all_f1=0.5), HASHES, reason, {"all_f1": 0.6}, allow)


def test_eval_gate_tree_hash_tracks_content_and_names(tmp_path):
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    first = gate.tree_sha256(tmp_path, "*.json")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    assert gate.tree_sha256(tmp_path, "*.json") == first
    (tmp_path / "a.json").write_text("{ }", encoding="utf-8")
    second = gate.tree_sha256(tmp_path, "*.json")
    (tmp_path / "a.json").rename(tmp_path / "b.json")
    assert len({first, second, gate.tree_sha256(tmp_path, "*.json")}) == 3


@pytest.fixture()
def project(tmp_path):
    """Gold, corpus, empty predictions and a baseline pinned to them, in ``tmp_path``."""
    gold, corpus, out = tmp_path / "gold", tmp_path / "corpus", tmp_path / "out"
    for folder in (gold, corpus, out):
        folder.mkdir()
    (corpus / "doc.txt").write_text("Rebels shelled a border post in 2019.", encoding="utf-8")
    (out / "events.jsonl").write_text("", encoding="utf-8")
    path = tmp_path / "baseline.json"
    pinned = {"floors": {"all_f1": 0.0}, "hashes": gate.current_hashes(gold, corpus),
              "history": []}
    gate.save_baseline(pinned, path)
    args = ["--pred", str(out), "--gold", str(gold), "--corpus", str(corpus),
            "--baseline", str(path)]
    return args, corpus, path


def test_eval_gate_cli_pass_then_fail_then_update(project, capsys):
    args, corpus, path = project
    assert gate.main(args) == 0
    (corpus / "doc.txt").write_text("changed", encoding="utf-8")
    assert gate.main(args) == 1
    assert "FAIL corpus changed" in capsys.readouterr().err
    assert gate.main([*args, "--update", "--reason", "corpus edited"]) == 0
    assert gate.main(args) == 0
    history = json.loads(path.read_text(encoding="utf-8"))["history"]
    assert [h["reason"] for h in history] == ["corpus edited"]


@pytest.mark.parametrize("extra,message", [
    (["--update"], "--reason"),
    (["--allow-regression", "all_f1"], "only goes with --update"),
])
def test_eval_gate_cli_usage_errors(project, capsys, extra, message):
    args, _, _ = project
    assert gate.main([*args, *extra]) == 2
    assert message in capsys.readouterr().err


def test_eval_gate_cli_needs_pred_to_check(capsys):
    assert gate.main([]) == 2
    assert "--pred" in capsys.readouterr().err
