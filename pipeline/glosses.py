"""Wiki-mirror link glosses: drop them and join the split sentence back together.

Some mirrors of encyclopedia pages print every linked term on a line of its
own followed by the first sentences of the linked page, cut off with `` ...``::

    ... clashes broke out in
    Kano Kano is a city in northern Nigeria and the capital of Kano State ...
    , the largest city of the

A *gloss line* ends with the ellipsis and sits inside a sentence (the line
before it does not end one). Only a document with several such lines is
treated (``gloss.min_lines``, ``gloss.min_share`` in ``boilerplate.json``).

The anchor/gloss boundary is found among the split points before a
capitalised word: the gloss usually repeats the anchor in its subject ("X X,
officially ...", "X The X (...) is ...") or names it later ("... commonly
known as X"); failing that it opens like an encyclopedic sentence
("kidnapped In criminal law, ...", "2008 Mumbai attacks On 26 November
2008, ..."). The anchor stays, the gloss goes, and the lines around it are
joined with correct spacing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence

from pipeline import resources
from pipeline.boilerplate import ends_sentence, join_fragments

_STRIP = re.compile(r"^[^\w]+|[^\w]+$")
_BREAKS = set(",;")


@dataclass(frozen=True)
class GlossRules:
    ellipsis: re.Pattern[str]
    min_lines: int
    min_share: float
    max_anchor: int
    determiners: frozenset[str]
    openers: frozenset[str]
    copulas: frozenset[str]
    function_words: frozenset[str]


@lru_cache(maxsize=1)
def rules() -> GlossRules:
    data = resources.load_json("boilerplate.json")["gloss"]
    return GlossRules(
        ellipsis=re.compile(data["ellipsis_pattern"]),
        min_lines=data["min_lines"],
        min_share=data["min_share"],
        max_anchor=data["max_anchor_words"],
        determiners=frozenset(data["determiners"]),
        openers=frozenset(data["openers"]),
        copulas=frozenset(data["copulas"]),
        function_words=frozenset(data["function_words"]),
    )


def _norm(token: str) -> str:
    token = _STRIP.sub("", token.casefold())
    return token[:-2] if token.endswith(("'s", "’s")) else token


def _gloss_candidates(lines: Sequence[str]) -> list[int]:
    """Lines ending in an ellipsis right after a line that does not end a sentence."""
    ellipsis = rules().ellipsis
    return [i for i in range(1, len(lines))
            if ellipsis.search(lines[i]) and lines[i - 1] and not ends_sentence(lines[i - 1])]


def shows_glosses(lines: Sequence[str]) -> bool:
    """True when the document follows the gloss pattern often enough to act on it."""
    r = rules()
    found = len(_gloss_candidates(lines))
    total = sum(1 for ln in lines if r.ellipsis.search(ln))
    return found >= r.min_lines and found >= r.min_share * total


def _subject(rest: Sequence[str]) -> list[str]:
    """The opening noun phrase of the gloss: up to a copula, a parenthesis or a comma."""
    r = rules()
    out: list[str] = []
    for token in rest[:12]:
        if token.startswith("(") or token.casefold() in r.copulas:
            break
        out.append(_norm(token))
        if token[-1] in _BREAKS:
            break
    return out


def _contains(seq: Sequence[str], part: Sequence[str]) -> bool:
    n = len(part)
    return any(list(seq[i: i + n]) == list(part) for i in range(len(seq) - n + 1))


def _valid_split(tokens: Sequence[str], k: int) -> bool:
    r = rules()
    head = tokens[k][:1]
    anchor = tokens[:k]
    return ((head.isupper() or head.isdigit())
            and not any(c in t for t in anchor for c in ",;:()[]")
            and _norm(anchor[-1]) not in r.function_words)


def _repeat_score(tokens: Sequence[str], k: int) -> int:
    """``k`` when the gloss repeats all anchor words in its subject or names the anchor later.

    Anchors made only of numbers ("2021") do not count: a year recurs in any gloss.
    """
    anchor = [_norm(t) for t in tokens[:k]]
    if not any(t.isalpha() for t in anchor):
        return 0
    rest = tokens[k:]
    subject = set(_subject(rest))
    if set(anchor) <= subject or _contains([_norm(t) for t in rest], anchor):
        return k
    return 0


def _opens_gloss(tokens: Sequence[str], k: int) -> bool:
    r = rules()
    rest = [t.casefold() for t in tokens[k: k + 3]]
    return rest[0] in r.openers or any(t in r.copulas for t in rest[1:])


def split_anchor(line: str) -> str:
    """The anchor words at the start of a gloss line."""
    r = rules()
    tokens = r.ellipsis.sub("", line).split()
    splits = [k for k in range(1, min(len(tokens), r.max_anchor + 1)) if _valid_split(tokens, k)]
    if not splits:
        return tokens[0] if tokens else ""
    best = max(splits, key=lambda k: (_repeat_score(tokens, k), -k))
    if _repeat_score(tokens, best) == 0:
        best = next((k for k in splits if _opens_gloss(tokens, k)), splits[0])
    return " ".join(tokens[:best])


def strip_glosses(lines: Sequence[str]) -> list[str]:
    """Replace gloss lines by their anchors and rejoin the sentences they split."""
    if not shows_glosses(lines):
        return list(lines)
    glosses = set(_gloss_candidates(lines))
    out: list[str] = []
    glue = False
    for i, line in enumerate(lines):
        if i in glosses:
            out[-1] = join_fragments(out[-1], split_anchor(line))
            glue = True
        elif glue and line:
            out[-1] = join_fragments(out[-1], line)
            glue = False
        else:
            out.append(line)
            glue = False
    return out
