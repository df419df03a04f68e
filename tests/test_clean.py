"""Cleaning: article text kept, page furniture and wiki-mirror glosses gone.

Gold segments live in ``tests/fixtures/pages/expected.json`` (trafilatura
style: sentences that must survive, segments that must be gone) for the four
corpus documents and for small pages of other styles and countries in
``tests/fixtures/pages/``. No spaCy model is needed here.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import socket
from functools import lru_cache
from pathlib import Path

import pytest

from pipeline import boilerplate, errors, glosses
from pipeline.clean import PARAGRAPH_BREAK, clean_document, clean_html, clean_text
from pipeline.ingest import iter_inputs
from pipeline.models import RawDocument

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
CASES = sorted(k for k in EXPECTED if not k.startswith("_"))


@lru_cache(maxsize=None)
def cleaned(rel: str):
    (raw,) = list(iter_inputs([str(ROOT / rel)]))
    return clean_document(raw)


def _pairs(field: str):
    return [pytest.param(rel, seg, id=f"{Path(rel).stem}:{seg[:30]!r}")
            for rel in CASES for seg in EXPECTED[rel][field]]


def test_clean_every_fixture_page_is_listed():
    pages = {f"tests/fixtures/pages/{p.name}" for p in PAGES.iterdir() if p.suffix in (".txt", ".html")}
    corpus = {str(p.relative_to(ROOT)) for p in (ROOT / "corpus").rglob("*") if p.is_file()}
    assert pages | corpus <= set(CASES)
    assert len(pages) >= 6


@pytest.mark.parametrize("rel,segment", _pairs("keep"))
def test_clean_keeps_article_text(rel, segment):
    assert segment in cleaned(rel).text


@pytest.mark.parametrize("rel,segment", _pairs("drop"))
def test_clean_drops_page_furniture(rel, segment):
    assert segment not in cleaned(rel).text


@pytest.mark.parametrize("rel", CASES)
def test_clean_paragraph_format(rel):
    text = cleaned(rel).text
    assert text == text.strip()
    for para in text.split(PARAGRAPH_BREAK):
        assert para and para == para.strip()
        assert "\n" not in para and "  " not in para and "\u00a0" not in para
        assert not re.search(r"\s[,.;:)](?:\s|$)", para), para


@pytest.mark.parametrize("rel", [r for r in CASES if "same_text_as" in EXPECTED[r]])
def test_clean_html_page_matches_its_text_dump(rel):
    assert cleaned(rel).text == cleaned(EXPECTED[rel]["same_text_as"]).text


@pytest.mark.parametrize("rel", CASES)
def test_clean_is_deterministic(rel):
    (raw,) = list(iter_inputs([str(ROOT / rel)]))
    assert clean_document(raw).text == clean_document(raw).text == cleaned(rel).text


def test_clean_touches_no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("cleaning tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    page = ('<html><head><link rel="canonical" href="https://example.org/a">'
            '<script src="https://cdn.example.org/x.js"></script></head><body><article>'
            '<p>Gunmen attacked a checkpoint in Tillaberi region of Niger on Sunday, killing four '
            'soldiers, the defence ministry said in a statement read on state television.</p>'
            '<img src="https://img.example.org/p.jpg"></article></body></html>')
    assert "Tillaberi" in clean_html(page).paragraphs[0]
    for rel in CASES:
        (raw,) = list(iter_inputs([str(ROOT / rel)]))
        clean_document(raw)


def test_clean_does_not_resolve_external_entities(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRETVALUE", encoding="utf-8")
    page = (f'<?xml version="1.0"?>\n<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
            "<html><body><article><p>Police in Chile said a bomb exploded near a bank in Santiago on "
            "Monday, injuring two guards &xxe; and damaging three cars parked in the street.</p>"
            "</article></body></html>")
    text = " ".join(clean_html(page).paragraphs)
    assert "Santiago" in text and "TOPSECRETVALUE" not in text


@pytest.mark.parametrize("raw", [
    RawDocument(doc_id="nav", source="nav.txt",
                text="  • Home\n  • News\n  • Sport\nShare\nLink Copied\n© 2024 Example Media. All rights reserved.\n"),
    RawDocument(doc_id="empty", source="empty.html", html="<html><body><nav><a href='/'>Home</a></nav></body></html>"),
    RawDocument(doc_id="json", source="json.txt", text='{\n  "title": "x",\n  "tags": ["a", "b"]\n}\n'),
])
def test_clean_raises_when_no_text_is_left(raw):
    with pytest.raises(errors.InputError) as exc:
        clean_document(raw)
    assert exc.value.code == errors.E_NO_TEXT
    assert raw.source in str(exc.value)


def test_clean_jsonl_title_and_date_win_over_page_metadata():
    html = (ROOT / "corpus/pages/expanding-its-reach.html").read_text(encoding="utf-8")
    raw = RawDocument(doc_id="x", source="x", html=html, title="Given title",
                      published=dt.date(2020, 1, 2))
    doc = clean_document(raw)
    assert (doc.title, doc.published) == ("Given title", dt.date(2020, 1, 2))


# -- wiki-mirror glosses -----------------------------------------------------------------------

@pytest.mark.parametrize("line,anchor", [
    ("Boko Haram Boko Haram, officially known as Jama'atu Ahlis Sunna Lidda'awati wal-Jihad, is a ...", "Boko Haram"),
    ("Sinai Peninsula The Sinai Peninsula, or simply Sinai, is a peninsula in Egypt ...", "Sinai Peninsula"),
    ("Kurdistan Workers' Party The Kurdistan Workers' Party or PKK is a Kurdish militant group ...",
     "Kurdistan Workers' Party"),
    ("Abubakar Shekau Abubakar Muhammad Shekau (1973 – 2021), commonly known as Abubakar Shekau, was ...",
     "Abubakar Shekau"),
    ("Pervez Musharraf Pervez Ahmed Musharraf (born 1943) was a Pakistani general ...", "Pervez Musharraf"),
    ("kidnapped In criminal law, kidnapping is the unlawful abduction of a person ...", "kidnapped"),
    ("ambush An ambush is a surprise attack by people lying in wait ...", "ambush"),
    ("2008 Mumbai attacks On 26 November 2008, a group of ten militants carried out ...",
     "2008 Mumbai attacks"),
    ("curfew A curfew is an order specifying a time during which certain regulations apply ...", "curfew"),
    ("Mosul Mosul ( ; ar, الموصل ) is a major city in northern Iraq ...", "Mosul"),
    ("beheaded Decapitation is the complete separation of the head from the body ...", "beheaded"),
])
def test_glosses_split_anchor(line, anchor):
    assert glosses.split_anchor(line) == anchor


GLOSSED = """Fighting broke out near
Goma Goma is a city in the eastern Democratic Republic of the Congo. It is located on ...
, the capital of
North Kivu North Kivu is a province bordering Lake Kivu in the eastern Democratic ...
province, after
M23 The March 23 Movement, often abbreviated as M23, is a rebel military group ...
fighters advanced from the north."""


def test_glosses_rejoin_the_sentence():
    out = glosses.strip_glosses(GLOSSED.splitlines())
    assert out == ["Fighting broke out near Goma, the capital of North Kivu province, after M23 "
                   "fighters advanced from the north."]


@pytest.mark.parametrize("text", [
    # one line with an ellipsis inside a sentence: not the pattern, left alone
    "Officials warned that the\nsituation could worsen ...\nas the rains begin.",
    # teasers ending in an ellipsis after a heading: each follows a line that ends a sentence
    "The attack was condemned.\nRead more\nTwo soldiers killed in raid ...\nCurfew imposed in city ...",
    # an ellipsis at the end of a paragraph
    "The talks will resume next week, he said ...\n\nNo date was given ...",
])
def test_glosses_leave_other_ellipses_alone(text):
    lines = text.splitlines()
    assert not glosses.shows_glosses(lines)
    assert glosses.strip_glosses(lines) == lines


# -- furniture lines and blocks ----------------------------------------------------------------

@pytest.mark.parametrize("line", [
    "• Research", "  ▪ World news", "Share", "Link Copied", "Facebook Twitter WhatsApp", "By Maria Lopez",
    "By Ahmed Rashid and Sana Malik", "Published on Mar 3, 2015", "Updated: 2024-05-02 08:00 PKT",
    "Source: Daily Star", "Photo: AFP", "This article originally appeared in the Nation.",
    "© 2024 Example Media. All rights reserved.", "Copyright 2019 Channel News", "Example Times logo",
    "We use cookies to improve your experience.", "5 min read", "Tags: Nigeria, Borno",
    "The views expressed in this article do not necessarily reflect those of the institute.",
    "Jane Okafor is a senior fellow at the Lagos Policy Centre.", "Reporting by Ali Khan; Editing by Sam Roe",
    "Media contact: press office", "HOME", "OR:", "{{Terrorism in Asia}}", "[[Category:Wars in Africa]]",
    "Rue de la Loi 175, 1048 Brussels, Belgium", "Political ReformSecurityReligionGulfLevant",
    "Skip to main content", "From Wikipedia, the free encyclopedia",
    "Share this article: Facebook Twitter Viber Email", "Share this post | WhatsApp | SMS", "Comments (27)",
    "Responses (4)",
])
def test_boilerplate_furniture_lines(line):
    assert boilerplate.is_furniture(boilerplate.normalize_lines(line)[0])


@pytest.mark.parametrize("line", [
    "By February 2015, many commanders had defected to the new group.",
    "by the army, which said the operation was over.",
    "Police said the attacker drove up to the checkpost shortly after 9pm.",
    "Published reports said at least 30 people were killed in the blast in Quetta on Friday.",
    "Background", "History in Mali", "Source of the attacks remains unclear, officials said.",
    "The share of civilian deaths rose sharply in 2023.",
    "Comments (27) by residents were deleted after the raid.", "Share this story with your family, he said.",
])
def test_boilerplate_article_lines_are_not_furniture(line):
    assert not boilerplate.is_furniture(line)


@pytest.mark.parametrize("left,right,joined", [
    ("in the city of", "Kano", "in the city of Kano"),
    ("Kano", ", killing 4", "Kano, killing 4"),
    ("Kano", ". Police said", "Kano. Police said"),
    ("outside Mr Ruto", "'s residence", "outside Mr Ruto's residence"),
    ("the group (ISWAP", ")", "the group (ISWAP)"),
    ("attacks in (", "Borno", "attacks in (Borno"),
])
def test_boilerplate_join_fragments(left, right, joined):
    assert boilerplate.join_fragments(left, right) == joined


LONG = ("Security forces killed six militants in a raid on a hideout in the Swat valley on Friday, "
        "the army said in a statement issued late in the evening.")


@pytest.mark.parametrize("tail,cut", [
    (["Related", "Pakistan wins series", "Markets close higher", "Flood warning in Sindh"], True),
    (["Related", LONG.replace("Friday", "Saturday"), LONG.replace("six", "two")], False),
    (["See also", "List of attacks in 2023"], True),
])
def test_boilerplate_teaser_and_reference_sections(tail, cut):
    lines = [LONG, "", *tail]
    text = PARAGRAPH_BREAK.join(clean_text("\n".join(lines)).paragraphs)
    assert text.startswith(LONG)
    assert (tail[1] not in text) is cut


@pytest.mark.parametrize("block,paragraphs", [
    # hard-wrapped paragraph: one paragraph
    (("Gunmen opened fire on a bus near the town", "of Garissa on Monday, killing three", "passengers."),
     ["Gunmen opened fire on a bus near the town of Garissa on Monday, killing three passengers."]),
    # a line per paragraph, lengths differ: split at sentence ends
    (("Gunmen opened fire on a bus near the town of Garissa on Monday, killing three passengers and a driver.",
      "Police said the attackers fled towards the border."),
     ["Gunmen opened fire on a bus near the town of Garissa on Monday, killing three passengers and a driver.",
      "Police said the attackers fled towards the border."]),
    # a heading glued to its paragraph
    (("Attacks in Garissa", "Gunmen opened fire on a bus near the town of Garissa on Monday."),
     ["Attacks in Garissa", "Gunmen opened fire on a bus near the town of Garissa on Monday."]),
])
def test_boilerplate_block_paragraphs(block, paragraphs):
    assert boilerplate.block_paragraphs(block) == paragraphs
