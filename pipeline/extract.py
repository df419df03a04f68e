"""Extraction of one batch of documents: the map of the pipeline.

Stages, in order, for every ``RawDocument`` of a batch:

1. ``clean.clean_document``  - article body only (trafilatura for HTML, the
   boilerplate and gloss filter for text dumps); its text is what evidence
   offsets point into;
2. ``nlp``                   - the spaCy model plus the evex components
   (dates, places, actors, casualties, triggers), run with ``nlp.pipe``;
3. ``events.assemble_events`` - mentions -> ``Event`` records;
4. a ``DocumentRecord`` for every input, ``ok`` or not.

Documents that failed ingestion pass straight through as error records.
"""
from __future__ import annotations

import logging
from typing import Iterable, Optional

from spacy.language import Language

from pipeline import errors
from pipeline.clean import clean_document
from pipeline.events import assemble_events
from pipeline.language import not_english
from pipeline.models import CleanDocument, DocResult, DocumentRecord, RawDocument
from pipeline.options import Options

log = logging.getLogger(__name__)


def failed(raw: RawDocument, message: str, status: str = "error",
           clean: Optional[CleanDocument] = None) -> DocResult:
    return DocResult(document=DocumentRecord(
        doc_id=raw.doc_id, source=raw.source, title=(clean.title if clean else raw.title),
        published=(clean.published if clean else raw.published), status=status, error=message,
        n_events=0, text_chars=len(clean.text) if clean else 0,
        content_sha256=raw.content_sha256))


def process_batch(raws: Iterable[RawDocument], nlp: Language, options: Options) -> list[DocResult]:
    """Process a batch; return one ``DocResult`` per input, in input order."""
    raws = list(raws)
    results: list[Optional[DocResult]] = [None] * len(raws)
    todo: list[tuple[int, CleanDocument]] = []
    for i, raw in enumerate(raws):
        if raw.status != "ok":
            results[i] = failed(raw, raw.error or "", status=raw.status)
            continue
        try:
            clean = clean_document(raw)
        except errors.InputError as exc:
            results[i] = failed(raw, str(exc))
            continue
        except Exception as exc:  # a bug must not stop the batch
            log.exception("cleaning failed for %s", raw.source)
            results[i] = failed(raw, errors.message(errors.E_INTERNAL, path=raw.source,
                                                    detail=f"{type(exc).__name__}: {exc}"))
            continue
        foreign, share = not_english(clean.text)
        if foreign:
            results[i] = failed(raw, errors.message(errors.E_LANGUAGE, path=raw.source, share=share),
                                status="skipped", clean=clean)
            continue
        if clean.published is None and options.published is not None:
            clean = clean.model_copy(update={"published": options.published})
        if len(clean.text) > options.max_chars:
            clean = clean.model_copy(update={"text": clean.text[: options.max_chars]})
        todo.append((i, clean))

    docs = []
    for _, clean in todo:
        doc = nlp.make_doc(clean.text)
        doc._.evex_published = clean.published
        docs.append(doc)
    for (i, clean), doc in zip(todo, nlp.pipe(docs, batch_size=options.batch_size)):
        raw = raws[i]
        try:
            events = assemble_events(doc, clean)
        except Exception as exc:
            log.exception("event assembly failed for %s", raw.source)
            results[i] = failed(raw, errors.message(errors.E_INTERNAL, path=raw.source,
                                                    detail=f"{type(exc).__name__}: {exc}"),
                                clean=clean)
            continue
        results[i] = DocResult(
            document=DocumentRecord(
                doc_id=raw.doc_id, source=raw.source, title=clean.title, published=clean.published,
                status="ok", error=None, n_events=len(events), text_chars=len(clean.text),
                content_sha256=raw.content_sha256),
            events=events, text=clean.text)
    return [r for r in results if r is not None]
