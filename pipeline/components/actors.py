"""evex_actors component: armed groups, state forces, civilians and authorities.

Writes ``doc.spans["evex_actors"]``; each span carries a
:class:`pipeline.mentions.ActorValue`. The dictionary is
``resources/actors.json``:

* ``named`` actors (ACLED-style canonical names with aliases), matched by a
  case-sensitive PhraseMatcher for short aliases (IS, FSB) and a lowercase one
  for the rest, plus ORG/NORP entities whose normalized text is an alias. A
  following member noun joins the mention ("ISIS fighters", "the Taliban group").
* ``generic`` mentions ("police officers", "gunmen", "civilians", "court")
  with a name template. Naming scheme: ``Police Forces of {country}``,
  ``Military Forces of {country}``, ``Security Services of {country}`` (security
  forces/services, intelligence, special forces), ``Government of {country}``,
  ``Civilians ({country})`` and ``Unidentified Armed Group ({country})``
  (class ``militant_group``: gunmen, militants, attackers). ``{country}`` takes
  a country's common name. A nationality word or "<Country>'s" in front fixes
  it for state forces and government ("an Afghan police convoy" -> Police
  Forces of Afghanistan, ``generic=False``); otherwise the value has
  ``generic=True``, ``name`` equal to the raw template and event assembly fills
  ``{country}`` with the event's country. Nationality is not applied to armed
  groups or civilians ("Tajik militants" are not a group of Tajikistan).
  Entries with ``by_role`` ("a 30-year-old man", "a mosque") count only when
  the mention gets that role.

Longest match wins (``spacy.util.filter_spans``). ``role_hint`` comes from the
dependency parse: subject of a violent verb or agent ("by X") of one, possessor
of an attack noun -> ``perpetrator``; object or passive subject of a violent
verb, object of "on/against/at" after a violent verb or attack noun ->
``target``; anything else (including "clashes between X and Y") -> None.
``claimant`` is set for the subject of "claimed (responsibility / the attack /
to have ...)", "took responsibility", and the agent of "was claimed by X";
a claimant is also a perpetrator.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Optional

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from pipeline import gazetteer, mentions, resources

ENTITY_LABELS = {"ORG", "NORP", "PERSON", "GPE"}
NOMINAL_POS = {"NOUN", "PROPN", "PRON", "NUM"}
HEAD_POS = ["NOUN", "PROPN"]
CASED_ALIAS_MAX = 5
CLIMB_DEPS = {"compound", "amod", "nmod", "appos", "nummod"}
_NON_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class Entry:
    name: str  # canonical name, or a template containing "{country}"
    actor_class: str
    country: Optional[str] = None
    by_role: Optional[str] = None

    @property
    def generic(self) -> bool:
        return "{country}" in self.name


@dataclass(frozen=True, slots=True)
class Lexicon:
    named: tuple[tuple[Entry, tuple[str, ...]], ...]
    generic: tuple[tuple[Entry, tuple[str, ...]], ...]
    members: frozenset[str]
    violent: frozenset[str]
    needs_attack_object: frozenset[str]
    attack_nouns: frozenset[str]
    target_preps: frozenset[str]
    agent_preps: frozenset[str]
    claim_verbs: frozenset[str]
    responsibility_verbs: frozenset[str]
    responsibility_nouns: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = resources.load_json("actors.json")
    named = tuple(
        (Entry(e["name"], e["class"], e.get("country")), tuple(e["aliases"])) for e in data["named"]
    )
    generic = tuple(
        (Entry(g["template"], g["class"], None, g.get("by_role")), tuple(g["phrases"]))
        for g in data["generic"]
    )
    return Lexicon(
        named=named,
        generic=generic,
        members=frozenset(data["member_nouns"]),
        violent=frozenset(data["violent_verbs"]),
        needs_attack_object=frozenset(data["needs_attack_object"]),
        attack_nouns=frozenset(data["attack_nouns"]),
        target_preps=frozenset(data["target_preps"]),
        agent_preps=frozenset(data["agent_preps"]),
        claim_verbs=frozenset(data["claim_verbs"]),
        responsibility_verbs=frozenset(data["responsibility_verbs"]),
        responsibility_nouns=frozenset(data["responsibility_nouns"]),
    )


def alias_key(text: str) -> str:
    """Lowercase words without punctuation or a leading "the": the alias index key."""
    words = _NON_WORD.sub(" ", text.lower()).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


@lru_cache(maxsize=1)
def alias_index() -> dict[str, int]:
    """alias key -> index of the named entry."""
    return {alias_key(a): i for i, (_, aliases) in enumerate(lexicon().named) for a in aliases}


def _is_cased(alias: str) -> bool:
    return " " not in alias and len(alias) <= CASED_ALIAS_MAX


# --- matchers --------------------------------------------------------------------


def _generic_patterns(words: list[str]) -> list[list[dict]]:
    """Earlier words by lowercase text, the head word by lemma (either case) or text;
    a one-word phrase must be a noun ("suspect", not "suspected")."""
    head = words[-1]
    lead = [{"LOWER": w} for w in words[:-1]]
    pos = {} if lead else {"POS": {"IN": HEAD_POS}}
    variants = ({"LEMMA": head}, {"LEMMA": head.capitalize()}, {"LOWER": head})
    return [lead + [{**variant, **pos}] for variant in variants]


@dataclass
class Matchers:
    cased: PhraseMatcher
    uncased: PhraseMatcher
    generic: Matcher


def build_matchers(nlp: Language) -> Matchers:
    vocab: Vocab = nlp.vocab
    matchers = Matchers(PhraseMatcher(vocab, attr="ORTH"), PhraseMatcher(vocab, attr="LOWER"), Matcher(vocab))
    for i, (_, aliases) in enumerate(lexicon().named):
        cased = [nlp.make_doc(a) for a in aliases if _is_cased(a)]
        uncased = [nlp.make_doc(a) for a in aliases if not _is_cased(a)]
        if cased:
            matchers.cased.add(f"N{i}", cased)
        if uncased:
            matchers.uncased.add(f"N{i}", uncased)
    for i, (_, phrases) in enumerate(lexicon().generic):
        patterns = []
        for phrase in phrases:
            patterns += _generic_patterns([t.lower_ for t in nlp.make_doc(phrase)])
        matchers.generic.add(f"G{i}", patterns)
    return matchers


def _in_capitals(doc: Doc, start: int, end: int) -> bool:
    """A short acronym inside an all-capitals line ("THIS IS IT") is not the acronym."""
    neighbours = [doc[i] for i in (start - 1, end) if 0 <= i < len(doc)]
    return any(t.is_alpha and t.is_upper and len(t) > 1 for t in neighbours)


def _extend_members(doc: Doc, end: int) -> int:
    """End after member nouns: "ISIS" + "fighters" in "ISIS fighters"."""
    members = lexicon().members
    while end < len(doc) and doc[end].lemma_.lower() in members:
        end += 1
    return end


def _named_candidates(doc: Doc, matchers: Matchers) -> Iterator[Span]:
    for match_id, start, end in matchers.cased(doc):
        if not _in_capitals(doc, start, end):
            yield Span(doc, start, _extend_members(doc, end), label=match_id)
    for match_id, start, end in matchers.uncased(doc):
        yield Span(doc, start, _extend_members(doc, end), label=match_id)
    index = alias_index()
    for ent in doc.ents:
        if ent.label_ in ENTITY_LABELS and alias_key(ent.text) in index:
            label = doc.vocab.strings.add(f"N{index[alias_key(ent.text)]}")
            start = ent.start + 1 if ent[0].lower_ == "the" else ent.start
            yield Span(doc, start, _extend_members(doc, ent.end), label=label)


def _country_before(doc: Doc, start: int) -> tuple[Optional[str], int]:
    """("FR", start - 1) for "French police"; ("NG", start - 2) for "Nigeria's army"."""
    if start >= 1:
        cc = gazetteer.country_from_adjective(doc[start - 1].text)
        if cc and doc[start - 1].is_title:
            return cc, start - 1
    if start >= 2 and doc[start - 1].tag_ == "POS" and doc[start - 2].ent_type_ == "GPE":
        countries = [e.country for e in gazetteer.lookup(doc[start - 2].text) if e.kind == "country"]
        if countries:
            return countries[0], start - 2
    return None, start


def _generic_candidates(doc: Doc, matchers: Matchers) -> Iterator[Span]:
    for match_id, start, end in matchers.generic(doc):
        yield Span(doc, start, end, label=match_id)


# --- roles -----------------------------------------------------------------------


def _child(token: Token, *deps: str) -> Optional[Token]:
    return next((c for c in token.children if c.dep_ in deps), None)


def is_violent(verb: Token) -> bool:
    lex = lexicon()
    lemma = verb.lemma_.lower()
    if lemma not in lex.violent:
        return False
    if lemma in lex.needs_attack_object:
        obj = _child(verb, "dobj")
        return obj is not None and obj.lemma_.lower() in lex.attack_nouns
    return True


def is_claim(verb: Token) -> bool:
    """"claimed responsibility/the attack/to have killed", "took responsibility"."""
    lex = lexicon()
    lemma = verb.lemma_.lower()
    if lemma in lex.claim_verbs:
        return _child(verb, "dobj", "xcomp") is not None
    obj = _child(verb, "dobj")
    if lemma not in lex.responsibility_verbs or obj is None:
        return False
    return obj.lemma_.lower() in lex.responsibility_nouns


def _anchor(token: Token) -> Token:
    """The token whose grammatical function is the mention's: climbs out of
    compounds, appositions, coordinations and "members of X"."""
    node = token
    for _ in range(len(token.doc)):
        head = node.head
        if head is node:
            return node
        if node.dep_ in CLIMB_DEPS or (node.dep_ == "conj" and head.pos_ in NOMINAL_POS):
            node = head
        elif node.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in NOMINAL_POS:
            node = head.head
        elif node.dep_ == "poss" and head.lemma_.lower() not in lexicon().attack_nouns:
            node = head
        else:
            return node
    return node


def _prep_role(prep: Token) -> Optional[str]:
    """Role of the object of a preposition from what the preposition hangs on."""
    lex = lexicon()
    governor = prep.head
    if governor.pos_ in {"VERB", "AUX"}:
        violent = is_violent(governor)
    else:
        violent = governor.lemma_.lower() in lex.attack_nouns
    if not violent:
        return None
    if prep.dep_ == "agent" or prep.lower_ in lex.agent_preps:
        return "perpetrator"
    if prep.lower_ in lex.target_preps:
        return "target"
    return None


def role_of(span: Span) -> tuple[Optional[str], bool]:
    """(role_hint, claimant) of a mention."""
    anchor = _anchor(span.root)
    head, dep = anchor.head, anchor.dep_
    if anchor.pos_ not in NOMINAL_POS and span.end < len(span.doc) and span.doc[span.end].pos_ == "VERB":
        head, dep = span.doc[span.end], "nsubj"  # parser read a short acronym as a verb
    if dep == "nsubj":
        if is_claim(head):
            return "perpetrator", True
        return ("perpetrator" if is_violent(head) else None), False
    if dep in {"nsubjpass", "dobj"}:
        return ("target" if is_violent(head) else None), False
    if dep == "poss":
        return "perpetrator", False  # _anchor stops at poss only before an attack noun
    if dep == "pobj":
        if head.dep_ == "agent" and head.head.lemma_.lower() in lexicon().claim_verbs:
            return "perpetrator", True
        return _prep_role(head), False
    return None, False


# --- values ----------------------------------------------------------------------


def _entry(doc: Doc, span: Span) -> Entry:
    key = doc.vocab.strings[span.label]
    table = lexicon().named if key[0] == "N" else lexicon().generic
    return table[int(key[1:])][0]


def _value(span: Span, entry: Entry, country: Optional[str]) -> mentions.ActorValue:
    role, claimant = role_of(span)
    if entry.generic and country:
        name = entry.name.format(country=gazetteer.country_name(country))
    else:
        name = entry.name
    return mentions.ActorValue(
        name=name,
        actor_class=entry.actor_class,
        country=country or entry.country,
        generic=entry.generic and not country,
        template=entry.name if entry.generic else None,
        role_hint=role,
        claimant=claimant,
    )


def _with_country(doc: Doc, span: Span) -> tuple[Span, Optional[str]]:
    """Widen a generic state-forces/government mention over its nationality word."""
    entry = _entry(doc, span)
    if not entry.generic or entry.actor_class not in {"state_forces", "government"}:
        return span, None
    cc, start = _country_before(doc, span.start)
    return Span(doc, start, span.end, label=span.label), cc


def find_actors(doc: Doc, matchers: Matchers) -> list[Span]:
    """Actor mentions of ``doc``, longest first on overlaps, in text order."""
    candidates = list(_named_candidates(doc, matchers))
    countries: dict[tuple[int, int], Optional[str]] = {}
    for span in _generic_candidates(doc, matchers):
        by_role = _entry(doc, span).by_role
        if by_role and role_of(span)[0] != by_role:
            continue
        widened, cc = _with_country(doc, span)
        countries[(widened.start, widened.end)] = cc
        candidates.append(widened)
    spans = filter_spans(candidates)
    for span in spans:
        span._.evex = _value(span, _entry(doc, span), countries.get((span.start, span.end)))
    return spans


@Language.factory("evex_actors", assigns=["doc.spans"])
def make_component(nlp: Language, name: str) -> "Component":
    return Component(build_matchers(nlp))


class Component:
    def __init__(self, matchers: Matchers):
        self.matchers = matchers

    def __call__(self, doc: Doc) -> Doc:
        doc.spans[mentions.ACTORS] = find_actors(doc, self.matchers)
        return doc
