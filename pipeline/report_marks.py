"""Highlights of the HTML report: which characters of a document's text back which field.

Every event points at its evidence sentences by character offsets into the
cleaned text. Inside each sentence the report marks, displaCy-style:

- ``date``, ``place``, ``actor``: the ``text`` the event's fields were read
  from, found in the sentence (exact case first, then any case);
- ``casualty``: the numbers in the sentence equal to one of the event's
  killed/injured/arrested counts (digits or words, read by ``pipeline.numbers``);
- ``trigger``: the words of the event type's trigger phrases
  (``resources/triggers.json``), in their inflected forms.

:func:`segments` cuts the text at every mark boundary, so the browser only
has to lay out non-overlapping pieces, each knowing its field (if any) and the
events whose evidence covers it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator, Optional, Sequence

from pipeline import numbers, resources
from pipeline.models import EventFields

# Field marks, most specific first: where two overlap, the earlier kind wins.
FIELD_KINDS = ("casualty", "date", "place", "actor", "trigger")
_WORD = re.compile(r"[\w,.\-]+")
_INFLECTION = r"(?:s|es|d|ed|ing|ings|ment|ments)?"


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # "evidence" or one of FIELD_KINDS
    event: int  # index of the event in the report


@lru_cache(maxsize=None)
def trigger_pattern(event_type: str) -> Optional[re.Pattern[str]]:
    """One regex for the trigger phrases of ``event_type``, each word in any inflection."""
    phrases = [entry["phrase"] for entry in
               resources.load_json("triggers.json")["types"].get(event_type, [])]
    alternatives = sorted({_phrase_regex(p) for p in phrases if p.strip()}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


def _phrase_regex(phrase: str) -> str:
    words = phrase.replace(" - ", "-").split()
    return r"\s+".join(_word_regex(w) for w in words)


def _word_regex(word: str) -> str:
    """``word`` with a regular English ending.

    ``kill`` -> killed, ``stab`` -> stabbed, ``pledge`` -> pledging, ``car-bomb`` -> car - bombs.
    """
    parts = [re.escape(p) for p in word.split("-")]
    last = word[-1]
    if last == "e":
        stem = r"\s*-\s*".join(parts)[:-1]
        return stem + r"(?:e|es|ed|ing|ement|ements)?"
    return r"\s*-\s*".join(parts) + (re.escape(last) + "?" if last.isalpha() else "") + _INFLECTION


def find_text(sentence: str, needle: str) -> Optional[tuple[int, int]]:
    """Offsets of ``needle`` in ``sentence``: exact case first, then any case."""
    needle = needle.strip()
    if not needle:
        return None
    at = sentence.find(needle)
    if at < 0:
        at = sentence.casefold().find(needle.casefold())
        if at < 0 or len(sentence.casefold()) != len(sentence):
            return None
    return at, at + len(needle)


def _counts(event: EventFields) -> set[int]:
    c = event.casualties
    return {n for n in (c.killed, c.injured, c.arrested) if n is not None}


def _number_spans(sentence: str, wanted: set[int]) -> Iterator[tuple[int, int]]:
    for match in _WORD.finditer(sentence):
        word = match.group().strip(",.-")
        if len(word) > 2 or word.isdigit():
            value = numbers.parse_number(word)
            if value is not None and value in wanted:
                start = match.start() + match.group().index(word)
                yield start, start + len(word)


def _field_texts(event: EventFields) -> Iterator[tuple[str, str]]:
    if event.date is not None:
        yield "date", event.date.text
    if event.location is not None:
        yield "place", event.location.text
    for actor in event.actors:
        yield "actor", actor.text


def field_marks(sentence: str, event: EventFields) -> Iterator[tuple[int, int, str]]:
    """(start, end, kind) of the field marks of ``event`` inside one evidence ``sentence``."""
    for kind, text in _field_texts(event):
        found = find_text(sentence, text)
        if found:
            yield found[0], found[1], kind
    for start, end in _number_spans(sentence, _counts(event)):
        yield start, end, "casualty"
    pattern = trigger_pattern(event.event_type)
    if pattern is not None:
        for match in pattern.finditer(sentence):
            yield match.start(), match.end(), "trigger"


def event_marks(text: str, event: EventFields, index: int) -> Iterator[Mark]:
    """Evidence and field marks of one event in ``text``; misplaced evidence is looked up by its sentence."""
    for evidence in event.evidence:
        start = locate(text, evidence.sentence, evidence.start)
        if start is None:
            continue
        end = start + len(evidence.sentence)
        yield Mark(start, end, "evidence", index)
        for s, e, kind in field_marks(evidence.sentence, event):
            yield Mark(start + s, start + e, kind, index)


def locate(text: str, sentence: str, start: int) -> Optional[int]:
    """Where ``sentence`` starts in ``text``: at ``start`` if it is there, else its first occurrence."""
    if not sentence:
        return None
    if text[start:start + len(sentence)] == sentence:
        return start
    found = text.find(sentence)
    return found if found >= 0 else None


def _kept_fields(marks: Iterable[Mark]) -> list[Mark]:
    """Field marks without overlaps: by kind priority, then longest, then leftmost."""
    ranked = sorted((m for m in marks if m.kind != "evidence"),
                    key=lambda m: (FIELD_KINDS.index(m.kind), m.start - m.end, m.start))
    kept: list[Mark] = []
    for mark in ranked:
        if all(mark.end <= k.start or mark.start >= k.end for k in kept):
            kept.append(mark)
    return kept


def segments(text: str, marks: Sequence[Mark]) -> list[list]:
    """``[start, end, kind, [event, ...], label]`` pieces of ``text`` between mark boundaries.

    ``kind`` is the field kind ("" outside field marks); the event list names
    the events whose evidence covers the piece; ``label`` is 1 on the last
    piece of a field mark (where the browser writes the field's name).
    """
    fields = _kept_fields(marks)
    evidence = [m for m in marks if m.kind == "evidence"]
    cuts = sorted({0, len(text)} | {p for m in (*fields, *evidence) for p in (m.start, m.end)})
    pieces: list[list] = []
    for start, end in zip(cuts, cuts[1:]):
        if start >= end:
            continue
        field = next((f for f in fields if f.start <= start and end <= f.end), None)
        events = sorted({m.event for m in evidence if m.start <= start and end <= m.end}
                        | ({field.event} if field else set()))
        pieces.append([start, end, field.kind if field else "", events,
                       int(field is not None and field.end == end)])
    return pieces
