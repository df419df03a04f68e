"""Wire datelines: the prefix that opens a news paragraph with where (and when) it was filed.

"MAIDUGURI, Nigeria, March 13 (Reuters) - Militants ...", "KABUL, Jan 5 (AP) — ...",
"BANNU: Three militants ...", "Mogadishu (AFP) - ...". A dateline names the
reporter's town, not the place of the events the paragraph reports
(``pipeline.components.places`` marks its places as low-priority), and may give
the month and day of filing (``pipeline.metadata`` dates a page with it when
the page gives the year).

The prefix runs to the first separator (a spaced dash or a colon) within
``max_chars``; split at commas, its first part is a capitalised place name
(or a title-case one when an agency in brackets follows), every other part a
short capitalised name or a month and day. The rules are data in
``resources/page_metadata.json`` (``dateline``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Optional

from pipeline import resources

_LINE_START = re.compile(r"(?:^|\n)[ \t]*(?=\S)")
_WORD = re.compile(r"\w[\w'’.-]*")


@dataclass(frozen=True)
class Dateline:
    """A dateline prefix at ``[start, end)`` of a text, with the month and day it gives."""

    start: int
    end: int
    month: Optional[int] = None
    day: Optional[int] = None


@dataclass(frozen=True)
class _Rules:
    separator: re.Pattern[str]
    agency: re.Pattern[str]
    month_day: re.Pattern[str]
    months: dict[str, int]
    max_chars: int
    max_words: int


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    data = resources.load_json("page_metadata.json")
    d = data["dateline"]
    return _Rules(separator=re.compile(d["separator"]), agency=re.compile(d["agency"]),
                  month_day=re.compile(d["month_day"], re.IGNORECASE), months=data["months"],
                  max_chars=d["max_chars"], max_words=d["max_words"])


def _capitalised(part: str, upper: bool) -> bool:
    """A short name: all capitals when ``upper``, else every word's first letter."""
    tokens = _WORD.findall(part)
    if not tokens or len(tokens) > _rules().max_words or not any(c.isalpha() for c in part):
        return False
    if upper:
        return part.upper() == part
    return all(t[0].isupper() for t in tokens)


def _month_day(part: str) -> Optional[tuple[int, int]]:
    m = _rules().month_day.match(part.strip())
    if not m or not 1 <= int(m["d"]) <= 31:
        return None
    return _rules().months[m["mn"][:3].lower()], int(m["d"])


def parse(paragraph: str, offset: int = 0) -> Optional[Dateline]:
    """The dateline that opens ``paragraph`` (offsets shifted by ``offset``), or None."""
    r = _rules()
    sep = r.separator.search(paragraph[: r.max_chars + 4])
    if sep is None or sep.start() == 0 or sep.end() >= len(paragraph):
        return None
    head = paragraph[: sep.start()]
    agency = r.agency.search(head)
    if agency:
        head = head[: agency.start()]
    first, *rest = [p.strip() for p in head.split(",")]
    if not _capitalised(first, upper=not agency):
        return None
    when = None
    for part in rest:
        found = _month_day(part)
        if found:
            when = found
        elif not _capitalised(part, upper=False):
            return None
    month, day = when if when else (None, None)
    return Dateline(offset, offset + sep.start(), month, day)


def find(text: str) -> Iterator[Dateline]:
    """The datelines opening lines of ``text``, in order."""
    for m in _LINE_START.finditer(text):
        end = text.find("\n", m.end())
        found = parse(text[m.end(): len(text) if end < 0 else end], m.end())
        if found:
            yield found
