"""Bad input never loses a document or stops a batch (issue 6).

The committed corpus in tests/badinput/ holds empty, whitespace-only, binary,
UTF-16, Latin-1, deeply nested, script-only, malformed and non-English pages
and a JSONL file with broken lines; the test adds what cannot be committed
(a symlink loop, a dangling link, a FIFO, an oversize page).
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.ingest import decode_bytes

BAD = Path(__file__).parent / "badinput"

# doc_id -> (status, error code prefix or None)
EXPECTED = {
    "archive": ("error", "E002"),
    "empty": ("error", "E001"),
    "image.png": ("error", "E002"),
    "latin1": ("ok", None),
    "utf16": ("ok", None),
    "malformed": ("ok", None),
    "mostly-script": ("ok", None),
    "nested": ("error", "E010"),
    "notes": ("skipped", "E008"),
    "other-language": ("skipped", "E011"),
    "whitespace": ("error", "E001"),
    "html-1": ("ok", None),
    "lines:2": ("error", "E005"),
    "no-content": ("error", "E006"),
    "wrong-types": ("error", "E006"),
    "lines:6": ("error", "E005"),
    "loop": ("skipped", "E009"),
    "dangling": ("error", "E004"),
    "pipe": ("skipped", "E014"),
    "oversize": ("error", "E003"),
}


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    tree = root / "in"
    shutil.copytree(BAD, tree)
    sub = tree / "sub"
    sub.mkdir()
    (sub / "loop").symlink_to(sub, target_is_directory=True)
    (tree / "dangling.txt").symlink_to(tree / "nowhere.txt")
    os.mkfifo(tree / "pipe.txt")
    (tree / "oversize.txt").write_text("Gunmen attacked a base. " * 20000, encoding="utf-8")
    out = root / "out"
    code = main(["extract", str(tree), "--out", str(out), "--quiet", "--max-bytes", "300000"])
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text().splitlines()]
    return code, docs, tree


def test_badinput_batch_exits_zero(bad_run):
    code, _, _ = bad_run
    assert code == 0


def test_badinput_every_input_has_a_line(bad_run):
    _, docs, tree = bad_run
    files = [p for p in tree.rglob("*") if not p.is_dir() or p.is_symlink()]
    jsonl_lines = sum(1 for line in (tree / "lines.jsonl").read_text().splitlines() if line.strip())
    # every file once, except lines.jsonl which gives one record per line
    assert len(docs) == len(files) - 1 + jsonl_lines


@pytest.mark.parametrize("doc_id,status,code", [(k, *v) for k, v in EXPECTED.items()])
def test_badinput_status_and_code(bad_run, doc_id, status, code):
    _, docs, _ = bad_run
    found = [d for d in docs if d["doc_id"] == doc_id]
    assert found, f"no documents.jsonl line for {doc_id}"
    doc = found[0]
    assert doc["status"] == status, doc
    if code is None:
        assert doc["error"] is None and doc["text_chars"] > 0
    else:
        assert doc["error"].startswith(code + ": ")


def test_badinput_duplicate_jsonl_id_is_recorded(bad_run):
    _, docs, _ = bad_run
    wire = [d for d in docs if d["doc_id"] == "wire-1"]
    assert [d["status"] for d in wire] == ["ok", "error"]
    assert wire[1]["error"].startswith("E007") and "lines.jsonl:1" in wire[1]["error"]


@pytest.mark.parametrize("data,expected", [
    ("Grozny café".encode("utf-8"), "Grozny café"),
    ("Grozny café".encode("utf-16"), "Grozny café"),
    ("Grozny café".encode("utf-16-le"), "Grozny café"),
    ("Grozny café".encode("latin-1"), "Grozny café"),
    ("\ufeffGrozny".encode("utf-8"), "Grozny"),
    ("“quoted” – dash".encode("cp1252"), "“quoted” – dash"),
])
def test_ingest_decodes_common_encodings(data, expected):
    assert decode_bytes(data) == expected
