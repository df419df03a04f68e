"""evex_casualties component: counts of killed, injured and arrested people.

Writes ``doc.spans["evex_casualties"]``; each span (trigger word plus the
counted phrase) carries a :class:`pipeline.mentions.CasualtyValue`.

A trigger is found on the dependency parse and its victims are read from the
phrase it governs (lexicon: ``resources/casualties.json``):

* transitive verbs (kill, wound, detain...): the direct object, else the
  passive subject, else a bare subject of a participle ("20 wounded"), else the
  noun the participle modifies ("nine others hurt");
* intransitive verbs (die): the subject;
* result adjectives: "3 dead", "six wounded soldiers", "were shot dead";
* nouns: "two deaths", "the wounds of three guards", "the arrest of a suspect";
* tolls: "the death toll rose to 12".

Counts: coordinated phrases add up ("the chief and two of his bodyguards"
is 3); a singular noun, a name or "he" counts 1; "a fourth" after a count
counts 1; plurals and collectives without a number are ``vague``.

Negation: an explicit zero ("no one was killed", "nobody was hurt", "no
casualties") gives count 0 ``exact``; a negated verb ("were not killed")
gives nothing; "no casualties" counts as killed 0 only (one span cannot carry
two values: ``span._`` is keyed by character offsets). Hypotheticals ("planned to kill", "could have killed") give
nothing.

Party: a head noun of the attacker kind (militant, gunman, assailant...) is
``perpetrator``, one of the victim kind (police, civilians, soldiers...) is
``victim``, mixed or unknown is None. The rule is lexical on purpose: killed
counts total deaths, perpetrators included, so the party only helps event
assembly add "the gunman died too" to a known victim count.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Optional

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline import mentions, numbers, resources

NOMINAL_POS = {"NOUN", "PROPN", "PRON", "NUM"}
NOT_COUNTS = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "GPE", "LOC", "FAC"}
SINGULAR_PRONOUNS = {"he", "she", "him", "her", "himself", "herself"}
RELATIVE_TAGS = {"WP", "WDT"}
ZERO = numbers.Quantity(0, "exact")
CHAIN_DEPS = {"xcomp", "acl", "pcomp", "advcl", "conj", "ccomp", "relcl"}


@dataclass(frozen=True, slots=True)
class Lexicon:
    transitive: dict[str, str]
    intransitive: dict[str, str]
    adjectives: dict[str, str]
    result_verbs: frozenset[str]
    nouns: dict[str, str]
    tolls: dict[str, str]
    toll_modifiers: dict[str, str]
    zero_only: dict[str, str]
    not_people: frozenset[str]
    hypothetical: frozenset[str]
    modals: frozenset[str]
    perpetrators: frozenset[str]
    victims: frozenset[str]
    collective: frozenset[str]
    custody: frozenset[str]
    persons: frozenset[str]
    victim_preps: frozenset[str]


def _by_lemma(table: dict[str, list[str]]) -> dict[str, str]:
    """{kind: [lemma, ...]} -> {lemma: kind}."""
    return {lemma: kind for kind, lemmas in table.items() for lemma in lemmas}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = resources.load_json("casualties.json")
    return Lexicon(
        transitive=_by_lemma(data["transitive_verbs"]),
        intransitive=_by_lemma(data["intransitive_verbs"]),
        adjectives=_by_lemma(data["result_adjectives"]),
        result_verbs=frozenset(data["result_verbs"]),
        nouns=_by_lemma(data["nouns"]),
        tolls=_by_lemma(data["toll_nouns"]),
        toll_modifiers=_by_lemma(data["toll_modifiers"]),
        zero_only=_by_lemma(data["zero_only_nouns"]),
        not_people=frozenset(data["not_people"]),
        hypothetical=frozenset(data["hypothetical_heads"]),
        modals=frozenset(data["hypothetical_modals"]),
        perpetrators=frozenset(data["perpetrator_nouns"]),
        victims=frozenset(data["victim_nouns"]),
        collective=frozenset(data["collective_nouns"]),
        custody=frozenset(data["custody_nouns"]),
        persons=frozenset(data["person_nouns"] + data["perpetrator_nouns"] + data["victim_nouns"]),
        victim_preps=frozenset(data["victim_preps"]),
    )


@dataclass(frozen=True, slots=True)
class Reading:
    """One nominal's amount, its party and the tokens the mention spans."""

    quantity: numbers.Quantity
    party: Optional[str]
    first: int
    last: int


# --- amounts of nominal phrases -------------------------------------------------


def _number_text(token: Token) -> str:
    """"at least 4", "Twenty - one": the number token with its left modifiers."""
    return " ".join(t.text for t in token.subtree if t.i <= token.i)


def _is_count_token(token: Token) -> bool:
    if token.ent_type_ in NOT_COUNTS:
        return False
    return token.like_num or token.pos_ == "NUM" or numbers.is_vague(token.text)


def _of_object(token: Token, preps: frozenset[str] = frozenset({"of"})) -> Optional[Token]:
    """"civilians" in "dozens of civilians" (or after another of ``preps``)."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            objects = [c for c in prep.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def _party(noun: Token) -> Optional[str]:
    lex = lexicon()
    lemma = noun.lemma_.lower()
    if lemma in lex.perpetrators:
        return "perpetrator"
    if lemma in lex.victims:
        return "victim"
    return None


def _modifier_quantity(noun: Token) -> Optional[numbers.Quantity]:
    """Amount from a noun's own modifiers: "15 people", "many others", "no one", "a fourth"."""
    for child in noun.lefts:
        if child.dep_ == "nummod" and child.ent_type_ not in NOT_COUNTS:
            quantity = numbers.read_quantity(_number_text(child))
            if quantity:
                return quantity
    for child in noun.lefts:
        if child.dep_ in {"det", "amod", "predet", "quantmod", "advmod"}:
            if numbers.is_zero(child.text) or numbers.is_vague(child.text):
                return numbers.read_quantity(child.text)
    if numbers.is_ordinal(noun.text) or any(numbers.is_ordinal(c.text) for c in noun.lefts):
        return numbers.Quantity(1, "exact")
    return None


def _bare_quantity(noun: Token) -> Optional[numbers.Quantity]:
    """Amount implied by grammatical number: "the attacker" 1, "militants" vague."""
    lex = lexicon()
    lower = noun.lower_
    if noun.pos_ == "PRON":
        if lower in SINGULAR_PRONOUNS:
            return numbers.Quantity(1, "exact")
        return numbers.Quantity(None, "vague") if noun.tag_ == "PRP" else None
    if noun.pos_ == "PROPN":
        return numbers.Quantity(1, "exact")
    if noun.lemma_.lower() in lex.collective or noun.tag_ in {"NNS", "NNPS"}:
        return numbers.Quantity(None, "vague")
    return numbers.Quantity(1, "exact")


def _is_person_like(noun: Token) -> bool:
    lex = lexicon()
    if noun.ent_type_ in NOT_COUNTS or noun.ent_type_ == "ORG":
        return False
    if noun.lemma_.lower() in lex.not_people or noun.lower_ in lex.not_people:
        return False
    if numbers.is_ordinal(noun.text):
        return True
    return noun.pos_ in NOMINAL_POS or numbers.is_vague(noun.text) or numbers.is_zero(noun.text)


def _is_person(noun: Token) -> bool:
    """Strict test for arrests: a named person, a pronoun, a number or a person noun."""
    if noun.pos_ in {"PROPN", "PRON", "NUM"}:
        return noun.ent_type_ not in {"ORG", "PRODUCT"}
    return noun.lemma_.lower() in lexicon().persons or numbers.is_vague(noun.text)


def _read_one(noun: Token, strict: bool = False) -> Optional[Reading]:
    if not _is_person_like(noun) or (strict and not _is_person(noun)):
        return None
    left = min(t.i for t in noun.subtree if t.i <= noun.i)
    if numbers.is_zero(noun.text):
        return Reading(numbers.Quantity(0, "exact"), None, left, noun.i)
    if _is_count_token(noun) and not numbers.is_ordinal(noun.text):
        quantity = numbers.read_quantity(_number_text(noun))
        if quantity is not None:
            member = _of_object(noun)
            party = _party(member) if member is not None else None
            return Reading(quantity, party, left, member.i if member is not None else noun.i)
    quantity = _modifier_quantity(noun) or _bare_quantity(noun)
    if quantity is None:
        return None
    return Reading(quantity, _party(noun), left, noun.i)


def _is_trigger_noun(token: Token) -> bool:
    """"deaths" in "six wounded soldiers and two deaths": a casualty of its own, not a conjunct."""
    lex = lexicon()
    return token.lemma_.lower() in lex.nouns or token.lower_ in lex.adjectives


def _resolve_relative(noun: Token) -> Token:
    """"who" in "the soldiers who died" -> "soldiers"."""
    if noun.tag_ in RELATIVE_TAGS and noun.head.dep_ == "relcl":
        return noun.head.head
    return noun


def read_phrase(noun: Token, strict: bool = False) -> Optional[Reading]:
    """Sum over the noun and its coordinated nouns ("two policemen and three gunmen");
    ``strict`` keeps only people (see :func:`_is_person`)."""
    heads = [_resolve_relative(noun)]
    heads += [
        c for c in heads[0].conjuncts
        if c.pos_ in NOMINAL_POS and c.i > heads[0].i and not _is_trigger_noun(c)
    ]
    readings = [r for r in (_read_one(h, strict) for h in heads) if r is not None]
    if not readings:
        return None
    quantity = numbers.combine(r.quantity for r in readings)
    parties = {r.party for r in readings}
    party = parties.pop() if len(parties) == 1 else None
    return Reading(quantity, party, min(r.first for r in readings), max(r.last for r in readings))


# --- triggers -------------------------------------------------------------------


def _child(token: Token, *deps: str) -> Optional[Token]:
    return next((c for c in token.children if c.dep_ in deps), None)


def _is_hypothetical_or_negated(token: Token) -> bool:
    """Negated, under a modal, or under "plan/threaten/try to" somewhere up the clause chain."""
    lex = lexicon()
    node = token
    while True:
        for child in node.children:
            if child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in lex.modals):
                return True
        if node is not token and node.lemma_.lower() in lex.hypothetical:
            return True
        if node.dep_ not in CHAIN_DEPS or node.head is node:
            return False
        node = node.head


def _is_casualty_verb(verb: Token) -> bool:
    """kill/wound/detain... or shoot/stab: a verb whose object can be shared with a
    coordinated casualty verb ("was shot and killed", "detained and arrested")."""
    lex = lexicon()
    lemma = verb.lemma_.lower()
    return verb.pos_ == "VERB" and (lemma in lex.transitive or lemma in lex.result_verbs)


def _verb_patient(verb: Token) -> Optional[Token]:
    """Who was killed/wounded/detained by a transitive verb: its object or passive
    subject, the bare subject of a participle ("and five wounded"), the patient of
    the verb it is coordinated with ("was shot and killed"), or the noun it
    modifies ("nine others hurt")."""
    patient = _child(verb, "dobj", "nsubjpass")
    if patient is not None:
        return patient
    participle = verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children)
    subject = _child(verb, "nsubj")
    if participle and subject is not None:
        return subject
    if verb.dep_ == "conj" and subject is None and _is_casualty_verb(verb.head):
        shared = _child(verb.head, "dobj", "nsubjpass")
        if shared is not None:
            return shared
    if participle and verb.dep_ in {"acl", "amod"} and verb.head.pos_ in NOMINAL_POS:
        return verb.head
    return None


def _adjective_victims(adj: Token) -> Optional[Token]:
    """"3 dead", "six wounded soldiers", "were shot dead", "gunmen shot dead 3 people"."""
    own = _child(adj, "nummod")
    if own is not None:
        return own
    if adj.dep_ in {"amod", "acl"} and adj.head.pos_ in NOMINAL_POS:
        return adj.head
    if adj.dep_ in {"oprd", "acomp", "xcomp", "advcl"}:
        verb = adj.head
        if verb.lemma_.lower() in lexicon().result_verbs:
            return _child(verb, "dobj", "nsubjpass")
        if verb.lemma_ == "be":
            return _child(verb, "nsubj")
    return None


def _noun_victims(noun: Token) -> Optional[Token]:
    """"two deaths", "the wounds of three guards", "injuries to four", "his arrest", "no deaths"."""
    if noun.dep_ == "compound":
        return None
    if _modifier_quantity(noun) is not None:
        return noun
    preps = lexicon().victim_preps
    victims = _of_object(noun, preps) or _child(noun, "poss")
    if victims is None and noun.dep_ == "dobj":
        victims = _of_object(noun.head, preps)  # "caused injuries to four marines"
    return victims


def _toll_value(toll: Token) -> Optional[Token]:
    """12 in "the death toll rose to 12" / "the toll stands at 12" / "the toll is 12"."""
    verb = toll.head
    if toll.dep_ not in {"nsubj", "nsubjpass"}:
        return None
    for child in verb.children:
        if child.dep_ == "prep":
            obj = _child(child, "pobj")
            if obj is not None and _is_count_token(obj):
                return obj
        elif child.dep_ in {"attr", "dobj", "npadvmod", "acomp"} and _is_count_token(child):
            return child
    return None


def _toll_kind(toll: Token) -> Optional[str]:
    lex = lexicon()
    for child in toll.lefts:
        if child.dep_ in {"compound", "amod"} and child.lemma_.lower() in lex.toll_modifiers:
            return lex.toll_modifiers[child.lemma_.lower()]
    return lex.tolls.get(toll.lemma_.lower())


def _takes_into_custody(verb: Token) -> bool:
    """"placed in detention", "held in custody"."""
    custody = lexicon().custody
    return any(
        prep.dep_ == "prep" and any(o.lemma_.lower() in custody for o in prep.children if o.dep_ == "pobj")
        for prep in verb.children
    )


def _triggers(token: Token) -> Iterator[tuple[str, Optional[Token]]]:
    """(kind, victim head) pairs the token triggers."""
    lex = lexicon()
    lemma = token.lemma_.lower()
    if token.pos_ in {"VERB", "AUX"} or token.tag_.startswith("VB"):
        if lemma in lex.transitive:
            yield lex.transitive[lemma], _verb_patient(token)
        elif _takes_into_custody(token):
            yield "arrested", _verb_patient(token)
        elif lemma in lex.intransitive:
            subject = _child(token, "nsubj")
            if subject is None and token.dep_ == "relcl":
                subject = token.head
            yield lex.intransitive[lemma], subject
    elif token.lower_ in lex.adjectives and token.pos_ in {"ADJ", "NOUN"}:
        yield lex.adjectives[token.lower_], _adjective_victims(token)
    elif token.pos_ == "NOUN" and lemma in lex.nouns:
        yield lex.nouns[lemma], _noun_victims(token)
    elif token.pos_ == "NOUN" and _toll_kind(token) is not None and lemma in lex.tolls:
        yield _toll_kind(token), _toll_value(token)
    elif token.pos_ == "NOUN" and lemma in lex.zero_only and _modifier_quantity(token) == ZERO:
        yield lex.zero_only[lemma], token


def find_casualties(doc: Doc) -> list[Span]:
    """All casualty mentions of ``doc`` in text order, one per (kind, victim phrase)."""
    spans: list[Span] = []
    seen: set[tuple[str, int]] = set()
    for token in doc:
        for kind, victim in _triggers(token):
            if victim is None or (kind, victim.i) in seen or _is_hypothetical_or_negated(token):
                continue
            reading = read_phrase(victim, strict=kind == "arrested")
            if reading is None:
                continue
            seen.add((kind, victim.i))
            span = Span(doc, min(reading.first, token.i), max(reading.last, token.i) + 1, label=kind)
            span._.evex = mentions.CasualtyValue(
                kind=kind, count=reading.quantity.count,
                qualifier=reading.quantity.qualifier, party=reading.party,
            )
            spans.append(span)
    return spans


@Language.factory("evex_casualties", assigns=["doc.spans"])
def make_component(nlp: Language, name: str) -> "Component":
    return Component()


class Component:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans[mentions.CASUALTIES] = find_casualties(doc)
        return doc
