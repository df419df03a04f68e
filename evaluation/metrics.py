"""Scores of predicted events against gold events.

Event detection (micro-averaged: counts are summed over all scored
documents, then divided)::

    incident_precision  matched incident pairs / predicted incidents
    incident_recall     matched incident pairs / gold incidents
    incident_f1         2 * matched / (gold + predicted), incidents only
    all_precision, all_recall, all_f1   the same over every event type
    strict_incident_precision, _recall, _f1
                        the same for incidents, counting only the matched
                        pairs that also agree on type, date, country and
                        admin1 (``STRICT_SLOTS``): "found and placed in time
                        and space", where the alignment alone also pairs a
                        prediction that shares the evidence but has a wrong
                        type, date or place

Incidents are attack, bombing, clash, security_operation and arrest; the
alignment (``evaluation.align``) never pairs an incident with a
strategic_development, so incident pairs are the pairs whose gold event is
an incident.

Slot accuracy = correct / n over the matched pairs (all event types). ``n``
is the number of matched pairs for every slot except ``coordinates``, whose
``n`` counts only the pairs where the gold location has coordinates. The
slots (see ``SLOTS``): type; date (same precision and the same start at the
gold precision; two null dates agree); place, admin1, country (names compared
case-insensitively); killed, injured, arrested (number and qualifier both);
perpetrator, target (the sets of actor names in that role); claimed_by (the
set); certainty; coordinates (within 25 km, great-circle).

A ratio with a zero denominator is ``None`` (JSON ``null``): not measured.
"""
from __future__ import annotations

import operator
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from evaluation.align import (MatchConfig, align, coordinates, haversine_km, normalized,
                              widen)
from evaluation.load import Predictions
from pipeline.models import Event, EventFields, GoldEvent, GoldFile

MISSING = "missing"  # status of a gold document absent from the predictions


def canonical(value: Any) -> Any:
    """The comparison form of a slot value: names case- and space-insensitive."""
    if isinstance(value, str):
        return normalized(value)
    if isinstance(value, (tuple, frozenset)):
        return type(value)(canonical(v) for v in value)
    return value


def same(gold: Any, pred: Any) -> bool:
    return canonical(gold) == canonical(pred)


def date_agrees(gold: Optional[tuple], pred: Optional[tuple]) -> bool:
    """Same precision, and the same start once both are cut to the gold precision."""
    if gold is None or pred is None:
        return gold is pred
    (g_start, precision), (p_start, p_precision) = gold, pred
    return p_precision == precision and (
        widen(g_start, precision, last=False) == widen(p_start, precision, last=False))


def near(gold: tuple[float, float], pred: Optional[tuple[float, float]],
         radius_km: float = MatchConfig.radius_km) -> bool:
    return pred is not None and haversine_km(gold, pred) <= radius_km


def _always(_: Any) -> bool:
    return True


def _location(field_name: str) -> Callable[[EventFields], Any]:
    return lambda e: getattr(e.location, field_name) if e.location else None


def _count(kind: str) -> Callable[[EventFields], Any]:
    return lambda e: (getattr(e.casualties, kind), getattr(e.casualties, kind + "_qualifier"))


def _actors(role: str) -> Callable[[EventFields], Any]:
    return lambda e: frozenset(a.name for a in e.actors if a.role == role)


@dataclass(frozen=True)
class Slot:
    """One compared field: how to read it, when two values agree, when it is scored."""

    name: str
    value: Callable[[EventFields], Any]
    agree: Callable[[Any, Any], bool] = same
    applies: Callable[[Any], bool] = _always


SLOTS: tuple[Slot, ...] = (
    Slot("type", operator.attrgetter("event_type")),
    Slot("date", lambda e: (e.date.start, e.date.precision) if e.date else None, date_agrees),
    Slot("place", _location("name")),
    Slot("admin1", _location("admin1")),
    Slot("country", _location("country")),
    Slot("killed", _count("killed")),
    Slot("injured", _count("injured")),
    Slot("arrested", _count("arrested")),
    Slot("perpetrator", _actors("perpetrator")),
    Slot("target", _actors("target")),
    Slot("claimed_by", lambda e: frozenset(e.claimed_by)),
    Slot("certainty", operator.attrgetter("certainty")),
    Slot("coordinates", lambda e: coordinates(e.location), near,
         applies=lambda gold: gold is not None),
)
SLOT_NAMES: tuple[str, ...] = tuple(s.name for s in SLOTS)
STRICT_SLOTS: tuple[str, ...] = ("type", "date", "country", "admin1")


@dataclass(frozen=True)
class SlotOutcome:
    gold: Any
    pred: Any
    correct: Optional[bool]  # None: not scored for this pair


@dataclass(frozen=True)
class Pair:
    gold: GoldEvent
    pred: Event
    similarity: float
    slots: dict[str, SlotOutcome]

    @property
    def strict(self) -> bool:
        """The pair agrees on every slot of ``STRICT_SLOTS``."""
        return all(self.slots[name].correct for name in STRICT_SLOTS)


def compare(gold: EventFields, pred: EventFields) -> dict[str, SlotOutcome]:
    outcomes = {}
    for slot in SLOTS:
        g, p = slot.value(gold), slot.value(pred)
        outcomes[slot.name] = SlotOutcome(g, p, slot.agree(g, p) if slot.applies(g) else None)
    return outcomes


@dataclass(frozen=True)
class DocScore:
    """Alignment and slot outcomes of one gold document."""

    doc_id: str
    status: str
    gold: tuple[GoldEvent, ...]
    pred: tuple[Event, ...]
    pairs: tuple[Pair, ...]
    missed: tuple[GoldEvent, ...]
    spurious: tuple[Event, ...]

    def counts(self) -> Counter:
        counts = Counter(gold=len(self.gold), pred=len(self.pred), matched=len(self.pairs),
                         incident_gold=sum(e.is_incident for e in self.gold),
                         incident_pred=sum(e.is_incident for e in self.pred),
                         incident_matched=sum(p.gold.is_incident for p in self.pairs),
                         strict_incident_matched=sum(p.gold.is_incident and p.strict
                                                     for p in self.pairs))
        for pair in self.pairs:
            for name, outcome in pair.slots.items():
                if outcome.correct is not None:
                    counts[f"{name}_n"] += 1
                    counts[f"{name}_correct"] += outcome.correct
        return counts


@dataclass(frozen=True)
class EvalResult:
    documents: tuple[DocScore, ...]
    unscored: tuple[str, ...] = field(default_factory=tuple)  # predicted doc_ids without gold

    def totals(self) -> Counter:
        return sum((d.counts() for d in self.documents), Counter())


def score_document(gold: GoldFile, pred: list[Event], status: str,
                   config: MatchConfig = MatchConfig()) -> DocScore:
    matches = align(gold.events, pred, config)
    pairs = tuple(Pair(gold.events[g], pred[p], sim, compare(gold.events[g], pred[p]))
                  for g, p, sim in matches)
    gold_hit, pred_hit = {g for g, _, _ in matches}, {p for _, p, _ in matches}
    return DocScore(
        doc_id=gold.doc_id, status=status, gold=tuple(gold.events), pred=tuple(pred),
        pairs=pairs,
        missed=tuple(e for i, e in enumerate(gold.events) if i not in gold_hit),
        spurious=tuple(e for i, e in enumerate(pred) if i not in pred_hit))


def evaluate(gold: dict[str, GoldFile], predictions: Predictions,
             config: MatchConfig = MatchConfig()) -> EvalResult:
    """Score every gold document (sorted by doc_id) against the predictions."""
    documents = tuple(
        score_document(gold[doc_id], predictions.events.get(doc_id, []),
                       predictions.status.get(doc_id, MISSING), config)
        for doc_id in sorted(gold))
    unscored = tuple(sorted(set(predictions.status) - set(gold)))
    return EvalResult(documents, unscored)


def ratio(numerator: int, denominator: int) -> Optional[float]:
    return numerator / denominator if denominator else None


def metric_table(totals: Counter) -> list[tuple[str, Optional[float], int]]:
    """Rows (metric name, value, n) in display order; n is the denominator."""
    rows = []
    for prefix, key in (("incident_", "incident_"), ("all_", ""),
                        ("strict_incident_", "incident_")):
        gold, pred = totals[key + "gold"], totals[key + "pred"]
        matched = totals[prefix + "matched" if prefix.startswith("strict") else key + "matched"]
        rows += [(prefix + "precision", ratio(matched, pred), pred),
                 (prefix + "recall", ratio(matched, gold), gold),
                 (prefix + "f1", ratio(2 * matched, gold + pred), gold + pred)]
    rows += [(name, ratio(totals[f"{name}_correct"], totals[f"{name}_n"]), totals[f"{name}_n"])
             for name in SLOT_NAMES]
    return rows


def metrics(result: EvalResult) -> dict[str, Optional[float]]:
    """Flat ``{metric name: value}``: what the CI gate compares with its floors."""
    return {name: value for name, value, _ in metric_table(result.totals())}
