"""A cheap check that an article is in English before it reaches the English model.

English running text has a high share of function words ("the", "of", "and",
...). A text of at least ``min_words`` words whose share of spaCy's English
stop words is below ``threshold`` is taken as another language; short texts
are given the benefit of the doubt. Scripts other than Latin count as words
that are not English.
"""
from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)


def english_share(text: str, sample_chars: int = 20_000) -> tuple[float, int]:
    """Share of English stop words among the words of ``text`` (first ``sample_chars``)."""
    words = _WORD.findall(text[:sample_chars])
    if not words:
        return 0.0, 0
    hits = sum(1 for w in words if w.lower() in STOP_WORDS)
    return hits / len(words), len(words)


MIN_WORDS = 25
THRESHOLD = 0.12


def not_english(text: str) -> tuple[bool, float]:
    """(True, share) when ``text`` is long enough to judge and does not read as English."""
    share, n = english_share(text)
    return n >= MIN_WORDS and share < THRESHOLD, share
