"""Pre-filter: run the expensive stages only on passages that can hold an event.

The cleaned text is split into paragraphs (blank-line separated). A paragraph
is a *candidate* when an entry of the trigger lexicon
(``resources/triggers.json``, read only) can match in it; candidates and
``context`` paragraphs either side of them are kept, the rest is dropped.
The Doc is built from the kept paragraphs joined by a blank line, and
``doc.user_data["evex_offsets"]`` (see :mod:`pipeline.offsets`) maps its
characters back into the cleaned text, so evidence offsets stay exact.

The test is a necessary condition of the trigger component, never a
sufficient one, so no event is lost:

- every word of the entry's phrase occurs in the paragraph, in any inflected
  form: as a word starting with its stem (``attack`` -> ``attacked``,
  ``seize`` -> ``seizing``) or as an irregular form the model's lemmatizer
  maps to it (``fought`` -> ``fight``);
- an entry with ``context`` words (which must be near the trigger) also needs
  one of them in the paragraph or a neighbouring one.

Documents without a candidate skip NLP; with an absent or empty lexicon
everything is kept.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import offsets, resources

LEXICON_FILE = "triggers.json"
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
JOINER = "\n\n"
_WORD = re.compile(r"[^\W\d_]+")
# Keys of a lexicon file without "types" that hold prose, not trigger words.
_PROSE_KEYS = {"comment", "description", "note", "notes", "doc", "about"}
_NOTHING: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Passage:
    start: int  # offset of the paragraph in the cleaned text
    text: str


@dataclass(frozen=True)
class Entry:
    """A trigger: the words of its phrase, and the words one of which must be near it."""

    words: tuple[str, ...]
    context: tuple[str, ...] = ()


def split_paragraphs(text: str) -> list[Passage]:
    """Blank-line separated paragraphs of ``text`` with their offsets."""
    passages, start = [], 0
    for brk in PARAGRAPH_BREAK.finditer(text):
        if brk.start() > start:
            passages.append(Passage(start, text[start:brk.start()]))
        start = brk.end()
    if start < len(text):
        passages.append(Passage(start, text[start:]))
    return passages


def words_of(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.lower()))


def _strings(node: Any) -> Iterable[str]:
    """Every string leaf of a JSON value, skipping prose keys."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if not (str(key).startswith("_") or str(key).lower() in _PROSE_KEYS):
                yield from _strings(value)


def _entries(data: Any) -> Iterable[Entry]:
    """``types.<event_type>[]`` entries ({phrase, context?}), else every string as a phrase."""
    if isinstance(data, dict) and isinstance(data.get("types"), dict):
        for entries in data["types"].values():
            for entry in entries:
                if isinstance(entry, dict):
                    context = tuple(w for c in entry.get("context", ()) for w in words_of(c))
                    yield Entry(words_of(entry["phrase"]), context)
                else:
                    yield Entry(words_of(str(entry)))
    else:
        yield from (Entry(words_of(s)) for s in _strings(data))


@lru_cache(maxsize=1)
def load_lexicon() -> frozenset[Entry]:
    """The trigger entries; an empty set (keep everything) when the file does not exist."""
    if not resources.path(LEXICON_FILE).exists():
        return frozenset()
    return frozenset(e for e in _entries(resources.load_json(LEXICON_FILE)) if e.words)


def _stem(word: str) -> str:
    if len(word) > 3 and word[-1] in "ey":
        return word[:-1]
    return word


def _irregular_forms(nlp: Language) -> dict[str, list[str]]:
    """Inflected form -> lemmas, from the exceptions of the model's lemmatizer."""
    if "lemmatizer" not in nlp.component_names:
        return {}
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_exc"):
        return {}
    forms: dict[str, list[str]] = defaultdict(list)
    for table in lookups.get_table("lemma_exc").values():
        for form, lemmas in table.items():
            forms[form.lower()] += lemmas
    return forms


class Matcher:
    """Finds the entries that can match in a paragraph."""

    def __init__(self, nlp: Language, lexicon: frozenset[Entry]) -> None:
        self.entries = sorted(lexicon, key=lambda e: e.words)
        vocabulary = {w for e in self.entries for w in e.words + e.context}
        self.stems: dict[str, set[str]] = defaultdict(set)
        for word in vocabulary:
            self.stems[_stem(word)].add(word)
        self.irregular = {form: vocabulary.intersection(lemmas)
                          for form, lemmas in _irregular_forms(nlp).items()
                          if vocabulary.intersection(lemmas)}
        self.shortest = min((len(s) for s in self.stems), default=1)

    def present(self, text: str) -> set[str]:
        """Lexicon words that occur in ``text`` in some form."""
        found: set[str] = set()
        for token in set(words_of(text)):
            found |= self.irregular.get(token, _NOTHING)
            for end in range(self.shortest, len(token) + 1):
                found |= self.stems.get(token[:end], _NOTHING)
        return found

    def candidates(self, passages: list[Passage]) -> list[int]:
        """Indices of the passages in which an entry can match."""
        present = [self.present(p.text) for p in passages]
        hits = []
        for i, words in enumerate(present):
            near = set().union(*present[max(0, i - 1):i + 2])
            if any(all(w in words for w in e.words)
                   and (not e.context or any(c in near for c in e.context))
                   for e in self.entries):
                hits.append(i)
        return hits


@lru_cache(maxsize=4)
def _matcher(nlp: Language, lexicon: frozenset[Entry]) -> Optional[Matcher]:
    return Matcher(nlp, lexicon) if lexicon else None


def select_passages(passages: list[Passage], hits: list[int], context: int) -> list[Passage]:
    """The passages at ``hits`` plus ``context`` neighbours either side, in order."""
    keep = sorted({j for i in hits
                   for j in range(max(0, i - context), min(len(passages), i + context + 1))})
    return [passages[j] for j in keep]


def kept_passages(nlp: Language, text: str, context: int = 1) -> Optional[list[Passage]]:
    """The passages of ``text`` to parse; ``None`` means all of it."""
    matcher = _matcher(nlp, load_lexicon())
    if matcher is None:
        return None
    passages = split_paragraphs(text)
    kept = select_passages(passages, matcher.candidates(passages), context)
    return None if len(kept) == len(passages) else kept


def has_candidates(nlp: Language, text: str, context: int = 1) -> bool:
    """Whether any passage of ``text`` can hold an event."""
    return kept_passages(nlp, text, context) != []


def make_doc(nlp: Language, text: str, context: int = 1) -> Doc:
    """A tokenized Doc of the passages of ``text`` that may hold an event.

    The whole text when everything is kept (or nothing is: call
    :func:`has_candidates` first to skip such documents).
    """
    kept = kept_passages(nlp, text, context)
    if not kept:
        return nlp.make_doc(text)
    pairs, parts, pos = [], [], 0
    for passage in kept:
        pairs.append((pos, passage.start))
        parts.append(passage.text)
        pos += len(passage.text) + len(JOINER)
    doc = nlp.make_doc(JOINER.join(parts))
    doc.user_data[offsets.KEY] = pairs
    return doc
