"""Cleaning: keep only the article body (placeholder; see issue 2)."""
from __future__ import annotations

import trafilatura

from pipeline import errors
from pipeline.models import CleanDocument, RawDocument


def clean_document(raw: RawDocument) -> CleanDocument:
    """Return the cleaned article of ``raw``; raise ``errors.InputError`` when none is left."""
    if raw.html is not None:
        text = trafilatura.extract(raw.html, include_comments=False) or ""
    else:
        text = raw.text or ""
    text = text.strip()
    if not text:
        raise errors.InputError(errors.E_NO_TEXT, path=raw.source)
    return CleanDocument(doc_id=raw.doc_id, source=raw.source, text=text, title=raw.title,
                         published=raw.published, content_sha256=raw.content_sha256)
