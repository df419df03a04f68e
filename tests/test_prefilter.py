"""Pre-filter: paragraphs, trigger matching in inflected forms, offsets back into the text."""
from __future__ import annotations

import pytest

from pipeline import offsets, prefilter
from pipeline.prefilter import Entry, Passage, select_passages, split_paragraphs

LEXICON = frozenset({Entry(("attack",)), Entry(("fight",)), Entry(("seize",)), Entry(("kill",)),
                     Entry(("die",)), Entry(("open", "fire")),
                     Entry(("name",), context=("leader", "commander"))})


@pytest.mark.parametrize("text, expected", [
    ("one", [(0, "one")]),
    ("one\n\ntwo", [(0, "one"), (5, "two")]),
    ("one\n \n\n  two\nstill two\n\n", [(0, "one"), (9, "two\nstill two")]),
    ("\n\nlead", [(2, "lead")]),
    ("", []),
])
def test_prefilter_split_paragraphs_keeps_offsets(text, expected):
    passages = split_paragraphs(text)
    assert [(p.start, p.text) for p in passages] == expected
    assert all(text[p.start:p.start + len(p.text)] == p.text for p in passages)


@pytest.mark.parametrize("paragraph, hit", [
    ("Rebels attacked the garrison at dawn.", True),
    ("The attackers fled north.", True),
    ("Troops fought for the bridge all night.", True),  # irregular form of "fight"
    ("Police seized two rifles.", True),
    ("Militants were seizing trucks on the highway.", True),
    ("Three people died in the crossfire.", True),
    ("A grenade killed a guard.", True),
    ("Gunmen opened fire on the crowd.", True),  # every word of a phrase
    ("The minister opened a new hospital wing.", False),  # "open" without "fire"
    ("The fire spread to the forest.", False),
    ("The group named a new leader.", True),  # context word present
    ("The ministry named the new bridge after a poet.", False),  # context word missing
    ("Heavy rains flooded the valley road.", False),
    ("Counterfeit goods were sold at the bazaar.", False),
])
def test_prefilter_matches_inflected_trigger_phrases(nlp, paragraph, hit):
    matcher = prefilter.Matcher(nlp, LEXICON)
    assert (matcher.candidates([Passage(0, paragraph)]) == [0]) is hit


def test_prefilter_context_word_may_sit_in_a_neighbouring_paragraph(nlp):
    matcher = prefilter.Matcher(nlp, LEXICON)
    passages = [Passage(0, "The group named"), Passage(20, "a new commander."),
                Passage(40, "Rain fell."), Passage(60, "They named the street.")]
    assert matcher.candidates(passages) == [0]


@pytest.mark.parametrize("hits, context, kept", [
    ([2], 0, [2]),
    ([2], 1, [1, 2, 3]),
    ([0, 5], 1, [0, 1, 4, 5]),
    ([], 1, []),
])
def test_prefilter_select_passages_adds_neighbours(hits, context, kept):
    passages = [Passage(i * 10, "text") for i in range(6)]
    assert [p.start // 10 for p in select_passages(passages, hits, context)] == kept


def test_prefilter_doc_offsets_point_into_the_clean_text(nlp, monkeypatch):
    monkeypatch.setattr(prefilter, "load_lexicon", lambda: LEXICON)
    text = ("Prices rose at the market.\n\nThe council met on Monday.\n\n"
            "Budget talks went on.\n\nGunmen attacked a bus near the border.\n\n"
            "Weather was mild.\n\nNothing else.\n\nFarmers sold grain.")
    doc = prefilter.make_doc(nlp, text, context=1)
    assert "attacked" in doc.text and "Prices" not in doc.text
    assert doc.user_data[offsets.KEY][0][0] == 0
    for token in doc:
        if token.is_space:
            continue
        start = offsets.to_clean(doc, token.idx)
        assert text[start:start + len(token.text)] == token.text


def test_prefilter_no_candidate_means_no_doc(nlp, monkeypatch):
    monkeypatch.setattr(prefilter, "load_lexicon", lambda: LEXICON)
    assert not prefilter.has_candidates(nlp, "Quiet day.\n\nThe shops opened late.")
    assert prefilter.has_candidates(nlp, "Quiet day.\n\nA bomb killed one man.")


def test_prefilter_empty_lexicon_keeps_everything(nlp, monkeypatch):
    monkeypatch.setattr(prefilter, "load_lexicon", lambda: frozenset())
    text = "Quiet day.\n\nThe shops opened late."
    assert prefilter.has_candidates(nlp, text)
    doc = prefilter.make_doc(nlp, text)
    assert doc.text == text and offsets.KEY not in doc.user_data


def test_prefilter_lexicon_reads_trigger_phrases():
    entries = prefilter.load_lexicon()
    if not entries:
        pytest.fail("resources/triggers.json gives no trigger entries")
    words = {w for e in entries for w in e.words}
    assert {"attack", "bomb", "arrest"} <= words
    assert all(w == w.lower() and w.isalpha() for w in words)
    assert any(e.context for e in entries)
