"""CLI behaviour: exit codes, every input accounted for, the schema command."""
from __future__ import annotations

import json

import pytest

from pipeline.cli import COMMANDS, build_parser, main
from pipeline.models import DocumentRecord, Event


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_cli_extract_corpus_writes_a_line_per_document(tmp_path, corpus_dir):
    out = tmp_path / "out"
    assert main(["extract", str(corpus_dir), "--out", str(out), "--quiet"]) == 0
    docs = [DocumentRecord.model_validate(d) for d in read_jsonl(out / "documents.jsonl")]
    inputs = sorted(p for p in corpus_dir.rglob("*") if p.is_file())
    assert len(docs) == len(inputs)
    assert {d.doc_id for d in docs} >= {"000_bf8e2960f3a3a562", "003_b6c7eab5fa815632"}
    assert all(d.status == "ok" for d in docs)
    for ev in read_jsonl(out / "events.jsonl"):
        Event.model_validate(ev)


def test_cli_extract_jsonl_stdin_records_bad_lines(tmp_path, monkeypatch, capsys):
    import io

    lines = ['{"id": "a", "text": "Gunmen attacked a police post on 3 May 2021."}',
             "not json", '{"id": "a", "text": "again"}', '{"text": "no id"}',
             '{"id": "b"}']
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    out = tmp_path / "out"
    assert main(["extract", "-", "--out", str(out), "--quiet"]) == 0
    docs = read_jsonl(out / "documents.jsonl")
    assert [d["status"] for d in docs] == ["ok", "error", "error", "error", "error"]
    assert docs[1]["error"].startswith("E005")
    assert docs[2]["error"].startswith("E007")
    assert "id" in docs[3]["error"] and "text" in docs[4]["error"]


def test_cli_bad_published_date_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["extract", "x", "--out", str(tmp_path), "--published", "March 3"])
    assert exc.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_cli_schema_is_the_event_model(capsys):
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == Event.model_json_schema(by_alias=True)
    assert "class" in schema["$defs"]["Actor"]["properties"]


def test_cli_every_command_is_documented():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) == set(COMMANDS)
    for name, p in sub.choices.items():
        assert "Example: evex " + name in (p.description or ""), name
