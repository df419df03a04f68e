"""Pydantic models: the only things that cross a stage boundary.

The output records (``DocumentRecord``, ``Event``) and the gold files
(``GoldFile``) follow ``CONTRACT.md`` and ``ANNOTATION.md``; the evaluation
package reads nothing but these models.
"""
from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

EventType = Literal[
    "attack", "bombing", "clash", "security_operation", "arrest", "strategic_development"
]
INCIDENT_TYPES: tuple[str, ...] = ("attack", "bombing", "clash", "security_operation", "arrest")
EVENT_TYPES: tuple[str, ...] = INCIDENT_TYPES + ("strategic_development",)

DatePrecision = Literal["day", "month", "year"]
GeoPrecision = Literal["place", "admin1", "country"]
Role = Literal["perpetrator", "target"]
ActorClass = Literal["state_forces", "militant_group", "civilians", "government", "unknown"]
Qualifier = Literal["exact", "at_least", "approx", "vague"]
Certainty = Literal["reported", "disputed"]
Status = Literal["ok", "error", "skipped"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EventDate(_Strict):
    start: dt.date
    end: Optional[dt.date] = None
    precision: DatePrecision
    text: str

    @model_validator(mode="after")
    def _end_after_start(self) -> "EventDate":
        if self.end is not None and self.end < self.start:
            raise ValueError("date.end is before date.start")
        return self


class Location(_Strict):
    name: str
    admin1: Optional[str] = None
    country: Optional[str] = Field(default=None, pattern=r"^[A-Z]{2}$")
    precision: GeoPrecision
    latitude: Optional[float] = Field(default=None, ge=-90, le=90)
    longitude: Optional[float] = Field(default=None, ge=-180, le=180)
    text: str


class Actor(_Strict):
    name: str
    role: Role
    # ``class`` is a Python keyword: the attribute is ``actor_class``, the JSON key ``class``.
    actor_class: ActorClass = Field(alias="class")
    text: str

    model_config = ConfigDict(extra="forbid", populate_by_name=True, serialize_by_alias=True)


class Casualties(_Strict):
    killed: Optional[int] = Field(default=None, ge=0)
    killed_qualifier: Optional[Qualifier] = None
    injured: Optional[int] = Field(default=None, ge=0)
    injured_qualifier: Optional[Qualifier] = None
    arrested: Optional[int] = Field(default=None, ge=0)
    arrested_qualifier: Optional[Qualifier] = None


class Evidence(_Strict):
    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)

    @model_validator(mode="after")
    def _span(self) -> "Evidence":
        if self.end < self.start:
            raise ValueError("evidence.end is before evidence.start")
        return self


class EventFields(_Strict):
    """The fields of ANNOTATION.md shared by gold and predicted events."""

    event_type: EventType
    date: Optional[EventDate] = None
    location: Optional[Location] = None
    actors: list[Actor] = Field(default_factory=list)
    casualties: Casualties = Field(default_factory=Casualties)
    claimed_by: list[str] = Field(default_factory=list)
    certainty: Certainty = "reported"
    evidence: list[Evidence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _date_or_place(self) -> "EventFields":
        if self.date is None and self.location is None:
            raise ValueError("an event needs at least a date or a location")
        return self

    @property
    def is_incident(self) -> bool:
        return self.event_type in INCIDENT_TYPES


class Event(EventFields):
    """One line of ``events.jsonl``."""

    event_id: str
    doc_id: str
    confidence: float = Field(ge=0.0, le=1.0)


class GoldEvent(EventFields):
    """An event of a gold file: the same fields, without confidence."""

    event_id: Optional[str] = None
    note: Optional[str] = None  # annotator's remark on a judgement call


class GoldFile(_Strict):
    doc_id: str
    source: str
    published: Optional[dt.date] = None
    events: list[GoldEvent]


class DocumentRecord(_Strict):
    """One line of ``documents.jsonl``: every input has one."""

    doc_id: str
    source: str
    title: Optional[str] = None
    published: Optional[dt.date] = None
    status: Status
    error: Optional[str] = None
    n_events: int = 0
    text_chars: int = 0
    content_sha256: Optional[str] = None


class InputLine(BaseModel):
    """One line of a JSONL input (CONTRACT.md)."""

    model_config = ConfigDict(extra="ignore")

    id: str
    text: Optional[str] = None
    html: Optional[str] = None
    url: Optional[str] = None
    published: Optional[dt.date] = None
    title: Optional[str] = None

    @model_validator(mode="after")
    def _has_content(self) -> "InputLine":
        if self.text is None and self.html is None:
            raise ValueError("a JSONL document needs 'text' or 'html'")
        return self


class RawDocument(_Strict):
    """A document as ingested, before cleaning. ``error`` is set when ingestion failed."""

    doc_id: str
    source: str
    text: Optional[str] = None
    html: Optional[str] = None
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[dt.date] = None
    content_sha256: Optional[str] = None
    status: Status = "ok"
    error: Optional[str] = None


class CleanDocument(_Strict):
    """The article body: the text that every evidence offset points into."""

    doc_id: str
    source: str
    text: str
    title: Optional[str] = None
    published: Optional[dt.date] = None
    content_sha256: Optional[str] = None


class DocResult(_Strict):
    """What extraction returns for one input document."""

    document: DocumentRecord
    events: list[Event] = Field(default_factory=list)
    text: Optional[str] = None  # the cleaned text, for reports; never written to documents.jsonl
