"""evex_actors: actor dictionary matching, generic templates, nationality, roles, claims."""
from __future__ import annotations

import pytest

import pipeline.components  # noqa: F401  (extensions)
from pipeline import mentions
from pipeline.components import actors

UAG = "Unidentified Armed Group ({country})"


@pytest.fixture(scope="module")
def rules_nlp(model_with):
    return model_with("evex_actors")


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
        ("A court in Paris convicted three men of terrorism.", "court", "Government of {country}", "government",
         "perpetrator"),
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


@pytest.mark.parametrize(
    "text,mention,claimant",
    [
        ("The group claimed responsibility for the bombing in Mogadishu.", "The group", True),
        ("Hours later, the militant organization attacked a checkpoint near Kunduz.", "the militant organization", False),
        ("In a statement, this group took responsibility for the ambush.", "this group", True),
    ],
)
def test_actors_group_anaphor_as_claimant_or_attacker(rules_nlp, text, mention, claimant):
    value = _by_text(rules_nlp, text)[mention]
    assert (value.anaphor, value.name, value.actor_class) == (True, "", "militant_group")
    assert (value.role_hint, value.claimant) == ("perpetrator", claimant)


@pytest.mark.parametrize(
    "text",
    [
        "The group said it would continue its campaign.",
        "The group of men attacked a bus.",
        "Boko Haram announced the group's new leader.",
        "Police arrested the leader of the group.",
    ],
)
def test_actors_group_anaphor_only_as_claimant_or_attacker(rules_nlp, text):
    assert [m for m, v in _actors(rules_nlp, text) if v.anaphor] == []


@pytest.mark.parametrize(
    "text,mention,name,country",
    [
        ("Hizb ut-Tahrir was banned by Germany in 2003.", "Germany", "Government of Germany", "DE"),
        ("The group was designated as a foreign terrorist organization by the United States in 2018.",
         "United States", "Government of the United States", "US"),
        ("Britain sanctioned three commanders of the Wagner Group.", "Britain", "Government of the United Kingdom", "GB"),
        ("The movement was listed as a terrorist entity by Canada in 2019.", "Canada", "Government of Canada", "CA"),
    ],
)
def test_actors_country_as_agent_of_state_act_is_its_government(rules_nlp, text, mention, name, country):
    value = _by_text(rules_nlp, text)[mention]
    assert (value.name, value.actor_class, value.country, value.role_hint) == (
        name, "government", country, "perpetrator")


@pytest.mark.parametrize(
    "text",
    ["Russia attacked the town of Avdiivka.", "He travelled to France in 2015.", "The suspect was born in Belgium."],
)
def test_actors_country_outside_state_acts_is_no_actor(rules_nlp, text):
    assert [v.name for _, v in _actors(rules_nlp, text) if v.actor_class == "government"] == []


@pytest.mark.parametrize(
    "text,mention,role",
    [
        ("ISWAP was designated by the United States in 2018.", "ISWAP", "target"),
        ("Hizb ut-Tahrir was banned by Germany in 2003.", "Hizb ut-Tahrir", "target"),
        ("A court convicted four men who had been arrested for membership in Al-Shabaab.", "Al-Shabaab", "target"),
        ("Police detained a woman in Nairobi on charges of joining ISIS.", "ISIS", "target"),
        ("He joined Hamas in 2005.", "Hamas", None),
        ("A gunman managed to attack two guards at the gate.", "gunman", "perpetrator"),
    ],
)
def test_actors_roles_of_state_acts_affiliation_and_control_verbs(rules_nlp, text, mention, role):
    assert _by_text(rules_nlp, text)[mention].role_hint == role


def test_actors_convicted_people_are_not_civilian_targets(rules_nlp):
    assert [m for m, v in _actors(rules_nlp, "A court in Lyon convicted three men.") if v.actor_class == "civilians"] == []


@pytest.mark.parametrize(
    "text,mention,name",
    [
        ("Rosgvardia troops stormed the building.", "Rosgvardia troops", "National Guard of Russia"),
        ("FSB officers detained two men in Kazan.", "FSB officers", "Security Services of Russia"),
        ("IS-CP fighters attacked a police post in Dagestan.", "IS-CP fighters", "Islamic State - Caucasus Province"),
        ("Vilayat Kavkaz released a video in May.", "Vilayat Kavkaz", "Islamic State - Caucasus Province"),
        ("Caucasus Province militants ambushed a patrol.", "Caucasus Province militants",
         "Islamic State - Caucasus Province"),
        ("ISIS militants ambushed a patrol near Deir ez-Zor.", "ISIS militants", "Islamic State"),
    ],
)
def test_actors_aliases_and_member_nouns(rules_nlp, text, mention, name):
    assert _by_text(rules_nlp, text)[mention].name == name


def test_actors_acronym_defined_in_text_names_the_same_body(rules_nlp):
    text = ("The Armenian National Security Service (NSS) said on Friday that NSS officers detained "
            "two men in Yerevan.")
    found = _by_text(rules_nlp, text)
    assert found["Armenian National Security Service"].name == "Security Services of Armenia"
    assert (found["NSS officers"].name, found["NSS officers"].role_hint) == ("Security Services of Armenia",
                                                                             "perpetrator")
    assert "NSS" not in found  # the definition itself is no second mention


def test_actors_acronym_between_name_and_member_noun(rules_nlp):
    found = _by_text(rules_nlp, "Jamaat Nusrat al-Islam wal-Muslimin (JNIM) fighters attacked a base in Mali.")
    value = found["Jamaat Nusrat al-Islam wal-Muslimin (JNIM) fighters"]
    assert (value.name, value.role_hint) == ("JNIM: Group for Support of Islam and Muslims", "perpetrator")


@pytest.mark.parametrize(
    "text",
    ["He laid flowers at the Tomb of the Unknown Rebel in 2019.", "The weather (NEWS) was fine."],
)
def test_actors_generic_word_inside_a_name_is_no_mention(rules_nlp, text):
    assert _actors(rules_nlp, text) == []


def test_actors_building_searched_in_a_raid_is_no_target(rules_nlp):
    found = _by_text(rules_nlp, "Soldiers killed two men in a raid on a house in Mosul.")
    assert "house" not in found
    assert _by_text(rules_nlp, "Bandits raided a house in Zamfara.")["house"].role_hint == "target"


@pytest.mark.parametrize(
    "cc,template,name",
    [
        ("PH", "Civilians ({country})", "Civilians (Philippines)"),
        ("PH", "Unidentified Armed Group ({country})", "Unidentified Armed Group (Philippines)"),
        ("PH", "Police Forces of {country}", "Police Forces of the Philippines"),
        ("CD", "Military Forces of {country}", "Military Forces of the Democratic Republic of the Congo"),
        ("CD", "Civilians ({country})", "Civilians (Democratic Republic of the Congo)"),
        ("US", "Government of {country}", "Government of the United States"),
        ("KE", "Police Forces of {country}", "Police Forces of Kenya"),
    ],
)
def test_actors_template_article_only_after_of(cc, template, name):
    assert actors.fill_template(template, cc) == name


@pytest.mark.parametrize(
    "text,mention,name,actor_class",
    [
        ("ADF rebels killed 20 villagers near Oicha.", "ADF rebels", "ADF: Allied Democratic Forces",
         "militant_group"),
        ("The Islamic State Central Africa Province claimed the raid.", "Islamic State Central Africa Province",
         "Islamic State - Central Africa Province", "militant_group"),
        ("ELN guerrillas blew up a bridge in Norte de Santander.", "ELN", "ELN: National Liberation Army",
         "militant_group"),
        ("FARC dissidents attacked a military base in Cauca.", "FARC dissidents", "FARC dissidents",
         "militant_group"),
        ("VDP volunteers repelled an attack near Kaya.", "VDP", "VDP: Volunteers for the Defense of the Homeland",
         "state_forces"),
        ("The CTD arrested four suspects in Lahore.", "CTD", "Police Forces of Pakistan", "state_forces"),
        ("Intelligence agents detained a recruiter in Basra.", "Intelligence agents",
         "Security Services of {country}", "state_forces"),
        ("Counter-terrorism police raided a flat in Leeds.", "Counter-terrorism police",
         "Police Forces of {country}", "state_forces"),
        ("Iraqi forces killed four militants near Hawija.", "Iraqi forces", "Military Forces of Iraq",
         "state_forces"),
        ("Uganda police arrested two men in Jinja.", "Uganda police", "Police Forces of Uganda", "state_forces"),
    ],
)
def test_actors_new_groups_and_state_bodies(rules_nlp, text, mention, name, actor_class):
    found = _by_text(rules_nlp, text)
    assert (found[mention].name, found[mention].actor_class) == (name, actor_class)


def test_actors_bare_forces_is_no_mention(rules_nlp):
    assert "forces" not in _by_text(rules_nlp, "The forces of nature destroyed the harvest.")


@pytest.mark.parametrize(
    "text,mention,role",
    [
        # participle clause: its implicit subject is the main subject, its object a target
        ("Gunmen arrived at the market on motorcycles, killing eleven traders.", "Gunmen", "perpetrator"),
        ("Insurgents stormed a checkpoint, martyring four policemen.", "policemen", "target"),
        ("A police post came under attack from militants in Bannu.", "militants", "perpetrator"),
        ("Six civilians died in an attack claimed by al-Shabaab.", "al-Shabaab", "perpetrator"),
        ("The Abu Sayyaf faction was behind the bombing of the cathedral.", "Abu Sayyaf faction", "perpetrator"),
        ("Special forces cleared the building floor by floor.", "Special forces", "perpetrator"),
        ("Troops raided a camp in the forest and killed nine insurgents.", "Troops", "perpetrator"),
        ("The Kenya Defence Forces launched an offensive against al-Shabaab.", "Kenya Defence Forces",
         "perpetrator"),
        ("Somalia declared victory over al-Shabaab in the region.", "al-Shabaab", "target"),
    ],
)
def test_actors_roles_of_participles_agents_and_operations(rules_nlp, text, mention, role):
    assert _by_text(rules_nlp, text)[mention].role_hint == role
