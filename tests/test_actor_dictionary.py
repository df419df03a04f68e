"""actors.json "named" dictionary: well-formed entries, unambiguous aliases, and
new entries resolving through the real pipeline."""
from __future__ import annotations

import pytest

from pipeline import mentions
from pipeline.components import actors
from pipeline.resources import load_json

CLASSES = {"militant_group", "state_forces"}


def _named() -> list[dict]:
    return load_json("actors.json")["named"]


def _names(nlp, text: str) -> set[str]:
    doc = nlp(text)
    return {span._.evex.name for span in doc.spans[mentions.ACTORS]}


@pytest.mark.parametrize("entry", _named(), ids=lambda e: e["name"])
def test_actor_dictionary_entry_is_well_formed(entry):
    assert entry["class"] in CLASSES
    assert entry["aliases"] and all(a.strip() == a and a for a in entry["aliases"])
    assert (entry["class"] == "state_forces") or "country" not in entry
    if entry["name"].startswith(("Military Forces of ", "Police Forces of ", "Security Services of ")):
        assert entry["class"] == "state_forces" and len(entry.get("country", "")) == 2


def test_actor_dictionary_alias_maps_to_one_canonical_name():
    owners: dict[str, set[str]] = {}
    for entry in _named():
        for alias in entry["aliases"]:
            owners.setdefault(actors.alias_key(alias), set()).add(entry["name"])
    assert {key: names for key, names in owners.items() if len(names) > 1} == {}


@pytest.mark.parametrize(
    "text,name",
    [
        ("M23 rebels seized the town of Sake after heavy fighting with Congolese troops.", "M23: March 23 Movement"),
        ("CODECO militiamen attacked a displacement camp in Djugu territory on Tuesday.",
         "CODECO: Cooperative for the Development of Congo"),
        ("The Rapid Support Forces shelled residential areas of El Fasher overnight.", "RSF: Rapid Support Forces"),
        ("The Sudanese Armed Forces carried out airstrikes on Nyala.", "Military Forces of Sudan"),
        ("Fano fighters ambushed a military convoy near Gondar.", "Fano Militia"),
        ("The Oromo Liberation Army abducted 20 passengers on a highway.", "OLA: Oromo Liberation Army"),
        ("Kataib Hezbollah claimed a drone attack on a base in eastern Syria.", "Kataib Hezbollah"),
        ("The Islamic Revolutionary Guard Corps seized a tanker in the Gulf.", "Military Forces of Iran"),
        ("Jaish al-Adl gunmen killed four border guards in Sistan-Baluchestan.", "Jaish al-Adl"),
        ("Maoist rebels triggered a landmine that killed eight policemen in Chhattisgarh.",
         "CPI (Maoist): Communist Party of India (Maoist)"),
        ("Security forces killed three Naxalites in an encounter in Bijapur district.",
         "CPI (Maoist): Communist Party of India (Maoist)"),
        ("BRN insurgents detonated a roadside bomb in Narathiwat province.", "BRN: Barisan Revolusi Nasional"),
        ("The Arakan Army captured a border outpost in Rakhine State.", "AA: Arakan Army"),
        ("The Kachin Independence Army attacked a junta base near Bhamo.", "KIA: Kachin Independence Army"),
        ("Gunmen from the Jalisco New Generation Cartel ambushed police officers in Michoacan.",
         "CJNG: Jalisco New Generation Cartel"),
        ("Members of Tren de Aragua kidnapped a businessman in Santiago.", "Tren de Aragua"),
        ("The Viv Ansanm gang coalition torched houses in Port-au-Prince.", "Viv Ansanm"),
        ("The New IRA claimed responsibility for the shooting of a detective in Omagh.", "New Irish Republican Army"),
        ("Ansarul Islam militants attacked a gendarmerie post in Soum province.", "Ansaroul Islam"),
        ("Lashkar-e-Jhangvi claimed the bombing of a Shia mosque in Quetta.", "Lashkar-e-Jhangvi"),
    ],
)
def test_actor_dictionary_new_entry_resolves(nlp, text, name):
    assert name in _names(nlp, text)


@pytest.mark.parametrize(
    "text,absent",
    [
        ("Kataib Hezbollah fighters fired rockets at the airport.", "Hezbollah"),
        ("Ansarul Islam fighters attacked a village near Djibo.", "Ansar al-Islam"),
    ],
)
def test_actor_dictionary_longer_alias_wins(nlp, text, absent):
    assert absent not in _names(nlp, text)


@pytest.mark.parametrize(
    "text",
    [
        "The report is available as a PDF on the ministry's website.",
        "She walked into the lion's den of a hostile press conference.",
        "The bank's bonds kept their AA rating after the review.",
        "Shane scored twice as the visitors won the derby on Friday.",
        "Shoppers flocked to the market as prices of maize fell.",
    ],
)
def test_actor_dictionary_ordinary_text_yields_no_named_actor(nlp, text):
    assert _names(nlp, text) & {entry["name"] for entry in _named()} == set()
