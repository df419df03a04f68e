"""Tests of the evex_places component.

Hand-built Docs (words and entity tags given, no model) test the rules; a
smaller table runs the real pipeline (``nlp`` fixture) on news-wire sentences.
"""
from __future__ import annotations

import re

import pytest
import spacy
from spacy.tokens import Doc

import pipeline.components  # noqa: F401  (registers span extensions)
from pipeline import gazetteer, mentions
from pipeline.components.places import PlacesComponent
from pipeline.gazetteer import Entry


@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    return nlp, PlacesComponent(nlp)


def _doc(blank, text: str) -> Doc:
    """A Doc from ``text`` where ``[Name|LABEL]`` marks an entity."""
    nlp, component = blank
    clean, ents = "", []
    for chunk in re.split(r"(\[[^]]+\])", text):
        if chunk.startswith("["):
            name, label = chunk[1:-1].split("|")
            ents.append((len(clean), len(clean) + len(name), label))
            chunk = name
        clean += chunk
    doc = nlp.make_doc(clean)
    doc.ents = [doc.char_span(a, b, label=label) for a, b, label in ents]
    return component(doc)


def _places(doc: Doc, label: str = "place") -> dict[str, mentions.PlaceValue]:
    return {s.text: s._.evex for s in doc.spans[mentions.PLACES] if s.label_ == label}


def _fields(v: mentions.PlaceValue) -> tuple:
    return v.name, v.admin1, v.country, v.precision


@pytest.mark.parametrize("text,mention,expected", [
    # settlement words, districts, regions, directions
    ("Gunmen stormed the village of Konduga in [Borno State|GPE] .",
     "Konduga", ("Konduga", "Borno", "NG", "place")),
    ("Seven soldiers died in a clash in [Qusar|GPE] district , [Northern Azerbaijan|LOC] .",
     "Qusar district", ("Qusar District", "Qusar", "AZ", "place")),
    ("Troops were deployed to southern [Dagestan|GPE] .",
     "southern Dagestan", ("Dagestan", "Dagestan", "RU", "admin1")),
    ("Fighting spread across [Northern Azerbaijan|LOC] .",
     "Northern Azerbaijan", ("Azerbaijan", None, "AZ", "country")),
    ("Insurgents remain active in the [North Caucasus|LOC] .",
     "North Caucasus", ("North Caucasus", None, "RU", "country")),
    ("A mine exploded in [Helmand|GPE] province on Sunday .",
     "Helmand province", ("Helmand", "Helmand", "AF", "admin1")),
    # aliases and exonyms
    ("Police in [Kiev|GPE] detained two men .", "Kiev", ("Kyiv", "Kyiv", "UA", "place")),
    ("Clashes were reported in the Chechen Republic .",
     "Chechen Republic", ("Chechnya", "Chechnya", "RU", "admin1")),
    ("A raid took place in [Kharkov|GPE] .", "Kharkov", ("Kharkiv", "Kharkiv Oblast", "UA", "place")),
    ("Shelling hit [Ar-Raqqah|GPE] overnight .", "Ar-Raqqah", ("Ar Raqqah", "Raqqa", "SY", "place")),
    # countries the model tags as persons, names it misses
    ("An explosion hit the town of Gao in northern [Mali|PERSON] .",
     "Gao", ("Gao", "Gao", "ML", "place")),
    ("An explosion hit the town of Gao in northern [Mali|PERSON] .",
     "northern Mali", ("Mali", None, "ML", "country")),
    ("Al-Shabaab fighters attacked a base near Kismayo in Somalia .",
     "Somalia", ("Somalia", None, "SO", "country")),
    ("The army shelled [Marawi|GPE] on the island of Mindanao .",
     "Marawi", ("Marawi City", "Bangsamoro", "PH", "place")),
    ("FARC dissidents ambushed soldiers in [Medellin|GPE] , [Colombia|GPE] .",
     "Medellin", ("Medellin", "Antioquia", "CO", "place")),
])
def test_places_resolve_table(blank, text, mention, expected):
    places = _places(_doc(blank, text))
    assert mention in places, places
    assert _fields(places[mention]) == expected


@pytest.mark.parametrize("text,mention,country", [
    ("Clashes erupted in [Tripoli|GPE] , the Lebanese army said .", "Tripoli", "LB"),
    ("Clashes erupted in [Tripoli|GPE] , the Libyan army said .", "Tripoli", "LY"),
    ("Clashes erupted in [Tripoli|GPE] , [Lebanon|GPE] .", "Tripoli", "LB"),
    ("Militias fought in [Tripoli|GPE] .", "Tripoli", "LY"),  # population decides
    ("Protesters marched in [Tbilisi|GPE] and across [Georgia|GPE] .", "Georgia", "GE"),
    ("A storm hit [Atlanta|GPE] , [Georgia|GPE] , [United States|GPE] .", "Georgia", "US"),
    ("Two men were detained in [Georgia|GPE] .", "Georgia", "GE"),
])
def test_places_ambiguity_decided_by_context(blank, text, mention, country):
    assert _places(_doc(blank, text))[mention].country == country


@pytest.mark.parametrize("text,admin1", [
    # a village name in two regions: the container after it decides
    ("Shelling hit the village of Borova ( [Kharkiv Oblast|GPE] ) .", "Kharkiv Oblast"),
    ("Shelling hit the village of Borova ( [Kyiv Oblast|GPE] ) .", "Kyiv Oblast"),
    ("Police raided a house in [Dubki|PERSON] , [Dagestan|GPE] .", "Dagestan"),
    ("Police raided a house in [Dubki|GPE] , Yaroslavl Oblast .", "Yaroslavl Oblast"),
    ("A blast hit [Ardatov|GPE] in [Mordovia|GPE] .", "Mordovia"),
    ("A blast hit [Ardatov|GPE] in the Nizhny Novgorod Oblast .", "Nizhny Novgorod Oblast"),
])
def test_places_container_decides_between_namesakes(blank, text, admin1):
    places = _places(_doc(blank, text))
    town = next(v for v in places.values() if v.precision == "place")
    assert town.admin1 == admin1


def test_places_earlier_mentions_decide(blank):
    doc = _doc(blank, "Fighting in [Borova|GPE] continued . The Kharkiv Oblast governor said "
                      "shells hit [Kupiansk|GPE] . Later , [Borova|GPE] was shelled again .")
    spans = [s for s in doc.spans[mentions.PLACES] if s.text == "Borova"]
    assert spans[-1]._.evex.admin1 == "Kharkiv Oblast"


def test_places_unknown_settlement_takes_its_container(blank):
    places = _places(_doc(blank, "Rebels seized the village of Qwertyville in [Borno State|GPE] ."))
    assert _fields(places["Qwertyville"]) == ("Qwertyville", "Borno", "NG", "place")
    assert places["Qwertyville"].latitude is None


def test_places_facility_located_by_place_in_its_name(blank):
    places = _places(_doc(blank, "A bomb was found at [Kabul International Airport|FAC] ."))
    v = places["Kabul International Airport"]
    assert _fields(v) == ("Kabul International Airport", "Kabul", "AF", "place")
    assert v.latitude == pytest.approx(34.5, abs=0.3)


@pytest.mark.parametrize("text", [
    "[Islamic State|GPE] claimed the attack .",
    "The [Kremlin|FAC] said nothing .",
    "Militants of [Vilayat Dagestan|ORG] claimed the attack .",
    "Militants of Vilayat Dagestan claimed the attack .",
    "[Ramzan Kadyrov|PERSON] met [Abu Bakr|PERSON] .",
    "Oil prices rose across the [Middle East|LOC] .",
    "The Syria Liberation Front issued a statement .",
    "He said it was time to act .",
])
def test_places_negatives_yield_no_place(blank, text):
    assert _places(_doc(blank, text)) == {}


@pytest.mark.parametrize("text,cc", [
    ("Gunmen attacked a Russian military base .", "RU"),
    ("Seven Azeri soldiers were killed .", "AZ"),
    ("A Nigerian army convoy was ambushed .", "NG"),
])
def test_places_adjective_gives_low_priority_country(blank, text, cc):
    doc = _doc(blank, text)
    (span,) = doc.spans[mentions.PLACES]
    assert span.label_ == "adjective"
    assert (span._.evex.country, span._.evex.precision) == (cc, "country")


# ------------------------------------------------------------------ with model

@pytest.mark.parametrize("text,name,country,precision", [
    ("A car bomb exploded near a market in Mogadishu, Somalia, killing 12 people.",
     "Mogadishu", "SO", "place"),
    ("Boko Haram fighters attacked the village of Konduga in Borno State, Nigeria, on Monday.",
     "Konduga", "NG", "place"),
    ("A suicide bomber struck a mosque in Peshawar on Friday, police said.", "Peshawar", "PK", "place"),
    ("Gunmen killed four police officers in the settlement of Sernovodskoye in Chechnya.",
     "Sernovodsk", "RU", "place"),
    ("Russian missiles struck Kharkiv and the Donetsk region overnight.", "Kharkiv", "UA", "place"),
    ("Islamic State militants attacked a checkpoint near Mosul, Iraq.", "Mosul", "IQ", "place"),
    ("Jihadists ambushed a convoy near Gao in northern Mali.", "Gao", "ML", "place"),
])
def test_places_pipeline_newswire(nlp, text, name, country, precision):
    doc = nlp(text)
    values = [s._.evex for s in doc.spans[mentions.PLACES] if s.label_ == "place"]
    assert any((v.name, v.country, v.precision) == (name, country, precision) for v in values), values


@pytest.mark.parametrize("text,lat,lon", [
    ("Clashes broke out in Aleppo, Syria.", 36.20, 37.16),
    ("A drone strike hit Kandahar, Afghanistan.", 31.61, 65.71),
])
def test_places_pipeline_coordinates(nlp, text, lat, lon):
    doc = nlp(text)
    v = next(s._.evex for s in doc.spans[mentions.PLACES] if s._.evex.precision == "place")
    known = Entry("place", "", v.country, None, None, lat, lon, 0)
    here = Entry("place", "", v.country, None, None, v.latitude, v.longitude, 0)
    assert gazetteer.distance_km(here, known) < 25


@pytest.mark.parametrize("text", [
    "The Kremlin said the talks were constructive.",
    "Islamic State claimed responsibility in a statement.",
    "Ramzan Kadyrov praised the police officers.",
])
def test_places_pipeline_negatives(nlp, text):
    doc = nlp(text)
    assert [s.text for s in doc.spans[mentions.PLACES] if s.label_ == "place"] == []
