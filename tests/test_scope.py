"""Tests of the clause scope of triggers (pipeline/scope.py) and of the actor mentions
recovered from the discourse (pipeline/coreference.py)."""
from __future__ import annotations

import pytest

from pipeline import coreference, mentions, scope


def trigger_span(doc, word: str):
    return next(s for s in doc.spans[mentions.TRIGGERS] if word in s.text)


def words(doc, indices) -> set[str]:
    return {doc[i].text for i in indices}


@pytest.mark.parametrize("text, trigger, inside, outside", [
    # an appositive clause takes the noun it modifies, not the rest of the sentence
    ("Members of Ansar Dine, a group founded in 2012 in Mali, later moved to Libya to "
     "fight for the Islamic State.", "founded", {"Members", "Dine", "2012"}, {"Libya", "State"}),
    # a subordinate clause with its own subject reports nothing of the attack
    ("Gunmen attacked a bus near Mopti, while the army was negotiating with elders.",
     "attacked", {"Gunmen", "bus"}, {"army", "elders"}),
    # a pronoun subject borrows the reporting verb's subject
    ("Police said that they had killed three rebels in a raid in Kasese.",
     "raid", {"Police", "they", "rebels"}, set()),
    # a noun trigger with a named possessor is its own scope
    ("Soldiers left the town after the Taliban's declaration of an emirate in 1996.",
     "declaration", {"Taliban", "emirate"}, {"Soldiers", "town"}),
])
def test_scope_trigger_scope(nlp, text, trigger, inside, outside):
    doc = nlp(text)
    found = words(doc, scope.trigger_scope(trigger_span(doc, trigger)))
    assert inside <= found
    assert not outside & found


def test_scope_argument_token_prefers_the_argument(nlp):
    doc = nlp("Police arrested two men in Kano.")
    span = doc[0:1]
    assert scope.argument_token(span).dep_ == "nsubj"


@pytest.mark.parametrize("title, expected", [
    ("Taliban", "Taliban"),
    ("Taliban - Wikipedia", "Taliban"),
    ("Security in northern Afghanistan", None),
    (None, None),
])
def test_scope_subject_group_from_title(title, expected):
    value = coreference.subject_group(title)
    assert (value.name if value else None) == expected


def found_actors(nlp, text: str, title=None) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(s.text, s._.evex.name) for s in coreference.discourse_actors(doc, title)]


def test_scope_anaphor_takes_the_last_named_group(nlp):
    text = "The Taliban attacked Kunduz in 2015. The group later withdrew to the hills."
    assert ("The group", "Taliban") in found_actors(nlp, text)


def test_scope_anaphor_takes_the_page_subject(nlp):
    text = "The Taliban attacked Kunduz in 2015. The group later withdrew to the hills."
    assert ("The group", "Al-Shabaab") in found_actors(nlp, text, title="Al Shabaab")


@pytest.mark.parametrize("text", [
    "A group of farmers blocked the road near Jos.",
    "The group of soldiers returned to the base.",
    "Villagers said their group would return.",
])
def test_scope_no_anaphor_without_a_definite_reference(nlp, text):
    assert found_actors(nlp, text, title="Al Shabaab") == []


def test_scope_person_introduced_with_a_group_is_linked(nlp):
    text = ("Taliban leader Haibatullah Akhundzada appeared in a video. "
            "Officials said that Akhundzada had left Kandahar.")
    found = found_actors(nlp, text)
    assert ("Akhundzada", "Taliban") in found
    assert all(name == "Taliban" for _, name in found)


def test_scope_person_without_a_group_is_not_linked(nlp):
    text = "President Muhammadu Buhari visited Maiduguri. Buhari met soldiers there."
    assert found_actors(nlp, text) == []
