"""Actor mentions that event assembly recovers from the discourse.

The actors component tags names and descriptions ("IS", "police officers");
two kinds of mention it leaves untagged refer to an actor named elsewhere:

* **anaphors** - "the group", "the organization" (determiner and head noun
  listed in ``resources/triggers.json`` ``coreference``), not part of a longer
  name. They refer to the document's subject group when the title names a
  militant group (a page about the group: the title is looked up through the
  actors component's alias index), else to the most recent named militant
  group before them. If the actors component already flags such a mention
  (an ``anaphor`` attribute on its value), that mention is resolved the same way.
* **linked persons** - a person introduced next to a named militant group
  ("Taliban leader Jane Roe", "the group's commander John Doe") is coded
  to that group; a later mention of the person's surname is a mention of it.

``discourse_actors(doc, title)`` returns the new spans, labelled ``ANAPHOR_LABEL``
or ``PERSON_LABEL``, each with a :class:`pipeline.mentions.ActorValue` in
``span._.evex`` (the group's name and class, no role hints). A linked person is
weaker evidence than a group named in the same clause: assembly uses it only
when no group is named there (people change sides).
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterator, Optional

from spacy.tokens import Doc, Span

from pipeline import mentions, resources
from pipeline.components import actors as actor_component

ANAPHOR_LABEL = "evex_coref_anaphor"
PERSON_LABEL = "evex_coref_person"
MILITANT = "militant_group"


@lru_cache(maxsize=1)
def settings() -> dict:
    return resources.load_json("triggers.json")["coreference"]


def named_group(value: Optional[mentions.ActorValue]) -> bool:
    return value is not None and value.actor_class == MILITANT and not value.generic


def subject_group(title: Optional[str]) -> Optional[mentions.ActorValue]:
    """The militant group a page is about, when its title (or the title before a
    separator) is one of the group's aliases."""
    if not title:
        return None
    index, named = actor_component.alias_index(), actor_component.lexicon().named
    for text in (title, *re.split(settings()["title_separators"], title)[:1]):
        i = index.get(actor_component.alias_key(text))
        if i is not None and named[i][0].actor_class == MILITANT:
            entry = named[i][0]
            return mentions.ActorValue(name=entry.name, actor_class=MILITANT,
                                       country=entry.country)
    return None


def plain(value: mentions.ActorValue) -> mentions.ActorValue:
    """The group itself, without the role hints of the mention it was read from."""
    return mentions.ActorValue(name=value.name, actor_class=value.actor_class,
                               country=value.country)


def tagged(doc: Doc) -> list[Span]:
    spans = doc.spans[mentions.ACTORS] if mentions.ACTORS in doc.spans else []
    return [s for s in spans if s._.evex is not None]


def is_anaphor(doc: Doc, i: int) -> bool:
    """ "the group": determiner + anaphoric noun heading it, no name, no "of" complement."""
    c = settings()
    token = doc[i]
    if token.lower_ not in c["anaphor_nouns"] or i == 0:
        return False
    det = doc[i - 1]
    if det.lower_ not in c["anaphor_determiners"] or det.head.i != i:
        return False
    return not any(ch.dep_ == "prep" and ch.lower_ == "of" for ch in token.children)


def anaphors(doc: Doc, taken: set[int]) -> Iterator[Span]:
    for token in doc:
        if token.i not in taken and is_anaphor(doc, token.i):
            yield doc[token.i - 1:token.i + 1]


def flagged(spans: list[Span]) -> list[Span]:
    """Mentions the actors component marks as anaphors (when it does)."""
    return [s for s in spans if getattr(s._.evex, "anaphor", False)]


def person_links(doc: Doc, spans: list[Span]) -> dict[str, mentions.ActorValue]:
    """surname (lowercase) -> group, for persons introduced right after a named group."""
    gap_words = set(settings()["link_gap_words"])
    ends = {s.end: s._.evex for s in spans if named_group(s._.evex)}
    links: dict[str, mentions.ActorValue] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        for gap in range(settings()["link_max_gap"] + 1):
            start = ent.start - gap
            if start in ends and all(t.lower_ in gap_words or t.pos_ == "NOUN"
                                     for t in doc[start:ent.start]):
                links.setdefault(ent[-1].lower_, plain(ends[start]))
                break
    return links


def person_mentions(doc: Doc, links: dict[str, mentions.ActorValue],
                    taken: set[int]) -> Iterator[tuple[Span, mentions.ActorValue]]:
    for token in doc:
        if token.pos_ == "PROPN" and token.lower_ in links and token.i not in taken:
            yield doc[token.i:token.i + 1], links[token.lower_]


def discourse_actors(doc: Doc, title: Optional[str]) -> list[Span]:
    """Resolved anaphors and linked-person mentions of ``doc`` (see the module docstring)."""
    spans = tagged(doc)
    taken = {i for s in spans for i in range(s.start, s.end)}
    subject = subject_group(title)
    found: list[tuple[Span, mentions.ActorValue, str]] = []
    groups = [(s.start, s._.evex) for s in spans if named_group(s._.evex)]
    own = [(span, None) for span in anaphors(doc, taken)]
    for span, hints in [*own, *((span, span._.evex) for span in flagged(spans))]:
        earlier = [v for start, v in groups if start < span.start]
        value = subject or (plain(earlier[-1]) if earlier else None)
        if value is not None and hints is not None:  # the component's roles stay
            value = replace(hints, name=value.name, country=value.country, anaphor=False)
        if value is not None:
            found.append((span, value, ANAPHOR_LABEL))
    found.extend((span, value, PERSON_LABEL) for span, value in
                 person_mentions(doc, person_links(doc, spans), taken))
    out = []
    for span, value, label in found:
        new = Span(doc, span.start, span.end, label=label)
        new._.evex = value
        out.append(new)
    return out
