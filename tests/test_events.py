"""Tests of event assembly (pipeline/events.py).

The Docs are parsed by the model (the clause structure needs a dependency parse)
and tagged by the real trigger component, but their date, place, actor and
casualty span groups are filled by hand, so these tests do not depend on the
other evex components.
"""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline import events, mentions
from pipeline.mentions import ActorValue, CasualtyValue, DateValue, PlaceValue
from pipeline.models import CleanDocument, EventDate, Location

D = dt.date
UNIDENTIFIED = ActorValue("Unidentified Armed Group ({country})", "militant_group", generic=True,
                          template="Unidentified Armed Group ({country})")
POLICE = ActorValue("Police Forces of {country}", "state_forces", generic=True,
                    template="Police Forces of {country}")
SOLDIERS = ActorValue("Military Forces of {country}", "state_forces", generic=True,
                      template="Military Forces of {country}")


def day(y: int, m: int, d: int, kind: str = "absolute") -> DateValue:
    return DateValue(D(y, m, d), None, "day", kind)


def month(y: int, m: int, kind: str = "partial") -> DateValue:
    return DateValue(D(y, m, 1), None, "month", kind)


def place(name: str, admin1, cc: str, precision: str = "place") -> PlaceValue:
    return PlaceValue(name, admin1, cc, precision, None, None)


def killed(n, qualifier="exact", party=None) -> CasualtyValue:
    return CasualtyValue("killed", n, qualifier, party)


def mention(doc, text: str, value, nth: int = 0, label: str = ""):
    start = -1
    for _ in range(nth + 1):
        start = doc.text.index(text, start + 1)
    span = doc.char_span(start, start + len(text), label=label, alignment_mode="expand")
    span._.evex = value
    return span


def parse(nlp, text: str, published=None, **groups):
    """Parse ``text`` with the model, fill the span groups from ``groups`` (key ->
    list of (text, value[, nth])), then run the trigger component."""
    doc = nlp.make_doc(text)
    doc._.evex_published = published
    for name, proc in nlp.pipeline:
        if not name.startswith("evex_"):
            doc = proc(doc)
    for key in (mentions.DATES, mentions.ACTORS, mentions.CASUALTIES):
        doc.spans[key] = [mention(doc, *item) for item in groups.get(key.removeprefix("evex_"), ())]
    doc.spans[mentions.PLACES] = [  # labelled as the places component does: ("text", value,
        mention(doc, item[0], item[1], *item[2:3], label=(item[3:] or ["place"])[0])
        for item in groups.get("places", ())]  # nth, label)
    return nlp.get_pipe("evex_triggers")(doc)


def assemble(nlp, text: str, published=None, title=None, **groups):
    doc = parse(nlp, text, published, **groups)
    clean = CleanDocument(doc_id="t1", source="t1.txt", text=text, published=published,
                          title=title)
    return events.assemble_events(doc, clean)


def actor_set(event) -> set[tuple[str, str]]:
    return {(a.name, a.role) for a in event.actors}


def test_events_single_attack(nlp):
    text = "On 3 May 2021, gunmen attacked a police checkpoint in Kandahar, killing four officers."
    found = assemble(nlp, text,
                     dates=[("3 May 2021", day(2021, 5, 3))],
                     places=[("Kandahar", place("Kandahar", "Kandahar", "AF"))],
                     actors=[("gunmen", UNIDENTIFIED), ("police checkpoint", POLICE)],
                     casualties=[("killing four officers", killed(4, party="victim"))])
    assert len(found) == 1
    event = found[0]
    assert event.event_type == "attack"
    assert (event.date.start, event.date.precision, event.date.text) == (D(2021, 5, 3), "day",
                                                                           "3 May 2021")
    assert (event.location.name, event.location.country) == ("Kandahar", "AF")
    assert actor_set(event) == {("Unidentified Armed Group (Afghanistan)", "perpetrator"),
                                ("Police Forces of Afghanistan", "target")}
    assert (event.casualties.killed, event.casualties.killed_qualifier) == (4, "exact")
    assert [e.sentence for e in event.evidence] == [text]
    assert event.certainty == "reported" and event.claimed_by == []
    assert 0.0 < event.confidence <= 1.0


@pytest.mark.parametrize("text, dates, places", [
    ("The group planned to attack embassies in Nairobi in 2019.",
     [("2019", DateValue(D(2019, 1, 1), None, "year"))], [("Nairobi", place("Nairobi", "Nairobi", "KE"))]),
    ("Officials fear militants may launch attacks in Kabul in June 2020.",
     [("June 2020", month(2020, 6, "absolute"))], [("Kabul", place("Kabul", "Kabul", "AF"))]),
    ("Hundreds of fighters have joined the group in Syria since 2014.",
     [("2014", DateValue(D(2014, 1, 1), None, "year"))], [("Syria", place("Syria", None, "SY", "country"))]),
    ("Police usually patrol the market in Lagos.", [], [("Lagos", place("Lagos", "Lagos", "NG"))]),
    ("No attacks were reported in Mosul on 5 March 2017.",
     [("5 March 2017", day(2017, 3, 5))], [("Mosul", place("Mosul", "Nineveh", "IQ"))]),
    ("Rebels often ambush convoys on the road to Goma.", [], [("Goma", place("Goma", "North Kivu", "CD"))]),
    ("Militants attacked a convoy.", [], []),
    ("The movement appointed a new leader in Somalia.", [],
     [("Somalia", place("Somalia", None, "SO", "country"))]),
])
def test_events_negatives_yield_nothing(nlp, text, dates, places):
    assert assemble(nlp, text, dates=dates, places=places) == []


def test_events_coordinated_clauses_are_separate_events(nlp):
    text = ("Soldiers killed four insurgents in Diyala in early March, two fighters were killed "
            "in Anbar a week later, and several soldiers died in clashes with rebels in Nineveh "
            "in April.")
    found = assemble(
        nlp, text, published=D(2019, 6, 1),
        dates=[("early March", month(2019, 3)), ("a week later", month(2019, 3, "relative")),
               ("April", month(2019, 4))],
        places=[("Diyala", place("Diyala", "Diyala", "IQ", "admin1")),
                ("Anbar", place("Anbar", "Anbar", "IQ", "admin1")),
                ("Nineveh", place("Nineveh", "Nineveh", "IQ", "admin1"))],
        actors=[("Soldiers", SOLDIERS), ("insurgents", UNIDENTIFIED), ("fighters", UNIDENTIFIED),
                ("soldiers", SOLDIERS), ("rebels", UNIDENTIFIED)],
        casualties=[("killed four insurgents", killed(4, party="perpetrator")),
                    ("two fighters were killed", killed(2, party="perpetrator")),
                    ("several soldiers died", killed(None, "vague", "victim"))])
    summary = [(e.event_type, e.location.name, e.date.start, e.casualties.killed,
                e.casualties.killed_qualifier) for e in found]
    assert summary == [
        ("security_operation", "Diyala", D(2019, 3, 1), 4, "exact"),
        ("security_operation", "Anbar", D(2019, 3, 1), 2, "exact"),
        ("clash", "Nineveh", D(2019, 4, 1), None, "vague"),
    ]
    assert len({e.event_id for e in found}) == 3
    assert ("Military Forces of Iraq", "perpetrator") in actor_set(found[0])


def test_events_follow_ups_merge_with_claim(nlp):
    text = ("On 9 June 2022, a gunman opened fire at a bus station in Peshawar, killing three "
            "people. The attacker was later shot dead by police. The Pakistani Taliban claimed "
            "responsibility for the attack.")
    claimant = ActorValue("Tehrik-i-Taliban Pakistan", "militant_group", claimant=True)
    found = assemble(
        nlp, text,
        dates=[("9 June 2022", day(2022, 6, 9))],
        places=[("Peshawar", place("Peshawar", "Khyber Pakhtunkhwa", "PK"))],
        actors=[("a gunman", UNIDENTIFIED), ("police", POLICE),
                ("The Pakistani Taliban", claimant)],
        casualties=[("killing three people", killed(3, party="victim")),
                    ("The attacker was later shot dead", killed(1, party="perpetrator"))])
    assert len(found) == 1
    event = found[0]
    assert event.event_type == "attack"
    assert event.claimed_by == ["Tehrik-i-Taliban Pakistan"]
    assert actor_set(event) == {("Tehrik-i-Taliban Pakistan", "perpetrator")}
    assert (event.casualties.killed, event.casualties.killed_qualifier) == (4, "exact")
    assert len(event.evidence) == 3
    assert event.certainty == "reported"


def test_events_claim_dismissed_is_disputed(nlp):
    text = ("On 2 March 2023, a blast tore through a warehouse in Karachi, injuring eleven "
            "workers. The Baloch Liberation Army claimed responsibility for the explosion. "
            "Investigators dismissed the claim and blamed a gas cylinder.")
    claimant = ActorValue("Baloch Liberation Army", "militant_group", claimant=True)
    found = assemble(
        nlp, text,
        dates=[("2 March 2023", day(2023, 3, 2))],
        places=[("Karachi", place("Karachi", "Sindh", "PK"))],
        actors=[("The Baloch Liberation Army", claimant)],
        casualties=[("injuring eleven workers", CasualtyValue("injured", 11, "exact", "victim"))])
    assert len(found) == 1
    event = found[0]
    assert event.event_type == "bombing"
    assert event.certainty == "disputed"
    assert event.claimed_by == ["Baloch Liberation Army"]
    assert (event.casualties.injured, event.casualties.injured_qualifier) == (11, "exact")
    assert len(event.evidence) == 3


def test_events_known_and_unknown_dead_is_at_least(nlp):
    text = ("On 12 August 2020, militants attacked an army base near Mopti, killing 2 soldiers. "
            "All of the attackers were killed.")
    found = assemble(
        nlp, text,
        dates=[("12 August 2020", day(2020, 8, 12))],
        places=[("Mopti", place("Mopti", "Mopti", "ML"))],
        casualties=[("killing 2 soldiers", killed(2, party="victim")),
                    ("All of the attackers were killed", killed(None, "vague", "perpetrator"))])
    assert len(found) == 1
    assert (found[0].casualties.killed, found[0].casualties.killed_qualifier) == (2, "at_least")


def test_events_restated_numbers_count_once(nlp):
    text = ("On 5 May 2019, troops killed three fighters in a raid in Idlib. "
            "The raid killed 3 fighters and captured one.")
    found = assemble(
        nlp, text,
        dates=[("5 May 2019", day(2019, 5, 5))],
        places=[("Idlib", place("Idlib", "Idlib", "SY"))],
        casualties=[("killed three fighters", killed(3, party="perpetrator")),
                    ("killed 3 fighters", killed(3, party="perpetrator")),
                    ("captured one", CasualtyValue("arrested", 1, "exact", "perpetrator"))])
    assert len(found) == 1
    event = found[0]
    assert event.event_type == "security_operation"
    assert (event.casualties.killed, event.casualties.arrested) == (3, 1)


@pytest.mark.parametrize("text, casualties, expected", [
    ("On 7 July 2021, police raided a house in Mombasa, killing two suspects and arresting one.",
     [("killing two suspects", killed(2, party="perpetrator")),
      ("arresting one", CasualtyValue("arrested", 1, "exact"))], "security_operation"),
    ("On 7 July 2021, police arrested three suspects in a raid in Mombasa.",
     [("arrested three suspects", CasualtyValue("arrested", 3, "exact"))], "arrest"),
])
def test_events_arrest_in_raid_type_by_main_action(nlp, text, casualties, expected):
    found = assemble(nlp, text, dates=[("7 July 2021", day(2021, 7, 7))],
                     places=[("Mombasa", place("Mombasa", "Mombasa", "KE"))],
                     casualties=casualties)
    assert [e.event_type for e in found] == [expected]


def test_events_same_arrest_told_twice_is_one_event(nlp):
    text = ("Police arrested a suspected recruiter in Izmir on 4 January 2023. "
            "The man, who was detained in Izmir on 4 January 2023, had sent fighters abroad.")
    izmir = place("Izmir", "Izmir", "TR")
    found = assemble(nlp, text,
                     dates=[("4 January 2023", day(2023, 1, 4)), ("4 January 2023", day(2023, 1, 4), 1)],
                     places=[("Izmir", izmir), ("Izmir", izmir, 1)])
    assert len(found) == 1
    assert found[0].event_type == "arrest"
    assert len(found[0].evidence) == 2


def test_events_hypothetical_follow_up_is_not_merged(nlp):
    text = ("On 12 April 2019, two militants were killed by police in Tyumen. "
            "The militants were planning to attack a shopping centre in Moscow.")
    found = assemble(nlp, text,
                     dates=[("12 April 2019", day(2019, 4, 12))],
                     places=[("Tyumen", place("Tyumen", "Tyumen Oblast", "RU")),
                             ("Moscow", place("Moscow", "Moscow", "RU"))],
                     casualties=[("two militants were killed", killed(2, party="perpetrator"))])
    assert len(found) == 1
    assert found[0].event_type == "security_operation"
    assert found[0].location.name == "Tyumen"
    assert len(found[0].evidence) == 1


def test_events_place_in_a_plan_is_not_the_location(nlp):
    text = ("On 3 October 2018, police detained a man in Lyon who planned to travel to Syria.")
    found = assemble(nlp, text,
                     dates=[("3 October 2018", day(2018, 10, 3))],
                     places=[("Lyon", place("Lyon", "Auvergne-Rhone-Alpes", "FR")),
                             ("Syria", place("Syria", None, "SY", "country"))])
    assert [(e.event_type, e.location.name) for e in found] == [("arrest", "Lyon")]


def test_events_evidence_offsets_and_stable_ids(nlp):
    text = ("Breaking news\n\nOn 1 February 2024, a bomb exploded at a market in Maiduguri.\n"
            "Nobody claimed it.")
    groups = dict(dates=[("1 February 2024", day(2024, 2, 1))],
                  places=[("Maiduguri", place("Maiduguri", "Borno", "NG"))])
    first = assemble(nlp, text, **groups)
    second = assemble(nlp, text, **groups)
    assert len(first) == 1
    evidence = first[0].evidence[0]
    assert text[evidence.start:evidence.end] == evidence.sentence
    assert evidence.sentence == "On 1 February 2024, a bomb exploded at a market in Maiduguri."
    assert first[0].event_id == second[0].event_id
    assert first[0].event_id.startswith("t1-")


@pytest.mark.parametrize("values, expected", [
    ([killed(2), killed(3)], (5, "exact")),
    ([killed(7, "at_least"), killed(1)], (8, "at_least")),
    ([killed(2), killed(None, "vague")], (2, "at_least")),
    ([killed(None, "vague")], (None, "vague")),
    ([killed(2000, "approx")], (2000, "approx")),
])
def test_events_combine_counts(values, expected):
    assert events.combine_counts(values) == expected


@pytest.mark.parametrize("a, b, expected", [
    (EventDate(start=D(2022, 12, 1), precision="month", text="x"),
     EventDate(start=D(2022, 1, 1), precision="year", text="y"), True),
    (EventDate(start=D(2022, 12, 4), precision="day", text="x"),
     EventDate(start=D(2022, 12, 1), precision="month", text="y"), True),
    (EventDate(start=D(2022, 12, 4), precision="day", text="x"),
     EventDate(start=D(2022, 12, 5), precision="day", text="y"), False),
    (EventDate(start=D(2021, 12, 1), precision="month", text="x"),
     EventDate(start=D(2022, 1, 1), precision="year", text="y"), False),
])
def test_events_dates_compatible(a, b, expected):
    assert events.dates_compatible(a, b) is expected


@pytest.mark.parametrize("a, b, expected", [
    (Location(name="Georgia", country="GE", precision="country", text="x"),
     Location(name="Batumi", admin1="Adjara", country="GE", precision="place", text="y"), True),
    (Location(name="Tbilisi", admin1="Tbilisi", country="GE", precision="place", text="x"),
     Location(name="Batumi", admin1="Adjara", country="GE", precision="place", text="y"), False),
    (Location(name="Kyiv", admin1="Kyiv", country="UA", precision="place", text="x"),
     Location(name="Georgia", country="GE", precision="country", text="y"), False),
])
def test_events_places_compatible(a, b, expected):
    assert events.places_compatible(a, b) is expected


def run_pipeline(nlp, text: str, published: dt.date):
    doc = nlp.make_doc(text)
    doc._.evex_published = published
    clean = CleanDocument(doc_id="e2e", source="e2e.txt", text=text, published=published)
    return events.assemble_events(nlp(doc), clean)


@pytest.mark.parametrize("text, expected", [
    ("On 14 March 2021, gunmen attacked a police station in Maiduguri, killing three officers. "
     "Boko Haram later claimed responsibility for the attack.",
     [("attack", D(2021, 3, 14), "NG", 3, True)]),
    ("Kenyan police arrested two suspected al-Shabaab members in Mombasa on 6 June 2023. "
     "The group planned to attack churches in Nairobi.",
     [("arrest", D(2023, 6, 6), "KE", None, False)]),
    ("On 5 June 2023, a suicide bomber blew himself up at a mosque in Peshawar, killing at "
     "least 12 people and wounding 30 others.",
     [("bombing", D(2023, 6, 5), "PK", 13, False)]),  # the bomber counts too
    ("Officials fear that militants may launch attacks in Kabul in the spring. "
     "No attacks were reported on Friday.", []),
])
def test_events_end_to_end(nlp, text, expected):
    found = run_pipeline(nlp, text, D(2023, 6, 8))
    assert [(e.event_type, e.date.start, e.location.country, e.casualties.killed,
             bool(e.claimed_by)) for e in found] == expected


# --- fix round: clause scope, anaphors, claimed occurrences, coordinated events ---------

AQIM = ActorValue("Al Qaeda in the Islamic Maghreb", "militant_group")
JNIM = ActorValue("Jama'at Nusrat al-Islam wal-Muslimin", "militant_group")
SHABAAB = ActorValue("Al Shabaab", "militant_group")
YEAR = lambda y, kind="absolute": DateValue(D(y, 1, 1), None, "year", kind)  # noqa: E731


def test_events_appositive_formation_takes_the_modified_noun(nlp):
    text = ("Fighters of Ansar Dine, a militant group founded in 2012 in northern Mali, have "
            "also begun travelling to Burkina Faso to fight for JNIM.")
    found = assemble(nlp, text, published=D(2020, 1, 1),
                     dates=[("2012", YEAR(2012))],
                     places=[("northern Mali", place("Mali", None, "ML", "country"))],
                     actors=[("Ansar Dine", ActorValue("Ansar Dine", "militant_group")),
                             ("JNIM", JNIM)])
    assert [(e.event_type, e.date.start.year) for e in found] == [("strategic_development", 2012)]
    assert actor_set(found[0]) == {("Ansar Dine", "perpetrator")}


def test_events_actor_of_another_clause_does_not_leak(nlp):
    text = ("On 4 May 2021, gunmen attacked a bus near Mopti, while AQIM, which has bases "
            "in the north, was negotiating with the government.")
    found = assemble(nlp, text,
                     dates=[("4 May 2021", day(2021, 5, 4))],
                     places=[("Mopti", place("Mopti", "Mopti", "ML"))],
                     actors=[("gunmen", UNIDENTIFIED), ("AQIM", AQIM)])
    assert len(found) == 1
    assert ("Al Qaeda in the Islamic Maghreb", "perpetrator") not in actor_set(found[0])
    assert ("Unidentified Armed Group (Mali)", "perpetrator") in actor_set(found[0])


@pytest.mark.parametrize("title, expected", [
    ("Al Shabaab", "Al-Shabaab"),  # a page about the group: its subject (dictionary name)
    ("Security in the Horn of Africa", "Jama'at Nusrat al-Islam wal-Muslimin"),  # last named
])
def test_events_the_group_resolves_to_subject_or_last_group(nlp, title, expected):
    text = ("JNIM was mentioned in the report. On 8 March 2022, the group claimed "
            "responsibility for an attack on a convoy near Gao.")
    found = assemble(nlp, text, title=title,
                     dates=[("8 March 2022", day(2022, 3, 8))],
                     places=[("Gao", place("Gao", "Gao", "ML"))],
                     actors=[("JNIM", JNIM)])
    assert len(found) == 1
    assert found[0].claimed_by == [expected]
    assert (expected, "perpetrator") in actor_set(found[0])


def test_events_claimed_collapse_caused_by_bombs_is_disputed_bombing(nlp):
    text = ("In late March 2021, the group claimed responsibility for the 2020 Arusha hotel "
            "collapse, and an attack the following week. The group said that the hotel "
            "collapse was caused by bombs. Police dismissed the claim, saying that the "
            "collapse was due to poor construction.")
    found = assemble(nlp, text, title="Al Shabaab",
                     dates=[("late March 2021", month(2021, 3, "absolute")),
                            ("2020", YEAR(2020, "attributive")),
                            ("the following week", YEAR(2020, "relative"))])
    summary = [(e.event_type, e.date.start.year, e.certainty, e.claimed_by) for e in found]
    assert summary == [("bombing", 2020, "disputed", ["Al-Shabaab"]),
                       ("attack", 2020, "reported", ["Al-Shabaab"])]
    assert len(found[0].evidence) == 3


def test_events_unclaimed_collapse_is_no_event(nlp):
    text = "On 3 June 2020, a building collapse in Lagos trapped dozens of residents."
    found = assemble(nlp, text, dates=[("3 June 2020", day(2020, 6, 3))],
                     places=[("Lagos", place("Lagos", "Lagos", "NG"))])
    assert found == []


def test_events_coordinated_phrase_with_own_trigger_is_second_event(nlp):
    text = ("Further pledges of allegiance occurred in May 2016 by a Somali commander, and in "
            "an audio statement purportedly made by militants in Bay, Bakool and Gedo.")
    found = assemble(nlp, text, published=D(2017, 1, 1),
                     dates=[("May 2016", month(2016, 5, "absolute"))],
                     places=[("Bay", place("Bay", "Bay", "SO", "admin1")),
                             ("Bakool", place("Bakool", "Bakool", "SO", "admin1")),
                             ("Gedo", place("Gedo", "Gedo", "SO", "admin1"))],
                     actors=[("militants", UNIDENTIFIED)])
    assert len(found) == 2
    first, second = found
    assert first.location is None and first.date.start == D(2016, 5, 1)
    assert second.date.start == D(2016, 5, 1)
    assert (second.location.name, second.location.precision, second.location.country) == (
        "Somalia", "country", "SO")
    assert actor_set(second) == {("Unidentified Armed Group (Somalia)", "perpetrator")}


def test_events_finer_date_within_the_chosen_one(nlp):
    text = ("Three months later, after the leader's death on 2 February 2020, the new leader "
            "received pledges of allegiance from fighters in Mozambique, on 14 May.")
    found = assemble(nlp, text, published=D(2020, 6, 1),
                     dates=[("Three months later", month(2020, 5, "relative")),
                            ("2 February 2020", day(2020, 2, 2)),
                            ("14 May", day(2020, 5, 14, "partial"))],
                     places=[("Mozambique", place("Mozambique", None, "MZ", "country"))])
    assert [(e.date.start, e.date.precision) for e in found] == [(D(2020, 5, 14), "day")]


def test_events_pledgee_is_not_a_party(nlp):
    text = "On 3 April 2019, fighters of Al Shabaab pledged allegiance to JNIM in Mali."
    found = assemble(nlp, text,
                     dates=[("3 April 2019", day(2019, 4, 3))],
                     places=[("Mali", place("Mali", None, "ML", "country"))],
                     actors=[("Al Shabaab", SHABAAB), ("JNIM", JNIM)])
    assert actor_set(found[0]) == {("Al Shabaab", "perpetrator")}


def test_events_coordinated_listing_shares_the_state_agent(nlp):
    uk = ActorValue("Government of the United Kingdom", "government", country="GB",
                    role_hint="perpetrator")
    text = ("Al Shabaab was proscribed as a terrorist organization by the United Kingdom on "
            "4 March 2010; its leader was listed as a terrorist on 9 May 2012.")
    found = assemble(nlp, text,
                     dates=[("4 March 2010", day(2010, 3, 4)), ("9 May 2012", day(2012, 5, 9))],
                     places=[("United Kingdom", place("United Kingdom", None, "GB", "country"))],
                     actors=[("Al Shabaab", SHABAAB), ("the United Kingdom", uk)])
    assert [(e.date.start, e.location and e.location.country) for e in found] == [
        (D(2010, 3, 4), "GB"), (D(2012, 5, 9), "GB")]
    assert ("Government of the United Kingdom", "perpetrator") in actor_set(found[1])


@pytest.mark.parametrize("cc, expected", [
    ("RU", "Police Forces of Russia"),
    ("US", "Police Forces of the United States"),
    ("IR", "Police Forces of Iran"),
])
def test_events_template_takes_the_country_name_not_the_code(cc, expected):
    assert events.actor_name(POLICE, cc) == expected


FRONT = ActorValue("Rebel Front", "militant_group")
KANO = place("Kano", "Kano", "NG")


def test_events_later_death_with_its_own_date_is_a_follow_up(nlp):
    text = ("On 2 May 2022, gunmen attacked a bus near Kano, killing four passengers. "
            "One of the wounded died in hospital on 4 May 2022.")
    found = assemble(nlp, text,
                     dates=[("2 May 2022", day(2022, 5, 2)), ("4 May 2022", day(2022, 5, 4))],
                     places=[("Kano", KANO)],
                     casualties=[("killing four passengers", killed(4)),
                                 ("One of the wounded died", killed(1))])
    assert [(e.date.start, e.casualties.killed, len(e.evidence)) for e in found] == [
        (D(2022, 5, 2), 5, 2)]


def test_events_blame_names_the_perpetrator_and_a_denial_disputes(nlp):
    text = ("On 2 June 2022, a bomb exploded at a market in Kano. "
            "Police blamed the Rebel Front for the attack. "
            "In a statement on 3 June 2022, the Rebel Front denied any role in the bombing.")
    found = assemble(nlp, text,
                     dates=[("2 June 2022", day(2022, 6, 2)), ("3 June 2022", day(2022, 6, 3))],
                     places=[("Kano", KANO)],
                     actors=[("Police", POLICE), ("Rebel Front", FRONT),
                             ("Rebel Front", FRONT, 1)])
    assert len(found) == 1
    assert actor_set(found[0]) == {("Rebel Front", "perpetrator")}
    assert found[0].claimed_by == []
    assert found[0].certainty == "disputed"


@pytest.mark.parametrize("aggregate", [
    "The insurgency has killed more than 10,000 people since 2010.",
    "More than 300 people were killed in the state last year, according to police figures.",
    "Police have arrested 40 suspects over the past week.",
])
def test_events_aggregate_counts_open_and_add_nothing(nlp, aggregate):
    text = f"On 3 March 2021, gunmen killed two guards in Kano. {aggregate}"
    numbers = [("killed two guards", killed(2))]
    for words in ("killed more than 10,000 people", "were killed", "arrested 40 suspects"):
        if words in aggregate:
            kind = "arrested" if "arrested" in words else "killed"
            numbers.append((words, CasualtyValue(kind, 500, "at_least")))
    found = assemble(nlp, text, dates=[("3 March 2021", day(2021, 3, 3))],
                     places=[("Kano", KANO)], casualties=numbers)
    assert [(e.casualties.killed, e.casualties.arrested, len(e.evidence)) for e in found] == [
        (2, None, 1)]


def test_events_arrests_and_an_undated_operation_told_next_are_one_event(nlp):
    text = ("Police arrested four suspects in Mardan on 9 May 2023. "
            "Troops killed two militants in an operation near Mardan.")
    mardan = place("Mardan", "Khyber Pakhtunkhwa", "PK")
    found = assemble(nlp, text, dates=[("9 May 2023", day(2023, 5, 9))],
                     places=[("Mardan", mardan), ("Mardan", mardan, 1)],
                     casualties=[("arrested four suspects", CasualtyValue("arrested", 4, "exact")),
                                 ("killed two militants", killed(2, party="perpetrator"))])
    assert [(e.event_type, e.date.start, e.casualties.arrested, e.casualties.killed)
            for e in found] == [("security_operation", D(2023, 5, 9), 4, 2)]


def test_events_dateline_and_report_dates_are_not_event_dates(nlp):
    text = "LAGOS, May 5 - Gunmen killed six villagers in Kano, residents said on Friday."
    found = assemble(nlp, text, published=D(2021, 5, 5),
                     dates=[("May 5", day(2021, 5, 5)), ("Friday", day(2021, 4, 30, "relative"))],
                     places=[("LAGOS", place("Lagos", "Lagos", "NG"), 0, "dateline"),
                             ("Kano", KANO)])
    assert [(e.date, e.location.name) for e in found] == [(None, "Kano")]


def test_events_dateline_place_is_only_a_fallback(nlp):
    text = "LAGOS - Gunmen killed five people in Kano on 4 May 2021."
    found = assemble(nlp, text, dates=[("4 May 2021", day(2021, 5, 4))],
                     places=[("LAGOS", place("Lagos", "Lagos", "NG"), 0, "dateline"),
                             ("Kano", KANO)])
    assert [e.location.name for e in found] == ["Kano"]


def test_events_state_declaring_is_the_perpetrator(nlp):
    text = "Kenya declared victory over the Rebel Front in March 2020."
    found = assemble(nlp, text, dates=[("March 2020", month(2020, 3, "absolute"))],
                     places=[("Kenya", place("Kenya", None, "KE", "country"))],
                     actors=[("Rebel Front", FRONT)])
    assert [actor_set(e) for e in found] == [
        {("Government of Kenya", "perpetrator"), ("Rebel Front", "target")}]


def test_events_landmark_near_a_blast_is_no_target(nlp):
    text = "On 8 July 2021, a suicide bomber blew himself up near a police station in Kano."
    found = assemble(nlp, text, dates=[("8 July 2021", day(2021, 7, 8))],
                     places=[("Kano", KANO)], actors=[("police station", POLICE)])
    assert [actor_set(e) for e in found] == [set()]


def test_events_reference_to_the_last_event_does_not_type_a_new_one(nlp):
    text = ("Police raided a hideout in Tank on 9 May 2022. "
            "The raid came days after gunmen stormed a police post in Kohat on 7 May 2022.")
    found = assemble(nlp, text,
                     dates=[("9 May 2022", day(2022, 5, 9)), ("7 May 2022", day(2022, 5, 7))],
                     places=[("Tank", place("Tank", "Khyber Pakhtunkhwa", "PK")),
                             ("Kohat", place("Kohat", "Khyber Pakhtunkhwa", "PK"))])
    assert [(e.event_type, e.date.start) for e in found] == [
        ("security_operation", D(2022, 5, 9)), ("attack", D(2022, 5, 7))]
