"""Map character offsets of a spaCy Doc back into the cleaned article text.

A Doc may hold the whole cleaned text (offsets are equal) or only some of its
passages (the pre-filter drops passages that cannot hold an event). In the
second case ``doc.user_data["evex_offsets"]`` is a sorted list of
``(doc_char, clean_char)`` pairs, one per kept passage: a Doc character at or
after ``doc_char`` (and before the next pair) sits at
``clean_char + (i - doc_char)`` in the cleaned text.
"""
from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc

KEY = "evex_offsets"


def to_clean(doc: Doc, char: int) -> int:
    """Offset in the cleaned text of character ``char`` of ``doc``."""
    pairs = doc.user_data.get(KEY)
    if not pairs:
        return char
    i = bisect_right(pairs, (char, float("inf"))) - 1
    if i < 0:
        return char
    doc_start, clean_start = pairs[i]
    return clean_start + (char - doc_start)
