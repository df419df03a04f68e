"""evex_dates: find date expressions and resolve them to ``DateValue``.

Writes ``doc.spans["evex_dates"]``; every span carries a
:class:`pipeline.mentions.DateValue` in ``span._.evex``. The lexicon (month and
weekday names, vague modifiers, relative phrases, unit and number words, the
nouns that make a number a count) is data: ``resources/dates.json``.

Stages, per Doc:

1. candidates - precompiled regular expressions, tried only at the words a
   date expression can start with: calendar dates full or without a year
   ("14 March 2009", "November 7", "March 2006", "2009-11-04", "10.05.2009",
   read day first), day ranges ("June 2-3 2011", "2-3 June 2011", "between
   2 and 4 May"), periods of months or years ("from March to May 2015",
   "between 2014 and 2016", "in 2014-16"), vague spans ("late 2012", "the
   end of October"), a month or a year after a preposition ("in January",
   "since 2008"), attributive years, weekdays,
   phrases relative to the publication date or to the anchor, "N units
   later / prior / ago" (not after "for", "over" ...: durations); plus the
   model's DATE entities that no rule covers and that name a month, parsed by
   dateparser (English only, one parser, results cached);
2. selection - the longest candidates first, without overlaps;
3. resolution - in text order, sentence by sentence, with a running anchor.

Resolution rules (see ANNOTATION.md):

* The anchor starts as the publication date ``doc._.evex_published`` (or
  None). Every date that resolves, except attributive years, becomes the new
  anchor: calendar dates, dates relative to the publication date
  ("yesterday", "on Thursday") and dates relative to the anchor, which so
  chain ("The next day ... Two days later" is three days on).
* Within a sentence every date is the anchor of the next one. What carries
  over to the next sentence is the sentence's narrative time: the dates of
  its main clause (or fronted before its main verb: "By May 2015, the rebels
  had ..."); failing those, the dates of clauses modifying a noun
  (dependency ``relcl``/``acl`` on the date's head chain: "the assault
  carried out on 4 May"); never a past-perfect flashback after the main verb
  ("jailed three men who had been detained in June 2015"). Such dates
  are still resolved and written.
* Partial dates ("November 7", "in January", "the end of October") take the
  anchor's year when the publication date is unknown. When it is known, they
  count from the latest date of day or month precision (or the publication
  date): a bare year ("founded in 2004") does not set their year. The year is
  the first one that puts the date on or after that anchor's month
  (narratives move forward), moved back one year if that puts the date after
  the publication date (news report the past) unless the anchor itself is
  after it. No anchor: unresolved.
* Relative to the anchor: the anchor moved by N units, at the unit's precision
  ("the following year" -> year), but never finer than the anchor: "the
  following day" after "in January 2009" stays the month 2009-01. An
  attributive year between the anchor and the expression, in the same
  sentence, is its base instead ("admitted the 2009 hotel bombings and an attack
  the following day" -> 2009), and the result then does not move the anchor.
* Relative to the publication date: "yesterday", "this year", "two years
  ago", "last week" (a Monday-Sunday span), weekdays (the most recent such
  day on or before the publication date; "last Friday" strictly before).
  Without a publication date they are not resolved.
* Vague spans resolve to the unit they name: "late 2012" -> year, "early
  January 2009" and "the end of October" -> month.
* Ranges and periods have an end; each end is written like a start, at the
  range's precision: "from 2014 to 2016" -> 2014-01-01 to 2016-01-01, year.
  A year written once, at the end, is shared ("from November to February
  2015" starts in 2014). A range ending before it starts is not a date.
* A bare 4-digit year is a date only after a preposition ("in 2012", "by
  2010", "After 2013"): year precision. After a determiner or an opening
  parenthesis and before a word ("the 2010 ... bombing") it has kind
  "attributive": year precision, never an anchor, for event assembly to rank
  below every other date. A year followed by a counted noun ("in 1900 homes",
  "from 1900 to 2000 troops"; from the lexicon or tagged NNS) is a number,
  not a date, unless a finite verb follows the noun, its subject ("In 2016
  militants attacked ...").

Expressions that do not resolve are not written to the span group.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import groupby
from typing import Iterator, NamedTuple, Optional, Union

from dateparser.date import DateDataParser
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline import mentions
from pipeline.resources import load_json

LEXICON = "dates.json"
PRECISIONS = ("day", "month", "year")  # finest first
# Grammar of the rule families. Placeholders in braces come from the lexicon;
# a group ``core`` (when present) is the span, the whole match otherwise.
DAY = r"(?<![\d.,])(?P<{name}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
YEAR = r"(?<![\d.,])(?P<{name}>(?:1[89]|20)\d\d)(?![\w%-])"
DASH = r"\s*[-\u2013\u2014]\s*"
# Numeric dates "10.05.2009", "10/05/2009" (read day first), "2009/05/10"
YEAR4 = r"(?P<y>(?:1[89]|20)\d\d)"
NUMERIC = r"(?<![\d./]){0}(?P<sep>[./]){1}(?P=sep){2}(?![\d/]|\.\d)"
# Day ranges; {sep} is a dash, or "to"/"and" after "from"/"between" (OPENED)
DAY_RANGES = (
    r"{month}\s+{d}{sep}{month2}\s+{d2}(?:,?\s+{y})?",
    r"{d}\s+{month}{sep}{d2}\s+{month2}(?:,?\s+{y})?",
    r"{month}\s+{d}{sep}{d2}(?:,?\s+{y})?",
    r"{d}{sep}{d2}\s+{month}(?:,?\s+{y})?",
)
OPENED = r"\b{opener}\s+(?P<core>{body})"


def _opened(body: str) -> str:
    """``body`` after "from"/"between", its parts joined by "to"/"and"."""
    return OPENED.replace("{body}", body.replace("{sep}", "{to}"))


TEMPLATES = (
    *(("range", r.replace("{sep}", DASH)) for r in DAY_RANGES),
    *(("range", _opened(r)) for r in DAY_RANGES),
    ("period", _opened(r"{month}(?:\s+{y1})?{sep}{month2}(?:,?\s+{y})?")),
    ("period", _opened(r"{y1}{sep}{y}")),
    ("period", r"(?<![\w.,$-]){year_prep}\s+(?P<core>{y_from}" + DASH + r"{y_end})"),
    ("calendar", r"(?:{weekday},?\s+)?(?:(?i:the)\s+)?{d}(?:\s+of)?\s+{month}(?:,?\s+{y})?"),
    ("calendar", r"(?:{weekday},?\s+)?{month}\s+(?:the\s+)?{d}(?:,?\s+{y})?"),
    ("calendar", r"{month_full},?\s+(?:of\s+)?{y}"),
    ("calendar", r"(?<![\d.,])(?:1[89]|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)"),
    ("numeric", NUMERIC.format(r"(?P<dd>\d\d?)", r"(?P<mo>\d\d?)", YEAR4)),
    ("numeric", NUMERIC.format(YEAR4, r"(?P<mo>\d\d?)", r"(?P<dd>\d\d?)")),
    ("vague", r"\b{vague}(?P<rest>(?:{month_full},?\s+)?{y}|{month_full})"),
    ("calendar", r"\b{month_prep}\s+(?:the\s+month\s+of\s+)?(?P<core>{month_full})(?![\w-])"),
    ("year", r"(?<![\w.,$-]){year_prep}\s+(?P<core>{y})"),
    ("attributive", r"(?:\b{determiner}\s+|\(\s*)(?P<core>{y})(?=\s+[A-Za-z])"),
    ("weekday", r"(?:\b(?P<strict>{strict})\s+)?(?P<weekday>{weekday})(?:\s+{day_part})?\b"),
    ("offset", r"\b(?P<n>\d{{1,2}}|{number})\s+(?P<unit>{unit})\s+(?P<dir>{direction})\b"),
    ("anchor_phrase", r"\b(?P<phrase>{anchor_phrase})\b"),
    ("published_phrase", r"(?<![Tt]he )\b(?P<phrase>{published_phrase})\b"),
)
FINITE_VERB_TAGS = ("VBD", "VBZ", "VBP", "MD")  # Penn tags of a verb that can take a subject
WORD = re.compile(r"\d+|\(|[A-Za-z]+")
PREVIOUS_WORD = re.compile(r"([A-Za-z]+)\s+$")


# --- lexicon and grammar ---------------------------------------------------

def _alternation(words, ignore_case: bool = True) -> str:
    """Regex alternation of ``words``, longest first, spaces matching any whitespace."""
    escaped = (re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    body = "|".join(escaped)
    return f"(?i:{body})" if ignore_case else f"(?:{body})"


@dataclass(frozen=True)
class Grammar:
    """Compiled rule families plus the lexicon tables the readers need."""

    patterns: tuple[tuple[str, re.Pattern], ...]
    names: frozenset  # month and weekday names, case as written
    start_words: frozenset  # see _start_words
    lexicon: dict
    count_nouns: frozenset
    month_word: re.Pattern
    number_tail: re.Pattern  # "to 2000" in "from 1900 to 2000 troops"

    def starts(self, text: str) -> Iterator[int]:
        """Offsets where a date expression may start: patterns are tried only there."""
        for word in WORD.finditer(text):
            w = word.group()
            if w[0] in "0123456789(" or w in self.names or w.lower() in self.start_words:
                yield word.start()

    def weekday(self, name: str) -> int:
        return self.lexicon["weekdays"].index(name)

    def number(self, text: str) -> int:
        return int(text) if text.isdigit() else self.lexicon["number_words"][text.lower()]


def _start_words(lex: dict) -> frozenset:
    """Lower-cased words a date expression can start with (besides names and digits)."""
    tables = ("vague_modifiers", "month_prepositions", "year_prepositions",
              "attributive_determiners", "weekday_strict", "number_words",
              "anchor_phrases", "published_phrases", "range_openers")
    return frozenset(re.split(r"[\s-]", entry)[0] for t in tables for entry in lex[t])


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    lex = load_json(LEXICON)
    months = lex["month_names"]
    abbreviations = [f"{a}." for a in lex["month_abbreviations"]] + lex["month_abbreviations"]
    month_any = _alternation(months + abbreviations, ignore_case=False)
    vague = [w if w.endswith("-") else w + " " for w in lex["vague_modifiers"]]
    parts = {
        "month_full": _alternation(months, ignore_case=False) + r"(?![\w-])",
        "weekday": _alternation(lex["weekdays"], ignore_case=False),
        "strict": _alternation(lex["weekday_strict"]),
        "day_part": _alternation(lex["day_parts"]),
        "vague": _alternation(vague),
        "month_prep": _alternation(lex["month_prepositions"]),
        "year_prep": _alternation(lex["year_prepositions"]),
        "determiner": _alternation(lex["attributive_determiners"]),
        "number": _alternation(lex["number_words"]),
        "unit": _alternation(lex["units"]),
        "direction": _alternation(lex["directions"]),
        "anchor_phrase": _alternation(lex["anchor_phrases"]),
        "published_phrase": _alternation(lex["published_phrases"]),
        "opener": _alternation(lex["range_openers"]),
        "to": r"\s+" + _alternation(lex["range_connectors"]) + r"\s+",
        "d": DAY.format(name="d"), "d2": DAY.format(name="d2"), "y": YEAR.format(name="y"),
        "y1": YEAR.format(name="y1"), "y_from": r"(?<![\d.,])(?P<y1>(?:1[89]|20)\d\d)",
        "y_end": r"(?P<y>(?:1[89]|20)?\d\d)(?![\w%-])",
        "month": f"(?P<m>{month_any})(?![\\w-])", "month2": f"(?P<m2>{month_any})(?![\\w-])",
    }
    compiled = tuple((family, re.compile(template.format(**parts)))
                     for family, template in TEMPLATES)
    return Grammar(patterns=compiled, lexicon=lex,
                   names=frozenset(lex["month_names"] + lex["month_abbreviations"]
                                   + lex["weekdays"]),
                   start_words=_start_words(lex),
                   count_nouns=frozenset(lex["count_nouns"]),
                   month_word=re.compile(month_any + r"(?![\w-])"),
                   number_tail=re.compile(f"(?:{DASH}|{parts['to']})\\d[\\d,]*(?!\\w)"))


@lru_cache(maxsize=1)
def date_parser() -> DateDataParser:
    """One English-only parser per process (language detection is ~10x slower).

    Parts the text does not give come from a fixed base; a missing year is then
    ignored (``DateData.parts`` tells), so one parser serves every anchor.
    """
    return DateDataParser(languages=["en"], settings={
        "RELATIVE_BASE": dt.datetime(2000, 1, 1),  # a leap year: "29 February" parses
        "PREFER_DAY_OF_MONTH": "first",
        "PREFER_MONTH_OF_YEAR": "first",
        "PARSERS": ["custom-formats", "absolute-time"],  # no timestamps, no "2 days ago"
        "RETURN_TIME_AS_PERIOD": True,
    })


# --- readings: what an expression says, before the context completes it ---

class Calendar(NamedTuple):
    """Calendar parts given by the text; ``year`` None for partial dates."""

    year: Optional[int]
    month: Optional[int]
    day: Optional[int]

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def coarsened(self) -> "Calendar":
        """The unit a vague span names: its month if it has one, else its year."""
        return self._replace(day=None)


@lru_cache(maxsize=4096)
def parse_calendar(text: str) -> Optional[Calendar]:
    """Calendar parts of an absolute date string (dateparser), None if not a date."""
    data = date_parser().get_date_data(text)
    if data.date_obj is None or data.period not in PRECISIONS:
        return None
    parts = set(data.parts or ())
    obj = data.date_obj
    cal = Calendar(obj.year if "year" in parts else None, obj.month if "month" in parts else None,
                   obj.day if "day" in parts else None)
    if cal.month is None and (cal.year is None or cal.day is not None):
        return None
    return cal


@dataclass(frozen=True)
class Context:
    """What resolution knows at a point of the text."""

    published: Optional[dt.date]
    anchor: Optional[tuple[dt.date, str]]  # (date, precision): the latest date
    fine_anchor: Optional[tuple[dt.date, str]]  # the latest of day or month precision
    # an attributive year after the anchor, in the same sentence ("the 2009 bombings")
    attributive: Optional[tuple[dt.date, str]] = None

    @classmethod
    def start(cls, published: Optional[dt.date]) -> "Context":
        anchor = (published, "day") if published else None
        return cls(published, anchor, anchor)

    @property
    def offset_base(self) -> Optional[tuple[dt.date, str]]:
        """What "the following day" counts from: the nearest date before it."""
        return self.attributive or self.anchor

    def advance(self, value: mentions.DateValue) -> "Context":
        """The context after ``value`` became the anchor."""
        anchor = (value.start, value.precision)
        fine = self.fine_anchor if value.precision == "year" else anchor
        return Context(self.published, anchor, fine)

    def note(self, value: mentions.DateValue) -> "Context":
        """The context after ``value`` was mentioned without becoming the anchor."""
        return replace(self, attributive=(value.start, value.precision))


@dataclass(frozen=True)
class CalendarReading:
    start: Calendar
    end: Optional[Calendar] = None
    attributive: bool = False

    def moves_anchor(self, ctx: Context) -> bool:
        return not self.attributive

    def resolve(self, ctx: Context) -> Optional[mentions.DateValue]:
        start = self.start
        year = start.year if start.year is not None else choose_year(start, ctx)
        if year is None:
            return None
        first = safe_date(year, start.month or 1, start.day or 1)
        last = None
        if self.end is not None:
            end = self.end
            wraps = (end.month, end.day) < (start.month, start.day)
            last = safe_date(end.year or year + wraps, end.month or 1, end.day or 1)
        kind = ("attributive" if self.attributive
                else "absolute" if start.year is not None else "partial")
        return mentions.DateValue(first, last, start.precision, kind)


@dataclass(frozen=True)
class OffsetReading:
    unit: str  # day | week | month | year
    n: int
    base: str  # "anchor" | "published"
    calendar_week: bool = False  # "last week": Monday-Sunday span, not 7 days

    def moves_anchor(self, ctx: Context) -> bool:
        """Offsets chain ("The next day ... Two days later"), unless based on an attributive."""
        return self.base == "published" or ctx.attributive is None

    def resolve(self, ctx: Context) -> Optional[mentions.DateValue]:
        base = ctx.offset_base if self.base == "anchor" else (
            (ctx.published, "day") if ctx.published else None)
        if base is None:
            return None
        date, base_precision = base
        precision = "day" if self.unit == "week" else self.unit
        if PRECISIONS.index(precision) < PRECISIONS.index(base_precision):
            return mentions.DateValue(truncate(date, base_precision), None, base_precision,
                                      "relative")
        moved = shift(date, self.unit, self.n)
        if not self.calendar_week:
            return mentions.DateValue(truncate(moved, precision), None, precision, "relative")
        monday = moved - dt.timedelta(days=moved.weekday())
        sunday = monday + dt.timedelta(days=6)
        if ctx.published is not None and monday <= ctx.published < sunday:
            sunday = ctx.published
        return mentions.DateValue(monday, sunday, "day", "relative")


@dataclass(frozen=True)
class WeekdayReading:
    weekday: int  # Monday = 0
    strict: bool  # "last Friday": strictly before the publication date

    def moves_anchor(self, ctx: Context) -> bool:
        return True

    def resolve(self, ctx: Context) -> Optional[mentions.DateValue]:
        if ctx.published is None:
            return None
        back = (ctx.published.weekday() - self.weekday) % 7 or (7 if self.strict else 0)
        return mentions.DateValue(ctx.published - dt.timedelta(days=back), None, "day",
                                  "relative")


Reading = Union[CalendarReading, OffsetReading, WeekdayReading]


# --- date arithmetic -------------------------------------------------------

def safe_date(year: int, month: int, day: int) -> dt.date:
    """``date(year, month, day)`` with the day clamped to the month's length."""
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def truncate(date: dt.date, precision: str) -> dt.date:
    if precision == "year":
        return date.replace(month=1, day=1)
    return date.replace(day=1) if precision == "month" else date


def shift(date: dt.date, unit: str, n: int) -> dt.date:
    if unit in ("day", "week"):
        return date + dt.timedelta(days=n * (7 if unit == "week" else 1))
    years, month0 = divmod(date.month - 1 + n * (12 if unit == "year" else 1), 12)
    return safe_date(date.year + years, month0 + 1, date.day)


def choose_year(cal: Calendar, ctx: Context) -> Optional[int]:
    """Year of a partial date (rules in the module docstring)."""
    if ctx.published is None:
        return ctx.anchor[0].year if ctx.anchor else None
    anchor = ctx.fine_anchor[0]
    year = anchor.year + (cal.month < anchor.month)
    if anchor > ctx.published:  # the text is about the future: stay near the anchor
        return year
    return year - (safe_date(year, cal.month, cal.day or 1) > ctx.published)


# --- readers: one per rule family -----------------------------------------

def read_calendar(match: re.Match, g: Grammar) -> Optional[Reading]:
    cal = parse_calendar(match.group("core") if "core" in match.re.groupindex
                         else match.group(0))
    return CalendarReading(cal) if cal else None


def date_range(start: Calendar, end: Calendar) -> Optional[CalendarReading]:
    """The range ``start``-``end``, None when it ends before it starts.

    A year written once, at the end, belongs to both: the start moves back a
    year when it would fall after the end ("28 December - 2 January 2011").
    """
    def key(cal: Calendar) -> tuple[int, int]:
        return cal.month or 0, cal.day or 0

    if start.year is not None and start.year == end.year and key(start) > key(end):
        start = start._replace(year=start.year - 1)
    if None not in (start.year, end.year) and (start.year, *key(start)) > (end.year, *key(end)):
        return None
    return CalendarReading(start, end)


def read_range(match: re.Match, g: Grammar) -> Optional[Reading]:
    year = match.group("y") or ""
    start = parse_calendar(f"{match.group('d')} {match.group('m')} {year}".strip())
    end_month = match.group("m2") if "m2" in match.re.groupindex else None
    end = parse_calendar(f"{match.group('d2')} {end_month or match.group('m')} {year}".strip())
    if start is None or end is None:
        return None
    return date_range(start, end)


def full_year(text: str, first: Optional[int]) -> int:
    """The year ``text`` ends a period with: "2016", or "16" after 2014."""
    return int(text) if len(text) == 4 or first is None else first // 100 * 100 + int(text)


def read_period(match: re.Match, g: Grammar) -> Optional[Reading]:
    """Month or year periods: "from March to May 2015", "between 2014 and 2016", "in 2014-16"."""
    found = match.groupdict()
    first = int(found["y1"]) if found["y1"] else None
    last = full_year(found["y"], first) if found["y"] else None
    if "m" not in found:  # a period of years
        return date_range(Calendar(first, None, None), Calendar(last, None, None))
    months = [parse_calendar(found[name]) for name in ("m", "m2")]
    if None in months:
        return None
    start = Calendar(last if first is None else first, months[0].month, None)
    return date_range(start, Calendar(last, months[1].month, None))


def read_vague(match: re.Match, g: Grammar) -> Optional[Reading]:
    cal = parse_calendar(match.group("rest"))
    return CalendarReading(cal.coarsened()) if cal else None


def read_numeric(match: re.Match, g: Grammar) -> Optional[Reading]:
    day, month = int(match.group("dd")), int(match.group("mo"))
    if month > 12 >= day:  # "05/13/2009" can only be month first
        day, month = month, day
    try:
        dt.date(int(match.group("y")), month, day)
    except ValueError:
        return None
    return CalendarReading(Calendar(int(match.group("y")), month, day))


def read_year(match: re.Match, g: Grammar) -> Optional[Reading]:
    return CalendarReading(Calendar(int(match.group("y")), None, None))


def read_attributive(match: re.Match, g: Grammar) -> Optional[Reading]:
    return CalendarReading(Calendar(int(match.group("y")), None, None), attributive=True)


def read_weekday(match: re.Match, g: Grammar) -> Optional[Reading]:
    return WeekdayReading(g.weekday(match.group("weekday")), bool(match.group("strict")))


def read_offset(match: re.Match, g: Grammar) -> Optional[Reading]:
    before = PREVIOUS_WORD.search(match.string, max(0, match.start() - 20), match.start())
    if before and before.group(1).lower() in g.lexicon["duration_words"]:
        return None  # "for two years before ..." is a duration
    base, sign = g.lexicon["directions"][match.group("dir").lower()]
    n = g.number(match.group("n"))
    return OffsetReading(g.lexicon["units"][match.group("unit").lower()], sign * n, base)


def _phrase_reader(table: str, base: str):
    def read(match: re.Match, g: Grammar) -> Optional[Reading]:
        key = " ".join(match.group("phrase").lower().split())
        unit, n = g.lexicon[table][key]
        return OffsetReading(unit, n, base, calendar_week=unit == "week")
    return read


READERS = {
    "calendar": read_calendar, "range": read_range, "period": read_period,
    "vague": read_vague, "numeric": read_numeric, "year": read_year,
    "attributive": read_attributive, "weekday": read_weekday, "offset": read_offset,
    "anchor_phrase": _phrase_reader("anchor_phrases", "anchor"),
    "published_phrase": _phrase_reader("published_phrases", "published"),
}
COUNTABLE = ("year", "period", "attributive")  # families where a following noun may make a count


# --- candidates and selection ----------------------------------------------

class Candidate(NamedTuple):
    start: int
    end: int
    reading: Reading


def is_count(doc: Doc, text: str, end: int, g: Grammar) -> bool:
    """The number ending at char ``end`` counts the noun after it ("1900 troops").

    The noun may follow a second number ("from 1900 to 2000 troops"). A noun
    right before a finite verb is that verb's subject, and the number a year:
    "In 2016 militants attacked ...".
    """
    tail = g.number_tail.match(text, end)
    end = tail.end() if tail else end
    number = doc.char_span(end - 1, end, alignment_mode="expand")
    if number is None or number.end >= len(doc):
        return False
    noun = doc[number.end]
    if noun.lower_ not in g.count_nouns and noun.tag_ != "NNS":
        return False
    return noun.i + 1 == len(doc) or doc[noun.i + 1].tag_ not in FINITE_VERB_TAGS


def rule_candidates(doc: Doc, text: str, g: Grammar) -> Iterator[Candidate]:
    """Every rule match that starts where the trigger scan says one may start."""
    for position in g.starts(text):
        for family, pattern in g.patterns:
            match = pattern.match(text, position)
            if match is None:
                continue
            start, end = match.span("core") if "core" in pattern.groupindex else match.span()
            if family in COUNTABLE and is_count(doc, text, end, g):
                continue
            reading = READERS[family](match, g)
            if reading is not None:
                yield Candidate(start, end, reading)


def entity_candidates(doc: Doc, g: Grammar) -> Iterator[Candidate]:
    """DATE entities with a month name and a number, parsed by dateparser."""
    guards = g.lexicon["entity_guards"]
    for ent in doc.ents:
        text = ent.text
        if ent.label_ != "DATE" or not any(c.isdigit() for c in text):
            continue
        if not g.month_word.search(text):
            continue
        if any(word in text.lower() for word in guards):
            continue
        cal = parse_calendar(text)
        if cal is not None and cal.month is not None:
            yield Candidate(ent.start_char, ent.end_char, CalendarReading(cal))


def select(candidates: list[Candidate]) -> list[Candidate]:
    """Longest first, dropping any candidate that overlaps a kept one; text order."""
    kept: list[Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def find_candidates(doc: Doc) -> list[Candidate]:
    g = grammar()
    rules = select(list(rule_candidates(doc, doc.text, g)))
    extra = [c for c in entity_candidates(doc, g)  # disjoint from each rule or containing it
             if all(c.end <= r.start or c.start >= r.end or c.start <= r.start < r.end <= c.end
                    for r in rules)]
    return select(rules + extra)


# --- clauses: which dates carry over to the next sentence --------------------

MAIN, NOUN_CLAUSE, FLASHBACK = range(3)  # clause ranks, see clause_rank


def head_chain(token: Token) -> Iterator[Token]:
    """``token`` and its heads up to, not including, the sentence root."""
    while token.head.i != token.i:
        yield token
        token = token.head


def clause_rank(span: Span, lex: dict) -> int:
    """Where ``span`` sits in its sentence.

    MAIN: the main clause, or fronted before the main verb ("By May 2015, the
    rebels had ..."); NOUN_CLAUSE: a clause modifying a noun ("the assault
    carried out on 4 May"); FLASHBACK: a past-perfect clause after the main
    verb ("men who had been detained in June 2015").
    """
    if not span.doc.has_annotation("DEP"):
        return MAIN
    root = span.root.sent.root
    chain = list(head_chain(span.root))
    in_noun_clause = any(t.dep_ in lex["noun_clause_deps"] for t in chain)
    if span.end <= root.i and not in_noun_clause:
        return MAIN
    verb = next((t for t in chain if t.pos_ in ("VERB", "AUX")), root)
    if any(c.dep_ == "aux" and c.text.lower() in lex["pluperfect_auxiliaries"]
           for c in verb.children):
        return FLASHBACK
    return NOUN_CLAUSE if in_noun_clause else MAIN


def carry_over(ctx: Context, moved: list[tuple[int, mentions.DateValue]]) -> Context:
    """The context after a sentence that started with ``ctx``.

    ``moved``: (clause rank, value) of its anchor-moving dates, in order. The
    main clause's dates count; failing those, the noun clauses'; flashbacks never.
    """
    ranks = [rank for rank, _ in moved if rank != FLASHBACK]
    for rank, value in moved:
        if ranks and rank == min(ranks):
            ctx = ctx.advance(value)
    return ctx


# --- the component -----------------------------------------------------------

def as_date(value: object) -> Optional[dt.date]:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


Mention = tuple[Span, Reading]


def sentences(doc: Doc, candidates: list[Candidate]) -> Iterator[list[Mention]]:
    """The candidates as spans, grouped by sentence (one group if ``doc`` has none)."""
    found = []
    for cand in candidates:
        span = doc.char_span(cand.start, cand.end, label="DATE", alignment_mode="expand")
        if span is not None:
            found.append((span, cand.reading))
    if not doc.has_annotation("SENT_START"):
        yield found
        return
    for _, group in groupby(found, key=lambda mention: mention[0][0].sent.start):
        yield list(group)


def resolve_sentence(found: list[Mention], ctx: Context,
                     lex: dict) -> tuple[list[Span], Context]:
    """Resolve one sentence's dates; return its spans and the next sentence's context.

    Within the sentence every date is context for the next one, an attributive
    year too ("the 2009 bombings, and an attack the following day").
    """
    local, spans, moved = ctx, [], []
    for span, reading in found:
        value = reading.resolve(local)
        if value is None:
            continue
        span._.evex = value
        spans.append(span)
        if reading.moves_anchor(local):
            local = local.advance(value)
            moved.append((clause_rank(span, lex), value))
        else:
            local = local.note(value)
    return spans, carry_over(ctx, moved)


def resolve_dates(doc: Doc) -> list[Span]:
    """Date spans of ``doc`` with their resolved ``DateValue``, in text order."""
    ctx = Context.start(as_date(doc._.evex_published))
    lex = grammar().lexicon
    spans: list[Span] = []
    for found in sentences(doc, find_candidates(doc)):
        resolved, ctx = resolve_sentence(found, ctx, lex)
        spans.extend(resolved)
    return spans


@Language.factory("evex_dates", assigns=["doc.spans"], requires=["doc.ents"])
def make_component(nlp: Language, name: str) -> "DateComponent":
    return DateComponent()


class DateComponent:
    """Writes ``doc.spans["evex_dates"]`` (rules in the module docstring)."""

    def __init__(self) -> None:
        grammar()  # compile the patterns once, at pipeline build time

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[mentions.DATES] = resolve_dates(doc)
        return doc
