"""Wire datelines: the filing place (and date) that opens a news paragraph."""
from __future__ import annotations

import pytest

from pipeline import datelines


@pytest.mark.parametrize("text,prefix,month,day", [
    ("KANO, Nigeria, June 4 (Reuters) - Gunmen killed twelve people.", "KANO, Nigeria, June 4 (Reuters)", 6, 4),
    ("KABUL, Jan 5 (AP) — A bomb exploded.", "KABUL, Jan 5 (AP)", 1, 5),
    ("PESHAWAR: Police arrested two men.", "PESHAWAR", None, None),
    ("COTABATO CITY, Philippines - Troops clashed with rebels.", "COTABATO CITY, Philippines", None, None),
    ("Goma (AFP) - Rebels advanced on the city.", "Goma (AFP)", None, None),
    ("ADEN — Separatists seized the port.", "ADEN", None, None),
    ("SANA'A, Yemen, Sept. 12 - Air strikes hit the capital.", "SANA'A, Yemen, Sept. 12", 9, 12),
])
def test_datelines_parse(text, prefix, month, day):
    found = datelines.parse(text)
    assert found is not None
    assert text[found.start:found.end] == prefix
    assert (found.month, found.day) == (month, day)


@pytest.mark.parametrize("text", [
    "Gunmen killed five people in Kano - police said on Monday.",
    "The army said - in a statement - that it had retaken the town.",
    "Security: the army is deployed across the region.",
    "In Kabul, Jan 5 - a bomb exploded.",
    "Kabul - the capital - was quiet.",
    "KANO",
    "",
])
def test_datelines_negatives(text):
    assert datelines.parse(text) is None


def test_datelines_find_offsets_in_later_paragraphs():
    text = "A headline here\n\nMOSUL, Iraq - Gunmen attacked a checkpoint.\n\nNo dateline here."
    (found,) = datelines.find(text)
    assert text[found.start:found.end] == "MOSUL, Iraq"
