"""evex_triggers: the words that report an event, with their type and modality.

Writes ``doc.spans["evex_triggers"]``; each span's ``span._.evex`` is a
:class:`pipeline.mentions.TriggerValue`. The lexicon (``resources/triggers.json``)
lists, per event type, phrases in lemma form with a weight; the component turns
them into ``Matcher`` patterns on ``LEMMA`` and on ``LOWER``. For each match it
decides, from the dependency parse:

- whether the match counts at all (``context`` / ``exclude`` lemmas near it);
- the type, for words whose type depends on who did what to whom (``retype``:
  "police killed three militants" is a security operation, "militants killed
  two police officers" an attack; ``militant_type``: a raid is a security
  operation unless militants carry it out: "militants killed 9 in a night raid");
  the agent of a noun is its "by" phrase, its possessor or the subject of the
  verb it hangs on;
- the modality: ``negated`` ("no attacks"), ``hypothetical`` (plans, fears,
  threats, modal or conditional clauses, habitual or aggregate statements,
  prevented acts) or ``asserted``. Aggregates: counted nouns ("dozens of
  attacks"), a clause over a period ("since 2009", "over the past week", "so far
  this year", "last year" with a toll or figures in the sentence), and a
  modifier clause of an aggregate ("a series of massacres that killed 700");
- the mention function: ``reference`` ("the attack", "the wounded", "one of the
  injured policemen", "Tuesday's blast", the predicate of a copula: "was the
  15th attack", a superlative: "the deadliest attack"), ``background`` (inside a
  noun modifier: "militants implicated in the attack") or ``event``.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline import mentions, resources
from pipeline.tokenmatch import make_matcher

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
    militant_type: Optional[str] = None


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
    aggregate_phrases: frozenset[str]
    period_preps: frozenset[str]
    period_words: frozenset[str]
    period_units: frozenset[str]
    current_period: frozenset[str]
    total_nouns: frozenset[str]
    superlative: frozenset[str]
    copula: frozenset[str]
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
        ("setting", "setting_preps"), ("aggregate_phrases", "aggregate_phrases"),
        ("period_preps", "period_preps"), ("period_words", "period_words"),
        ("period_units", "period_units"), ("current_period", "current_period_words"),
        ("total_nouns", "total_nouns"), ("superlative", "superlative_tags"),
        ("copula", "copula_lemmas"))}
    return Cues(**sets, state=frozenset(part["state_words"]),
                militant=frozenset(part["militant_words"]))


def build_matcher(nlp: Language) -> tuple[Callable[[Doc], list[tuple[int, int, int]]],
                                          dict[str, Entry]]:
    """A matcher of the patterns (one LEMMA and one LOWER variant per phrase) and their
    entries: :func:`pipeline.tokenmatch.make_matcher`, spaCy's ``Matcher`` made fast."""
    keyed: list[tuple[str, list[list[dict]]]] = []
    entries: dict[str, Entry] = {}
    for event_type, items in lexicon()["types"].items():
        for item in items:
            key = f"evex_trigger_{len(entries)}"
            entries[key] = Entry(event_type, float(item["weight"]),
                                 frozenset(item.get("context", ())),
                                 frozenset(item.get("exclude", ())), bool(item.get("retype")),
                                 item.get("militant_type"))
            words = [t.lower_ for t in nlp.make_doc(item["phrase"])]
            patterns = [[{attr: w} for w in words] for attr in ("LEMMA", "LOWER")]
            if "pos" in item:
                for pattern in patterns:
                    pattern[0]["POS"] = {"IN": item["pos"]}
            keyed.append((key, patterns))
    return make_matcher(nlp.vocab, keyed), entries


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
    elif entry.militant_type and agents_militant(participants(root)[0], c):
        event_type = entry.militant_type
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
    """(agents, patients) of a verb; a subjectless verb borrows its governor's subject.
    A noun ("a raid") takes its "by" phrase or possessor, else the subject of the verb
    it hangs on ("militants killed 9 in a raid"); its patients are "on"/"against" objects."""
    if verb.pos_ not in VERBAL:
        return noun_participants(verb)
    agents = [t for t in verb.children if t.dep_ in SUBJECT_DEPS]
    agents += [p for t in verb.children if t.dep_ == "agent" for p in t.children if p.dep_ == "pobj"]
    patients = [t for t in verb.children if t.dep_ in PATIENT_DEPS]
    if not agents and verb.dep_ in {"conj", "advcl", "xcomp"} and verb.head.i != verb.i:
        agents = [t for t in verb.head.children if t.dep_ in SUBJECT_DEPS]
    if not agents and verb.dep_ == "acl" and patients:
        agents = [verb.head]  # "militants killing 17 people": an active participle
    return agents, patients


def noun_participants(noun: Token) -> tuple[list[Token], list[Token]]:
    def objects(preps: set[str]) -> list[Token]:
        return [p for t in noun.children if t.dep_ == "prep" and t.lower_ in preps
                for p in t.children if p.dep_ == "pobj"]
    agents = objects({"by"}) + [t for t in noun.children if t.dep_ == "poss" and t.pos_ != "PRON"]
    if not agents and noun.dep_ in {"pobj", "dobj"}:
        governor = verbal_governor(noun)
        if governor is not None:
            agents = participants(governor)[0]
    return agents, objects({"on", "against"})


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
    """A counted-up or serial statement: "many attacks", "a series of attacks"; a clause
    over a period (``over_period``); a modifier clause of such a noun ("a series of
    massacres that killed 700") or of a noun governed by a clause over a period ("have
    fought a war since 2022 that has killed hundreds")."""
    if root.pos_ in VERBAL:
        if root.dep_ in c.background_deps and root.head.i != root.i and aggregate_phrase(
                root.head, c):
            return True
        modified = verbal_governor(root.head) if root.dep_ in c.background_deps else None
        return over_period(root, c) or (modified is not None and over_period(modified, c))
    if counted(root, c):
        return True
    governor = verbal_governor(root) if root.dep_ in {"pobj", "dobj", "attr"} else None
    return governor is not None and over_period(governor, c)


def aggregate_phrase(noun: Token, c: Cues) -> bool:
    """The noun, or a noun whose prepositional phrase holds it ("a series of massacres in
    the hills"), is counted or serial."""
    while True:
        if noun.lemma_.lower() in c.aggregate or counted(noun, c):
            return True
        if not (noun.dep_ == "pobj" and noun.head.dep_ == "prep"
                and noun.head.head.pos_ in {"NOUN", "PROPN"}):
            return False
        noun = noun.head.head


def counted(noun: Token, c: Cues) -> bool:
    if any(ch.lemma_.lower() in c.aggregate and ch.dep_ in {"amod", "det", "nummod", "quantmod"}
           for ch in noun.children):
        return True
    head = noun.head
    return noun.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in c.aggregate


def over_period(verb: Token, c: Cues) -> bool:
    """A verb (or one coordinated with it) reporting a total over a period: "since 2009",
    "over the past week", "so far this year", "in total", or "last year" when the
    sentence speaks of a toll or figures."""
    verbs = [verb, *(t for t in verb.children if t.dep_ == "conj" and t.pos_ in VERBAL)]
    if verb.dep_ in {"conj", "advcl"}:
        verbs.append(verb.head)
    totals = any(t.lemma_.lower() in c.total_nouns for t in verb.sent)
    return any(period_cue(ch, c, totals) for v in verbs for ch in v.children)


def period_cue(child: Token, c: Cues, totals: bool) -> bool:
    if " ".join(t.lower_ for t in child.subtree) in c.aggregate_phrases:
        return True
    objects = [p for p in child.children if p.dep_ == "pobj"] if child.dep_ == "prep" else []
    if child.lower_ in c.trend and any(p.like_num or p.ent_type_ == "DATE" for p in objects):
        return True
    if child.lower_ in c.period_preps and any(period(p, c.period_words, c) for p in objects):
        return True
    return totals and child.dep_ in {"npadvmod", "pobj"} and period(child, c.current_period, c)


def period(noun: Token, words: frozenset[str], c: Cues) -> bool:
    """ "the past week", "last year": a time unit with a period word."""
    return noun.lemma_.lower() in c.period_units and any(
        ch.lower_ in words and ch.dep_ in {"amod", "det"} for ch in noun.children)


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
    if refers_back(root, c):
        return "reference"
    return "event"


def refers_back(root: Token, c: Cues) -> bool:
    """A definite noun ("the attack", "its attack"), a participle used as a noun or as
    a modifier of a definite noun ("the wounded", "one of the injured policemen"), a
    noun with a date as possessor ("Tuesday's blast"), the predicate of a copula
    ("was the 15th attack") or a superlative ("the deadliest attack")."""
    nominal = root.pos_ not in VERBAL or root.dep_ in {"pobj", "nsubj", "nsubjpass", "dobj"}
    if nominal and definite(root, c):
        return True
    if root.pos_ in VERBAL and root.dep_ == "amod" and definite(root.head, c):
        return True
    if root.pos_ in VERBAL:
        return False
    if any(ch.dep_ == "poss" and ch.ent_type_ == "DATE" for ch in root.children):
        return True
    if root.dep_ == "attr" and root.head.lemma_.lower() in c.copula:
        return True
    return any(ch.tag_ in c.superlative for ch in root.children if ch.dep_ == "amod")


def definite(noun: Token, c: Cues) -> bool:
    return any(ch.dep_ in {"det", "poss"} and ch.lower_ in c.reference for ch in noun.children)


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
