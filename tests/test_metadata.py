"""Page metadata: publication date and title of text dumps and HTML pages."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from trafilatura.utils import load_html

from pipeline import boilerplate, metadata
from pipeline.clean import clean_document, clean_text
from pipeline.ingest import iter_inputs

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = json.loads((ROOT / "tests/fixtures/pages/expected.json").read_text(encoding="utf-8"))
CASES = sorted(k for k in EXPECTED if not k.startswith("_"))
D = dt.date


@pytest.mark.parametrize("rel", CASES)
def test_metadata_of_every_page(rel):
    (raw,) = list(iter_inputs([str(ROOT / rel)]))
    doc = clean_document(raw)
    want = EXPECTED[rel]["published"]
    assert doc.published == (D.fromisoformat(want) if want else None)
    assert doc.title == EXPECTED[rel]["title"]


@pytest.mark.parametrize("text,date", [
    ("2024-05-01T10:32:00+05:00", D(2024, 5, 1)),
    ("Mar 3, 2015", D(2015, 3, 3)),
    ("March 3rd, 2015 at 9:00", D(2015, 3, 3)),
    ("3 March 2015", D(2015, 3, 3)),
    ("Tuesday, 5 Sept. 2023", D(2023, 9, 5)),
    ("14th of July 2019", D(2019, 7, 14)),
    ("2021/11/30", D(2021, 11, 30)),
    ("February 30, 2020", None),
    ("on Tuesday", None),
    ("in 2015", None),
    ("", None),
])
def test_metadata_parse_date(text, date):
    assert metadata.parse_date(text) == date


@pytest.mark.parametrize("text,date", [
    ("Headline\nBy Jo Smith\nPublished on Mar 3, 2015\n\nBody text.", D(2015, 3, 3)),
    ("Headline\nPublished: 2024-05-01\nUpdated: 2024-05-03\n", D(2024, 5, 1)),
    ("Headline\nUpdated 10 January 2022, 08:15 GMT\n\nBody.", D(2022, 1, 10)),
    ('{\n  "@type": "NewsArticle",\n  "datePublished": "2019-07-14T06:00:00Z"\n}\nHeadline', D(2019, 7, 14)),
    ('Headline\n<time datetime="2020-02-29T12:00">29 Feb</time>\nBody.', D(2020, 2, 29)),
    ("Headline\nTuesday 5 March 2024 14:20 GMT\n\nBody of the article.", D(2024, 3, 5)),
    ("Posted on 12 February 2022 by admin", D(2022, 2, 12)),
    # byline lines with a time and more after a separator
    ("Headline\nJune 2, 2022 11:05 AM GMT+3 · Updated 5 hours ago\n\nBody.", D(2022, 6, 2)),
    ("Headline\nSep 9, 2021 | 7:41pm\n\nBody.", D(2021, 9, 9)),
    ("Headline\n4 October 2020 - 09:12 WAT\n\nBody.", D(2020, 10, 4)),
    ("Headline\nUpdated 4 October 2020, 09:12 GMT\n\nBody.", D(2020, 10, 4)),
    ("Headline\nWorld | 11 August 2019 at 8.30 am\n\nBody.", D(2019, 8, 11)),
    # dates inside the article body are events, not the publication date
    ("Kizil Province\n\nOn 23 June 2015, the group announced a new province. On 2 May 2016 it attacked.", None),
    ("A page\n\nThis page was last edited on 5 May 2024, at 10:00.", None),
    ("No date at all here.", None),
])
def test_metadata_text_published(text, date):
    assert metadata.text_published(boilerplate.normalize_lines(text)) == date


BODY = ("Militants ambushed an army convoy near the border town on Sunday, killing seven soldiers and "
        "wounding several others, the military said in a statement.")


@pytest.mark.parametrize("text,title", [
    # wiki style: the first line, repeated in the first sentence
    ("Anglophone Crisis\n HOME\n\nMirrorSite\n\nThe Anglophone Crisis is an armed conflict in Cameroon. "
     + BODY, "Anglophone Crisis"),
    # the headline standing alone before the body, after a kicker
    ("  • World\n  • Africa\nNews logo\n\nAfrica\nAnalysis\n\nArmy convoy ambushed near Sudan border\n\n" + BODY,
     "Army convoy ambushed near Sudan border"),
    # <title> with the site name, then the headline
    ("Army convoy ambushed near border | Daily Wire Service\nDaily Wire Service\nMenu\n\n"
     "Army convoy ambushed near border\n\n" + BODY, "Army convoy ambushed near border"),
    # headline before a dek and a byline
    ("Convoy hit in Sahel ambush\n\nA deadly week for the army. " + BODY + "\n\nBy Jo Smith\n\n" + BODY,
     "Convoy hit in Sahel ambush"),
    # no header at all
    (BODY, None),
    # page furniture after the headline is never the title
    ("Convoy hit in Sahel ambush\n\nStaff Reporter\nPublished May 2, 2022\n\nComments (3)\n\n" + BODY,
     "Convoy hit in Sahel ambush"),
    ("Convoy hit in Sahel ambush\n\nMay 2, 2022 10:15 AM\n\nShare this article: Facebook Twitter WhatsApp\n\n"
     + BODY, "Convoy hit in Sahel ambush"),
    ("NEWS / AFRICA\n\nConvoy hit in Sahel ambush\n\n2022-05-02 10:15\n\nDesert Wire / Niamey\n\n" + BODY,
     "Convoy hit in Sahel ambush"),
])
def test_metadata_text_title(text, title):
    assert clean_text(text).title == title


def _tree(head: str, body: str = ""):
    return load_html(f"<html><head>{head}</head><body>{body}<p>{BODY}</p></body></html>")


@pytest.mark.parametrize("head,body,guess,date", [
    ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
     '"datePublished": "2022-08-27T16:20:00+08:00"}]}</script>', "", None, D(2022, 8, 27)),
    ('<meta property="article:published_time" content="2023-06-14T08:41:00Z">', "", None, D(2023, 6, 14)),
    ("", '<time itemprop="datePublished" datetime="2021-04-02">2 April</time>', None, D(2021, 4, 2)),
    ("", "<div>Published on 7 January 2020</div>", None, D(2020, 1, 7)),
    # htmldate's guess is kept when nothing says it is a modification date
    ("", "", "2018-10-01", D(2018, 10, 1)),
    # ... and dropped when it is one
    ('<script type="application/ld+json">{"dateModified": "2025-03-14T17:05:22Z"}</script>', "",
     "2025-03-14", None),
    ("", "<footer>This page was last edited on 14 March 2025, at 17:05.</footer>", "2025-03-14", None),
    ("", "", None, None),
])
def test_metadata_html_published(head, body, guess, date):
    assert metadata.html_published(_tree(head, body), guess) == date


WIRE = ("Gunmen kill villagers in raid\n\n{dateline} - Gunmen killed twelve villagers in an overnight "
        "raid on a farming settlement in the north of the country, police said.\n\n{footer}")


@pytest.mark.parametrize("dateline,footer,date", [
    # month and day from the dateline, the year from the page
    ("KANO, Nigeria, June 4 (Reuters)", "(c) 2023 Wire Service", D(2023, 6, 4)),
    ("TILLABERI, Niger, Sept. 30", "Copyright 2021 Sahel Desk. All rights reserved.", D(2021, 9, 30)),
    ("KABUL, Jan 5 (AP)", "More: Police said on 28 December 2022 that ...", D(2023, 1, 5)),
    ("KABUL, Jan 5 (AP)", "More: Police said on 2 January 2023 that ...", D(2023, 1, 5)),
    # no year anywhere on the page, or no month and day in the dateline
    ("KANO, Nigeria, June 4 (Reuters)", "Wire Service", None),
    ("KANO, Nigeria (Reuters)", "(c) 2023 Wire Service", None),
    ("Gunmen struck at night", "(c) 2023 Wire Service", None),
])
def test_metadata_dateline_published(dateline, footer, date):
    assert clean_text(WIRE.format(dateline=dateline, footer=footer)).published == date


def test_metadata_page_date_wins_over_dateline():
    text = WIRE.format(dateline="KANO, Nigeria, June 4 (Reuters)", footer="(c) 2023 Wire Service")
    assert clean_text(text.replace("\n\n", "\nJune 5, 2023 8:02 AM\n\n", 1)).published == D(2023, 6, 5)
