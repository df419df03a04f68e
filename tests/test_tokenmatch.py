"""TokenMatcher: the same matches, in the same order, as spaCy's Matcher."""
from __future__ import annotations

import pytest
from spacy.lang.en import English
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.tokenmatch import TokenMatcher, Unsupported, make_matcher

WORDS = ["Gunmen", "attacked", "a", "police", "post", "and", "police", "officers",
         "returned", "fire", ";", "the", "Police", "said", "two", "attackers", "died"]
LEMMAS = ["gunman", "attack", "a", "police", "post", "and", "police", "officer",
          "return", "fire", ";", "the", "Police", "say", "two", "attacker", "die"]
POS = ["NOUN", "VERB", "DET", "NOUN", "NOUN", "CCONJ", "NOUN", "NOUN", "VERB", "NOUN",
       "PUNCT", "DET", "PROPN", "VERB", "NUM", "NOUN", "VERB"]
TAGS = ["NNS", "VBD", "DT", "NN", "NN", "CC", "NN", "NNS", "VBD", "NN", ":", "DT", "NNP",
        "VBD", "CD", "NNS", "VBD"]

KEYED = [
    ("police", [[{"LEMMA": "police"}], [{"LOWER": "police"}], [{"LEMMA": "Police"}]]),
    ("police_unit", [[{"LOWER": "police"}, {"LEMMA": "officer"}],
                     [{"LOWER": "police"}, {"LOWER": "post"}]]),
    ("attack", [[{"LEMMA": "attack", "POS": {"IN": ["VERB", "NOUN"]}}]]),
    ("attacker", [[{"LOWER": {"IN": ["gunmen", "attackers"]}}]]),
    ("not_noun", [[{"TAG": {"NOT_IN": ["NN", "NNS", "NNP"]}, "LOWER": {"REGEX": "^d"}}]]),
    ("det_noun", [[{"POS": "DET"}, {"POS": "NOUN"}]]),
    ("police", [[{"LOWER": "two"}]]),  # a key added twice keeps its first place
]


def _vocab() -> Vocab:
    """A vocabulary with English lexical attributes (LOWER...)."""
    return English().vocab


def _doc(vocab: Vocab) -> Doc:
    return Doc(vocab, words=WORDS, lemmas=LEMMAS, pos=POS, tags=TAGS)


def _both(keyed):
    vocab = _vocab()
    spacy_matcher, fast = Matcher(vocab), TokenMatcher(vocab)
    for key, patterns in keyed:
        spacy_matcher.add(key, patterns)
        fast.add(key, patterns)
    return vocab, spacy_matcher, fast


def test_tokenmatch_same_matches_in_same_order():
    vocab, spacy_matcher, fast = _both(KEYED)
    doc = _doc(vocab)
    expected = spacy_matcher(doc)
    assert fast(doc) == expected
    assert len(expected) > 8  # every kind of pattern matched something


@pytest.mark.parametrize("keyed", [[k] for k in KEYED], ids=[k for k, _ in KEYED])
def test_tokenmatch_each_pattern_kind(keyed):
    vocab, spacy_matcher, fast = _both(keyed)
    doc = _doc(vocab)
    assert fast(doc) == spacy_matcher(doc)


def test_tokenmatch_spans_and_get():
    vocab, _, fast = _both(KEYED[:2])
    spans = fast(_doc(vocab), as_spans=True)
    assert [(s.label_, s.text) for s in spans][:2] == [("police", "police"), ("police_unit", "police post")]
    assert fast.get("police_unit")[1] == KEYED[1][1]
    assert len(fast) == 2


def test_tokenmatch_no_match_and_empty_doc():
    vocab, spacy_matcher, fast = _both([("x", [[{"LOWER": "ceasefire"}]])])
    assert fast(_doc(vocab)) == [] == spacy_matcher(_doc(vocab))
    assert fast(Doc(vocab, words=[])) == []


def test_tokenmatch_missing_annotation_raises_like_matcher():
    vocab, spacy_matcher, fast = _both([("x", [[{"LEMMA": "attack"}]])])
    bare = Doc(vocab, words=["attacked"])
    with pytest.raises(ValueError):
        spacy_matcher(bare)
    with pytest.raises(ValueError, match="E155"):
        fast(bare)
    assert fast(bare, allow_missing=True) == []


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "a", "OP": "?"}],
    [{}],
    [{"_": {"evex": "x"}}],
    [{"LENGTH": {">=": 3}}],
    [{"MORPH": "Number=Sing"}],
])
def test_tokenmatch_unsupported_falls_back_to_matcher(pattern):
    vocab = _vocab()
    with pytest.raises(Unsupported):
        TokenMatcher(vocab).add("x", [pattern])
    assert isinstance(make_matcher(vocab, [("x", [pattern])]), Matcher)


def test_tokenmatch_make_matcher_is_fast_when_it_can_be():
    assert isinstance(make_matcher(_vocab(), KEYED), TokenMatcher)


def test_tokenmatch_attribute_ruler_sets_the_same_attributes(nlp):
    import spacy

    text = ("Gunmen ai n't gon na stop: they attacked a police post in Kunduz on Monday, "
            "killing two officers, and the army later arrested three suspects.")
    plain = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"])(text)
    fast = nlp(text)
    assert [(t.pos_, t.lemma_, str(t.morph)) for t in fast] == \
        [(t.pos_, t.lemma_, str(t.morph)) for t in plain]
