"""evex_triggers: the words that report an event, with their type and modality.

Writes ``doc.spans["evex_triggers"]``; each span's ``span._.evex`` is a
:class:`pipeline.mentions.TriggerValue`. The lexicon (``resources/triggers.json``)
lists, per event type, phrases in lemma form with a weight; the component turns
them into ``Matcher`` patterns on ``LEMMA`` and on ``LOWER``. For each match it
decides, from the dependency parse:

- whether the match counts at all (``context`` / ``exclude`` lemmas near it);
- the type, for words whose type depends on who did what to whom (``retype``:
  "police killed three militants" is a security operation, "militants killed
  two police officers" an attack);
- the modality: ``negated`` ("no attacks"), ``hypothetical`` (plans, fears,
  threats, modal or conditional clauses, habitual or aggregate statements,
  prevented acts) or ``asserted``;
- the mention function: ``reference`` ("the attack"), ``background`` (inside a
  noun modifier: "militants implicated in the attack") or ``event``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Optional

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline import mentions, resources

LEXICON = "triggers.json"
VERBAL = {"VERB", "AUX"}
# Dependencies through which a cue of a governing word reaches the trigger.
COMPLEMENT_DEPS = {"xcomp", "ccomp", "conj", "pcomp", "acomp", "oprd"}
SUBJECT_DEPS = {"nsubj", "csubj"}
PATIENT_DEPS = {"dobj", "nsubjpass", "obj"}
NOUN_PHRASE_DEPS = {"compound", "amod", "nmod", "conj", "appos", "nummod"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry."""

    event_type: str
    weight: float
    context: frozenset[str]
    exclude: frozenset[str]
    retype: bool


@dataclass(frozen=True, slots=True)
class Cues:
    """Cue lemmas of the lexicon, as sets."""

    plan: frozenset[str]
    plan_nouns: frozenset[str]
    fear: frozenset[str]
    ready: frozenset[str]
    modal: frozenset[str]
    conditional: frozenset[str]
    habitual: frozenset[str]
    aggregate: frozenset[str]
    prevention: frozenset[str]
    negation: frozenset[str]
    reference: frozenset[str]
    background_deps: frozenset[str]
    trend: frozenset[str]
    setting: frozenset[str]
    state: frozenset[str]
    militant: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> dict:
    return resources.load_json(LEXICON)


@lru_cache(maxsize=1)
def cues() -> Cues:
    mod, part = lexicon()["modality"], lexicon()["participants"]
    sets = {key: frozenset(mod[name]) for key, name in (
        ("plan", "plan_lemmas"), ("plan_nouns", "plan_nouns"), ("fear", "fear_lemmas"),
        ("ready", "ready_adjectives"), ("modal", "modal_auxiliaries"),
        ("conditional", "conditional_marks"), ("habitual", "habitual_adverbs"),
        ("aggregate", "aggregate_quantifiers"), ("prevention", "prevention_lemmas"),
        ("negation", "negation_words"), ("reference", "reference_determiners"),
        ("background_deps", "background_deps"), ("trend", "trend_marks"),
        ("setting", "setting_preps"))}
    return Cues(**sets, state=frozenset(part["state_words"]),
                militant=frozenset(part["militant_words"]))


def build_matcher(nlp: Language) -> tuple[Matcher, dict[str, Entry]]:
    """``Matcher`` patterns (one LEMMA and one LOWER variant per phrase) and their entries."""
    matcher = Matcher(nlp.vocab)
    entries: dict[str, Entry] = {}
    for event_type, items in lexicon()["types"].items():
        for item in items:
            key = f"evex_trigger_{len(entries)}"
            entries[key] = Entry(event_type, float(item["weight"]),
                                 frozenset(item.get("context", ())),
                                 frozenset(item.get("exclude", ())), bool(item.get("retype")))
            words = [t.lower_ for t in nlp.make_doc(item["phrase"])]
            patterns = [[{attr: w} for w in words] for attr in ("LEMMA", "LOWER")]
            if "pos" in item:
                for pattern in patterns:
                    pattern[0]["POS"] = {"IN": item["pos"]}
            matcher.add(key, patterns)
    return matcher, entries


@Language.factory("evex_triggers", assigns=["doc.spans"],
                  requires=["token.dep", "token.lemma", "token.pos"])
def make_component(nlp: Language, name: str) -> "TriggerTagger":
    return TriggerTagger(nlp)


class TriggerTagger:
    def __init__(self, nlp: Language) -> None:
        self.matcher, self.entries = build_matcher(nlp)

    def __call__(self, doc: Doc) -> Doc:
        found: dict[tuple[int, int], Entry] = {}
        for key, start, end in self.matcher(doc):
            entry = self.entries[doc.vocab.strings[key]]
            best = found.get((start, end))
            if best is None or entry.weight > best.weight:
                found[(start, end)] = entry
        spans = filter_spans([Span(doc, s, e, label=found[(s, e)].event_type) for s, e in found])
        state_tokens = actor_tokens(doc, "state_forces")
        kept = []
        for span in spans:
            value = trigger_value(span, found[(span.start, span.end)], cues(), state_tokens)
            if value is not None:
                span._.evex = value
                kept.append(span)
        doc.spans[mentions.TRIGGERS] = kept
        return doc


def actor_tokens(doc: Doc, actor_class: str) -> frozenset[int]:
    """Indices of the tokens inside actor mentions of ``actor_class`` (if actors ran)."""
    group = doc.spans[mentions.ACTORS] if mentions.ACTORS in doc.spans else []
    return frozenset(i for span in group
                     if span._.evex is not None and span._.evex.actor_class == actor_class
                     for i in range(span.start, span.end))


def trigger_value(span: Span, entry: Entry, c: Cues,
                  state_tokens: frozenset[int]) -> Optional[mentions.TriggerValue]:
    root = span.root
    near = neighbourhood(root)
    if entry.context and not entry.context & near:
        return None
    if entry.exclude & near:
        return None
    event_type = entry.event_type
    if entry.retype and by_state_forces(root, c, state_tokens):
        event_type = "security_operation"
    return mentions.TriggerValue(event_type=event_type, modality=modality(root, c),
                                 strength=entry.weight, mention=function(root, c))


def neighbourhood(token: Token) -> set[str]:
    """Lemmas within two dependency steps (a preposition does not count as a step):
    children, grandchildren, head, siblings ("responsibility for the collapse":
    the head of the preposition is the head)."""
    near = {t for child in token.children for t in (child, *child.children)}
    near.update(g for t in list(near) if t.dep_ == "prep" for c in t.children for g in c.children)
    head = token.head.head if token.head.dep_ == "prep" else token.head
    near.update((token.head, head, *head.children))
    near.discard(token)
    return {t.lemma_.lower() for t in near}


# --- participants -----------------------------------------------------------------


def by_state_forces(verb: Token, c: Cues, state_tokens: frozenset[int]) -> bool:
    """True when a state force is the agent, or a militant the victim, of ``verb``."""
    agents, patients = participants(verb)
    if any(is_kind(t, c.state, state_tokens) for t in agents):
        return True
    return bool(patients) and not agents_militant(agents, c) and any(
        is_kind(t, c.militant, frozenset()) for t in patients)


def agents_militant(agents: list[Token], c: Cues) -> bool:
    return any(is_kind(t, c.militant, frozenset()) for t in agents)


def participants(verb: Token) -> tuple[list[Token], list[Token]]:
    """(agents, patients) of a verb; a subjectless verb borrows its governor's subject."""
    agents = [t for t in verb.children if t.dep_ in SUBJECT_DEPS]
    agents += [p for t in verb.children if t.dep_ == "agent" for p in t.children if p.dep_ == "pobj"]
    patients = [t for t in verb.children if t.dep_ in PATIENT_DEPS]
    if not agents and verb.dep_ in {"conj", "advcl", "xcomp"} and verb.head.i != verb.i:
        agents = [t for t in verb.head.children if t.dep_ in SUBJECT_DEPS]
    return agents, patients


def is_kind(token: Token, words: frozenset[str], tagged: frozenset[int]) -> bool:
    """True when the noun phrase headed by ``token`` names one of ``words`` (or is tagged)."""
    return any(t.lemma_.lower() in words or t.lower_ in words or t.i in tagged
               for t in noun_phrase(token))


def noun_phrase(token: Token) -> Iterable[Token]:
    """The head noun, its modifiers and conjuncts, and an ``of`` complement ("a group of police")."""
    yield token
    for child in token.children:
        if child.dep_ in NOUN_PHRASE_DEPS:
            yield from noun_phrase(child)
        elif child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    yield from noun_phrase(obj)


# --- modality ---------------------------------------------------------------------


def modality(root: Token, c: Cues) -> str:
    if negated(root, c):
        return "negated"
    if aggregate(root, c) or irrealis(root, c):
        return "hypothetical"
    return "asserted"


def negated(root: Token, c: Cues) -> bool:
    """A negation on the trigger ("did not attack", "no attacks") or on its governing verb."""
    if any(ch.dep_ in {"neg", "det", "advmod"} and ch.lower_ in c.negation for ch in root.children):
        return True
    if root.pos_ in VERBAL:
        return False
    governor = verbal_governor(root)
    return governor is not None and any(
        ch.dep_ == "neg" and ch.lower_ in c.negation for ch in governor.children)


def verbal_governor(token: Token) -> Optional[Token]:
    """The nearest verb above a noun (through prepositions)."""
    head = token.head
    while head.head.i != head.i and head.pos_ not in VERBAL and head.dep_ in {"prep", "pobj", "dobj", "attr"}:
        head = head.head
    return head if head.pos_ in VERBAL and head.i != token.i else None


def aggregate(root: Token, c: Cues) -> bool:
    """A counted-up or serial statement: "many attacks", "a series of attacks"."""
    if root.pos_ in VERBAL:
        return False
    if any(ch.lemma_.lower() in c.aggregate and ch.dep_ in {"amod", "det", "nummod", "quantmod"}
           for ch in root.children):
        return True
    head = root.head
    return (root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in c.aggregate)


def irrealis(root: Token, c: Cues) -> bool:
    """Climb from the trigger through complements: any plan, fear, modal, condition,
    habit, trend or prevention cue on the way makes the trigger hypothetical. A
    setting ("in a video", "during a raid") is not governed by the verb's plan."""
    token, first = root, True
    while True:
        if not first and governs_irrealis(token, c):
            return True
        if has_irrealis_child(token, c):
            return True
        if token.head.i == token.i:
            return False
        if token.pos_ in VERBAL and token.dep_ not in COMPLEMENT_DEPS:
            # a purpose infinitive still hangs on its governor: "foiled a plot to bomb"
            return infinitive(token) and governs_irrealis(token.head, c)
        if token.dep_ == "prep" and token.lower_ in c.setting:
            return False  # "in a video, he urged ...": the video is real
        token, first = token.head, False


def infinitive(verb: Token) -> bool:
    return any(ch.dep_ == "aux" and ch.lower_ == "to" for ch in verb.children)


def governs_irrealis(token: Token, c: Cues) -> bool:
    lemma = token.lemma_.lower()
    if token.pos_ in VERBAL:
        return lemma in c.plan or lemma in c.fear or lemma in c.prevention
    if token.pos_ == "NOUN":
        return lemma in c.plan_nouns or lemma in c.fear
    return token.pos_ == "ADJ" and lemma in c.ready


def has_irrealis_child(token: Token, c: Cues) -> bool:
    for child in token.children:
        word = child.lower_
        if child.dep_ == "aux" and word in c.modal:
            return True
        if child.dep_ == "mark" and word in c.conditional:
            return True
        if child.dep_ == "advmod" and word in c.habitual:
            return True
        if child.dep_ == "acomp" and child.lemma_.lower() in c.ready:
            return True  # "was ready to start a war"
        if word in c.trend and child.dep_ in {"prep", "mark"} and perfect(token):
            return True
    return False


def perfect(token: Token) -> bool:
    return any(ch.dep_ == "aux" and ch.lemma_ == "have" for ch in token.children)


# --- mention function ------------------------------------------------------------


def function(root: Token, c: Cues) -> str:
    if in_noun_modifier(root, c):
        return "background"
    if root.pos_ not in VERBAL and any(
            ch.dep_ in {"det", "poss"} and ch.lower_ in c.reference for ch in root.children):
        return "reference"
    return "event"


def in_noun_modifier(root: Token, c: Cues) -> bool:
    """True when the trigger sits in an ``acl``/``relcl`` below its clause's predicate."""
    token = root
    while token.head.i != token.i:
        if token.dep_ in c.background_deps:
            return True
        if token.pos_ in VERBAL and token.dep_ not in {"xcomp", "pcomp"}:
            return False
        token = token.head
    return False
