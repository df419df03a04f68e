"""Counts from number words and digits.

``parse_number`` turns "3,400", "twenty-one", "a dozen", "1.5 million" into an
int. ``read_quantity`` also reads a leading qualifier ("at least 9", "close to
300") and vague amounts ("several", "dozens", "a few"), returning a
:class:`Quantity` whose qualifier follows ANNOTATION.md: ``exact``,
``at_least``, ``approx`` or ``vague`` (count None). ``combine`` adds up the
quantities of coordinated phrases ("the chief and two of his bodyguards").

The word lists live in ``resources/numbers.json``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Literal, Optional

from pipeline import resources

Qualifier = Literal["exact", "at_least", "approx", "vague"]

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015]+")


@dataclass(frozen=True, slots=True)
class Quantity:
    count: Optional[int]
    qualifier: Qualifier


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    return resources.load_json("numbers.json")


@lru_cache(maxsize=1)
def _qualifier_phrases() -> tuple[tuple[str, Qualifier], ...]:
    """(phrase, qualifier) pairs, longest phrase first so "no fewer than" beats "no"."""
    pairs = [(p, q) for q, phrases in _lexicon()["qualifiers"].items() for p in phrases]
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def normalize(text: str) -> str:
    """Lowercase, hyphens and dashes as spaces, single spaces."""
    return _SEPARATORS.sub(" ", text.lower()).strip()


def _word_value(word: str) -> Optional[float]:
    if _DIGITS.match(word):
        return float(word.replace(",", ""))
    lex = _lexicon()
    return lex["units"].get(word, lex["tens"].get(word))


def parse_number(text: str) -> Optional[int]:
    """The integer written in ``text`` (digits or words), or None if it is not a number."""
    words = [w for w in normalize(text).split() if w != "and"]
    if not words:
        return None
    scales = _lexicon()["scales"]
    total, current = 0.0, 0.0
    for word in words:
        value = _word_value(word)
        if value is not None:
            current += value
        elif word in scales:
            current = max(current, 1.0) * scales[word]
            if scales[word] >= 1000:
                total, current = total + current, 0.0
        else:
            return None
    return int(total + current)


def is_ordinal(word: str) -> bool:
    """"fourth" in "killing three soldiers and wounding a fourth" (one more person)."""
    return normalize(word) in _lexicon()["ordinals"]


def is_vague(text: str) -> bool:
    words = normalize(text)
    return any(words == v or words.startswith(v + " ") for v in _lexicon()["vague"])


def is_zero(text: str) -> bool:
    return normalize(text) in _lexicon()["zero"]


def split_qualifier(text: str) -> tuple[Optional[Qualifier], str]:
    """("at_least", "9") for "at least 9"; (None, text) when there is no qualifier."""
    words = normalize(text)
    for phrase, qualifier in _qualifier_phrases():
        if words.startswith(phrase + " "):
            return qualifier, words[len(phrase) + 1:]
    return None, words


def read_quantity(text: str) -> Optional[Quantity]:
    """The amount in a phrase such as "at least 9", "nearly thirty", "several", "no"."""
    if is_zero(text):
        return Quantity(0, "exact")
    qualifier, rest = split_qualifier(text)
    count = parse_number(rest)
    if count is not None:
        return Quantity(count, qualifier or "exact")
    if is_vague(rest) or is_vague(text):
        return Quantity(None, "vague")
    return None


def combine(quantities: Iterable[Quantity]) -> Optional[Quantity]:
    """Sum of coordinated amounts; a vague part makes a known sum ``at_least``."""
    parts = list(quantities)
    if not parts:
        return None
    known = [q.count for q in parts if q.count is not None]
    if not known:
        return Quantity(None, "vague")
    qualifiers = {q.qualifier for q in parts}
    if "vague" in qualifiers or "at_least" in qualifiers:
        qualifier: Qualifier = "at_least"
    elif "approx" in qualifiers:
        qualifier = "approx"
    else:
        qualifier = "exact"
    return Quantity(sum(known), qualifier)
