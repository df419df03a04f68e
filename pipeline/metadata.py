"""Page metadata: the title and the publication date of an article.

HTML pages: JSON-LD ``datePublished``, publication ``<meta>`` tags and
``<time>`` elements, then htmldate restricted to the original publication
date; the title from trafilatura's metadata. Text dumps: a JSON metadata block
with ``datePublished``, a labelled line ("Published on Mar 3, 2015",
"Posted: 2024-05-01"), a ``datetime="..."`` attribute left in the text, a line
that is only a date near the top (or such a part of a byline line: "March 13,
2024 4:52 PM · Updated 2 hours ago"), and last an "Updated ..." line. Pages
with none: a wire dateline's month and day with the page's year
(:func:`dateline_published`). The title is the headline line before the body
(see :func:`text_title`), never a byline, date or breadcrumb line. Labels, keys and
date patterns are data in ``resources/page_metadata.json``.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator, Optional, Sequence

from lxml import etree
from lxml.html import HtmlElement

from pipeline import datelines, resources
from pipeline.boilerplate import Block, normalize_lines, words


@dataclass(frozen=True)
class DateRules:
    published: tuple[re.Pattern[str], ...]
    updated: tuple[re.Pattern[str], ...]
    edited: tuple[re.Pattern[str], ...]
    label_max_words: int
    json_key: re.Pattern[str]
    json_keys: frozenset[str]
    meta_names: frozenset[str]
    json_modified: frozenset[str]
    meta_modified: frozenset[str]
    months: dict[str, int]
    patterns: tuple[re.Pattern[str], ...]
    extras: re.Pattern[str]
    datetime_attr: re.Pattern[str]
    headline_max_words: int
    site_suffix: re.Pattern[str]
    segments: re.Pattern[str]
    title_furniture: tuple[re.Pattern[str], ...]
    copyright_year: re.Pattern[str]


def _label_patterns(labels: Sequence[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(rf"^{re.escape(label)}\b\s*:?\s*(.+)$", re.IGNORECASE)
                 for label in sorted(labels, key=len, reverse=True))


@lru_cache(maxsize=1)
def rules() -> DateRules:
    data = resources.load_json("page_metadata.json")
    keys = "|".join(map(re.escape, data["json_published_keys"]))
    return DateRules(
        published=_label_patterns(data["published_labels"]),
        updated=_label_patterns(data["updated_labels"]),
        edited=_label_patterns(data["updated_labels"] + data["edited_labels"]),
        label_max_words=data["label_max_words"],
        json_key=re.compile(rf'"(?:{keys})"\s*:\s*"([^"]+)"'),
        json_keys=frozenset(data["json_published_keys"]),
        meta_names=frozenset(data["meta_published"]),
        json_modified=frozenset(data["json_modified_keys"]),
        meta_modified=frozenset(data["meta_modified"]),
        months=data["months"],
        patterns=tuple(re.compile(p, re.IGNORECASE) for p in data["date_patterns"]),
        extras=re.compile(data["date_line_extras"]),
        datetime_attr=re.compile(data["datetime_attribute"], re.IGNORECASE),
        headline_max_words=data["headline_max_words"],
        site_suffix=re.compile(data["site_suffix"]),
        segments=re.compile(data["segment_separators"]),
        title_furniture=tuple(re.compile(p) for p in data["title_furniture"]),
        copyright_year=re.compile(data["copyright_year"]),
    )


_NON_TEXT = frozenset({"script", "style", "noscript", "template"})
_BLOCKS = frozenset({"p", "div", "section", "article", "header", "footer", "aside", "main", "nav",
                     "address", "li", "ul", "ol", "dl", "dt", "dd", "tr", "td", "th", "table",
                     "h1", "h2", "h3", "h4", "h5", "h6", "br", "hr", "blockquote", "figure", "figcaption"})


# -- dates -------------------------------------------------------------------------------------

def _matches(text: str) -> Iterator[tuple[re.Match[str], dt.date]]:
    """Every valid calendar date written in ``text``, with its match."""
    r = rules()
    for pattern in r.patterns:
        for m in pattern.finditer(text):
            month = m["m"] if "m" in m.groupdict() and m["m"] else r.months.get(m["mn"][:3].lower())
            try:
                yield m, dt.date(int(m["y"]), int(month), int(m["d"]))
            except (TypeError, ValueError):
                continue


def _all_dates(text: str) -> list[dt.date]:
    return [date for _, date in _matches(text)]


def _find_date(text: str) -> Optional[tuple[re.Match[str], dt.date]]:
    """The first valid calendar date written in ``text``, with its match."""
    return min(_matches(text), key=lambda f: f[0].start(), default=None)


def parse_date(text: str) -> Optional[dt.date]:
    """The first calendar date in ``text`` (ISO or with an English month name)."""
    hit = _find_date(text)
    return hit[1] if hit else None


def _segments(lines: Sequence[str]) -> Iterator[str]:
    """Each line, then its parts between separators ("March 13, 2024 · Updated 2 hours ago")."""
    for line in lines:
        yield line
        parts = [p for p in rules().segments.split(line) if p]
        if len(parts) > 1:
            yield from parts


def _labelled(lines: Sequence[str], labels: Sequence[re.Pattern[str]]) -> Iterator[dt.date]:
    """Dates on short lines (or line segments) that start with one of ``labels``."""
    limit = rules().label_max_words
    for line in _segments(lines):
        if len(words(line)) > limit:
            continue
        for label in labels:
            m = label.match(line)
            if m and (date := parse_date(m.group(1))):
                yield date
                break


def _date_only_line(line: str) -> Optional[dt.date]:
    hit = _find_date(line)
    if hit is None or len(words(line)) > 8:
        return None
    match, date = hit
    rest = rules().extras.sub("", line[: match.start()] + " " + line[match.end():])
    return None if rest else date


def _top_lines(lines: Sequence[str], long_lines: int = 2) -> Iterator[str]:
    """Lines up to the ``long_lines``-th line of running prose."""
    seen = 0
    for line in lines:
        if len(words(line)) >= 20:
            seen += 1
            if seen >= long_lines:
                return
        yield line


def _text_dates(lines: Sequence[str]) -> Iterator[Optional[dt.date]]:
    """Candidate publication dates of a text dump, best evidence first (lazily)."""
    r = rules()
    text = "\n".join(lines)
    yield from (parse_date(m.group(1)) for m in r.json_key.finditer(text))
    yield next(_labelled(lines, r.published), None)
    yield from (parse_date(m.group(1)) for m in r.datetime_attr.finditer(text))
    yield from map(_date_only_line, _segments(list(_top_lines(lines))))
    yield next(_labelled(lines, r.updated), None)


def text_published(lines: Sequence[str]) -> Optional[dt.date]:
    """Publication date of a text dump (its lines before any filtering), or None."""
    return next(filter(None, _text_dates(lines)), None)


def _page_year(lines: Sequence[str], month: int, day: int) -> Optional[int]:
    """The year of a page whose dateline gives ``month`` and ``day``: its copyright
    year, else the year of the latest full date on the page (the next one when
    that date falls later in the year: a page is not older than what it reports)."""
    text = "\n".join(lines)
    years = [int(m.group(1)) for m in rules().copyright_year.finditer(text)]
    if years:
        return max(years)
    dates = [date for line in lines for date in _all_dates(line)]
    if not dates:
        return None
    latest = max(dates)
    return latest.year + ((month, day) < (latest.month, latest.day))


def dateline_published(paragraphs: Sequence[str], lines: Sequence[str],
                       first: int = 3) -> Optional[dt.date]:
    """Publication date from a wire dateline ("KABUL, Jan 5 (AP) -") in one of the
    ``first`` paragraphs, when the page (``lines``) gives the year; else None."""
    for paragraph in paragraphs[:first]:
        line = datelines.parse(paragraph)
        if line is None or line.month is None:
            continue
        year = _page_year(lines, line.month, line.day)
        try:
            return dt.date(year, line.month, line.day) if year else None
        except ValueError:
            return None
    return None


def _json_ld_dates(node: Any, keys: frozenset[str]) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in keys and isinstance(value, str):
                yield value
            else:
                yield from _json_ld_dates(value, keys)
    elif isinstance(node, list):
        for item in node:
            yield from _json_ld_dates(item, keys)


def _markup_dates(tree: HtmlElement, keys: frozenset[str], names: frozenset[str],
                  time_prop: str) -> Iterator[str]:
    """Date strings under ``keys`` in JSON-LD, ``names`` in ``<meta>``, ``time_prop`` in ``<time>``."""
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            try:
                yield from _json_ld_dates(json.loads(script.text), keys)
            except json.JSONDecodeError:
                continue
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key in names and meta.get("content"):
            yield meta.get("content")
    for time in tree.iter("time"):
        prop = (time.get("itemprop") or "").lower()
        if time.get("datetime") and (prop == time_prop or (time_prop == "datepublished"
                                                            and time.get("pubdate") is not None)):
            yield time.get("datetime")


def page_lines(tree: HtmlElement) -> list[str]:
    """The page's text with a line break around every block element (one pass over the tree)."""
    body = tree.find("body")
    parts: list[str] = []
    walker = etree.iterwalk(body if body is not None else tree, events=("start", "end"))
    for event, el in walker:
        block = el.tag in _BLOCKS
        if event == "start" and el.tag in _NON_TEXT:
            walker.skip_subtree()
        elif event == "start":
            parts.append("\n" if block else "")
            parts.append(el.text or "")
        else:
            parts.append("\n" if block else "")
            parts.append(el.tail or "")
    return [line for line in normalize_lines("".join(parts)) if line]


def html_published(tree: HtmlElement, guess: Optional[str] = None) -> Optional[dt.date]:
    """Publication date of an HTML page, never one of its modification dates.

    Markup first (JSON-LD, ``<meta>``, ``<time>``), then a labelled line of the
    page's text ("Published on ..."), then ``guess`` (htmldate's answer, which
    may be a modification date: it is dropped when the page says so).
    """
    r = rules()
    declared = _markup_dates(tree, r.json_keys, r.meta_names, "datepublished")
    if date := next(filter(None, map(parse_date, declared)), None):
        return date
    lines = page_lines(tree)
    if date := next(_labelled(lines, r.published), None):
        return date
    guessed = parse_date(guess or "")
    modified = {*map(parse_date, _markup_dates(tree, r.json_modified, r.meta_modified, "datemodified")),
                *_labelled(lines, r.edited)}
    return None if guessed in modified else guessed


# -- titles ------------------------------------------------------------------------------------

def _key(text: str) -> str:
    return " ".join(words(text)).casefold()


def _headline_like(line: str) -> bool:
    """A line that could be a headline: 1-25 words, opening with a capital, no closing
    comma or stop, and neither a date, a byline nor a breadcrumb (``title_furniture``)."""
    n = len(words(line))
    return 0 < n <= rules().headline_max_words and (line[0].isupper() or line[0].isdigit()) \
        and not re.search(r"[.,;:]$", line) and parse_date(line) is None \
        and not any(p.search(line) for p in rules().title_furniture)


def _without_site(line: str) -> str:
    """``line`` without a trailing site name ("Headline | Site", "Headline - Site")."""
    return rules().site_suffix.sub("", line)


def text_title(header: Sequence[Block], first_paragraph: str,
               lines: Sequence[str]) -> Optional[str]:
    """The headline of a text dump, from the blocks before its body.

    In order: a header line that the first paragraph repeats (wiki style: the
    page name in bold in the first sentence), a header line that appears
    twice in the page (``<title>`` with a site name and headline), the
    headline-like line standing alone nearest to the body, the first one.
    """
    candidates = [ln for b in header for ln in b if _headline_like(ln)]
    if not candidates:
        return None
    opening = f" {_key(first_paragraph)} "
    for ln in candidates:
        if (len(words(ln)) >= 2 or ln == lines[0]) and f" {_key(ln)} " in opening:
            return ln
    keys = [_key(_without_site(ln)) for ln in lines if ln]
    for ln in candidates:
        if len(words(ln)) >= 3 and keys.count(_key(_without_site(ln))) > 1:
            return _without_site(ln)
    alone = [b[0] for b in header if len(b) == 1 and _headline_like(b[0]) and len(words(b[0])) >= 2]
    return alone[-1] if alone else candidates[0]
