"""The values that spaCy components attach to their spans.

Span group keys (``doc.spans[KEY]``) and the value in ``span._.evex``:

=================  =================  =========================================
key                component          value
=================  =================  =========================================
``evex_dates``     ``evex_dates``     :class:`DateValue`
``evex_places``    ``evex_places``    :class:`PlaceValue`
``evex_actors``    ``evex_actors``    :class:`ActorValue`
``evex_casualties````evex_casualties``:class:`CasualtyValue`
``evex_triggers``  ``evex_triggers``  :class:`TriggerValue`
=================  =================  =========================================

``doc._.evex_published`` (a ``datetime.date`` or None) is set on the Doc
before the pipeline runs; date resolution uses it as the first anchor.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, Optional

from spacy.tokens import Doc, Span

DATES = "evex_dates"
PLACES = "evex_places"
ACTORS = "evex_actors"
CASUALTIES = "evex_casualties"
TRIGGERS = "evex_triggers"
SPAN_KEYS = (DATES, PLACES, ACTORS, CASUALTIES, TRIGGERS)


@dataclass(frozen=True, slots=True)
class DateValue:
    start: dt.date
    end: Optional[dt.date]
    precision: Literal["day", "month", "year"]
    # "absolute" (full date in the text), "partial" (completed from an anchor), "relative",
    # "attributive" (a year modifying a noun, "the 2010 bombings": rank below the others)
    kind: str = "absolute"


@dataclass(frozen=True, slots=True)
class PlaceValue:
    name: str
    admin1: Optional[str]
    country: Optional[str]  # ISO 3166-1 alpha-2
    precision: Literal["place", "admin1", "country"]
    latitude: Optional[float]
    longitude: Optional[float]


@dataclass(frozen=True, slots=True)
class ActorValue:
    name: str  # canonical name; for generic mentions resolved with the country when known
    actor_class: Literal["state_forces", "militant_group", "civilians", "government", "unknown"]
    country: Optional[str] = None  # ISO code the canonical name is tied to, if any
    generic: bool = False  # "police officers", "a gunman": needs the event's country
    # name template for generic mentions, e.g. "Police Forces of {country_name}"
    template: Optional[str] = None
    role_hint: Optional[Literal["perpetrator", "target"]] = None
    claimant: bool = False  # the mention claims responsibility ("IS claimed responsibility")
    # "the group" / "the organization" as claimant or attacker: ``name`` is "" until event
    # assembly resolves it to the document's group (or the last militant group named)
    anaphor: bool = False


@dataclass(frozen=True, slots=True)
class CasualtyValue:
    kind: Literal["killed", "injured", "arrested"]
    count: Optional[int]  # None with qualifier "vague"
    qualifier: Literal["exact", "at_least", "approx", "vague"]
    party: Optional[Literal["victim", "perpetrator"]] = None
    # a total over a period ("has killed 40,000 people since 2011", "300 killed last
    # year"), not the toll of one event
    aggregate: bool = False


@dataclass(frozen=True, slots=True)
class TriggerValue:
    event_type: str  # one of models.EVENT_TYPES
    # "asserted": reported as having happened; "hypothetical": plan, fear, threat,
    # habitual or aggregate; "negated": did not happen
    modality: Literal["asserted", "hypothetical", "negated"] = "asserted"
    strength: float = 1.0  # how strongly the word signals the type (lexicon weight)
    # "event": the trigger reports an occurrence; "reference": a definite noun pointing
    # back to one ("the attack"); "background": inside a noun modifier ("militants
    # implicated in the attack", "a group established in 2007")
    mention: Literal["event", "reference", "background"] = "event"


def _value_key(span: Span) -> tuple:
    return ("evex", span.label, span.start_char, span.end_char)


def _get_value(span: Span):
    return span.doc.user_data.get(_value_key(span))


def _set_value(span: Span, value) -> None:
    span.doc.user_data[_value_key(span)] = value


def register_extensions() -> None:
    """Declare the Doc/Span extensions once (idempotent).

    spaCy keys a plain span extension by character offsets only, so two spans
    with the same offsets in different groups (a place and an actor, say)
    would share one value. ``span._.evex`` is keyed by the span's label as
    well; every component gives its spans labels of its own.
    """
    if not Span.has_extension("evex"):
        Span.set_extension("evex", getter=_get_value, setter=_set_value)
    if not Doc.has_extension("evex_published"):
        Doc.set_extension("evex_published", default=None)
