"""Event assembly: turn the mentions of a parsed Doc into ``Event`` records (placeholder)."""
from __future__ import annotations

from spacy.tokens import Doc

from pipeline.models import CleanDocument, Event


def assemble_events(doc: Doc, clean: CleanDocument) -> list[Event]:
    """Return the events of one document, in text order."""
    return []
