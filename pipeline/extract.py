"""Extraction of one batch of documents: the map of the pipeline.

Stages, in order, for every ``RawDocument`` of a batch:

1. ``clean.clean_document``  - article body only (trafilatura for HTML, the
   boilerplate and gloss filter for text dumps); its text is what evidence
   offsets point into;
2. ``prefilter``             - only paragraphs that can hold an event are
   parsed (``options.prefilter``); a document with none skips the next stages;
3. ``nlp``                   - the spaCy model plus the evex components
   (dates, places, actors, casualties, triggers), run with ``nlp.pipe``;
4. ``events.assemble_events`` - mentions -> ``Event`` records;
5. a ``DocumentRecord`` for every input, ``ok`` or not.

Documents that failed ingestion pass straight through as error records.
"""
from __future__ import annotations

import logging
from typing import Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import errors, prefilter
from pipeline.clean import clean_document
from pipeline.events import assemble_events
from pipeline.language import not_english
from pipeline.limits import DocTimeout, time_limit
from pipeline.models import CleanDocument, DocResult, DocumentRecord, Event, RawDocument
from pipeline.options import Options

log = logging.getLogger(__name__)


def failed(raw: RawDocument, message: str, status: str = "error",
           clean: Optional[CleanDocument] = None) -> DocResult:
    return DocResult(document=DocumentRecord(
        doc_id=raw.doc_id, source=raw.source, title=(clean.title if clean else raw.title),
        published=(clean.published if clean else raw.published), status=status, error=message,
        n_events=0, text_chars=len(clean.text) if clean else 0,
        content_sha256=raw.content_sha256))


def _internal(raw: RawDocument, exc: Exception, clean: Optional[CleanDocument] = None) -> DocResult:
    log.exception("processing failed for %s", raw.source)
    return failed(raw, errors.message(errors.E_INTERNAL, path=raw.source,
                                      detail=f"{type(exc).__name__}: {exc}"), clean=clean)


def _timed_out(raw: RawDocument, options: Options, clean: Optional[CleanDocument] = None) -> DocResult:
    return failed(raw, errors.message(errors.E_TIMEOUT, path=raw.source, limit=options.doc_timeout),
                  clean=clean)


def _prepare(raw: RawDocument, options: Options) -> DocResult | CleanDocument:
    """Clean one document, or return its failure record."""
    if raw.status != "ok":
        return failed(raw, raw.error or "", status=raw.status)
    try:
        with time_limit(options.doc_timeout):
            clean = clean_document(raw)
    except errors.InputError as exc:
        return failed(raw, str(exc))
    except DocTimeout:
        return _timed_out(raw, options)
    except Exception as exc:  # a bug must not stop the batch
        return _internal(raw, exc)
    foreign, share = not_english(clean.text)
    if foreign:
        return failed(raw, errors.message(errors.E_LANGUAGE, path=raw.source, share=share),
                      status="skipped", clean=clean)
    if clean.published is None and options.published is not None:
        clean = clean.model_copy(update={"published": options.published})
    if len(clean.text) > options.max_chars:
        clean = clean.model_copy(update={"text": clean.text[: options.max_chars]})
    return clean


def _make_doc(nlp: Language, clean: CleanDocument, options: Options) -> Doc:
    """A tokenized Doc of ``clean``: its pre-filtered passages when ``options.prefilter``."""
    if options.prefilter:
        doc = prefilter.make_doc(nlp, clean.text, context=options.prefilter_context)
    else:
        doc = nlp.make_doc(clean.text)
    doc._.evex_published = clean.published
    return doc


def _parse(nlp: Language, cleans: list[CleanDocument], options: Options) -> list[Optional[Doc]]:
    """Run the spaCy pipeline over ``cleans``; ``None`` for a document over its time limit.

    The batch runs under one budget (``doc_timeout`` per document); when it
    runs out, the documents are parsed again one by one, each under its own
    limit, so only the slow ones fail.
    """
    docs = [_make_doc(nlp, clean, options) for clean in cleans]
    try:
        with time_limit(options.doc_timeout * len(docs)):
            return list(nlp.pipe(docs, batch_size=options.batch_size))
    except DocTimeout:
        pass
    parsed: list[Optional[Doc]] = []
    for clean in cleans:
        doc = _make_doc(nlp, clean, options)
        try:
            with time_limit(options.doc_timeout):
                parsed.append(nlp(doc))
        except DocTimeout:
            parsed.append(None)
    return parsed


def process_batch(raws: Iterable[RawDocument], nlp: Language, options: Options) -> list[DocResult]:
    """Process a batch; return one ``DocResult`` per input, in input order."""
    raws = list(raws)
    results: list[Optional[DocResult]] = [None] * len(raws)
    todo: list[tuple[int, CleanDocument]] = []
    for i, raw in enumerate(raws):
        prepared = _prepare(raw, options)
        if isinstance(prepared, DocResult):
            results[i] = prepared
        elif options.prefilter and not prefilter.has_candidates(
                nlp, prepared.text, context=options.prefilter_context):
            results[i] = _succeeded(raw, prepared, [])  # no passage can hold an event
        else:
            todo.append((i, prepared))

    parsed = _parse(nlp, [clean for _, clean in todo], options)
    for (i, clean), doc in zip(todo, parsed):
        raw = raws[i]
        if doc is None:
            results[i] = _timed_out(raw, options, clean)
            continue
        try:
            with time_limit(options.doc_timeout):
                events = assemble_events(doc, clean)
        except DocTimeout:
            results[i] = _timed_out(raw, options, clean)
            continue
        except Exception as exc:
            results[i] = _internal(raw, exc, clean)
            continue
        results[i] = _succeeded(raw, clean, events)
    return [r for r in results if r is not None]


def _succeeded(raw: RawDocument, clean: CleanDocument, events: list[Event]) -> DocResult:
    return DocResult(
        document=DocumentRecord(
            doc_id=raw.doc_id, source=raw.source, title=clean.title, published=clean.published,
            status="ok", error=None, n_events=len(events), text_chars=len(clean.text),
            content_sha256=raw.content_sha256),
        events=events, text=clean.text)
