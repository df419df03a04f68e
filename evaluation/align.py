"""One-to-one alignment of predicted events with gold events, per document.

The pairs are a maximum-weight bipartite matching
(``scipy.optimize.linear_sum_assignment``) on a similarity in [0, 1]: the
weighted sum of four components (weights of :class:`MatchConfig`)::

    type      0.20  1.0 same event_type, 0.5 same family but another type.
                    Families: incident (attack, bombing, clash,
                    security_operation, arrest) and strategic_development.
                    Across families the similarity is 0: an incident only
                    ever matches an incident.
    date      0.25  both ranges [start, end] widened to the coarser of the two
                    precisions (month: the whole month, year: the whole year):
                    1.0 when they overlap, else 0.5 * (1 - gap_days / 31),
                    floored at 0; 0.5 when both dates are null, 0 when one is.
    place     0.15  1.0 same name (case-insensitive) or coordinates within
                    25 km; 0.6 same admin1; 0.3 same country; 0.5 when both
                    locations are null; 0 otherwise.
    evidence  0.40  character overlap of the evidence spans (start, end
                    offsets into the cleaned text): overlapping characters /
                    characters of the shorter side (overlap coefficient).

Pairs whose similarity is below ``threshold`` (0.5) are never matched.
Consequences: the same evidence sentence and the same family always match
(0.5 or more), whatever the date and place, so a wrong slot costs slot
accuracy, not recall and precision twice; without shared evidence, the same
type and day need the same place, admin1 or two null places to match (same
type and day in another place, 0.45, is another event).
"""
from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass
from typing import Optional, Sequence

from scipy.optimize import linear_sum_assignment

from pipeline.models import EventDate, EventFields, Location

EARTH_RADIUS_KM = 6371.0088
TOLERANCE = 1e-9  # a similarity equal to the threshold up to float rounding still matches
PRECISIONS = ("day", "month", "year")  # finest to coarsest


@dataclass(frozen=True)
class MatchConfig:
    """Weights of the similarity components, the match threshold and the place radius."""

    type: float = 0.20
    date: float = 0.25
    place: float = 0.15
    evidence: float = 0.40
    threshold: float = 0.5
    radius_km: float = 25.0
    date_horizon_days: int = 31


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def coordinates(location: Optional[Location]) -> Optional[tuple[float, float]]:
    if location is None or location.latitude is None or location.longitude is None:
        return None
    return location.latitude, location.longitude


def normalized(text: Optional[str]) -> Optional[str]:
    """Case- and whitespace-insensitive form of a name, for comparisons."""
    return " ".join(text.split()).casefold() if text else None


def widen(day: dt.date, precision: str, last: bool) -> dt.date:
    """First (or last) day of the month or year containing ``day`` at ``precision``."""
    if precision == "year":
        return dt.date(day.year, 12, 31) if last else dt.date(day.year, 1, 1)
    if precision == "month":
        end = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=end if last else 1)
    return day


def date_range(date: EventDate, precision: str) -> tuple[dt.date, dt.date]:
    return (widen(date.start, precision, last=False),
            widen(date.end or date.start, precision, last=True))


def date_score(gold: Optional[EventDate], pred: Optional[EventDate], config: MatchConfig) -> float:
    if gold is None or pred is None:
        return 0.5 if gold is pred else 0.0
    precision = max(gold.precision, pred.precision, key=PRECISIONS.index)
    (g0, g1), (p0, p1) = date_range(gold, precision), date_range(pred, precision)
    gap = max((p0 - g1).days, (g0 - p1).days)
    if gap <= 0:
        return 1.0
    return 0.5 * max(0.0, 1.0 - gap / config.date_horizon_days)


def place_score(gold: Optional[Location], pred: Optional[Location], config: MatchConfig) -> float:
    if gold is None or pred is None:
        return 0.5 if gold is pred else 0.0
    g_xy, p_xy = coordinates(gold), coordinates(pred)
    if normalized(gold.name) == normalized(pred.name) or (
            g_xy and p_xy and haversine_km(g_xy, p_xy) <= config.radius_km):
        return 1.0
    if gold.admin1 and normalized(gold.admin1) == normalized(pred.admin1):
        return 0.6
    if gold.country and gold.country == pred.country:
        return 0.3
    return 0.0


def spans(event: EventFields) -> list[tuple[int, int]]:
    """The evidence spans of an event, sorted and merged."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted((e.start, e.end) for e in event.evidence if e.end > e.start):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def evidence_score(gold: EventFields, pred: EventFields) -> float:
    g, p = spans(gold), spans(pred)
    shorter = min(sum(e - s for s, e in g), sum(e - s for s, e in p))
    if not shorter:
        return 0.0
    overlap = sum(max(0, min(ge, pe) - max(gs, ps)) for gs, ge in g for ps, pe in p)
    return overlap / shorter


def type_score(gold: EventFields, pred: EventFields) -> float:
    if gold.event_type == pred.event_type:
        return 1.0
    return 0.5 if gold.is_incident == pred.is_incident else 0.0


def similarity(gold: EventFields, pred: EventFields, config: MatchConfig = MatchConfig()) -> float:
    """Weighted similarity of two events in [0, 1]; 0 across the incident/strategic families."""
    kind = type_score(gold, pred)
    if not kind:
        return 0.0
    return (config.type * kind
            + config.date * date_score(gold.date, pred.date, config)
            + config.place * place_score(gold.location, pred.location, config)
            + config.evidence * evidence_score(gold, pred))


def admissible(value: float, config: MatchConfig) -> float:
    """``value``, or 0 when it is below the threshold (float rounding tolerated)."""
    return value if value >= config.threshold - TOLERANCE else 0.0


def align(gold: Sequence[EventFields], pred: Sequence[EventFields],
          config: MatchConfig = MatchConfig()) -> list[tuple[int, int, float]]:
    """Matched (gold index, predicted index, similarity) triples, in gold order.

    Pairs below ``config.threshold`` are zeroed before the assignment, so the
    matching maximizes the total similarity of admissible pairs only.
    """
    if not gold or not pred:
        return []
    weights = [[admissible(similarity(g, p, config), config) for p in pred] for g in gold]
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return sorted((int(r), int(c), weights[r][c]) for r, c in zip(rows, cols) if weights[r][c])
