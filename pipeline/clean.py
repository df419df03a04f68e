"""Cleaning: keep only the article body, as paragraphs, with its title and date.

Stages for one ``RawDocument`` (the text it returns is what every evidence
offset points into, so each stage is deterministic):

1. HTML pages: ``trafilatura.bare_extraction`` with precision settings (no
   comments, tables, links or images, no network: the page is parsed here and
   no URL is given) yields the main text, one paragraph a line; the title
   comes from trafilatura's metadata, the date from ``metadata.html_published``
   (markup, then labelled text, then htmldate's guess unless it is a
   modification date).
   Text dumps: ``metadata.text_published`` reads the date from the raw lines.
   Either way, a page without one is dated by a wire dateline ("KABUL, Jan 5
   (AP) -") when the page gives the year (``metadata.dateline_published``);
2. ``boilerplate.drop_embedded``  - JSON and ``{{...}}`` blocks;
3. ``glosses.strip_glosses``      - wiki-mirror link glosses out, sentences rejoined;
4. ``boilerplate.layout``         - furniture lines, teaser and reference sections,
   header and footer blocks out; ``metadata.text_title`` finds the headline;
5. paragraphs joined with a blank line (``"\\n\\n"``), single spaces inside;
   the headline is not repeated in the body.

A title or date the ``RawDocument`` already carries (JSONL input) wins over
the page's own.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Optional

import trafilatura
from trafilatura.utils import load_html

from pipeline import boilerplate, errors, glosses, metadata
from pipeline.models import CleanDocument, RawDocument

PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True)
class Article:
    paragraphs: tuple[str, ...]
    title: Optional[str] = None
    published: Optional[dt.date] = None


def _body(lines: list[str], title: Optional[str]) -> tuple[tuple[str, ...], Optional[str]]:
    """Paragraphs of the article in ``lines`` and its headline (``title`` if known)."""
    lines = glosses.strip_glosses(boilerplate.drop_embedded(lines))
    page = boilerplate.layout(lines)
    paragraphs = boilerplate.paragraphs(page.body)
    if title is None and paragraphs:
        title = metadata.text_title(page.header, paragraphs[0], lines)
    if title is not None:
        paragraphs = [p for p in paragraphs if p.casefold() != title.casefold()]
    return tuple(paragraphs), title


def clean_text(text: str) -> Article:
    """The article of a text dump of a page."""
    lines = boilerplate.normalize_lines(text)
    paragraphs, title = _body(lines, None)
    published = metadata.text_published(lines) or metadata.dateline_published(paragraphs, lines)
    return Article(paragraphs, title, published)


def clean_html(html: str) -> Article:
    """The article of an HTML page, through trafilatura and the same line filter."""
    tree = load_html(html)
    if tree is None:
        return Article(())
    doc = trafilatura.bare_extraction(
        tree, favor_precision=True, include_comments=False, include_tables=False,
        include_links=False, include_images=False, include_formatting=False,
        deduplicate=False, with_metadata=True,
        date_extraction_params={"original_date": True, "extensive_search": False})
    published = metadata.html_published(tree, doc.date if doc is not None else None)
    if doc is None or not doc.text:
        return Article((), published=published)
    # trafilatura writes one paragraph a line: make each its own block.
    lines = boilerplate.normalize_lines(doc.text.replace("\n", "\n\n"))
    paragraphs, title = _body(lines, doc.title or None)
    if published is None:
        published = metadata.dateline_published(paragraphs, metadata.page_lines(tree))
    return Article(paragraphs, title, published)


def clean_document(raw: RawDocument) -> CleanDocument:
    """Return the cleaned article of ``raw``; raise ``errors.InputError`` when none is left."""
    if raw.html is not None:
        article = clean_html(raw.html)
    else:
        article = clean_text(raw.text or "")
    text = PARAGRAPH_BREAK.join(article.paragraphs).strip()
    if not text:
        raise errors.InputError(errors.E_NO_TEXT, path=raw.source)
    return CleanDocument(doc_id=raw.doc_id, source=raw.source, text=text,
                         title=raw.title or article.title,
                         published=raw.published or article.published,
                         content_sha256=raw.content_sha256)
