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
* tolls: "the death toll rose to 12";
* killing phrases: "hacked to death", "gunned down" (``death_phrase_verbs``, ``down_verbs``);
* suicide attackers: "two bombers blew themselves up" kills the two, unless another
  count of the sentence already has a reflexive victim ("killing himself and five others").

Counts: coordinated phrases add up ("the chief and two of his bodyguards"
is 3), also a noun the parser hung on the verb after its object ("killing himself
and at least five other people" is 6), but not a subset ("30 people, 22 of them
pupils" is 30); a singular noun, a name or "he" counts 1; "a fourth" after a count
counts 1; plurals and collectives without a number are ``vague``. A dateline the
parser made the subject ("KABUL, Afghanistan - Four soldiers ... were killed") gives
way to the phrase hung on it, and a number the parser attached elsewhere still counts
the noun right after it.

Aggregates: a count over a period is marked ``aggregate=True`` (lexicon
``aggregate``): a verb or noun it hangs from, or a verb coordinated with it, has a
strong period adjunct ("since 2009", "so far", "over the past week", "between 2014
and 2016"), or a weak one ("last year", "this year") while the act has no agent of
its own and no single occasion ("300 soldiers were killed last year", but not "last
year, a gunman killed nine").

The victim of a verb is its nearest object or passive subject on the same side
of a paragraph break (a heading glued to the next sentence is no victim). When
the victim is an actor mention (``doc.spans["evex_actors"]``, so this component
runs after ``evex_actors``) that the parser split (a word read as a verb, "IS"
tagged "is" in "3 well-armed IS fighters", or two of its words attached
outside it), the phrase is read on the surface instead: the count before the
mention across adjectives, adverbs and participles, plus one named person
coordinated in front ("<Name> and three other IS fighters" is 4).

A fatality adjective on an event noun ("a deadly shootout", "a fatal
shooting") is killed ``vague`` when the sentence gives no other death count.

Two coordinated verbs with one victim make one mention ("detained and arrested
six men"), unless the second verb has an auxiliary of its own and so reports a
second act ("was arrested in May and was extradited in June").

Negation: an explicit zero ("no one was killed", "nobody was hurt", "no
casualties") gives count 0 ``exact``; a negated verb ("were not killed")
gives nothing; "no casualties" counts as killed 0 only; a zero of a kind in
``zero_implies`` is a zero of those kinds too ("nobody was hurt": injured 0 and
killed 0, two spans with the same offsets and different labels). Hypotheticals
("planned to kill", "could have killed") give nothing.

Party: a head noun of the attacker kind (militant, gunman, assailant...) is
``perpetrator``, one of the victim kind (police, civilians, soldiers...) is
``victim``, mixed or unknown is None. Arrests count only people: person nouns, names,
numbers, or nouns marked as suspects ("three suspected financiers"). The party
rule is lexical on purpose: killed counts total deaths, perpetrators included, so
the party only helps event assembly add "the gunman died too" to a known victim
count.
"""
from __future__ import annotations

import re
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
VERBAL_POS = {"VERB", "AUX"}
PATIENT_DEPS = ("dobj", "nsubjpass")
AUX_DEPS = {"aux", "auxpass"}
# words allowed between a count and the noun it counts when the parse is broken
SURFACE_MODIFIER_POS = {"ADJ", "ADV"}
SURFACE_MODIFIER_TAGS = {"VBN", "VBG", "HYPH", "JJ", "RB"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# functions of a verb's period adjuncts ("since 2009", "last year", "so far")
ADJUNCT_DEPS = {"prep", "npadvmod", "advmod", "advcl"}
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@dataclass(frozen=True, slots=True)
class PeriodCues:
    """Words marking a count as a total over a period (``aggregate`` in casualties.json)."""

    strong_preps: frozenset[str]
    strong_phrases: tuple[str, ...]
    year_ranges: frozenset[str]
    weak_phrases: tuple[str, ...]
    agent_nouns: frozenset[str]


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
    zero_implies: dict[str, tuple[str, ...]]
    not_people: frozenset[str]
    hypothetical: frozenset[str]
    modals: frozenset[str]
    perpetrators: frozenset[str]
    victims: frozenset[str]
    collective: frozenset[str]
    custody: frozenset[str]
    persons: frozenset[str]
    victim_preps: frozenset[str]
    fatal_modifiers: dict[str, str]
    fatal_events: frozenset[str]
    death_phrase_verbs: frozenset[str]
    down_verbs: frozenset[str]
    self_kill_verbs: frozenset[str]
    reflexives: frozenset[str]
    person_markers: frozenset[str]
    period: PeriodCues


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
        zero_implies={k: tuple(v) for k, v in data["zero_implies"].items()},
        not_people=frozenset(data["not_people"]),
        hypothetical=frozenset(data["hypothetical_heads"]),
        modals=frozenset(data["hypothetical_modals"]),
        perpetrators=frozenset(data["perpetrator_nouns"]),
        victims=frozenset(data["victim_nouns"]),
        collective=frozenset(data["collective_nouns"]),
        custody=frozenset(data["custody_nouns"]),
        persons=frozenset(data["person_nouns"] + data["perpetrator_nouns"] + data["victim_nouns"]),
        victim_preps=frozenset(data["victim_preps"]),
        fatal_modifiers=_by_lemma(data["fatal_modifiers"]),
        fatal_events=frozenset(data["fatal_events"]),
        death_phrase_verbs=frozenset(data["death_phrase_verbs"]),
        down_verbs=frozenset(data["down_verbs"]),
        self_kill_verbs=frozenset(data["self_kill"]["verbs"]),
        reflexives=frozenset(data["self_kill"]["reflexives"]),
        person_markers=frozenset(data["person_markers"]),
        period=_period_cues(data["aggregate"]),
    )


def _period_cues(data: dict) -> PeriodCues:
    return PeriodCues(
        strong_preps=frozenset(data["strong_preps"]),
        strong_phrases=tuple(data["strong_phrases"]),
        year_ranges=frozenset(data["year_ranges"]),
        weak_phrases=tuple(data["weak_phrases"]),
        agent_nouns=frozenset(data["agent_nouns"]),
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
    """Strict test for arrests: a named person, a pronoun, a number, a person noun or a
    noun marked as a suspect ("two alleged couriers")."""
    if noun.pos_ in {"PROPN", "PRON", "NUM"}:
        return noun.ent_type_ not in {"ORG", "PRODUCT"}
    lex = lexicon()
    if any(c.lower_ in lex.person_markers for c in noun.lefts):
        return True
    return noun.lemma_.lower() in lex.persons or numbers.is_vague(noun.text)


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
    stray = _stray_count(noun)
    quantity = _modifier_quantity(noun) or (numbers.read_quantity(stray.text) if stray else None) \
        or _bare_quantity(noun)
    if quantity is None:
        return None
    return Reading(quantity, _party(noun), min(left, stray.i) if stray else left, noun.i)


def _stray_count(noun: Token) -> Optional[Token]:
    """"Four" right before "soldiers" but attached elsewhere by the parser."""
    if noun.i == 0:
        return None
    before = noun.doc[noun.i - 1]
    if before.dep_ == "nummod" and before.head != noun and before.ent_type_ not in NOT_COUNTS:
        return before
    return None


def _is_trigger_noun(token: Token) -> bool:
    """"deaths" in "six wounded soldiers and two deaths": a casualty of its own, not a conjunct."""
    lex = lexicon()
    return token.lemma_.lower() in lex.nouns or token.lower_ in lex.adjectives


def _resolve_relative(noun: Token) -> Token:
    """"who" in "the soldiers who died" -> "soldiers"."""
    if noun.tag_ in RELATIVE_TAGS and noun.head.dep_ == "relcl":
        return noun.head.head
    return noun


def _is_surface_modifier(token: Token) -> bool:
    """"heavily", "armed", "other", "-" between a count and its noun."""
    return token.pos_ in SURFACE_MODIFIER_POS or token.tag_ in SURFACE_MODIFIER_TAGS


def _count_before(doc: Doc, start: int) -> Optional[Token]:
    """The count ending the modifiers in front of ``start``: "3" in "3 well-armed X",
    "four" in "four other X"; a vague word ("several") when no number comes first."""
    i, vague = start - 1, None
    while i >= 0 and not doc[i].like_num and (_is_surface_modifier(doc[i]) or numbers.is_vague(doc[i].text)):
        if vague is None and _is_count_token(doc[i]):
            vague = doc[i]
        i -= 1
    return doc[i] if i >= 0 and _is_count_token(doc[i]) else vague


def _is_misparsed(span: Span) -> bool:
    """The parser split the mention: a word read as a verb ("IS" as "is") or two words
    attached outside it ("four IS fighters" with "IS" and "fighters" both subjects)."""
    outside = [t for t in span if not span.start <= t.head.i < span.end]
    return span[-1].pos_ not in VERBAL_POS and (
        len(outside) > 1 or any(t.pos_ in VERBAL_POS for t in span))


@dataclass(frozen=True, slots=True)
class Misparsed:
    """The actor mentions of a Doc that the parser split (see :func:`_is_misparsed`),
    each with the index of the count in front of it: found once per Doc."""

    mentions: tuple[tuple[Span, Optional[int]], ...]

    @classmethod
    def of(cls, doc: Doc) -> "Misparsed":
        found = []
        for span in doc.spans.get(mentions.ACTORS, []):
            if _is_misparsed(span):
                count = _count_before(doc, span.start)
                found.append((span, count.i if count is not None else None))
        return cls(tuple(found))

    def holding(self, token: Token) -> Optional[Span]:
        """The mention holding ``token`` (or counted by it)."""
        return next((span for span, count in self.mentions
                     if span.start <= token.i < span.end or count == token.i), None)


def _named_before(doc: Doc, start: int) -> Optional[Reading]:
    """"Abu Bakar Bashir and" in front of a counted phrase: one more person."""
    if start < 2 or doc[start - 1].lower_ != "and":
        return None
    name = doc[start - 2]
    if name.ent_type_ != "PERSON":
        return None
    first = name.i
    while doc[first].ent_iob_ == "I":
        first -= 1
    return Reading(numbers.Quantity(1, "exact"), None, first, name.i)


def _surface_readings(mention: Span, strict: bool, with_names: bool) -> list[Reading]:
    """The amount of a misparsed mention read from the words around it (and of a
    person named in front when ``with_names``)."""
    head = mention[-1]
    if strict and not _is_person(head):
        return []
    count = _count_before(mention.doc, mention.start)
    if count is not None:
        quantity = numbers.read_quantity(_number_text(count))
        first = min(t.i for t in count.subtree if t.i <= count.i)
    else:
        quantity, first = _bare_quantity(head), mention.start
    if quantity is None:
        return []
    readings = [Reading(quantity, _party(head), first, head.i)]
    named = _named_before(mention.doc, first) if with_names else None
    return readings + ([named] if named is not None else [])


def _sum(readings: list[Reading]) -> Optional[Reading]:
    if not readings:
        return None
    quantity = numbers.combine(r.quantity for r in readings)
    parties = {r.party for r in readings}
    party = parties.pop() if len(parties) == 1 else None
    return Reading(quantity, party, min(r.first for r in readings), max(r.last for r in readings))


def _coordinated(head: Token, trigger: Optional[Token]) -> list[Token]:
    """Nouns coordinated after ``head``, also those the parser hung on the trigger verb
    after its object ("killing himself and at least five other people"; not after a
    passive subject: "an officer was killed and several others injured")."""
    conjuncts = list(head.conjuncts)
    if trigger is not None and trigger.pos_ in VERBAL_POS and head.dep_ == "dobj" and head.head == trigger:
        conjuncts += [c for c in trigger.children if c.dep_ == "conj" and c.pos_ in NOMINAL_POS]
    return [c for c in conjuncts if c.pos_ in NOMINAL_POS and c.i > head.i
            and not _is_trigger_noun(c) and not _is_subset(c)]


def _is_subset(noun: Token) -> bool:
    """"22 of them" in "killing 30 people, 22 of them pupils": part of the count before."""
    counts = [noun, *(c for c in noun.children if c.dep_ == "nummod")]
    return any(m is not None and m.pos_ == "PRON" for m in map(_of_object, counts))


def read_phrase(noun: Token, misparsed: Misparsed, strict: bool = False,
                trigger: Optional[Token] = None) -> Optional[Reading]:
    """Sum over the noun and its coordinated nouns ("two policemen and three gunmen");
    ``strict`` keeps only people (see :func:`_is_person`)."""
    heads = [_resolve_relative(noun)]
    heads += _coordinated(heads[0], trigger)
    readings: list[Reading] = []
    misread: set[int] = set()
    for head in heads:
        mention = misparsed.holding(head)
        if mention is None:
            readings += [r for r in [_read_one(head, strict)] if r is not None]
        elif mention.start not in misread:
            misread.add(mention.start)
            readings += _surface_readings(mention, strict, with_names=head is heads[0])
    return _sum(readings)


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


def _across_paragraph(a: Token, b: Token) -> bool:
    """A line break between two tokens: a heading the parser attached to the next sentence."""
    low, high = sorted((a.i, b.i))
    return any(t.is_space and "\n" in t.text for t in a.doc[low:high])


def _patient(verb: Token) -> Optional[Token]:
    """The verb's object or passive subject nearest to it, within its paragraph."""
    candidates = [c for c in verb.children if c.dep_ in PATIENT_DEPS and not _across_paragraph(c, verb)]
    return min(candidates, key=lambda c: abs(c.i - verb.i), default=None)


def _verb_patient(verb: Token) -> Optional[Token]:
    """Who was killed/wounded/detained by a transitive verb: its object or passive
    subject, the bare subject of a participle ("and five wounded"), the patient of
    the verb it is coordinated with ("was shot and killed"), or the noun it
    modifies ("nine others hurt")."""
    patient = _patient(verb)
    if patient is not None:
        return patient
    participle = verb.tag_ == "VBN" and not any(c.dep_ == "aux" for c in verb.children)
    subject = _child(verb, "nsubj")
    if participle and subject is not None:
        return subject
    if verb.dep_ == "conj" and subject is None and _is_casualty_verb(verb.head):
        shared = _patient(verb.head)
        if shared is not None:
            return shared
    if participle and verb.dep_ in {"acl", "amod"} and verb.head.pos_ in NOMINAL_POS:
        return verb.head
    return None


def _is_killing_phrase(verb: Token) -> bool:
    """"hacked to death", "gunned down"."""
    lex = lexicon()
    lemma = verb.lemma_.lower()
    if lemma in lex.down_verbs:
        return any(c.dep_ == "prt" and c.lower_ == "down" for c in verb.children)
    return lemma in lex.death_phrase_verbs and any(
        c.dep_ == "prep" and c.lower_ == "to" and any(o.lower_ == "death" for o in c.children)
        for c in verb.children)


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
        elif _is_killing_phrase(token):
            yield "killed", _verb_patient(token)
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


def _clause(verb: Token) -> int:
    """The verb a coordinated verb shares its clause with: itself when it has an
    auxiliary of its own ("... and was extradited"), else the first conjunct."""
    node = verb
    while node.dep_ == "conj" and not any(c.dep_ in AUX_DEPS for c in node.children):
        node = node.head
    return node.i


def _hyphenated(noun: Token) -> str:
    """"shoot-out" for the token "out" of "shoot - out"."""
    doc = noun.doc
    if noun.i >= 2 and doc[noun.i - 1].tag_ == "HYPH":
        return f"{doc[noun.i - 2].lower_}-{noun.lower_}"
    return noun.lower_


def _is_planned(noun: Token) -> bool:
    """"planned a deadly attack", "foiled a deadly plot", "could be a deadly clash"."""
    verb = next((a for a in noun.ancestors if a.pos_ in VERBAL_POS), None)
    if verb is None:
        return False
    return verb.lemma_.lower() in lexicon().hypothetical or _is_hypothetical_or_negated(verb)


def _fatal_events(doc: Doc) -> Iterator[Span]:
    """"a deadly shoot-out", "a fatal shooting": deaths without a number."""
    lex = lexicon()
    for token in doc:
        noun = token.head
        if token.dep_ != "amod" or token.lower_ not in lex.fatal_modifiers or _is_planned(noun):
            continue
        if noun.lemma_.lower() in lex.fatal_events or _hyphenated(noun) in lex.fatal_events:
            span = Span(doc, token.i, noun.i + 1, label=lex.fatal_modifiers[token.lower_])
            span._.evex = mentions.CasualtyValue(kind=span.label_, count=None, qualifier="vague")
            yield span


def _bounds(trigger: Token, victim: Token, reading: Reading) -> tuple[int, int]:
    """Trigger plus victims; only the trigger for a coordinated verb sharing the victims of
    the first ("was arrested in May and was extradited"), so the span is rooted in its clause."""
    if trigger.dep_ == "conj" and victim not in trigger.subtree:
        return trigger.i, trigger.i + 1
    return min(reading.first, trigger.i), max(reading.last, trigger.i) + 1


def _counted(doc: Doc, misparsed: Misparsed) -> Iterator[Span]:
    """Casualty mentions with a victim phrase, one per (kind, victim, clause)."""
    seen: set[tuple[str, int, int]] = set()
    for token in doc:
        for kind, victim in _triggers(token):
            if victim is None:
                continue
            key = (kind, victim.i, _clause(token))
            if key in seen or _is_hypothetical_or_negated(token):
                continue
            victim = _listed_after_dateline(victim) or victim
            reading = read_phrase(victim, misparsed, strict=kind == "arrested", trigger=token)
            if reading is None:
                continue
            seen.add(key)
            bounds, aggregate = _bounds(token, victim, reading), is_aggregate(token)
            implied = lexicon().zero_implies.get(kind, ()) if reading.quantity == ZERO else ()
            for label in (kind, *implied):
                span = Span(doc, *bounds, label=label)
                span._.evex = mentions.CasualtyValue(
                    kind=label, count=reading.quantity.count,
                    qualifier=reading.quantity.qualifier, party=reading.party, aggregate=aggregate,
                )
                yield span


def _listed_after_dateline(victim: Token) -> Optional[Token]:
    """"soldiers" in "KABUL, Afghanistan - Four soldiers and ... were killed": the parser
    made a dateline (a place, or a capitalized word opening the sentence before a comma)
    the subject and hung the real one on it."""
    doc = victim.doc
    dateline = victim.ent_type_ in PLACE_LABELS or (
        victim.is_upper and victim.is_alpha and victim.i + 1 < len(doc) and doc[victim.i + 1].text == ","
        and all(t.is_upper or t.is_punct for t in doc[victim.sent.start:victim.i]))
    if not dateline:
        return None
    return next((t for t in victim.subtree if t.i > victim.i and t.dep_ in {"conj", "appos"}
                 and t.ent_type_ not in NOT_COUNTS and _is_person_like(t)), None)


# --- aggregates -----------------------------------------------------------------


def _period_adjuncts(trigger: Token) -> Iterator[Token]:
    """Adjuncts of the trigger and of every word it hangs from, except the ones the
    trigger sits inside ("since August, when a siege killed 21": the trigger dates the
    "since", the "since" does not span the trigger)."""
    chain = [trigger, *trigger.ancestors]
    on_chain = {t.i for t in chain}
    # a verb coordinated with the trigger shares its adjuncts ("killed X and displaced Y since 2009")
    chain += [c for c in trigger.children if c.dep_ == "conj" and c.pos_ in VERBAL_POS]
    for node in chain:
        for child in node.children:
            if child.dep_ in ADJUNCT_DEPS and child.i not in on_chain:
                yield child


def _has_phrase(adjunct: Token, phrases: tuple[str, ...]) -> bool:
    text = f" {numbers.normalize(' '.join(t.text for t in adjunct.subtree))} "
    return any(f" {phrase} " in text for phrase in phrases)


def _is_strong_period(adjunct: Token) -> bool:
    """"since 2009", "since the insurgency began", "between 2014 and 2016", "so far"."""
    cues = lexicon().period
    if adjunct.lower_ in cues.strong_preps:
        return True
    if any(c.dep_ == "mark" and c.lower_ in cues.strong_preps for c in adjunct.children):
        return True
    if adjunct.lower_ in cues.year_ranges and sum(bool(_YEAR.match(t.text)) for t in adjunct.subtree) >= 2:
        return True
    return _has_phrase(adjunct, cues.strong_phrases)


def _agents(verb: Token) -> list[Token]:
    """Who did it: the subject or "by" agent, else those of the verb a participle
    clause hangs from ("a bomber blew himself up, killing five")."""
    agents = [_resolve_relative(c) for c in verb.children if c.dep_ == "nsubj"]
    agents += [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    if not agents and verb.dep_ in {"advcl", "conj", "xcomp"} and verb.head is not verb:
        return _agents(verb.head)
    return agents


def _is_single_occasion(trigger: Token) -> bool:
    """An act with an agent of its own ("gunmen killed ... last year") or set in one
    occasion ("were killed in a bombing last month")."""
    cues = lexicon().period
    if any(a.lemma_.lower() not in cues.agent_nouns for a in _agents(trigger)):
        return True
    occasions = [o for c in trigger.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]
    return any(o.tag_ == "NN" and o.lemma_.lower() in cues.agent_nouns for o in occasions)


def is_aggregate(trigger: Token) -> bool:
    """A count over a period: "has killed 40,000 people since 2011", "300 soldiers were
    killed last year", "violence has killed 1,200 this year"; not "last month, a bomber
    killed nine"."""
    adjuncts = list(_period_adjuncts(trigger))
    if any(_is_strong_period(a) for a in adjuncts):
        return True
    weak = lexicon().period.weak_phrases
    return any(_has_phrase(a, weak) for a in adjuncts) and not _is_single_occasion(trigger)


# --- suicide attackers ----------------------------------------------------------


def _reflexive_object(verb: Token) -> Optional[Token]:
    obj = _child(verb, "dobj")
    return obj if obj is not None and obj.lower_ in lexicon().reflexives else None


def _self_kills(doc: Doc, counted: list[Span], misparsed: Misparsed) -> Iterator[Span]:
    """"two bombers blew themselves up": the attackers died, unless another count of
    the sentence already names them ("killing himself and five others")."""
    lex = lexicon()
    reflexive_sents = {s.sent.start for s in counted
                       if s.label_ == "killed" and any(t.lower_ in lex.reflexives for t in s)}
    for verb in doc:
        reflexive = _reflexive_object(verb)
        if verb.lemma_.lower() not in lex.self_kill_verbs or reflexive is None:
            continue
        if verb.sent.start in reflexive_sents or _is_hypothetical_or_negated(verb):
            continue
        agents = _agents(verb)
        reading = read_phrase(agents[0], misparsed) if agents else None
        if reading is None:
            continue
        span = Span(doc, min(reading.first, verb.i), max(reflexive.i, verb.i) + 1, label="killed")
        span._.evex = mentions.CasualtyValue(kind="killed", count=reading.quantity.count,
                                             qualifier=reading.quantity.qualifier, party="perpetrator")
        yield span


def find_casualties(doc: Doc) -> list[Span]:
    """All casualty mentions of ``doc`` in text order."""
    misparsed = Misparsed.of(doc)
    spans = list(_counted(doc, misparsed))
    spans += list(_self_kills(doc, spans, misparsed))
    fatal = list(_fatal_events(doc))
    if fatal:
        counted = {(span.sent.start, span.label_) for span in spans}
        spans += [s for s in fatal if (s.sent.start, s.label_) not in counted]
    return sorted(spans, key=lambda span: (span.start, span.end))


@Language.factory("evex_casualties", assigns=["doc.spans"])
def make_component(nlp: Language, name: str) -> "Component":
    return Component()


class Component:
    def __call__(self, doc: Doc) -> Doc:
        doc.spans[mentions.CASUALTIES] = find_casualties(doc)
        return doc
