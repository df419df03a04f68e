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
  ``Military Forces of {country}`` (also special forces), ``Security Services of
  {country}`` (security forces/services, intelligence), ``Government of {country}``,
  ``Civilians ({country})`` and ``Unidentified Armed Group ({country})``
  (class ``militant_group``: gunmen, militants, attackers). ``{country}`` takes
  a country's common name, with its article only right after "of"
  (:func:`fill_template`: "Police Forces of the Philippines", "Civilians
  (Philippines)"). A nationality word, "<Country>'s" or a country name in front
  ("Uganda police") fixes it for state forces and government ("an Afghan police convoy" -> Police
  Forces of Afghanistan, ``generic=False``); otherwise the value has
  ``generic=True``, ``name`` equal to the raw template and event assembly fills
  ``{country}`` with the event's country. Nationality is not applied to armed
  groups or civilians ("Tajik militants" are not a group of Tajikistan).
  Entries with ``by_role`` ("a 30-year-old man", "a mosque") count only when
  the mention gets that role; entries with ``needs_country`` ("forces") only with
  a nationality in front ("Iraqi forces").

Two more kinds of mention are made from the parse:

* a country named as the actor of an act of state (``act_verbs``: designate,
  sanction, convict...), as subject or as "by <Country>" anywhere in the verb's
  complement ("was proscribed as a terrorist entity by Canada"), is
  ``country_agent_template`` of that country ("Government of Canada");
* "the group", "the militant organization" (``anaphors``) as the subject of a claim
  or of a violent verb is a mention with ``anaphor=True`` and an empty name:
  event assembly resolves it to the document's group. An anaphor in any other
  function is no mention.

Longest match wins (``spacy.util.filter_spans``). ``role_hint`` comes from the
dependency parse: subject of a violent verb or agent ("by X") of one, agent of an
attack noun ("an attack by/from X"), possessor of an attack noun, subject of a verb
whose complement is violent ("managed to attack") or that has a violent participle
clause without a subject of its own ("raided a camp, killing six": the clause's
implicit subject is the main one), subject of "be behind" / "be responsible for" an
attack noun -> ``perpetrator``; object or passive subject of a violent verb, object
of "on/against/at" after a violent verb or attack noun -> ``target``; the same
for acts of state ("X was designated by Y"), except that generic entries with
``by_role`` are filtered on violent roles only ("convicted three men" makes no
civilian target); a group named after an ``affiliation_words`` word under an
arrest or act verb ("held for membership of X") -> ``target``; anything else
(including "clashes between X and Y") -> None. ``claimant`` is set for the
subject of "claimed (responsibility / the attack / to have ...)", "took
responsibility", and the agent of "was claimed by X"; a claimant is also a
perpetrator.

An acronym defined after a mention ("Armenian National Security Service (NSS)")
names the same actor wherever else it is used ("NSS officers"). A generic
armed-group or civilian word inside a capitalized name ("Monument to the Unknown
Rebel") is no mention, nor is a ``by_role`` place searched in an
operation ("a raid on a farmhouse": ``operation_nouns``). The grammatical head of a mention
is its last nominal token whose head lies outside it, so an acronym the parser
read as a verb ("IS fighters") does not hide the noun's function.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator, Optional

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans
from spacy.vocab import Vocab

from pipeline import gazetteer, mentions, resources
from pipeline.tokenmatch import make_matcher

ENTITY_LABELS = {"ORG", "NORP", "PERSON", "GPE"}
NOMINAL_POS = {"NOUN", "PROPN", "PRON", "NUM"}
HEAD_POS = ["NOUN", "PROPN"]
CASED_ALIAS_MAX = 5
CLIMB_DEPS = {"compound", "amod", "nmod", "appos", "nummod"}
VERBAL_POS = {"VERB", "AUX"}
# dependencies followed from a nominal up to the verb its phrase complements
COMPLEMENT_DEPS = {"prep", "pobj", "pcomp", "dobj", "attr", "oprd", "appos", "nmod", "compound", "amod"}
# dependencies followed from an affiliation word up to an arrest or act verb
AFFILIATION_DEPS = COMPLEMENT_DEPS | {"acl", "relcl", "advcl", "xcomp", "conj"}
MAX_CLIMB = 8
NAME_WORDS_BEFORE = 2  # "National" in "Armenian National Security Service"
COUNTRY_NAME_WORDS = 3  # "United Arab Emirates" before "Department of State"
ANAPHOR = "anaphor"
_NON_WORD = re.compile(r"[^\w]+")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&-]{1,7}$")


@dataclass(frozen=True, slots=True)
class Entry:
    name: str  # canonical name, or a template containing "{country}"
    actor_class: str
    country: Optional[str] = None
    by_role: Optional[str] = None
    needs_country: bool = False  # "Iraqi forces" counts, bare "forces" does not

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
    noun_agent_preps: frozenset[str]
    behind_preps: frozenset[str]
    responsible_words: frozenset[str]
    claim_verbs: frozenset[str]
    responsibility_verbs: frozenset[str]
    responsibility_nouns: frozenset[str]
    act_verbs: frozenset[str]
    arrest_verbs: frozenset[str]
    affiliation: frozenset[str]
    anaphor_dets: tuple[str, ...]
    anaphor_modifiers: tuple[str, ...]
    anaphor_nouns: tuple[str, ...]
    agent_template: str
    operation_nouns: frozenset[str]
    article_countries: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = resources.load_json("actors.json")
    named = tuple(
        (Entry(e["name"], e["class"], e.get("country")), tuple(e["aliases"])) for e in data["named"]
    )
    generic = tuple(
        (Entry(g["template"], g["class"], None, g.get("by_role"), g.get("needs_country", False)),
         tuple(g["phrases"]))
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
        noun_agent_preps=frozenset(data["noun_agent_preps"]),
        behind_preps=frozenset(data["behind_preps"]),
        responsible_words=frozenset(data["responsible_words"]),
        claim_verbs=frozenset(data["claim_verbs"]),
        responsibility_verbs=frozenset(data["responsibility_verbs"]),
        responsibility_nouns=frozenset(data["responsibility_nouns"]),
        act_verbs=frozenset(data["act_verbs"]),
        arrest_verbs=frozenset(data["arrest_verbs"]),
        affiliation=frozenset(data["affiliation_words"]),
        anaphor_dets=tuple(data["anaphors"]["determiners"]),
        anaphor_modifiers=tuple(data["anaphors"]["modifiers"]),
        anaphor_nouns=tuple(data["anaphors"]["nouns"]),
        agent_template=data["country_agent_template"],
        operation_nouns=frozenset(data["operation_nouns"]),
        article_countries=frozenset(data["countries_with_article"]),
    )


def country_label(cc: str, template: str = "of {country}") -> str:
    """A country's name as it reads in ``template``: with its article right after "of"
    ("Police Forces of the Philippines"), bare elsewhere ("Civilians (Philippines)")."""
    name = gazetteer.country_name(cc)
    after_of = "of {country}" in template
    return f"the {name}" if after_of and cc in lexicon().article_countries else name


def fill_template(template: str, cc: str) -> str:
    """A generic actor's name for country ``cc``: "Unidentified Armed Group (Philippines)"."""
    return template.format(country=country_label(cc, template))


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


def _anaphor_pattern() -> list[dict]:
    """"the group", "this militant organization"."""
    lex = lexicon()
    return [
        {"LOWER": {"IN": list(lex.anaphor_dets)}},
        {"LOWER": {"IN": list(lex.anaphor_modifiers)}, "OP": "?"},
        {"LEMMA": {"IN": list(lex.anaphor_nouns)}, "POS": "NOUN"},
    ]


@dataclass
class Matchers:
    cased: PhraseMatcher
    uncased: PhraseMatcher
    generic: Callable[[Doc], list[tuple[int, int, int]]]  # a Matcher or its fast stand-in
    anaphor: Matcher


def _generic_matcher(nlp: Language) -> Callable[[Doc], list[tuple[int, int, int]]]:
    keyed = []
    for i, (_, phrases) in enumerate(lexicon().generic):
        patterns = []
        for phrase in phrases:
            patterns += _generic_patterns([t.lower_ for t in nlp.make_doc(phrase)])
        keyed.append((f"G{i}", patterns))
    return make_matcher(nlp.vocab, keyed)


def build_matchers(nlp: Language) -> Matchers:
    vocab: Vocab = nlp.vocab
    matchers = Matchers(PhraseMatcher(vocab, attr="ORTH"), PhraseMatcher(vocab, attr="LOWER"),
                        _generic_matcher(nlp), Matcher(vocab))
    matchers.anaphor.add(ANAPHOR, [_anaphor_pattern()])
    for i, (_, aliases) in enumerate(lexicon().named):
        cased = [nlp.make_doc(a) for a in aliases if _is_cased(a)]
        uncased = [nlp.make_doc(a) for a in aliases if not _is_cased(a)]
        if cased:
            matchers.cased.add(f"N{i}", cased)
        if uncased:
            matchers.uncased.add(f"N{i}", uncased)
    return matchers


def _in_capitals(doc: Doc, start: int, end: int) -> bool:
    """A short acronym inside an all-capitals line ("THIS IS IT") is not the acronym."""
    neighbours = [doc[i] for i in (start - 1, end) if 0 <= i < len(doc)]
    return any(t.is_alpha and t.is_upper and len(t) > 1 for t in neighbours)


def _is_acronym(token: Token) -> bool:
    return bool(_ACRONYM.match(token.text))


def _acronym_at(doc: Doc, i: int) -> Optional[Token]:
    """The acronym of "( ABC )" starting at token ``i``."""
    window = doc[i:i + 3]
    if len(window) == 3 and window[0].text == "(" and window[2].text == ")" and _is_acronym(window[1]):
        return window[1]
    return None


def _extend_members(doc: Doc, end: int) -> int:
    """End after member nouns: "ISIS" + "fighters" in "ISIS fighters", also over a
    defined acronym ("Jamaat Nusrat al-Islam wal-Muslimin (JNIM) fighters")."""
    members = lexicon().members
    if _acronym_at(doc, end) is not None and end + 3 < len(doc) and doc[end + 3].lemma_.lower() in members:
        end += 3
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
            end = ent.end
            while end > start + 1 and doc[end - 1].is_punct:
                end -= 1  # an entity the tagger closed after "("
            yield Span(doc, start, _extend_members(doc, end), label=label)


def _country_before(doc: Doc, start: int) -> tuple[Optional[str], int]:
    """("FR", start - 1) for "French police"; ("NG", start - 2) for "Nigeria's army";
    ("AM", start - 2) for "Armenian National Security Service" (capitalized words of the
    body's name may stand between)."""
    for i in range(start - 1, max(start - 2 - NAME_WORDS_BEFORE, -1), -1):
        cc = gazetteer.country_from_adjective(doc[i].text)
        if cc and doc[i].is_title:
            return cc, i
        if not doc[i].is_title or doc[i].is_sent_start:
            break
    end = start - 1 if start >= 1 and doc[start - 1].tag_ == "POS" else start
    return _country_entity_before(doc, end) or (None, start)


def _country_entity_before(doc: Doc, end: int) -> Optional[tuple[str, int]]:
    """(code, first token) of a country name ending at ``end``: "Nigeria's army",
    "Uganda police", "the United States Department of State"."""
    for first in range(end - 1, max(end - 1 - COUNTRY_NAME_WORDS, -1), -1):
        if not doc[first].is_title:
            return None
        countries = [e.country for e in gazetteer.lookup(doc[first:end].text) if e.kind == "country"]
        if countries:
            return countries[0], first
    return None


def _in_proper_name(span: Span) -> bool:
    """"Rebel" in "Hall of the Unknown Rebel": a capitalized word after
    another one inside a sentence belongs to a name."""
    first = span[0]
    if first.is_sent_start or first.i == 0 or first.tag_ != "NNP":
        return False
    before = span.doc[first.i - 1]
    return before.is_title and not before.is_sent_start and not gazetteer.country_from_adjective(before.text)


def _generic_candidates(doc: Doc, matchers: Matchers) -> Iterator[Span]:
    for match_id, start, end in matchers.generic(doc):
        yield Span(doc, start, end, label=match_id)


def _anaphor_candidates(doc: Doc, matchers: Matchers) -> Iterator[Span]:
    """"the group" as claimant or attacker; "the group of men" describes, it does not refer."""
    for match_id, start, end in matchers.anaphor(doc):
        span = Span(doc, start, end, label=match_id)
        described = any(c.dep_ == "prep" and c.lower_ == "of" for c in span[-1].children)
        if not described and role_of(span)[0] == "perpetrator":
            yield span


@lru_cache(maxsize=1)
def _agent_label() -> str:
    """The label of the generic entry a country agent takes ("Government of {country}")."""
    names = [entry.name for entry, _ in lexicon().generic]
    return f"G{names.index(lexicon().agent_template)}"


def _country_agents(doc: Doc) -> Iterator[tuple[Span, str]]:
    """(span, country code) of countries named as the actor of an act of state."""
    for ent in doc.ents:
        if ent.label_ != "GPE":
            continue
        start = ent.start + 1 if ent[0].lower_ == "the" else ent.start
        countries = [e.country for e in gazetteer.lookup(ent.text) if e.kind == "country"]
        span = Span(doc, start, ent.end, label=_agent_label())
        if countries and _is_act_agent(span):
            yield span, countries[0]


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


def is_act(verb: Token) -> bool:
    """An act of state: "designated", "sanctioned", "convicted"."""
    return verb.pos_ in VERBAL_POS and verb.lemma_.lower() in lexicon().act_verbs


def _governing_verb(token: Token) -> Optional[Token]:
    """The verb whose complement holds ``token`` ("designated" for "organization" in
    "designated as a terrorist organization")."""
    node = token
    for _ in range(MAX_CLIMB):
        if node.pos_ in VERBAL_POS:
            return node
        if node.dep_ not in COMPLEMENT_DEPS or node.head is node:
            return None
        node = node.head
    return None


def _span_head(span: Span) -> Token:
    """The last nominal token whose head lies outside the span (else the span's root)."""
    outside = [t for t in span if not (span.start <= t.head.i < span.end) or t.head is t]
    nominal = [t for t in outside if t.pos_ in NOMINAL_POS]
    return nominal[-1] if nominal else span.root


def _is_act_by(prep: Token) -> bool:
    """"by" naming the actor of an act of state, on the verb or in its complement
    ("listed as a terrorist entity by Canada")."""
    if prep.lower_ not in lexicon().agent_preps:
        return False
    verb = _governing_verb(prep.head)
    return verb is not None and is_act(verb)


def _is_act_agent(span: Span) -> bool:
    """Subject of an act of state, or its agent."""
    anchor = _anchor(_span_head(span))
    if anchor.dep_ == "nsubj":
        return is_act(anchor.head)
    return anchor.dep_ == "pobj" and _is_act_by(anchor.head)


def _is_affiliation_target(anchor: Token) -> bool:
    """"held for membership of X", "detained on charges of joining X"."""
    lex = lexicon()
    word = anchor.head.head if anchor.dep_ == "pobj" else anchor.head
    if anchor.dep_ not in {"pobj", "dobj"} or word.lemma_.lower() not in lex.affiliation:
        return False
    node = word.head
    for _ in range(MAX_CLIMB):
        if node.pos_ in VERBAL_POS and node.lemma_.lower() in lex.arrest_verbs:
            return True
        if node.dep_ not in AFFILIATION_DEPS or node.head is node:
            return False
        node = node.head
    return False


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


def _prep_role(prep: Token, acts: bool) -> Optional[str]:
    """Role of the object of a preposition from what the preposition hangs on."""
    lex = lexicon()
    governor = prep.head
    if acts and _is_act_by(prep):
        return "perpetrator"
    if governor.pos_ in VERBAL_POS:
        violent = is_violent(governor) or (acts and is_act(governor))
    else:
        violent = governor.lemma_.lower() in lex.attack_nouns
    if not violent:
        return None
    agent_preps = lex.agent_preps if governor.pos_ in VERBAL_POS else lex.noun_agent_preps
    if prep.dep_ == "agent" or prep.lower_ in agent_preps:
        return "perpetrator"
    if prep.lower_ in lex.target_preps:
        return "target"
    return None


def _acts_on(verb: Token, acts: bool) -> bool:
    return is_violent(verb) or (acts and is_act(verb))


def _violent_complement(child: Token) -> bool:
    """"managed to attack" (xcomp), "raided a camp, killing six" (a participle clause
    without a subject of its own: its implicit subject is the main verb's)."""
    if child.dep_ == "xcomp":
        return is_violent(child)
    return child.dep_ == "advcl" and child.tag_ == "VBG" and _child(child, "nsubj") is None and is_violent(child)


def _is_behind(verb: Token) -> bool:
    """"X was behind the attack", "X is responsible for the bombing"."""
    lex = lexicon()
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in lex.behind_preps:
            prep = child
        elif child.dep_ == "acomp" and child.lower_ in lex.responsible_words:
            prep = _child(child, "prep")
        else:
            continue
        obj = _child(prep, "pobj") if prep is not None else None
        if obj is not None and obj.lemma_.lower() in lex.attack_nouns:
            return True
    return False


def _subject_role(verb: Token, acts: bool) -> tuple[Optional[str], bool]:
    if is_claim(verb):
        return "perpetrator", True
    if _acts_on(verb, acts) or _is_behind(verb) or any(_violent_complement(c) for c in verb.children):
        return "perpetrator", False
    return None, False


def role_of(span: Span, acts: bool = True) -> tuple[Optional[str], bool]:
    """(role_hint, claimant) of a mention; ``acts``: count acts of state as well as violence."""
    anchor = _anchor(_span_head(span))
    head, dep = anchor.head, anchor.dep_
    if anchor.pos_ not in NOMINAL_POS and span.end < len(span.doc) and span.doc[span.end].pos_ == "VERB":
        head, dep = span.doc[span.end], "nsubj"  # parser read a short acronym as a verb
    if dep == "nsubj":
        return _subject_role(head, acts)
    if dep in {"nsubjpass", "dobj"} and _acts_on(head, acts):
        return "target", False
    if _is_affiliation_target(anchor):
        return "target", False
    if dep == "poss":
        return "perpetrator", False  # _anchor stops at poss only before an attack noun
    if dep == "pobj":
        if head.dep_ == "agent" and head.head.lemma_.lower() in lexicon().claim_verbs:
            return "perpetrator", True
        return _prep_role(head, acts), False
    return None, False


# --- values ----------------------------------------------------------------------


def _anaphor_value(span: Span) -> mentions.ActorValue:
    role, claimant = role_of(span)
    return mentions.ActorValue(name="", actor_class="militant_group", role_hint=role,
                               claimant=claimant, anaphor=True)


def _entry(doc: Doc, span: Span) -> Entry:
    key = doc.vocab.strings[span.label]
    table = lexicon().named if key[0] == "N" else lexicon().generic
    return table[int(key[1:])][0]


def _value(span: Span, entry: Entry, country: Optional[str]) -> mentions.ActorValue:
    role, claimant = role_of(span)
    if entry.generic and country:
        name = fill_template(entry.name, country)
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


def _defined_acronyms(doc: Doc, spans: list[Span]) -> dict[str, Span]:
    """"NSS" -> the mention it abbreviates in "Armenian National Security Service (NSS)"."""
    defined: dict[str, Span] = {}
    for span in spans:
        if span.label_ == ANAPHOR or (span.label_[0] == "G" and _entry(doc, span).by_role):
            continue
        acronym = next(filter(None, (_acronym_at(doc, i) for i in range(span.start, span.end + 1))), None)
        if acronym is not None:
            defined.setdefault(acronym.text, span)
    return defined


def _acronym_uses(doc: Doc, spans: list[Span],
                  countries: dict[tuple[int, int], Optional[str]]) -> Iterator[tuple[Span, Optional[str]]]:
    """(span, country) for every use of an acronym the document defines after a mention;
    the acronym names what the mention names."""
    defined = _defined_acronyms(doc, spans)
    for token in doc:
        source = defined.get(token.text)
        if source is not None and not source.start <= token.i <= source.end + 1:
            span = Span(doc, token.i, _extend_members(doc, token.i + 1), label=source.label)
            yield span, countries.get((source.start, source.end))


def _operation_place(span: Span) -> bool:
    """"a farmhouse" in "a raid on a farmhouse": where an operation took place, not its target."""
    anchor = _anchor(_span_head(span))
    prep = anchor.head
    return (anchor.dep_ == "pobj" and prep.lower_ in lexicon().target_preps
            and prep.head.lemma_.lower() in lexicon().operation_nouns)


def _keep_generic(doc: Doc, span: Span) -> bool:
    entry = _entry(doc, span)
    if entry.by_role and (role_of(span, acts=False)[0] != entry.by_role or _operation_place(span)):
        return False
    return entry.actor_class in {"state_forces", "government"} or not _in_proper_name(span)


def find_actors(doc: Doc, matchers: Matchers) -> list[Span]:
    """Actor mentions of ``doc``, longest first on overlaps, in text order."""
    candidates = list(_named_candidates(doc, matchers)) + list(_anaphor_candidates(doc, matchers))
    countries: dict[tuple[int, int], Optional[str]] = {}
    for span in _generic_candidates(doc, matchers):
        if _keep_generic(doc, span):
            widened, cc = _with_country(doc, span)
            if cc is None and _entry(doc, span).needs_country:
                continue
            countries[(widened.start, widened.end)] = cc
            candidates.append(widened)
    for span, cc in _country_agents(doc):
        countries[(span.start, span.end)] = cc
        candidates.append(span)
    spans = filter_spans(candidates)
    for span, cc in _acronym_uses(doc, spans, countries):
        countries[(span.start, span.end)] = cc
        candidates.append(span)
    spans = filter_spans(candidates)
    for span in spans:
        if span.label_ == ANAPHOR:
            span._.evex = _anaphor_value(span)
        else:
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
