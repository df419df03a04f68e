"""evex_casualties: counts of killed, injured and arrested people from parsed sentences."""
from __future__ import annotations

import pytest

import pipeline.components  # noqa: F401  (extensions)
from pipeline import mentions
from pipeline.components import actors, casualties  # noqa: F401  (factories)


@pytest.fixture(scope="module")
def rules_nlp(model_with):
    return model_with("evex_casualties")


def _values(nlp, text):
    doc = nlp(text)
    return [span._.evex for span in doc.spans[mentions.CASUALTIES]]


def _triples(nlp, text):
    return [(v.kind, v.count, v.qualifier) for v in _values(nlp, text)]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Boko Haram fighters stormed the village, killing 12 civilians and wounding at least 20 others.",
         [("killed", 12, "exact"), ("injured", 20, "at_least")]),
        ("A suicide bomber struck a market in Mogadishu, killing at least 15 people and injuring more than 30.",
         [("killed", 15, "at_least"), ("injured", 30, "at_least")]),
        ("Three soldiers were killed and five wounded when their convoy hit a roadside bomb in Helmand province.",
         [("killed", 3, "exact"), ("injured", 5, "exact")]),
        ("Gunmen ambushed a patrol near Timbuktu, killing three soldiers and hurting a fourth.",
         [("killed", 3, "exact"), ("injured", 1, "exact")]),
        ("The Taliban said their fighters assassinated the district chief and two of his guards.",
         [("killed", 3, "exact")]),
        ("The jihadist leader and six other fighters were killed in a French airstrike near Menaka.",
         [("killed", 7, "exact")]),
        ("The death toll from the bombing in Peshawar rose to 61.", [("killed", 61, "exact")]),
        ("The attack left 9 dead and 14 wounded.", [("killed", 9, "exact"), ("injured", 14, "exact")]),
        ("Gunmen shot dead two teachers in Borno.", [("killed", 2, "exact")]),
        ("Nearly 40 worshippers died in the blast.", [("killed", 40, "approx")]),
        ("Twenty-one people were killed in the attack on the hotel in Bamako.", [("killed", 21, "exact")]),
        ("More than a dozen civilians were killed in the shelling of Idlib.", [("killed", 12, "at_least")]),
        ("Dozens of villagers were wounded in the shelling.", [("injured", None, "vague")]),
        ("Many gendarmes were injured during the riots in Niamey.", [("injured", None, "vague")]),
        ("A soldier was shot and killed in Kunar province.", [("killed", 1, "exact")]),
        ("A constable died and many others were hurt in Quetta.",
         [("killed", 1, "exact"), ("injured", None, "vague")]),
        ("The blast in Kabul caused the deaths of two journalists.", [("killed", 2, "exact")]),
        ("The battalion reported six wounded soldiers and two deaths.",
         [("injured", 6, "exact"), ("killed", 2, "exact")]),
        ("A grenade attack in Jolo caused injuries to four marines.", [("injured", 4, "exact")]),
        ("Police in Manila arrested four suspects on Tuesday.", [("arrested", 4, "exact")]),
        ("French police detained two men in connection with the stabbing.", [("arrested", 2, "exact")]),
        ("Iraqi forces captured a senior ISIS commander near Mosul.", [("arrested", 1, "exact")]),
        ("Investigators in Lyon confirmed the arrest of a 19-year-old student.", [("arrested", 1, "exact")]),
        ("The suspect was extradited to Belgium in March.", [("arrested", 1, "exact")]),
        ("Two teenagers were taken into custody in Marseille.", [("arrested", 2, "exact")]),
        ("Police detained and arrested six bandits in Zamfara.", [("arrested", 6, "exact")]),
        ("Troops captured two militants and 3 tanks.", [("arrested", 2, "exact")]),
        ("No one was hurt in the explosion.", [("injured", 0, "exact"), ("killed", 0, "exact")]),
        ("There were no casualties.", [("killed", 0, "exact")]),
    ],
)
def test_casualties_counts(rules_nlp, text, expected):
    assert _triples(rules_nlp, text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("All the gunmen were shot dead.", [("killed", None, "vague", "perpetrator")]),
        ("All of the hostage-takers were killed by special forces.", [("killed", None, "vague", "perpetrator")]),
        ("The bomber later died of his wounds.", [("killed", 1, "exact", "perpetrator")]),
        ("The gunman was later shot dead by police.", [("killed", 1, "exact", "perpetrator")]),
        ("Security forces killed the assailant after a two-hour standoff.", [("killed", 1, "exact", "perpetrator")]),
        ("The army said it killed 30 insurgents in Borno.", [("killed", 30, "exact", "perpetrator")]),
        ("Militants killed 5 soldiers.", [("killed", 5, "exact", "victim")]),
        ("Two policemen and three gunmen were killed.", [("killed", 5, "exact", None)]),
        ("The emir and three of his bodyguards died.", [("killed", 4, "exact", None)]),
    ],
)
def test_casualties_party(rules_nlp, text, expected):
    assert [(v.kind, v.count, v.qualifier, v.party) for v in _values(rules_nlp, text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The group has 2,300 fighters in Idlib.",
        "About 5,000 people attended the funeral.",
        "The militants planned to kill the governor of Kano.",
        "Al-Shabaab threatened to kill the hostages.",
        "The bomb could have killed hundreds of people.",
        "The plotters tried to kill the president.",
        "A 25-year-old man was seen near the mosque.",
        "M67 grenades and 200 rounds of ammunition were seized.",
        "The army captured the town of Marawi.",
        "The attack took place on 12 March 2019 at 10:30.",
        "The soldiers were not injured.",
        "The man was born in 1990 and moved to Syria in 2014.",
        "She was sentenced to 12 years in prison.",
        "The 2015 attack was carried out with AK-74 rifles.",
        "He faces the death penalty.",
    ],
)
def test_casualties_negatives_yield_nothing(rules_nlp, text):
    assert _values(rules_nlp, text) == []


def test_casualties_span_covers_trigger_and_victims(rules_nlp):
    doc = rules_nlp("Gunmen killed 12 villagers in Zamfara.")
    (span,) = doc.spans[mentions.CASUALTIES]
    assert span.text == "killed 12 villagers"
    assert span.label_ == "killed"


@pytest.fixture(scope="module")
def actors_nlp(model_with):
    """Casualties after actors: the reading of misparsed group names needs actor mentions."""
    return model_with("evex_actors", "evex_casualties")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("During the night, 2 heavily armed IS militants were killed near Raqqa.",
         [("killed", 2, "exact", "perpetrator")]),
        ("Two IS militants were killed near Raqqa.", [("killed", 2, "exact", "perpetrator")]),
        ("The army said five IS militants were killed in the operation.", [("killed", 5, "exact", "perpetrator")]),
        ("Abu Bakar Bashir and three other IS militants were killed in Mindanao.", [("killed", 4, "exact", None)]),
        ("On 2 March, clashes broke out in Sinjar; one IS militant was killed.",
         [("killed", 1, "exact", "perpetrator")]),
        ("The raid killed 6 IS Militants, and wounded a soldier.",
         [("killed", 6, "exact", "perpetrator"), ("injured", 1, "exact", "victim")]),
        ("The airstrike killed 4 IS fighters, and destroyed a truck.", [("killed", 4, "exact", "perpetrator")]),
    ],
)
def test_casualties_count_across_misparsed_group_name(actors_nlp, text, expected):
    assert [(v.kind, v.count, v.qualifier, v.party) for v in _values(actors_nlp, text)] == expected


def test_casualties_heading_is_not_a_victim(rules_nlp):
    text = "Attacks in Mali\n\nOn 3 May, four soldiers were killed near Gao."
    assert _triples(rules_nlp, text) == [("killed", 4, "exact")]


def test_casualties_second_verb_with_own_auxiliary_is_a_second_mention(rules_nlp):
    doc = rules_nlp("The suspect was arrested in Madrid in March and was extradited to France in May.")
    spans = doc.spans[mentions.CASUALTIES]
    assert [(s.label_, s._.evex.count) for s in spans] == [("arrested", 1), ("arrested", 1)]
    assert spans[1].text == "extradited"  # rooted in its own clause


@pytest.mark.parametrize(
    "text,expected",
    [
        ("It was a deadly clash between rebels and the army in North Kivu.", [("killed", None, "vague")]),
        ("A fatal shooting took place in Oslo on Saturday.", [("killed", None, "vague")]),
        ("Police ended a deadly shoot-out with the hostage-taker in Liege.", [("killed", None, "vague")]),
        ("A deadly attack in Kabul killed 12 people.", [("killed", 12, "exact")]),
        ("The cell planned a deadly attack on the embassy.", []),
        ("Police foiled a deadly attack on the embassy.", []),
        ("The deadly weapon was found in a car.", []),
    ],
)
def test_casualties_deadly_event_without_number(rules_nlp, text, expected):
    assert _triples(rules_nlp, text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        # regional killing verbs and phrases
        ("Insurgents raided a checkpoint in Kunar, martyring four policemen.", [("killed", 4, "exact")]),
        ("Three soldiers were martyred in the attack in North Waziristan.", [("killed", 3, "exact")]),
        ("A village chief was hacked to death by bandits in Katsina.", [("killed", 1, "exact")]),
        ("Two farmers were beaten to death near Jos.", [("killed", 2, "exact")]),
        ("Unknown gunmen gunned down a judge in Quetta.", [("killed", 1, "exact")]),
        # coordination: counted nouns add up, also when the parser hangs them on the verb
        ("Three policemen and two members of a village militia were killed in the ambush.",
         [("killed", 5, "exact")]),
        ("A suicide bomber blew himself up at a checkpoint, killing himself and at least six other people.",
         [("killed", 7, "at_least")]),
        ("The gunman and two others died in the exchange of fire.", [("killed", 3, "exact")]),
        # a subset of the count is no addition
        ("Bandits attacked a market, killing 25 people, 19 of them women, and injuring ten.",
         [("killed", 25, "exact"), ("injured", 10, "exact")]),
        ("Rebels attacked a school, killing 30 people, 22 of them pupils, and abducting five others.",
         [("killed", 30, "exact")]),
        # suicide attackers who blew themselves up die too
        ("Two suicide bombers blew themselves up outside a church in Maroua, killing six worshippers.",
         [("killed", 2, "exact"), ("killed", 6, "exact")]),
        # a dateline the parser made the subject
        ("KABUL, Afghanistan - Four soldiers and two civilians were killed in a blast on Sunday.",
         [("killed", 6, "exact")]),
        # people marked as suspects can be arrested
        ("Police arrested three suspected financiers and two alleged couriers in Mombasa.",
         [("arrested", 5, "exact")]),
        # a reported zero of injuries is a zero of deaths as well
        ("Nobody was injured in the blast.", [("injured", 0, "exact"), ("killed", 0, "exact")]),
    ],
)
def test_casualties_regional_verbs_coordination_and_suicide(rules_nlp, text, expected):
    assert _triples(rules_nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The rebels abducted twelve villagers near Bunia.",
        "The army shot down a drone over the base.",
        "Gunmen kidnapped the district commissioner.",
    ],
)
def test_casualties_abductions_are_no_deaths(rules_nlp, text):
    assert [v for v in _values(rules_nlp, text) if v.kind == "killed"] == []


@pytest.mark.parametrize(
    "text,aggregate",
    [
        ("The insurgency has killed more than 40,000 people since 2011.", True),
        ("The war has killed more than 10,000 people and displaced a million since 2017.", True),
        ("More than 300 soldiers were killed in the province last year, official figures show.", True),
        ("Violence has killed more than 1,200 people in the first half of this year.", True),
        ("Eight suspected militants were arrested in raids over the past week.", True),
        ("Between 2015 and 2017 the rebels carried out massacres that killed more than 900 villagers.", True),
        ("So far this year, 87 aid workers have been killed in the region.", True),
        ("Last year, a gunman killed nine people at a church in Lagos.", False),
        ("Last month, 12 people were killed in a bombing at a market in Herat.", False),
        ("Gunmen killed 14 villagers in Plateau state on Monday.", False),
        ("Police killed two militants in Kano a month after the attack.", False),
        ("The army killed 40 insurgents a year after the siege ended.", False),
        ("The blast was the deadliest since 2019, when a truck bomb killed 80 people in the capital.", False),
    ],
)
def test_casualties_aggregate_over_a_period(rules_nlp, text, aggregate):
    values = _values(rules_nlp, text)
    assert values and all(v.aggregate is aggregate for v in values)
