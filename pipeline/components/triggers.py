"""evex_triggers component (placeholder: writes an empty span group)."""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import mentions


@Language.factory("evex_triggers", assigns=["doc.spans"])
def make_component(nlp: Language, name: str) -> "Component":
    return Component()


class Component:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans[mentions.TRIGGERS] = []
        return doc
