"""Boilerplate filter for text dumps of web pages: keep the article's paragraphs.

It works on lines and on blocks (runs of lines between blank lines); what
counts as page furniture is data in ``resources/boilerplate.json``. Stages:

1. ``normalize_lines``  - spaces normalised, one stripped string per line;
2. ``drop_embedded``    - metadata blocks: ``{ ... }`` JSON spanning lines,
   ``{{...}}`` wiki templates;
3. ``layout``           - furniture lines dropped (navigation bullets, share
   widgets, bylines, date and credit lines, copyright, cookie notices,
   disclaimers, addresses, tag clouds); the page cut at a reference heading
   ("See also") or at a teaser heading ("Related") followed by teaser-like
   lines; the body is the run from the first to the last content block
   (prose of some length), widened over neighbouring prose;
4. ``paragraphs``       - the body's blocks as paragraphs with single spaces.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Iterable, Sequence

from pipeline import resources

Block = tuple[str, ...]

_SPACES = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
_JSON_KEY = re.compile(r'"[^"\n]{1,80}"\s*:')
_NO_SPACE_BEFORE = re.compile(r"^(?:[,.;:!?)\]}%]|['’]s\b)")
_WORD = re.compile(r"\w[\w'’-]*")


@dataclass(frozen=True)
class Lexicon:
    trims: tuple[re.Pattern[str], ...]
    lines: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]
    terminal: frozenset[str]
    terminal_prefixes: tuple[str, ...]
    teasers: tuple[str, ...]
    teaser_window: int
    short_words: int
    min_short_share: float
    min_words: int
    prose_words: int
    heading_max_words: int


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The furniture lexicon of ``resources/boilerplate.json``, compiled once."""
    data = resources.load_json("boilerplate.json")
    return Lexicon(
        trims=tuple(re.compile(p, re.IGNORECASE) for p in data["line_trims"]),
        lines=frozenset(data["furniture_lines"]),
        patterns=tuple(re.compile(p) for p in data["furniture_patterns"]),
        terminal=frozenset(data["terminal_headings"]),
        terminal_prefixes=tuple(data["terminal_prefixes"]),
        teasers=tuple(data["teaser_headings"]),
        teaser_window=data["teaser"]["window"],
        short_words=data["teaser"]["short_words"],
        min_short_share=data["teaser"]["min_short_share"],
        min_words=data["body"]["min_words"],
        prose_words=data["body"]["prose_words"],
        heading_max_words=data["body"]["heading_max_words"],
    )


@dataclass(frozen=True)
class Layout:
    """The blocks of a page (furniture lines removed) and where its body runs."""

    blocks: tuple[Block, ...]
    start: int
    end: int

    @property
    def header(self) -> tuple[Block, ...]:
        return self.blocks[: self.start]

    @property
    def body(self) -> tuple[Block, ...]:
        return self.blocks[self.start: self.end]


# -- lines -------------------------------------------------------------------------------------

def _normalize(line: str) -> str:
    for trim in lexicon().trims:
        line = trim.sub("", line)
    return _SPACES.sub(" ", line).strip()


def normalize_lines(text: str) -> list[str]:
    """One entry per line: spaces collapsed, edit marks and reference numbers ("[3]") removed."""
    return [_normalize(line) for line in text.splitlines()]


def join_fragments(left: str, right: str) -> str:
    """Join two pieces of one sentence: a space, except before closing punctuation."""
    if not left:
        return right
    if not right:
        return left
    if _NO_SPACE_BEFORE.match(right) or left.endswith(("(", "[")):
        return left + right
    return f"{left} {right}"


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text))


def heading_key(line: str) -> str:
    """A line as looked up in the whole-line lists: lower case, no trailing ':' or '|'."""
    return line.strip().rstrip(":|").strip().casefold()


def is_furniture(line: str) -> bool:
    lex = lexicon()
    return heading_key(line) in lex.lines or any(p.search(line) for p in lex.patterns)


# -- embedded blocks ---------------------------------------------------------------------------

def _brace_end(lines: Sequence[str], start: int, limit: int = 400) -> int | None:
    """Index of the line closing the braces opened on ``lines[start]``, if any."""
    depth = 0
    for i in range(start, min(len(lines), start + limit)):
        depth += lines[i].count("{") - lines[i].count("}")
        if depth <= 0:
            return i
    return None


def drop_embedded(lines: Sequence[str]) -> list[str]:
    """Remove JSON objects and ``{{...}}`` templates that sit on lines of their own."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        end = _brace_end(lines, i) if line.startswith("{") else None
        if end is not None:
            chunk = "\n".join(lines[i: end + 1])
            if line.startswith("{{") or _JSON_KEY.search(chunk):
                out.append("")
                i = end + 1
                continue
        out.append(line)
        i += 1
    return out


# -- blocks and the body -----------------------------------------------------------------------

def split_blocks(lines: Iterable[str]) -> list[Block]:
    blocks: list[Block] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            blocks.append(tuple(current))
            current = []
    return blocks


def _is_content(block: Block) -> bool:
    text = " ".join(block)
    return len(words(text)) >= lexicon().min_words and bool(re.search(r"[.!?]", text))


def _is_prose(block: Block) -> bool:
    text = " ".join(block)
    return ends_sentence(text) and len(words(text)) >= lexicon().prose_words


def _is_short(line: str) -> bool:
    return len(words(line)) <= lexicon().short_words


def _teaser_heading(line: str) -> bool:
    key = heading_key(line)
    return len(words(key)) <= 8 and any(
        key == t or key.startswith(t + " ") for t in lexicon().teasers)


def _cut_index(raw: Sequence[Block], filtered: Sequence[Block], first: int) -> int:
    """Block index where reference or teaser sections begin (after the first content block)."""
    lex = lexicon()
    for i in range(first + 1, len(raw)):
        head = raw[i][0]
        key = heading_key(head)
        if key in lex.terminal or (key.startswith(lex.terminal_prefixes) and is_heading(head)):
            return i
        if _teaser_heading(head):
            following = [ln for b in filtered[i:] for ln in b if ln != head][: lex.teaser_window]
            short = sum(_is_short(ln) for ln in following)
            if short >= lex.min_short_share * len(following):
                return i
    return len(raw)


def layout(lines: Sequence[str]) -> Layout:
    """Drop furniture lines, cut trailing sections and find the body's blocks."""
    raw = split_blocks(lines)
    filtered = [tuple(ln for ln in r if not is_furniture(ln)) for r in raw]
    first = next((i for i, b in enumerate(filtered) if _is_content(b)), None)
    if first is not None:
        filtered = filtered[: _cut_index(raw, filtered, first)]
    blocks = [b for b in filtered if b]
    content = [i for i, b in enumerate(blocks) if _is_content(b)]
    if not content:
        return Layout(tuple(blocks), 0, len(blocks))
    start, end = content[0], content[-1] + 1
    while start > 0 and _is_prose(blocks[start - 1]) and not is_heading(" ".join(blocks[start - 1])):
        start -= 1
    while end < len(blocks) and _is_prose(blocks[end]):
        end += 1
    return Layout(tuple(blocks), start, end)


# -- paragraphs --------------------------------------------------------------------------------

def is_heading(line: str) -> bool:
    """A short line without closing punctuation whose words are mostly capitalised."""
    tokens = line.split()
    if not tokens or len(tokens) > lexicon().heading_max_words or re.search(r"[.,;:]$", line):
        return False
    capital = sum(t[0].isupper() or t[0].isdigit() for t in tokens)
    return capital * 2 >= len(tokens) and not line.endswith(("-", "–"))


def _is_wrapped(lines: Block) -> bool:
    """Hard-wrapped prose: all lines but the last of about the same length."""
    longest = max(len(ln) for ln in lines)
    return longest <= 100 and all(len(ln) >= 0.5 * longest for ln in lines[:-1])


def _starts_paragraph(prev: str, line: str, first: bool, wrapped: bool) -> bool:
    opens = line[:1].isupper() or line[:1].isdigit() or line[:1] in "\"“‘'"
    if first and opens and is_heading(prev):
        return True
    return not wrapped and opens and ends_sentence(prev)


def block_paragraphs(block: Block) -> list[str]:
    """The paragraphs of one block: a leading heading apart, wrapped lines joined."""
    wrapped = len(block) > 1 and _is_wrapped(block)
    paras = [block[0]]
    for i, (prev, line) in enumerate(pairwise(block)):
        if _starts_paragraph(prev, line, i == 0, wrapped):
            paras.append(line)
        else:
            paras[-1] = join_fragments(paras[-1], line)
    return paras


def paragraphs(blocks: Iterable[Block]) -> list[str]:
    return [p for b in blocks for p in block_paragraphs(b)]
