"""Tests of the evex_dates component: finding and resolving date expressions.

The sentences are invented news-wire and encyclopedia prose about many
countries; expected values follow ANNOTATION.md (resolution against the
publication date and the preceding context).
"""
from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline import mentions
from pipeline.components import dates

D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def nlp(model_with):
    """The model's own components plus evex_dates only (no other evex rules)."""
    return model_with("evex_dates")


def run(nlp, text: str, published: str | None = None) -> list[tuple[str, mentions.DateValue]]:
    """(span text, value) of every date span, in span-group order."""
    doc = nlp.make_doc(text)
    doc._.evex_published = D(published) if published else None
    return [(span.text, span._.evex) for span in nlp(doc).spans[mentions.DATES]]


def value_of(found, target: str) -> mentions.DateValue:
    values = [value for text, value in found if text == target]
    assert values, f"no date span {target!r} in {[text for text, _ in found]}"
    return values[-1]


# (text, publication date, span text, expected start, end, precision)
CASES = [
    # absolute dates, day precision
    ("On 14 March 2019, gunmen stormed a hotel in Mogadishu.", None,
     "14 March 2019", "2019-03-14", None, "day"),
    ("The summit was held on 21 October, 2012, in Nairobi.", None,
     "21 October, 2012", "2012-10-21", None, "day"),
    ("The embassy in Sana'a was attacked on Dec. 24, 2013, officials said.", None,
     "Dec. 24, 2013", "2013-12-24", None, "day"),
    ("The trial opened on 2019-11-04 in The Hague.", None, "2019-11-04", "2019-11-04", None, "day"),
    ("Thursday, 7 January 2015 began with a shooting in Paris.", None,
     "Thursday, 7 January 2015", "2015-01-07", None, "day"),
    ("Churches in Colombo were bombed on the 21st of April 2019.", None,
     "the 21st of April 2019", "2019-04-21", None, "day"),
    ("Protesters were dispersed in Caracas on May 1st, 2017.", None,
     "May 1st, 2017", "2017-05-01", None, "day"),
    ("A grenade was thrown at the station on 10.05.2019, police in Almaty said.", None,
     "10.05.2019", "2019-05-10", None, "day"),
    ("The verdict of 05/13/2019 was appealed in Dhaka.", None,
     "05/13/2019", "2019-05-13", None, "day"),
    # month-name dates only the model's DATE entities find, parsed by dateparser
    ("The offensive on Kobani began in Sept 2014.", None, "Sept 2014", "2014-09-01", None, "month"),
    ("The raid in Tunis took place in Feb. 2016.", None, "Feb. 2016", "2016-02-01", None, "month"),
    # spans
    ("Clashes on 2-3 August 2012 left 12 dead in Darfur.", None,
     "2-3 August 2012", "2012-08-02", "2012-08-03", "day"),
    ("The siege of the mall lasted June 5-7 2017, police said.", None,
     "June 5-7 2017", "2017-06-05", "2017-06-07", "day"),
    ("Fighting raged from March 30 \u2013 April 2, 2016 in Nagorno-Karabakh.", None,
     "March 30 \u2013 April 2, 2016", "2016-03-30", "2016-04-02", "day"),
    ("Curfews were imposed 28 December \u2013 3 January 2020 in Kinshasa.", None,
     "28 December \u2013 3 January 2020", "2019-12-28", "2020-01-03", "day"),
    # month and year precision
    ("By February 2015, the rebels controlled Debaltseve.", None,
     "February 2015", "2015-02-01", None, "month"),
    ("Since 2015, the insurgency has spread to Burkina Faso.", None,
     "2015", "2015-01-01", None, "year"),
    ("After 2013, the militia largely disbanded.", None, "2013", "2013-01-01", None, "year"),
    ("The militants were known to police as early as 2009.", None,
     "2009", "2009-01-01", None, "year"),
    ("Genocide began in the year 1994.", None, "1994", "1994-01-01", None, "year"),
    # vague spans resolve to the unit they name
    ("In late 2021 the group expanded into northern Mozambique.", None,
     "late 2021", "2021-01-01", None, "year"),
    ("Boko Haram kidnapped the students in early 2014.", None,
     "early 2014", "2014-01-01", None, "year"),
    ("In early January 2019, al-Shabaab claimed the attack in Nairobi.", None,
     "early January 2019", "2019-01-01", None, "month"),
    ("The ceasefire in Donbas collapsed in the summer of 2014.", None,
     "the summer of 2014", "2014-01-01", None, "year"),
    ("Rebels entered Bangui in mid-2013.", None, "mid-2013", "2013-01-01", None, "year"),
    ("The army took the town late in 2016.", None, "late in 2016", "2016-01-01", None, "year"),
    # partial dates completed from the publication date
    ("On November 12, militants attacked a border post in Balochistan.", "2019-02-10",
     "November 12", "2018-11-12", None, "day"),
    ("The army retook Sirte in January, a spokesman said.", "2017-03-20",
     "January", "2017-01-01", None, "month"),
    ("Fighting resumed in Idlib at the end of October.", "2016-01-15",
     "the end of October", "2015-10-01", None, "month"),
    ("The army launched an offensive in Helmand in mid-January.", "2010-03-01",
     "mid-January", "2010-01-01", None, "month"),
    ("Gunmen raided the village at the beginning of May.", "2018-06-20",
     "the beginning of May", "2018-05-01", None, "month"),
    ("The bombing in Lahore took place on March 15.", "2019-03-10",
     "March 15", "2018-03-15", None, "day"),
    # partial dates completed from the anchor
    ("On 22 July 2011 a bomb exploded in Oslo. In December, police closed the inquiry.", None,
     "December", "2011-12-01", None, "month"),
    ("On 2 July 2019 a checkpoint was attacked. In September, a video appeared.", None,
     "September", "2019-09-01", None, "month"),
    ("On 28 November 2016, a car bomb hit Mogadishu. In January, a second attack followed.",
     "2017-03-05", "January", "2017-01-01", None, "month"),
    ("In 2022, the group lost its leader. In December, it attacked a convoy.", None,
     "December", "2022-12-01", None, "month"),
    ("The group, founded in 2007, attacked a convoy in Kidal on November 3.", "2014-02-01",
     "November 3", "2013-11-03", None, "day"),
    # relative to the anchor
    ("On 2 May 2020 a car bomb exploded in Kabul. Three days later, police arrested two "
     "suspects.", None, "Three days later", "2020-05-05", None, "day"),
    ("On 6 June 2016 a bomb hit a bus in Istanbul. A month after, two suspects were "
     "detained.", None, "A month after", "2016-07-01", None, "month"),
    ("On 7 October 2016 police raided a flat in Lyon. Five days prior, the suspect had "
     "bought chemicals.", None, "Five days prior", "2016-10-02", None, "day"),
    ("In March 2011 protests began in Daraa. The following year, the conflict reached "
     "Aleppo.", None, "The following year", "2012-01-01", None, "year"),
    ("On 8 August 2008 troops entered Tskhinvali. The following day, aircraft bombed Gori.",
     None, "The following day", "2008-08-09", None, "day"),
    ("In June 2014 the militants seized Mosul. The following day, they took Tikrit.", None,
     "The following day", "2014-06-01", None, "month"),
    ("In October 2023, clashes erupted in Sudan. 4 months later, a truce was signed.", None,
     "4 months later", "2024-02-01", None, "month"),
    ("On 20 July 2018 a mine exploded near Kidal. Two weeks earlier, a convoy was hit.", None,
     "Two weeks earlier", "2018-07-06", None, "day"),
    ("On 16 May 2003 suicide bombers struck Casablanca. Earlier in the year, cells were "
     "dismantled.", None, "Earlier in the year", "2003-01-01", None, "year"),
    ("On 1 October 2017 a gunman opened fire in Las Vegas. Later that day, police found "
     "his car.", None, "Later that day", "2017-10-01", None, "day"),
    ("On 11 March 2004 trains were bombed in Madrid. The previous day, the cell met.", None,
     "The previous day", "2004-03-10", None, "day"),
    ("On 30 January 2020 rebels took the base. A week later, troops withdrew.", None,
     "A week later", "2020-02-06", None, "day"),
    ("In November 2015 attackers struck Paris. The following month, raids began.", None,
     "The following month", "2015-12-01", None, "month"),
    ("On 12 April 2019 police raided a house in Tyre. The next day, two men were charged.",
     None, "The next day", "2019-04-13", None, "day"),
    # relative to the publication date
    ("Two soldiers were killed on Tuesday near Gao.", "2021-06-10",
     "Tuesday", "2021-06-08", None, "day"),
    ("Gunmen killed a journalist on Friday in Juarez.", "2022-01-24",
     "Friday", "2022-01-21", None, "day"),
    ("A market in Maiduguri was shelled last Sunday.", "2022-01-23",
     "last Sunday", "2022-01-16", None, "day"),
    ("Soldiers were ambushed on Sunday night near Beni.", "2022-01-26",
     "Sunday night", "2022-01-23", None, "day"),
    ("An explosion hit a market in Quetta yesterday.", "2013-02-17",
     "yesterday", "2013-02-16", None, "day"),
    ("Police said the suspect travelled to Syria last week.", "2016-04-14",
     "last week", "2016-04-04", "2016-04-10", "day"),
    ("More than 300 attacks have been recorded in Mali this year.", "2019-08-01",
     "this year", "2019-01-01", None, "year"),
    ("The Taliban seized Kunduz two years ago.", "2017-09-28",
     "two years ago", "2015-01-01", None, "year"),
    ("Rebels shelled Goma three weeks ago.", "2012-12-01",
     "three weeks ago", "2012-11-10", None, "day"),
    ("Attacks in Cabo Delgado rose sharply last month.", "2020-03-15",
     "last month", "2020-02-01", None, "month"),
    ("Two soldiers were killed on Tuesday. The following day, gunmen attacked a school.",
     "2021-06-10", "The following day", "2021-06-09", None, "day"),
    # day ranges and periods after "from" / "between"
    ("Protests took place between 2 and 4 May 2011 in Cairo.", None,
     "2 and 4 May 2011", "2011-05-02", "2011-05-04", "day"),
    ("Riots erupted between May 5 and 7, 2013 in Dhaka.", None,
     "May 5 and 7, 2013", "2013-05-05", "2013-05-07", "day"),
    ("Curfews were imposed from 28 December to 3 January 2011 in Kinshasa.", None,
     "28 December to 3 January 2011", "2010-12-28", "2011-01-03", "day"),
    ("Roads near Goma were closed from 3 to 5 March.", "2013-04-02",
     "3 to 5 March", "2013-03-03", "2013-03-05", "day"),
    ("The offensive in Yemen ran from March to May 2015.", None,
     "March to May 2015", "2015-03-01", "2015-05-01", "month"),
    ("Rebels held the town from November to February 2015.", None,
     "November to February 2015", "2014-11-01", "2015-02-01", "month"),
    ("The group held Sirte from November 2014 to February 2016.", None,
     "November 2014 to February 2016", "2014-11-01", "2016-02-01", "month"),
    ("Troops occupied the valley in Kashmir from 2014 to 2016.", None,
     "2014 to 2016", "2014-01-01", "2016-01-01", "year"),
    ("The siege of Marawi was planned between 2015 and 2017, officials said.", None,
     "2015 and 2017", "2015-01-01", "2017-01-01", "year"),
    ("Fighting displaced thousands in Donetsk in 2014\u201316.", None,
     "2014\u201316", "2014-01-01", "2016-01-01", "year"),
    ("Kidnappings rose in 2009-2011 across the Sahel.", None,
     "2009-2011", "2009-01-01", "2011-01-01", "year"),
    # a year before a subject noun and its verb is a date, not a count
    ("In 2016 militants attacked a base in Borno.", None, "2016", "2016-01-01", None, "year"),
    ("Since 2011 rebels have held the town of Idlib.", None,
     "2011", "2011-01-01", None, "year"),
]


@pytest.mark.parametrize("text, published, target, start, end, precision", CASES)
def test_dates_resolves_expression(nlp, text, published, target, start, end, precision):
    value = value_of(run(nlp, text, published), target)
    assert (value.start, value.end, value.precision) == (
        D(start), D(end) if end else None, precision)


NEGATIVES = [
    ("The group has 4000 fighters.", None),
    ("The attackers fled after killing 5 and injuring 5.", "2020-05-01"),
    ("Police recovered an AK-74 rifle from the car.", None),
    ("A 22-year-old man was detained at the border.", "2018-02-20"),
    ("France is home to 35,000 Chechens.", None),
    ("The cell was armed with RG-42 grenades.", None),
    ("Troops found F-1 grenades and 5.45x39mm ammunition.", None),
    ("He fought in Syria for two years before returning to Tunisia.", None),
    ("The fighting in the valley lasted three days.", None),
    ("At 3 p.m. gunmen opened fire on the crowd.", None),
    ("Around 1,500 people fled and 150 homes were burned.", None),
    ("A force of 1800 troops was deployed in the north.", None),
    ("Aid arrived in 2000 trucks.", None),
    ("Two officers were shot and a third was wounded.", None),
    ("The town's population rose from 120,450 to 287,310.", None),
    ("Rebels used T-72 tanks and BM-21 launchers.", None),
    ("Militancy grew in the 1990s.", None),
    # partial or deictic dates with nothing to resolve them against
    ("On November 12, militants attacked a border post.", None),
    ("Yesterday gunmen attacked a bank in Kano.", None),
    ("The following day, the army withdrew.", None),
    # numbers around "to" / "and" counting a noun; ranges without a month
    ("The camp near Dadaab held from 1900 to 2000 refugees.", None),
    ("Between 1200 and 1500 fighters remain in the hills.", None),
    ("Between 2 and 4 people were hurt in the blast.", None),
    ("The vote was moved from 3 to 5 candidates.", None),
]


@pytest.mark.parametrize("text, published", NEGATIVES)
def test_dates_rejects_non_dates(nlp, text, published):
    assert run(nlp, text, published) == []


@pytest.mark.parametrize("text, target, kind", [
    ("On 14 March 2019, gunmen stormed a hotel.", "14 March 2019", "absolute"),
    ("The army retook the town in January.", "January", "partial"),
    ("Two soldiers were killed on Tuesday.", "Tuesday", "relative"),
    ("The group claimed the 2017 Manchester Arena bombing.", "2017", "attributive"),
    ("Survivors recalled the siege ( 2013 Westgate attack) in court.", "2013", "attributive"),
])
def test_dates_kind(nlp, text, target, kind):
    assert value_of(run(nlp, text, "2020-06-10"), target).kind == kind


def test_dates_anchor_chain_across_sentences(nlp):
    text = ("On 5 May 2022 a bomb exploded in Kirkuk. In December, gunmen attacked a "
            "checkpoint. The following day, police arrested four men. Early in 2023 the "
            "cell was dismantled. In March, its leader was sentenced.")
    got = [(span, value.start, value.precision) for span, value in run(nlp, text)]
    assert got == [
        ("5 May 2022", D("2022-05-05"), "day"),
        ("December", D("2022-12-01"), "month"),
        ("The following day", D("2022-12-01"), "month"),
        ("Early in 2023", D("2023-01-01"), "year"),
        ("March", D("2023-03-01"), "month"),
    ]


def test_dates_attributive_year_is_not_an_anchor(nlp):
    text = ("In late March 2011 a cell in Dagoretti admitted the 2010 Kampala bombings. A "
            "court charged its members the following day.")
    got = [(span, value.start, value.precision, value.kind) for span, value in run(nlp, text)]
    assert got == [
        ("late March 2011", D("2011-03-01"), "month", "absolute"),
        ("2010", D("2010-01-01"), "year", "attributive"),
        ("the following day", D("2011-03-01"), "month", "relative"),
    ]


@pytest.mark.parametrize("month, day, anchor, published, year", [
    (11, 7, ("2016-04-05", "day"), "2016-04-05", 2015),  # news: not after publication
    (1, None, ("2015-11-01", "month"), "2016-04-05", 2016),  # narrative moves forward
    (4, None, ("2016-04-05", "day"), "2016-04-05", 2016),  # same month as publication
    (12, None, ("2010-05-05", "day"), None, 2010),  # no publication date: anchor's year
    (1, None, ("2010-05-05", "day"), None, 2010),
    (7, 4, ("2019-03-14", "day"), "2016-04-05", 2019),  # anchor after publication
])
def test_dates_choose_year(month, day, anchor, published, year):
    pub = D(published) if published else None
    anchor = (D(anchor[0]), anchor[1])
    ctx = dates.Context(pub, anchor, anchor)
    assert dates.choose_year(dates.Calendar(None, month, day), ctx) == year


@pytest.mark.parametrize("reading, anchor, expected", [
    (dates.OffsetReading("month", 1, "anchor"), ("2011-12-07", "day"), ("2012-01-01", "month")),
    (dates.OffsetReading("day", -5, "anchor"), ("2012-03-02", "day"), ("2012-02-26", "day")),
    (dates.OffsetReading("year", 1, "anchor"), ("2019-06-01", "month"), ("2020-01-01", "year")),
    (dates.OffsetReading("day", 1, "anchor"), ("2019-01-01", "month"), ("2019-01-01", "month")),
    (dates.OffsetReading("month", -1, "anchor"), ("2020-03-31", "day"), ("2020-02-01", "month")),
    (dates.OffsetReading("year", 0, "anchor"), ("2003-05-16", "day"), ("2003-01-01", "year")),
])
def test_dates_offset_resolution(reading, anchor, expected):
    anchor = (D(anchor[0]), anchor[1])
    value = reading.resolve(dates.Context(None, anchor, anchor))
    assert (value.start, value.precision) == (D(expected[0]), expected[1])


def test_dates_partial_without_any_anchor_is_unresolved():
    ctx = dates.Context.start(None)
    assert dates.CalendarReading(dates.Calendar(None, 12, 4)).resolve(ctx) is None
    assert dates.WeekdayReading(1, strict=False).resolve(ctx) is None


def test_dates_spans_are_in_text_order(nlp):
    text = "On 3 June 2021 and on 1 June 2021 and in May 2021 attacks were reported."
    assert [span for span, _ in run(nlp, text)] == ["3 June 2021", "1 June 2021", "May 2021"]


# (text, publication date, span text, expected start, precision): which dates of a
# sentence set the anchor of the next sentences
NARRATIVE_CASES = [
    # a past-perfect relative clause is background: the main clause's date carries over
    ("In March 2017, a court in Nairobi jailed three men who had been detained in June "
     "2015. In December, their appeal was rejected.", None, "December", "2017-12-01", "month"),
    ("In April 2019, a court in Dhaka sentenced seven men who had been arrested in July "
     "2016. In August, police raided a madrasa.", "2019-10-01", "August", "2019-08-01",
     "month"),
    ("In June 2016, troops freed hostages who were seized in January 2015. The following "
     "day, the army left Kidal.", None, "The following day", "2016-06-01", "month"),
    # a past-perfect flashback after the main verb never moves the anchor
    ("On 5 May 2020 a car bomb exploded in Kabul. Police said the bomber had entered the "
     "city on 2 May. Three days later, two suspects were arrested.", None,
     "Three days later", "2020-05-08", "day"),
    # ... but a fronted date does, whatever the tense
    ("By March 2015, the rebels had taken Debaltseve. The following month, a truce was "
     "signed.", None, "The following month", "2015-04-01", "month"),
    # a clause modifying a noun sets the anchor when the sentence has no other date
    ("The raid carried out by police on 4 May 2018 left two dead in Peshawar. Two days "
     "later, a curfew was imposed.", None, "Two days later", "2018-05-06", "day"),
    # relative dates chain
    ("On 3 May 2015 gunmen attacked a bus in Karachi. The next day, police raided a "
     "hideout. Two days later, three men were charged.", None, "Two days later",
     "2015-05-06", "day"),
    ("On 9 June 2017 a bomb hit a market in Herat. The following day, a second blast "
     "followed. Later that day, police closed the road.", None, "Later that day",
     "2017-06-10", "day"),
    # within a sentence, an attributive year is the base of a later relative date ...
    ("In March 2012, the group admitted the 2009 Jakarta hotel bombings and an attack the "
     "following day.", None, "the following day", "2009-01-01", "year"),
    # ... which then does not move the anchor
    ("In March 2012, the group admitted the 2009 Jakarta hotel bombings and an attack the "
     "following day. Later that month, police arrested its leader.", None,
     "Later that month", "2012-03-01", "month"),
    # without an attributive year, the sentence's anchor is the base
    ("On 8 August 2008 troops entered Tskhinvali and the following day aircraft bombed "
     "Gori.", None, "the following day", "2008-08-09", "day"),
]


@pytest.mark.parametrize("text, published, target, start, precision", NARRATIVE_CASES)
def test_dates_narrative_anchor(nlp, text, published, target, start, precision):
    value = value_of(run(nlp, text, published), target)
    assert (value.start, value.precision) == (D(start), precision)


def test_dates_background_dates_are_still_written(nlp):
    text = ("In May 2021, a court in Tunis convicted four men who had been arrested in "
            "October 2019.")
    assert [(span, value.start) for span, value in run(nlp, text)] == [
        ("May 2021", D("2021-05-01")), ("October 2019", D("2019-10-01"))]


def parsed(words: str, heads: list[int], deps: str, pos: str) -> Doc:
    """A hand-parsed Doc: space-separated words, deps and coarse tags; absolute heads."""
    return Doc(Vocab(), words=words.split(), heads=heads, deps=deps.split(), pos=pos.split())


@pytest.mark.parametrize("doc, rank", [
    (parsed("Police jailed men in 2019", [1, 1, 1, 1, 3],
            "nsubj ROOT dobj prep pobj", "NOUN VERB NOUN ADP NUM"), dates.MAIN),
    (parsed("Police jailed men who fled in 2019", [1, 1, 1, 4, 2, 4, 5],
            "nsubj ROOT dobj nsubj relcl prep pobj", "NOUN VERB NOUN PRON VERB ADP NUM"),
     dates.NOUN_CLAUSE),
    (parsed("Police jailed men who had fled in 2019", [1, 1, 1, 5, 5, 2, 5, 6],
            "nsubj ROOT dobj nsubj aux relcl prep pobj",
            "NOUN VERB NOUN PRON AUX VERB ADP NUM"), dates.FLASHBACK),
    (parsed("Rebels had fled in 2015", [2, 2, 2, 2, 3],
            "nsubj aux ROOT prep pobj", "NOUN AUX VERB ADP NUM"), dates.FLASHBACK),
    (parsed("By 2015 rebels had fled", [4, 0, 4, 4, 4],
            "prep pobj nsubj aux ROOT", "ADP NUM NOUN AUX VERB"), dates.MAIN),
    (Doc(Vocab(), words="Rebels had fled in 2015".split()), dates.MAIN),  # no parse
])
def test_dates_clause_rank(doc, rank):
    year = doc[len(doc) - 1:] if doc[-1].text.isdigit() else doc[1:2]
    assert dates.clause_rank(year, dates.grammar().lexicon) == rank


@pytest.mark.parametrize("moved, expected", [
    ([(dates.MAIN, "2022-05-01"), (dates.FLASHBACK, "2021-08-01")], "2022-05-01"),
    ([(dates.NOUN_CLAUSE, "2018-05-04"), (dates.MAIN, "2019-01-01")], "2019-01-01"),
    ([(dates.NOUN_CLAUSE, "2018-05-04")], "2018-05-04"),
    ([(dates.FLASHBACK, "2020-05-02")], "2020-05-05"),  # the anchor before the sentence
])
def test_dates_carry_over(moved, expected):
    ctx = dates.Context.start(None).advance(
        mentions.DateValue(D("2020-05-05"), None, "day"))
    values = [(rank, mentions.DateValue(D(day), None, "day")) for rank, day in moved]
    assert dates.carry_over(ctx, values).anchor == (D(expected), "day")


@pytest.mark.parametrize("start, end, ok", [
    ((2014, None, None), (2016, None, None), True),
    ((2016, None, None), (2014, None, None), False),
    ((2015, 5, None), (2015, 3, None), True),  # one year, written at the end: May 2014
    ((2015, 5, None), (2014, 3, None), False),
])
def test_dates_date_range_order(start, end, ok):
    reading = dates.date_range(dates.Calendar(*start), dates.Calendar(*end))
    assert (reading is not None) == ok
