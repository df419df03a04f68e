"""Ingestion: turn command-line inputs into a lazy stream of ``RawDocument``.

Inputs (CONTRACT.md): files (``.html``, ``.htm``, ``.txt``, ``.jsonl``),
directories (walked recursively, in sorted order, symlink loops detected), or
``-`` for JSONL on standard input. Every input yields at least one record: a
document that cannot be read becomes a ``RawDocument`` with ``status`` set to
``error`` or ``skipped`` and a message, so nothing is silently dropped.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from pathlib import Path
from typing import IO, Iterable, Iterator, Optional

from pydantic import ValidationError

from pipeline import errors
from pipeline.models import InputLine, RawDocument

TEXT_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}
JSONL_SUFFIXES = {".jsonl"}
SUPPORTED = set(TEXT_SUFFIXES) | JSONL_SUFFIXES

# Leading bytes of common binary formats that are never article text.
_MAGIC = (
    (b"\x89PNG", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"),
    (b"PK\x03\x04", "ZIP archive"), (b"%PDF", "PDF document"), (b"\x1f\x8b", "gzip archive"),
    (b"\x7fELF", "ELF executable"), (b"RIFF", "RIFF media file"),
)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_text(text: str) -> str:
    return sha256_bytes(text.encode("utf-8", "surrogatepass"))


def decode_bytes(data: bytes, where: object = "input") -> str:
    """Decode a page's bytes: BOMs first, then UTF-8, then Windows-1252/Latin-1.

    Raises ``errors.InputError`` for binary data.
    """
    for magic, what in _MAGIC:
        if what and data.startswith(magic):
            raise errors.InputError(errors.E_BINARY, path=where, kind=what)
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    head = data[:4096]
    if head and head.count(b"\x00") > len(head) // 8:
        # UTF-16 without BOM has a NUL in every other byte of ASCII text.
        if head[1::2].count(b"\x00") > len(head) // 3:
            return data.decode("utf-16-le", "replace")
        if head[0::2].count(b"\x00") > len(head) // 3:
            return data.decode("utf-16-be", "replace")
        raise errors.InputError(errors.E_BINARY, path=where, kind="binary data")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or (
        "<body" in head or "<head" in head or "<div" in head or "<p>" in head
    )


class _Ids:
    """Hands out unique ``doc_id`` values; a clash gets a suffix from the content hash."""

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}

    def claim(self, wanted: str, sha: Optional[str], source: str) -> tuple[str, Optional[str]]:
        """Return (doc_id, first_source_if_duplicate)."""
        if wanted not in self.seen:
            self.seen[wanted] = source
            return wanted, None
        return wanted, self.seen[wanted]


def iter_inputs(inputs: Iterable[str], max_bytes: int = 5_000_000,
                stdin: Optional[IO[str]] = None) -> Iterator[RawDocument]:
    """Yield one or more ``RawDocument`` for every input."""
    ids = _Ids()
    for item in inputs:
        if item == "-":
            yield from _iter_jsonl_stream(stdin or sys.stdin, "<stdin>", "stdin", ids, max_bytes)
            continue
        path = Path(item)
        if path.is_dir():
            yield from _iter_dir(path, ids, max_bytes)
        else:
            yield from _iter_file(path, ids, max_bytes)


def _iter_dir(root: Path, ids: _Ids, max_bytes: int) -> Iterator[RawDocument]:
    seen_dirs: set[tuple[int, int]] = set()
    walk_errors: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=walk_errors.append):
        while walk_errors:
            exc = walk_errors.pop(0)
            yield _error_doc(Path(exc.filename or dirpath), errors.E_UNREADABLE,
                             detail=exc.strerror or str(exc))
        try:
            st = os.stat(dirpath)
        except OSError as exc:
            yield _error_doc(Path(dirpath), errors.E_UNREADABLE, detail=str(exc))
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen_dirs:
            dirnames[:] = []
            yield RawDocument(doc_id=Path(dirpath).name, source=str(dirpath), status="skipped",
                              error=errors.message(errors.E_LOOP, path=dirpath))
            continue
        seen_dirs.add(key)
        dirnames.sort()
        for name in sorted(filenames):
            yield from _iter_file(Path(dirpath) / name, ids, max_bytes)
    for exc in walk_errors:
        yield _error_doc(Path(exc.filename or root), errors.E_UNREADABLE,
                         detail=exc.strerror or str(exc))


def _error_doc(path: Path, code: str, status: str = "error", **kw: object) -> RawDocument:
    return RawDocument(doc_id=path.stem or path.name, source=str(path), status=status,
                       error=errors.message(code, path=path, **kw))


def _iter_file(path: Path, ids: _Ids, max_bytes: int) -> Iterator[RawDocument]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        yield _error_doc(path, errors.E_SUFFIX, status="skipped", suffix=suffix or "(none)")
        return
    try:
        st = path.stat()
    except OSError as exc:
        yield _error_doc(path, errors.E_UNREADABLE, detail=exc.strerror or str(exc))
        return
    if not stat.S_ISREG(st.st_mode):
        # FIFOs, sockets and devices could block or never end: never read them.
        yield _error_doc(path, errors.E_NOT_FILE, status="skipped")
        return
    size = st.st_size
    if suffix in JSONL_SUFFIXES:
        try:
            with path.open("r", encoding="utf-8", errors="replace", newline="") as fh:
                yield from _iter_jsonl_stream(fh, str(path), path.stem, ids, max_bytes)
        except OSError as exc:
            yield _error_doc(path, errors.E_UNREADABLE, detail=exc.strerror or str(exc))
        return
    if size > max_bytes:
        yield _error_doc(path, errors.E_TOO_LARGE, size=size, limit=max_bytes)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _error_doc(path, errors.E_UNREADABLE, detail=exc.strerror or str(exc))
        return
    sha = sha256_bytes(data)
    doc_id, first = ids.claim(path.stem, sha, str(path))
    if first is not None:
        doc_id = f"{path.stem}-{sha[:8]}"
        ids.claim(doc_id, sha, str(path))
    if not data.strip():
        yield RawDocument(doc_id=doc_id, source=str(path), content_sha256=sha, status="error",
                          error=errors.message(errors.E_EMPTY, path=path))
        return
    try:
        text = decode_bytes(data, path)
    except errors.InputError as exc:
        yield RawDocument(doc_id=doc_id, source=str(path), content_sha256=sha, status="error",
                          error=str(exc))
        return
    kind = TEXT_SUFFIXES[suffix]
    if kind == "text" and looks_like_html(text):
        kind = "html"
    yield RawDocument(doc_id=doc_id, source=str(path), content_sha256=sha,
                      **{kind: text})


def _iter_jsonl_stream(fh: IO[str], source: str, stem: str, ids: _Ids,
                       max_bytes: int) -> Iterator[RawDocument]:
    for lineno, line in enumerate(fh, 1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        fallback_id = f"{stem}:{lineno}"
        if len(line.encode("utf-8", "replace")) > max_bytes:
            yield RawDocument(doc_id=fallback_id, source=where, status="error",
                              error=errors.message(errors.E_TOO_LARGE, path=where,
                                                   size=len(line), limit=max_bytes))
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield RawDocument(doc_id=fallback_id, source=where, status="error",
                              error=errors.message(errors.E_JSON, path=where, detail=exc.msg))
            continue
        if not isinstance(obj, dict):
            yield RawDocument(doc_id=fallback_id, source=where, status="error",
                              error=errors.message(errors.E_JSON, path=where,
                                                   detail="a line must be a JSON object"))
            continue
        raw_id = obj.get("id")
        doc_id = str(raw_id) if isinstance(raw_id, (str, int)) and str(raw_id).strip() else fallback_id
        try:
            line_doc = InputLine.model_validate(obj)
        except ValidationError as exc:
            detail = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}"
                               for e in exc.errors())
            yield RawDocument(doc_id=doc_id, source=where, status="error",
                              error=errors.message(errors.E_FIELDS, path=where, detail=detail))
            continue
        content = line_doc.html if line_doc.html is not None else line_doc.text or ""
        sha = sha256_text(content)
        doc_id, first = ids.claim(line_doc.id, sha, where)
        if first is not None:
            yield RawDocument(doc_id=doc_id, source=where, content_sha256=sha, status="error",
                              error=errors.message(errors.E_DUP_ID, path=where, first=first))
            continue
        if not content.strip():
            yield RawDocument(doc_id=doc_id, source=where, content_sha256=sha, status="error",
                              error=errors.message(errors.E_EMPTY, path=where))
            continue
        yield RawDocument(doc_id=doc_id, source=line_doc.url or where, text=line_doc.text,
                          html=line_doc.html, url=line_doc.url, title=line_doc.title,
                          published=line_doc.published, content_sha256=sha)
