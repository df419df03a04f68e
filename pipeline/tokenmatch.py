"""A fast stand-in for spaCy's ``Matcher`` on fixed-length token patterns.

spaCy's ``Matcher`` starts one state per pattern at every token, so its cost is
tokens x patterns: with hundreds of lexicon patterns it dominated the run.
:class:`TokenMatcher` indexes the patterns by what their first token must be
(an exact value or an ``IN`` set of one attribute), reads the attributes of a
Doc in one ``Doc.to_array`` call, and tries at each token only the patterns
that can start there.

It returns what ``Matcher.__call__`` returns for the same patterns: the same
``(match_id, start, end)`` triples, deduplicated, in the same order (by end,
then start, then the index of the first pattern that made the match), and it
raises the same ``ValueError`` when a pattern needs an annotation the Doc lacks.
Supported token specs: attribute keys (``ORTH``/``TEXT``, ``LOWER``, ``LEMMA``,
``POS``, ``TAG``, ``DEP``, ``IS_SPACE``...) with a string, bool or int value, or a
dict of ``IN``, ``NOT_IN`` and/or ``REGEX``; no operators, extensions or empty specs.
:func:`make_matcher` falls back to spaCy's ``Matcher`` for anything else.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional, Union

from spacy.attrs import IDS
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

# Annotations the Matcher insists on (E155) for attributes with an exact value,
# unless ``allow_missing``.
_REQUIRED = {"TAG": "tagger", "POS": "morphologizer or tagger+attribute_ruler",
             "LEMMA": "lemmatizer", "DEP": "parser"}
_VALUE_OPS = {"IN", "NOT_IN", "REGEX"}
# Attributes tried first as the index of a pattern: the most selective.
_INDEX_ORDER = ("ORTH", "LOWER", "NORM", "LEMMA", "TAG", "DEP", "POS")


class Unsupported(ValueError):
    """A pattern :class:`TokenMatcher` cannot run (use spaCy's ``Matcher``)."""


@dataclass(frozen=True, slots=True)
class Test:
    """One condition on one attribute: one of ``values`` (none of them when
    ``negated``), or a match of ``regex``."""

    column: int
    values: Optional[frozenset[int]] = None
    regex: Optional[re.Pattern] = None
    negated: bool = False


@dataclass(frozen=True, slots=True)
class Pattern:
    order: int  # index among all patterns, as the Matcher stores them
    key: int
    length: int
    checks: tuple[tuple[int, Test], ...]  # (token offset, test), less the index test


def _holds(test: Test, value: int, vocab: Vocab) -> bool:
    if test.regex is None:
        return (value in test.values) != test.negated
    return test.regex.search(vocab.strings[value]) is not None


def _attr_name(name: Any) -> str:
    if not isinstance(name, str):
        raise Unsupported(f"attribute {name!r}")
    name = name.upper()
    name = "ORTH" if name == "TEXT" else name
    if name not in IDS or name in {"OP", "_", "MORPH", "SENT_START", "IS_SENT_START", "ENT_IOB"}:
        raise Unsupported(f"attribute {name!r}")
    return name


def _value(vocab: Vocab, value: Any) -> int:
    if isinstance(value, str):
        return vocab.strings.add(value)
    if isinstance(value, (bool, int)):
        return int(value)
    raise Unsupported(f"value {value!r}")


class TokenMatcher:
    """Fixed-length token patterns under keys, like ``spacy.matcher.Matcher``."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._columns: dict[str, int] = {}
        self._patterns: list[Pattern] = []
        self._index: dict[int, dict[int, list[Pattern]]] = {}  # column -> value -> patterns
        self._unindexed: list[Pattern] = []
        self._exact: set[str] = set()  # attributes with an exact value somewhere
        self._added: dict[int, list[list[dict]]] = {}  # key -> patterns as given

    def __len__(self) -> int:
        return len(self._added)

    def get(self, key: Union[str, int]) -> tuple[None, list[list[dict]]]:
        """(callback, patterns) of ``key``, as ``Matcher.get`` (there are no callbacks)."""
        key_id = self.vocab.strings.add(key) if isinstance(key, str) else key
        return None, self._added.get(key_id, [])

    def _column(self, name: str) -> int:
        return self._columns.setdefault(name, len(self._columns))

    def _tests(self, spec: Any) -> tuple[Test, ...]:
        if not isinstance(spec, dict) or not spec:
            raise Unsupported(f"token spec {spec!r}")
        tests = []
        for name, value in spec.items():
            name = _attr_name(name)
            column = self._column(name)
            if not isinstance(value, dict):
                self._exact.add(name)
                tests.append(Test(column, values=frozenset({_value(self.vocab, value)})))
                continue
            if not value or set(map(str.upper, value)) - _VALUE_OPS:
                raise Unsupported(f"predicate {value!r}")
            for op, operand in value.items():
                if op.upper() in {"IN", "NOT_IN"}:
                    values = frozenset(_value(self.vocab, v) for v in operand)
                    tests.append(Test(column, values=values, negated=op.upper() == "NOT_IN"))
                else:
                    tests.append(Test(column, regex=re.compile(operand)))
        return tuple(tests)

    def _index_test(self, first: tuple[Test, ...]) -> Optional[Test]:
        """The test of the first token that indexes the pattern: an exact value or
        ``IN`` set, of the most selective attribute."""
        names = {c: n for n, c in self._columns.items()}
        exact = {names[t.column]: t for t in first if t.values is not None and not t.negated}
        name = next((n for n in _INDEX_ORDER if n in exact), next(iter(exact), None))
        return exact.get(name)

    def _add_pattern(self, key: int, tokens: tuple[tuple[Test, ...], ...]) -> None:
        indexed = self._index_test(tokens[0])
        checks = tuple((k, t) for k, tests in enumerate(tokens) for t in tests
                       if not (k == 0 and t is indexed))
        pattern = Pattern(len(self._patterns), key, len(tokens), checks)
        self._patterns.append(pattern)
        if indexed is None:
            self._unindexed.append(pattern)
            return
        by_value = self._index.setdefault(indexed.column, {})
        for value in indexed.values:
            by_value.setdefault(value, []).append(pattern)

    def add(self, key: Union[str, int], patterns: Iterable[list[dict]]) -> None:
        """Add ``patterns`` under ``key``; raises :class:`Unsupported` (adding nothing)."""
        key_id = self.vocab.strings.add(key) if isinstance(key, str) else key
        patterns = list(patterns)
        built = [tuple(self._tests(spec) for spec in pattern) for pattern in patterns]
        if not all(built):
            raise Unsupported("empty pattern")
        for tokens in built:
            self._add_pattern(key_id, tokens)
        self._added.setdefault(key_id, []).extend(patterns)

    def _check_annotations(self, doc: Doc) -> None:
        for name, pipe in _REQUIRED.items():
            if name in self._exact and not doc.has_annotation(name):
                raise ValueError(f"[E155] The pipeline needs to include a {pipe} in order to "
                                 f"use Matcher or PhraseMatcher with the attribute {name}.")

    def _table(self, doc: Doc) -> list[list[int]]:
        """Per column, the attribute value of every token."""
        names = sorted(self._columns, key=self._columns.get)
        if not names:
            return []
        array = doc.to_array([IDS[n] for n in names])
        return [array.tolist()] if len(names) == 1 else array.T.tolist()

    def _starts(self, table: list[list[int]]) -> Iterable[tuple[int, Pattern]]:
        """(token, pattern) pairs whose index test holds."""
        for column, by_value in self._index.items():
            for i, value in enumerate(table[column]):
                yield from ((i, p) for p in by_value.get(value, ()))
        n = len(table[0])
        yield from ((i, p) for p in self._unindexed for i in range(n))

    def __call__(self, doc: Doc, *, allow_missing: bool = False,
                 as_spans: bool = False) -> list[tuple[int, int, int]] | list[Span]:
        """The matches in ``doc``: (key, start, end) triples, or labelled spans."""
        matches = self._find(doc, allow_missing)
        return [Span(doc, s, e, label=k) for k, s, e in matches] if as_spans else matches

    def _find(self, doc: Doc, allow_missing: bool) -> list[tuple[int, int, int]]:
        if not allow_missing:
            self._check_annotations(doc)
        n = len(doc)
        if not n or not self._patterns:
            return []
        table = self._table(doc)
        vocab = self.vocab
        found: dict[tuple[int, int, int], int] = {}  # (key, start, end) -> first pattern
        for i, pattern in self._starts(table):
            if i + pattern.length <= n and all(_holds(test, table[test.column][i + k], vocab)
                                               for k, test in pattern.checks):
                match = (pattern.key, i, i + pattern.length)
                found[match] = min(found.get(match, pattern.order), pattern.order)
        return sorted(found, key=lambda m: (m[2], m[1], found[m]))


def make_matcher(vocab: Vocab, keyed_patterns: Iterable[tuple[str, list[list[dict]]]]
                 ) -> Callable[[Doc], list[tuple[int, int, int]]]:
    """A :class:`TokenMatcher` of ``keyed_patterns``, or spaCy's ``Matcher`` when one
    of them needs what it does not support."""
    keyed_patterns = list(keyed_patterns)
    try:
        matcher: Any = TokenMatcher(vocab)
        for key, patterns in keyed_patterns:
            matcher.add(key, patterns)
    except Unsupported:
        matcher = Matcher(vocab)
        for key, patterns in keyed_patterns:
            matcher.add(key, patterns)
    return matcher
