"""Event assembly: turn the mentions of a parsed Doc into ``Event`` records.

``assemble_events`` runs these steps:

1. ``index_mentions`` - every span group bucketed by sentence, once;
2. ``sentence_groups`` - a sentence is cut into clauses (the predicate of the
   sentence and its coordinated, paratactic and complement clauses, with the
   subordinate material they govern); consecutive clauses stay together unless a
   clause has an event trigger of its own and its own date (or a place in another
   region): "X happened in A on D1, and Y in B on D2" is two groups; a coordinated
   phrase with a trigger of its own is a group of its own too (``split_coordinated``:
   two claimed occurrences, "in May by X, and in a video message by Y");
3. ``collect`` - in text order, a group with an asserted trigger and its own date
   or place opens a candidate event; a group without one that adds something
   (a claim, the later killing of the attacker, casualty details, "the attack")
   continues a candidate at most ``follow_up_window`` sentences away: the one
   whose trigger word it repeats ("the fire"), else the latest (``referent``); a
   group whose triggers all point back ("the attack", "one of the wounded",
   "Tuesday's blast") continues one even with its own date (a death in hospital, a
   claim or denial days later; a dated reference finds the event of that day); a
   reference beside a new event ("the raid came days after ...") does not type it;
   a sentence that dismisses or denies a claim, or denies a part in the event,
   marks that candidate disputed; plans, fears, threats, habits, aggregates and
   negated triggers open nothing, and their casualty counts count nowhere;
4. ``to_event`` - one ``Event`` per candidate: type from the strongest trigger
   (the clause's main verb gets a bonus), date and place nearest that trigger,
   actors with roles, casualties summed over the sentences, claims, evidence
   offsets into the cleaned text, a stable id and a confidence;
5. ``merge_duplicates`` - two events of compatible types (same family, or an arrest
   and the operation it was made in) whose dates and places are compatible describe
   one occurrence and become one event; an undated event told right after a located
   one of the same region is a second telling of it.

Rules worth knowing (cue words and defaults live in ``resources/triggers.json``):

* Type: "killed three militants" by state forces is a security operation (decided
  by the trigger component); a grenade thrown during an assault stays an attack
  (the grenade is a weak bombing word); arrests made in a raid or operation that
  also killed people belong to the security operation, else the arrest wins; a
  claimed occurrence ("the fire", "the collapse") that a follow-up says was
  "caused by" a stronger trigger ("bombs") takes that trigger's type.
* Actors: only those in the main trigger's scope (``pipeline.scope``: its clause,
  the subject the clause borrows, the noun a modifier clause hangs on), not those
  of a coordinated clause that opened its own event, nor the one allegiance is
  pledged to; anaphors ("the group") and persons introduced with a group come
  from ``pipeline.coreference`` (a linked person only when no group is named in
  the scope); the claimants of every group; those blamed ("police blamed X for the
  attack", "an attack blamed on X") are perpetrators, those who blame no actors, and
  a rival blame in a denial counts for nothing; a landmark ("near the police
  station") is no target; a raid or arrest without a
  perpetrator takes the state forces that report it ("the army said ...") or that
  its follow-ups name; a strategic development whose subject is a country ("X
  declared victory over Y") or a state actor was carried out by that government and
  targets the militant groups it names; a strategic development
  without agent or place coordinated with one a government carried out in the
  same sentence shares both (``share_state_agent``).
* Location: the most specific place of the opening clause (place > admin1 >
  country), a place of the trigger's clause before one of a modifier or adverbial
  clause ("the port of X, which ..."), ties broken by dependency then token distance
  to the trigger; then follow-up sentences; places not labelled ``place`` by the
  places component (datelines, adjectives) only when no group names a place. Not locations: nationality words ("Uzbek militants"),
  places inside a militant group's name, places inside a plan, threat, charge
  or trip ("plans to travel to Syria") or inside another event's background
  mention ("militants implicated in the Kandahar attack"). The article's main
  country is never used as a location (articles report events abroad); it only
  names generic actors ("Civilians (Kenya)") until an event has a location,
  after which the last located event's country does. A coordinated list of
  regions of one country ("in A, B and C") is that country.
* Date: the date of the opening clause nearest the trigger (dependency steps,
  then tokens), not the dateline's, not the report's ("residents said on
  Wednesday"), not one inside a plan or fear ("ahead of the elections"), a date inside a noun trigger's phrase first, attributive years
  ("the 2011 fire") only when nothing better is there; then a finer date in the
  trigger's scope that lies within the chosen one; no inheritance from other
  sentences (a coordinated prepositional phrase shares its clause's date).
* Clauses: a relative or participial clause with its own date reports its own
  event only when it is of another family ("convicted five men who had been
  arrested in 2021": a conviction and an arrest); what follows a claim verb
  ("claimed an attack ..., claiming to have killed ... five days prior") is
  the claimed event, whatever its date.
* An event needs a date or a place; a strategic development needs a date.
* Casualties: summed per kind over the event's sentences; a number repeated in
  a later sentence with the same kind and party is a restatement, counted
  once; "at least" propagates; a vague mention next to a known number makes
  the sum ``at_least``; vague alone is ``None``/``vague``.
* A perpetrator who is only described ("a gunman") becomes the claimant group
  when a claim is reported, else "Unidentified Armed Group (<country>)".
"""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from spacy.tokens import Doc, Span, Token

from pipeline import mentions, resources
from pipeline.components.actors import country_label, fill_template
from pipeline.components.triggers import cues as trigger_cues
from pipeline.components.triggers import irrealis
from pipeline.coreference import PERSON_LABEL, discourse_actors
from pipeline.gazetteer import country_name
from pipeline.models import (Actor, Casualties, CleanDocument, Event, EventDate, Evidence,
                             Location)
from pipeline.offsets import to_clean
from pipeline.scope import argument_token, scope_parts, trigger_scope

LEXICON = "triggers.json"
MENTION_KEYS = (mentions.DATES, mentions.PLACES, mentions.ACTORS, mentions.CASUALTIES,
                mentions.TRIGGERS)
VERBAL = {"VERB", "AUX"}
PRECISION_RANK = {"place": 0, "admin1": 1, "country": 2}
FAMILIES = {"attack": "violence", "bombing": "violence", "clash": "violence",
            "security_operation": "violence", "arrest": "arrest",
            "strategic_development": "strategic_development"}
QUALIFIER_ORDER = ("exact", "approx", "at_least")
DATE_RANKS = ("day", "month", "year")
STATE_CLASSES = {"state_forces", "government"}


@lru_cache(maxsize=1)
def settings() -> dict:
    return resources.load_json(LEXICON)["assembly"]


@lru_cache(maxsize=1)
def cue_sets() -> dict[str, frozenset[str]]:
    s = settings()
    return {name: frozenset(s[name]) for name in
            ("claim_lemmas", "dispute_lemmas", "clause_deps", "follow_up_adverbs",
             "described_classes", "cause_lemmas", "pledge_nouns", "blame_lemmas",
             "blame_preps", "denial_lemmas", "subordinate_deps", "proximity_preps",
             "report_lemmas", "speech_lemmas")}


# --- data structures --------------------------------------------------------------


@dataclass
class Group:
    """The mentions of one clause group of one sentence."""

    sent: int
    first_token: int
    head_dep: str = "ROOT"  # dependency of the clause head the group started from
    spans: dict[str, list[Span]] = field(default_factory=lambda: {k: [] for k in MENTION_KEYS})
    tokens: list[Token] = field(default_factory=list)
    sentence: dict[str, list[Span]] = field(default_factory=dict)  # the whole sentence's mentions
    siblings: list["Group"] = field(default_factory=list)  # the groups of the sentence
    opened: bool = False  # the group opened a candidate event
    stale: set[int] = field(default_factory=set)  # roots of references to earlier events

    def absorb(self, other: "Group") -> None:
        for key in MENTION_KEYS:
            self.spans[key].extend(other.spans[key])
        self.tokens.extend(other.tokens)

    def __getitem__(self, key: str) -> list[Span]:
        return self.spans[key]


@dataclass
class Candidate:
    """An event under assembly: its opening group and the groups that continue it."""

    groups: list[Group]
    disputed: bool = False
    extra_sents: list[int] = field(default_factory=list)

    @property
    def opener(self) -> Group:
        return self.groups[0]

    @property
    def last_sent(self) -> int:
        return max([g.sent for g in self.groups] + self.extra_sents)

    @property
    def lemma(self) -> str:
        """Lemma of the opening trigger ("collapse"): later mentions of it refer back."""
        return main_trigger(self.opener).root.lemma_.lower()

    @property
    def lemmas(self) -> set[str]:
        """Lemmas of every opening trigger of the event's passages."""
        return {t.root.lemma_.lower() for g in self.groups for t in opening_triggers(g)}

    def all(self, key: str) -> list[Span]:
        return [s for g in self.groups for s in g[key]]


# --- 1. index ---------------------------------------------------------------------


def sentences(doc: Doc) -> list[Span]:
    """The Doc's sentences, also cut where a line break separates two of them."""
    out = []
    for sent in doc.sents:
        start = sent.start
        for token in sent:
            if token.is_space and "\n" in token.text and token.i > start:
                out.append(doc[start:token.i + 1])
                start = token.i + 1
        if start < sent.end:
            out.append(doc[start:sent.end])
    return out


def usable(key: str, span: Span) -> bool:
    """Mentions assembly uses: a nationality word ("Uzbek militants") is no location."""
    if span._.evex is None or not len(span):
        return False
    return key != mentions.PLACES or not (span.root.pos_ == "ADJ" or span.root.ent_type_ == "NORP")


def in_group_names(doc: Doc) -> frozenset[int]:
    """Tokens inside the name of a militant group ("the Islamic State in Iraq and Syria"):
    a place there is part of the name, not a location."""
    if mentions.ACTORS not in doc.spans:
        return frozenset()
    return frozenset(i for a in doc.spans[mentions.ACTORS]
                     if a._.evex is not None and a._.evex.actor_class == "militant_group"
                     and not a._.evex.generic for i in range(a.start, a.end))


def mention_spans(doc: Doc, key: str, title: Optional[str]) -> list[Span]:
    """The spans of one group; actors also from the discourse (``pipeline.coreference``),
    which replaces the component's own anaphor mentions."""
    spans = list(doc.spans[key]) if key in doc.spans else []
    if key != mentions.ACTORS:
        return spans
    kept = [s for s in spans if s._.evex is None or not getattr(s._.evex, "anaphor", False)]
    return kept + discourse_actors(doc, title)


def index_mentions(doc: Doc, sents: list[Span],
                   title: Optional[str] = None) -> list[dict[str, list[Span]]]:
    """Span groups bucketed by sentence (one pass per group)."""
    sent_of = [0] * len(doc)
    for si, sent in enumerate(sents):
        for i in range(sent.start, sent.end):
            sent_of[i] = si
    index: list[dict[str, list[Span]]] = [{k: [] for k in MENTION_KEYS} for _ in sents]
    names = in_group_names(doc)
    for key in MENTION_KEYS:
        for span in mention_spans(doc, key, title):
            if usable(key, span) and not (key == mentions.PLACES and span.root.i in names):
                index[sent_of[span.root.i]][key].append(span)
    return index


# --- 2. clauses -------------------------------------------------------------------


def is_clause_head(token: Token) -> bool:
    if token.head.i == token.i:
        return True
    return token.pos_ in VERBAL and token.dep_ in cue_sets()["clause_deps"]


def clause_heads(tokens: Iterable[Token]) -> dict[int, Token]:
    """Token index -> the clause head of the token (the first clause head up its chain
    of heads), each chain walked once."""
    heads: dict[int, Token] = {}
    for token in tokens:
        path, node = [], token
        while node.i not in heads and not is_clause_head(node):
            path.append(node.i)
            node = node.head
        head = heads.get(node.i, node)
        for i in path + [node.i]:
            heads[i] = head
    return heads


def sentence_groups(si: int, sent: Span, found: dict[str, list[Span]]) -> list[Group]:
    """Cut a sentence into clause groups (see the module docstring)."""
    units: dict[int, Group] = {}
    heads = {}
    clause = clause_heads(sent) if sent.doc.has_annotation("DEP") else {}
    for token in sent:
        head = clause.get(token.i, sent[0])
        heads[token.i] = head.i
        unit = units.setdefault(head.i, Group(si, token.i, head.dep_))
        unit.tokens.append(token)
    for key, spans in found.items():
        for span in spans:
            units[heads[span.root.i]].spans[key].append(span)
    groups: list[Group] = []
    for unit in sorted(units.values(), key=lambda g: g.first_token):
        if groups and not starts_new_group(groups[-1], unit):
            groups[-1].absorb(unit)
        else:
            groups.append(unit)
    groups = sorted((part for g in groups for part in split_coordinated(g)),
                    key=lambda g: g.first_token)
    attach_casualties(groups)
    for group in groups:
        group.sentence, group.siblings = found, groups
    return groups


def split_coordinated(group: Group) -> list[Group]:
    """A coordinated phrase with a trigger of its own reports its own event: the objects
    of a claim ("claimed responsibility for the mall fire and a shooting two days
    later") and a coordinated prepositional phrase ("oaths were sworn in May by X, and
    in a video message made by Y"). The prepositional conjunct shares the clause's
    date; a claimed object shares the claimant."""
    parts = [group]
    done: set[int] = set()
    for token in list(group.tokens):
        if token.i in done:
            continue
        claimed = token.dep_ == "conj" and claimed_object(token)
        if not (claimed or coordinated_prep(token)):
            continue
        inside = {t.i for t in token.subtree}
        triggers = opening_triggers(group)
        if not any(t.root.i in inside for t in triggers) or all(
                t.root.i in inside for t in triggers):
            continue
        part = Group(group.sent, token.i, "conj")
        for key in MENTION_KEYS:
            part.spans[key] = [x for x in group[key] if x.root.i in inside]
            group.spans[key] = [x for x in group[key] if x.root.i not in inside]
        part.tokens = [t for t in group.tokens if t.i in inside]
        group.tokens = [t for t in group.tokens if t.i not in inside]
        if claimed:
            part[mentions.ACTORS].extend(claimants(group))
        elif not part[mentions.DATES]:
            part[mentions.DATES].extend(group[mentions.DATES])
        done |= inside
        parts.append(part)
    return parts


def coordinated_prep(token: Token) -> bool:
    """A preposition coordinated with what precedes it: "occurred in May by X, and in Y"
    (parsed as a conjunct, or as a preposition right after "and" of the same verb)."""
    if token.pos_ != "ADP" or token.dep_ not in {"conj", "prep"}:
        return False
    if token.dep_ == "conj":
        return True
    before = [t for t in token.doc[token.sent.start:token.i] if not t.is_punct]
    return bool(before) and before[-1].pos_ == "CCONJ" and before[-1].head.i == token.head.i


def claimed_object(token: Token) -> bool:
    """A noun conjunct governed (through its noun phrase) by a claim word."""
    if token.pos_ not in {"NOUN", "PROPN"}:
        return False
    for head in token.ancestors:
        if head.lemma_.lower() in cue_sets()["claim_lemmas"]:
            return True
        if head.pos_ in VERBAL:
            return False
    return False


def starts_new_group(current: Group, unit: Group) -> bool:
    """A clause with its own trigger and its own date (or region) is another event,
    unless the current group reports a claim (what is claimed belongs to the claim)
    or the clause is a noun modifier about an event of the same family."""
    if not opening_triggers(current) or not any(
            t._.evex.mention != "reference" for t in opening_triggers(unit)):
        return False
    if any(t.lemma_.lower() in cue_sets()["claim_lemmas"] for t in current.tokens):
        return False
    if unit.head_dep in {"acl", "relcl"} and not {
            FAMILIES[t] for t in trigger_types(unit)} - {FAMILIES[t] for t in trigger_types(current)}:
        return False  # a modifier of the same kind of event details it
    if unit[mentions.DATES]:
        return bool(current[mentions.DATES] or named_places(current))
    if unit[mentions.PLACES] and current[mentions.PLACES]:
        return not {region(s) for s in unit[mentions.PLACES]} & {
            region(s) for s in current[mentions.PLACES]}
    return False


def attach_casualties(groups: list[Group]) -> None:
    """Move a casualty count to the group of the sentence whose triggers fit its kind
    ("convicted five people who had been arrested in 2021": the arrest)."""
    fits = settings()["casualty_types"]
    for group in groups:
        kept = []
        for span in group[mentions.CASUALTIES]:
            wanted = set(fits[span._.evex.kind])
            home = next((g for g in [group, *groups] if wanted & trigger_types(g)), group)
            (kept if home is group else home[mentions.CASUALTIES]).append(span)
        group.spans[mentions.CASUALTIES] = kept


def named_places(group: Group) -> list[Span]:
    """Places named as such; a dateline or a country adjective is only a fallback."""
    return [p for p in group[mentions.PLACES] if p.label_ == settings()["place_label"]]


def trigger_types(group: Group) -> set[str]:
    return {t._.evex.event_type for t in opening_triggers(group)}


def region(span: Span) -> tuple:
    v = span._.evex
    return (v.country, v.admin1 or v.name)


# --- 3. candidates ----------------------------------------------------------------


def opening_triggers(group: Group) -> list[Span]:
    """Asserted triggers strong enough to open an event."""
    threshold = settings()["open_threshold"]
    return [t for t in group[mentions.TRIGGERS]
            if t._.evex.modality == "asserted" and t._.evex.strength >= threshold
            and t.root.i not in group.stale]


def opens(group: Group) -> bool:
    triggers = opening_triggers(group)
    if not triggers or is_follow_up(group):
        return False
    if event_dates(group, main_trigger(group)):
        return True
    return bool(group[mentions.PLACES]) and any(t._.evex.mention != "reference" for t in triggers)


def only_references(group: Group) -> bool:
    """Every trigger of the group points back to an event told before ("the attack",
    "one of the wounded"): the group is a follow-up, even with a date of its own
    (the day of a death in hospital, of a claim or a denial)."""
    triggers = opening_triggers(group)
    return bool(triggers) and all(t._.evex.mention == "reference" for t in triggers)


def mark_stale(group: Group, candidates: list[Candidate]) -> None:
    """A reference to a recent event (or to one of the same day: "Thursday's assault was
    the deadliest since ..., when ...") beside a new event ("the raid came days after
    militants stormed a post") names the earlier one: it does not type the new one.
    A reference governed by another trigger ("announced the arrest") is that event."""
    if only_references(group):
        return
    window = settings()["follow_up_window"]
    earlier = {lemma for c in candidates if group.sent - c.last_sent <= window
               for lemma in c.lemmas}
    days = {day(d) for c in candidates for d in c.opener[mentions.DATES]}
    triggers = opening_triggers(group)
    governed = {t.i for g in triggers for t in g.root.subtree if t.i != g.root.i}
    group.stale = {t.root.i for t in triggers
                   if t._.evex.mention == "reference" and t.root.i not in governed
                   and (t.root.lemma_.lower() in earlier or own_days(t, group) & days)}


def day(date: Span) -> tuple:
    return date._.evex.start, date._.evex.precision


def own_days(trigger: Span, group: Group) -> set[tuple]:
    """The dates inside a noun trigger's phrase ("Tuesday's blast")."""
    phrase = {t.i for t in trigger.root.subtree}
    return {day(d) for d in group[mentions.DATES] if d.root.i in phrase}


def dated_referent(candidates: list[Candidate], group: Group) -> Optional[Candidate]:
    """The event a dated reference points back to ("Tuesday's blast", "the attack on
    Monday"), however far back: the latest of the family with that date."""
    if not only_references(group) or not group[mentions.DATES]:
        return None
    days = {day(d) for d in group[mentions.DATES]}
    families = {FAMILIES[t._.evex.event_type] for t in opening_triggers(group)}
    for candidate in reversed(candidates):
        opener = candidate.opener
        if (FAMILIES[main_trigger(opener)._.evex.event_type] in families
                and days & {day(d) for d in opener[mentions.DATES]}):
            return candidate
    return None


def follows(candidate: Optional[Candidate], group: Group) -> bool:
    """A reference-only group continues ``candidate`` unless it is placed in another
    region or dated before it."""
    if candidate is None or not only_references(group):
        return False
    places = {region(p) for p in named_places(candidate.opener)}
    if places and named_places(group) and not places & {region(p) for p in named_places(group)}:
        return False
    dates = [d._.evex.start for d in candidate.opener[mentions.DATES]]
    return not (dates and group[mentions.DATES]
                and max(d._.evex.start for d in group[mentions.DATES]) < min(dates))


def is_follow_up(group: Group) -> bool:
    """A dateless group that says "later"/"then": it continues the previous event."""
    if group[mentions.DATES]:
        return False
    adverbs = cue_sets()["follow_up_adverbs"]
    return any(t.lower_ in adverbs and t.dep_ == "advmod" for t in group.tokens)


def continues(candidate: Candidate, group: Group) -> bool:
    """A group that adds to the candidate: a claim, a blame, casualties of a kind its
    type counts, or a trigger of its family."""
    kind = main_trigger(candidate.opener)._.evex.event_type
    fits = settings()["casualty_types"]
    if claimants(group) or blamed(group) or any(
            kind in fits[c._.evex.kind] for c in real_casualties(group)):
        return True
    family = FAMILIES[kind]
    return any(t._.evex.mention == "reference" or FAMILIES[t._.evex.event_type] == family
               for t in opening_triggers(group))


def collect(sents: list[Span], index: list[dict[str, list[Span]]]) -> list[Candidate]:
    candidates: list[Candidate] = []
    for si, sent in enumerate(sents):
        for group in sentence_groups(si, sent, index[si]):
            mark_stale(group, candidates)
            same_day = dated_referent(candidates, group)
            last = same_day or referent(candidates, group.tokens, si)
            if opens(group) and not (same_day or follows(last, group)):
                group.opened = True
                candidates.append(Candidate([group]))
                continue
            if last and continues(last, group):
                last.groups.append(group)
        last = referent(candidates, list(sent), si)
        if last and disputes(sent, last):
            last.disputed = True
            if si not in (g.sent for g in last.groups):
                last.extra_sents.append(si)
    return candidates


def referent(candidates: list[Candidate], tokens: list[Token], si: int) -> Optional[Candidate]:
    """The candidate a later passage is about: the latest one within the follow-up window
    whose trigger word the passage repeats ("the warehouse fire"), else the latest."""
    window = settings()["follow_up_window"]
    recent = [c for c in candidates if si - c.last_sent <= window]
    if not recent:
        return None
    nouns = {t.lemma_.lower() for t in tokens if t.pos_ == "NOUN"}
    return next((c for c in reversed(recent) if c.lemma in nouns), recent[-1])


def disputes(sent: Span, candidate: Candidate) -> bool:
    """A denial or dismissal of a claim ("police rejected the claim"), or a denial of a
    part in the event ("the group denied any role in the attack")."""
    cues = cue_sets()
    lemmas = {t.lemma_.lower() for t in sent}
    if not lemmas & cues["dispute_lemmas"]:
        return False
    return (bool(lemmas & cues["claim_lemmas"]) or any(claimants(g) for g in candidate.groups)
            or denies_event(sent))


def denies_event(sent: Span) -> bool:
    """A denial verb governing a reference to an event ("denied any role in the attack")."""
    triggers = sent.doc.spans[mentions.TRIGGERS] if mentions.TRIGGERS in sent.doc.spans else []
    references = [t for t in triggers if sent.start <= t.start < sent.end
                  and t._.evex is not None and t._.evex.mention == "reference"]
    return any(a.lemma_.lower() in cue_sets()["denial_lemmas"]
               for t in references for a in t.root.ancestors)


def blame_verb(token: Token) -> Optional[Token]:
    """The blame verb of which ``token`` is the one blamed: "blamed X for", "blamed it on
    X", "attributed the attack to X", "X was blamed for"."""
    words = cue_sets()["blame_lemmas"]
    head = token.head
    if token.dep_ in {"dobj", "nsubjpass"} and head.lemma_.lower() in words:
        return head
    if (token.dep_ == "pobj" and head.lower_ in cue_sets()["blame_preps"]
            and head.head.lemma_.lower() in words):
        return head.head
    return None


def is_blamed(span: Span) -> bool:
    return blame_verb(argument_token(span)) is not None


def is_blamer(span: Span) -> bool:
    """The one who blames ("police blamed X") takes no part in the event."""
    token = argument_token(span)
    return token.dep_ == "nsubj" and token.head.lemma_.lower() in cue_sets()["blame_lemmas"]


def blamed(group: Group) -> list[Span]:
    """Actors blamed for the event, unless the blame is a rival explanation given in a
    denial ("X denied any role and blamed Y")."""
    lemmas = {t.lemma_.lower() for t in group.tokens}
    if lemmas & cue_sets()["denial_lemmas"]:
        return []
    return [a for a in group[mentions.ACTORS] if is_blamed(a)]


def real_casualties(group: Group) -> list[Span]:
    """Casualty counts outside plans, fears and aggregates ("an insurgency that has killed
    more than 35,000 since 2009" counts nobody): the casualties component marks counts
    over a period, the triggers component non-asserted clauses."""
    unreal = {t.root.i for t in group[mentions.TRIGGERS] if t._.evex.modality != "asserted"}
    return [c for c in group[mentions.CASUALTIES]
            if not c._.evex.aggregate
            and not unreal & ({t.i for t in c} | {a.i for a in c.root.ancestors})]


def claimants(group: Group) -> list[Span]:
    """Actor mentions that claim responsibility (flagged, or subject of "claim")."""
    claim = cue_sets()["claim_lemmas"]
    return [a for a in group[mentions.ACTORS]
            if a._.evex.claimant or (a.root.dep_ == "nsubj" and a.root.head.lemma_ in claim)]


# --- 4. events --------------------------------------------------------------------


def main_trigger(group: Group) -> Span:
    """The strongest trigger; a clause's main verb gains, references and background lose."""
    bonus, penalty = settings()["predicate_bonus"], settings()["mention_penalty"]
    return max(opening_triggers(group),
               key=lambda t: t._.evex.strength - penalty[t._.evex.mention]
               + (bonus if is_clause_head(t.root) and t.root.dep_ not in {"acl", "relcl"} else 0.0))


def event_type(candidate: Candidate, trigger: Span) -> str:
    kind = trigger._.evex.event_type
    opener_types = {t._.evex.event_type for t in opening_triggers(candidate.opener)}
    if kind == "arrest" and "security_operation" in opener_types and any(
            c._.evex.kind == "killed" for c in candidate.all(mentions.CASUALTIES)):
        return "security_operation"
    means = [t for g in candidate.groups[1:] for t in opening_triggers(g)
             if is_cause(t) and t._.evex.strength > trigger._.evex.strength]
    return means[0]._.evex.event_type if means else kind


def is_cause(trigger: Span) -> bool:
    """The agent of a cause verb: "the collapse was caused by bombings" names the means."""
    root = trigger.root
    prep = root.head
    return (root.dep_ == "pobj" and prep.lower_ == "by"
            and prep.head.lemma_.lower() in cue_sets()["cause_lemmas"])


def distance(span: Span, anchor: Span) -> int:
    if span.end <= anchor.start:
        return anchor.start - span.end
    return max(0, span.start - anchor.end)


def tree_distance(a: Token, b: Token) -> int:
    """Dependency steps between two tokens of a sentence."""
    depth_a = {t.i: d for d, t in enumerate([a, *a.ancestors])}
    for d, t in enumerate([b, *b.ancestors]):
        if t.i in depth_a:
            return d + depth_a[t.i]
    return len(a.sent)


def closeness(span: Span, trigger: Span) -> tuple[int, int]:
    return (tree_distance(span.root, trigger.root), distance(span, trigger))


def choose_date(group: Group, trigger: Span) -> Optional[EventDate]:
    """The date nearest the trigger; a date inside a noun trigger's own phrase first ("claimed
    the 2011 fire"); then the finest date of the group that lies within it ("weeks
    on, ... on 14 May")."""
    dates = event_dates(group, trigger)
    if not dates:
        return None
    own = {t.i for t in trigger.root.subtree} if trigger.root.pos_ not in VERBAL else set()
    best = min(dates, key=lambda d: (d.root.i not in own, d._.evex.kind == "attributive",
                                     *closeness(d, trigger)))
    scope = trigger_scope(trigger)
    finer = [d for d in dates if d.root.i in scope and within(d._.evex, best._.evex)]
    if finer:
        best = min(finer, key=lambda d: (DATE_RANKS.index(d._.evex.precision),
                                         *closeness(d, trigger)))
    v = best._.evex
    return EventDate(start=v.start, end=v.end, precision=v.precision, text=best.text)


def within(inner: mentions.DateValue, outer: mentions.DateValue) -> bool:
    """``inner`` is more precise than ``outer`` and falls inside it."""
    if DATE_RANKS.index(inner.precision) >= DATE_RANKS.index(outer.precision):
        return False
    if outer.precision == "year":
        return inner.start.year == outer.start.year
    return (inner.start.year, inner.start.month) == (outer.start.year, outer.start.month)


def event_dates(group: Group, trigger: Span) -> list[Span]:
    """The group's dates that can date the event: not those of a plan or fear ("fear
    attacks ahead of the February 8 elections"), of a dateline ("CITY, March 13 -")
    or of the report ("..., officials said on Wednesday")."""
    unreal = {t.root.i for t in group[mentions.TRIGGERS] if t._.evex.modality != "asserted"}
    heading = dateline_tokens(group)
    return [d for d in group[mentions.DATES]
            if not (d.start in heading or report_date(d, trigger)
                    or blocked(d, trigger, unreal, words=frozenset()))]


def dateline_tokens(group: Group) -> set[int]:
    """Tokens of the dateline that opens a sentence: up to the last place labelled as
    a dateline, then dates and punctuation up to the first other word."""
    places = [p for p in group.sentence.get(mentions.PLACES, [])
              if p.label_ == settings()["dateline_label"]]
    if not places or not group.tokens:
        return set()
    sent = group.tokens[0].sent
    taken = {i for span in [*places, *group.sentence.get(mentions.DATES, [])]
             for i in range(span.start, span.end)}
    last_place = max(p.end for p in places)
    out = set()
    for token in sent:
        if token.i >= last_place and not (token.i in taken or token.is_punct or token.is_space):
            break
        out.add(token.i)
    return out


def report_date(date: Span, trigger: Span) -> bool:
    """A date after the verb of a report that is not the trigger ("militants killed 17,
    residents said on Wednesday"): the day of the report."""
    verb = next((a for a in date.root.ancestors if a.pos_ in VERBAL), None)
    return (verb is not None and verb.i < date.start and verb.i != trigger.root.i
            and verb.lemma_.lower() in cue_sets()["speech_lemmas"])


def foreign_roots(group: Group) -> set[int]:
    """Roots of the group's triggers that are not this event: background mentions and
    triggers that did not happen (plans, fears, aggregates)."""
    return {t.root.i for t in group[mentions.TRIGGERS]
            if t._.evex.mention == "background" or t._.evex.modality != "asserted"}


def blocked(mention: Span, trigger: Span, foreign: set[int],
            words: Optional[frozenset[str]] = None) -> bool:
    """A place or date inside a plan, threat, charge or trip ("plans to travel to Syria",
    "ready to start a war in X"), inside another event's background mention ("militants
    implicated in the Grozny attack") or inside a trigger that did not happen
    ("threatened attacks in X") is not where or when the event happened. ``words``:
    the nouns and verbs that block (default: those of a plan, threat, charge, trip)."""
    words, cues = place_blockers() if words is None else words, trigger_cues()
    above_trigger = {trigger.root.i, *(a.i for a in trigger.root.ancestors)}
    for token in mention.root.ancestors:
        if token.i in above_trigger:
            return False
        if token.lemma_.lower() in words or token.i in foreign:
            return True
        if token.pos_ in VERBAL and irrealis(token, cues):
            return True
    return False


def subordinate(mention: Span, trigger: Span) -> bool:
    """A mention inside a modifier or adverbial clause that does not hold the trigger
    ("taken to a hospital in X", "the port of X, which ...")."""
    above_trigger = {trigger.root.i, *(a.i for a in trigger.root.ancestors)}
    for token in mention.root.ancestors:
        if token.i in above_trigger:
            return False
        if token.pos_ in VERBAL and token.dep_ in cue_sets()["subordinate_deps"]:
            return True
    return False


@lru_cache(maxsize=1)
def place_blockers() -> frozenset[str]:
    c = trigger_cues()
    return frozenset(settings()["place_blockers"]) | c.plan | c.plan_nouns | c.fear | c.ready


def choose_place(candidate: Candidate, trigger: Span) -> Optional[Location]:
    """The most specific usable place of the first group that has one named as a place
    (a dateline or a country adjective only when no group has one); in a group, a
    place of the trigger's own clause before one of a subordinate clause, a place
    inside an actor's name ("the court of X") only when nothing else is there."""
    usable = [(group, [p for p in group[mentions.PLACES]
                       if not blocked(p, trigger, foreign_roots(group))])
              for group in candidate.groups]
    named = settings()["place_label"]
    for wanted in (lambda p: p.label_ == named, lambda p: True):
        for group, places in usable:
            places = [p for p in places if wanted(p)]
            if places:
                in_actor = {i for a in group[mentions.ACTORS] for i in range(a.start, a.end)}
                best = min(places, key=lambda p: (p.root.i in in_actor, subordinate(p, trigger),
                                                  PRECISION_RANK[p._.evex.precision],
                                                  *closeness(p, trigger)))
                return region_list(best, places) or location(best)
    return None


def location(span: Span) -> Location:
    v = span._.evex
    return Location(name=v.name, admin1=v.admin1, country=v.country, precision=v.precision,
                    latitude=v.latitude, longitude=v.longitude, text=span.text)


def region_list(best: Span, places: list[Span]) -> Optional[Location]:
    """A coordinated list of regions of one country ("in A, B and C") is the country."""
    listed = {best.root.i}
    for token in best.root.subtree:
        if token.dep_ == "conj" and token.head.i in listed:
            listed.add(token.i)
    members = [p for p in places if p.root.i in listed]
    regions = {p._.evex.admin1 for p in members if p._.evex.precision != "country"}
    countries = {p._.evex.country for p in members}
    if len(regions) < 2 or len(countries) != 1 or None in countries:
        return None
    cc = countries.pop()
    first, last = min(p.start for p in members), max(p.end for p in members)
    return Location(name=country_name(cc), admin1=None, country=cc, precision="country",
                    text=best.doc[first:last].text)


def actor_name(value: mentions.ActorValue, country: Optional[str]) -> Optional[str]:
    if value.template:
        if country is None:
            return None if "{" in value.name else value.name
        return fill_template(value.template, country)
    return value.name


def structural_role(actor: Span, triggers: list[Span], kind: str) -> Optional[str]:
    """The role the syntax gives an actor as argument of a trigger of the event's type."""
    root = argument_token(actor)
    heads = {t.root.i for t in triggers if t._.evex.event_type == kind}
    head = root.head
    if root.dep_ in {"nsubj", "csubj"} and head.i in heads:
        return "perpetrator"
    if root.dep_ in {"dobj", "nsubjpass", "obj"} and head.i in heads:
        return "target"
    if root.dep_ == "pobj" and head.dep_ == "agent" and head.head.i in heads:
        return "perpetrator"
    if root.dep_ == "pobj" and head.lower_ in {"on", "against"} and head.head.i in heads:
        return "target"
    if root.dep_ == "pobj" and head.lower_ == "between" and head.head.i in heads:
        return "perpetrator"  # "a clash between A and B": A started it, B is the other side
    if root.dep_ == "conj" and head.dep_ == "pobj" and head.head.lower_ == "between":
        return "target"
    return None


def is_described(value: mentions.ActorValue) -> bool:
    """A perpetrator only described ("a gunman", "militants"), not named."""
    return value.generic and (value.actor_class in cue_sets()["described_classes"]
                              or value.template == settings()["unidentified_template"])


def enclosing_role(span: Span, others: list[Span], triggers: list[Span],
                   kind: str) -> Optional[str]:
    """The structural role of the actor mention whose phrase holds this one
    ("a cell of militants affiliated with IS": IS takes the cell's role)."""
    roots = {o.root.i: o for o in others if o.root.i != span.root.i}
    for token in span.root.ancestors:
        if token.pos_ in VERBAL and token.dep_ not in {"acl", "relcl"}:
            return None
        if token.i in roots:
            role = structural_role(roots[token.i], triggers, kind)
            if role:
                return role
    return None


def actor_role(span: Span, others: list[Span], triggers: list[Span], kind: str) -> str:
    v = span._.evex
    if v.claimant or is_blamed(span):
        return "perpetrator"
    structural = (structural_role(span, triggers, kind)
                  or enclosing_role(span, others, triggers, kind))
    if structural:
        return structural
    if is_described(v):
        return settings()["described_roles"][kind]
    return v.role_hint or settings()["default_roles"][kind].get(v.actor_class, "target")


def scoped_actors(group: Group, trigger: Span) -> list[Span]:
    """The sentence's actor mentions inside the scope (``pipeline.scope``) of the
    opening triggers of the main trigger's family. Left out: the actors of another
    event opened by a coordinated clause of the sentence (unless it is a subject the
    clauses share), the person to whom allegiance is pledged ("pledged allegiance to
    X"), and a person linked to a group when a group is named in the scope."""
    family = FAMILIES[trigger._.evex.event_type]
    triggers = [t for t in opening_triggers(group) if FAMILIES[t._.evex.event_type] == family
                and (t._.evex.mention != "background" or t is trigger)]
    keep = frozenset(t.root.i for t in triggers)
    clause: set[int] = set()
    shared: set[int] = set()
    for t in triggers:
        own, borrowed = scope_parts(t, keep)
        clause, shared = clause | own, shared | borrowed
    foreign = {(a.start, a.end) for g in group.siblings if g is not group and g.opened
               and g.head_dep not in {"acl", "relcl"} for a in g[mentions.ACTORS]}
    sentence = group.sentence.get(mentions.ACTORS, group[mentions.ACTORS])
    spans = [a for a in {(a.start, a.end, a.label): a
                         for a in [*sentence, *group[mentions.ACTORS]]}.values()
             if (a.root.i in shared or (a.root.i in clause and (a.start, a.end) not in foreign))
             and not (is_pledgee(a) or is_blamer(a) or is_nearby(a))]
    if any(a.label_ != PERSON_LABEL and names_group(a) for a in spans):
        spans = [a for a in spans if a.label_ != PERSON_LABEL]
    return sorted(spans, key=lambda a: a.start)


def names_group(span: Span) -> bool:
    v = span._.evex
    return v.actor_class == "militant_group" and not v.generic


def is_pledgee(span: Span) -> bool:
    """The one allegiance is pledged to ("allegiance to X") is not a party to the pledge."""
    token = argument_token(span)
    return (token.dep_ == "pobj" and token.head.lower_ == "to"
            and token.head.head.lemma_.lower() in cue_sets()["pledge_nouns"])


def is_nearby(span: Span) -> bool:
    """What an event happened near ("bombers blew themselves up near the police
    station") is a landmark, not a target."""
    token = argument_token(span)
    return token.dep_ == "pobj" and token.head.lower_ in cue_sets()["proximity_preps"]


def is_source(span: Span) -> bool:
    """The subject of a reporting verb ("the army said ...")."""
    token = argument_token(span)
    return token.dep_ == "nsubj" and token.head.lemma_.lower() in cue_sets()["report_lemmas"]


def follow_up_forces(candidate: Candidate, country: Optional[str]) -> list[Actor]:
    """State forces reporting the opening sentence ("the army said air strikes had
    killed ...") or named in a follow-up of a raid or arrest ("the raid left two dead; the
    gendarmerie lost one officer") carried it out."""
    out = []
    opening = [a for a in candidate.opener.sentence.get(mentions.ACTORS, []) if is_source(a)]
    for spans in (opening, *(g[mentions.ACTORS] for g in candidate.groups[1:])):
        for span in spans:
            name = actor_name(span._.evex, country)
            if span._.evex.actor_class == "state_forces" and name:
                out.append(Actor(name=name, role="perpetrator", actor_class="state_forces",
                                 text=span.text))
    return out


def resolve_actors(candidate: Candidate, trigger: Span, kind: str, country: Optional[str],
                   claimed: list[str]) -> list[Actor]:
    """Actors in the main trigger's scope, plus the claimants of follow-ups.

    A described perpetrator is the claimant group when there is a claim, else
    it is left out when a named group is a perpetrator, else "Unidentified Armed
    Group (<country>)"; it is left out when a named group has its role. The side
    that carried the event out is not also its target (its own dead are casualties).
    A raid or arrest without a perpetrator takes the state forces its follow-ups
    name. Duplicates (same name and role) are kept once."""
    triggers = candidate.opener[mentions.TRIGGERS]
    scoped = scoped_actors(candidate.opener, trigger)
    spans = scoped + [c for g in candidate.groups for c in [*claimants(g), *blamed(g)]
                      if c not in scoped]
    named, described = {}, {}
    for span in spans:
        v = span._.evex
        role = actor_role(span, spans, triggers, kind)
        if is_described(v) and role == "perpetrator" and claimed:
            name, actor_class = claimed[0], "militant_group"
        else:
            name, actor_class = actor_name(v, country), v.actor_class
        if name:
            bucket = described if is_described(v) and name not in claimed else named
            bucket.setdefault((name, role), Actor(name=name, role=role,
                                                  actor_class=actor_class, text=span.text))
    named_roles = {role for (_, role), a in named.items() if a.actor_class == "militant_group"}
    for (name, role), actor in described.items():
        if role not in named_roles:
            named.setdefault((name, role), actor)
    if kind in {"security_operation", "arrest"} and not any(
            role == "perpetrator" for _, role in named):
        for actor in follow_up_forces(candidate, country):
            named.setdefault((actor.name, actor.role), actor)
    if kind == "strategic_development":
        named = acts_of_state(named, trigger)
    perpetrators = {name for name, role in named if role == "perpetrator"}
    return [a for (name, role), a in named.items()
            if not (role == "target" and name in perpetrators)]


def acts_of_state(named: dict, trigger: Span) -> dict:
    """A development whose agent is a state ("Iraq declared victory over X", "the
    government banned X") was carried out by its government; the militant groups it
    concerns are its targets, unless they claim it."""
    agent = state_agent(trigger)
    if agent is None and not any(role == "perpetrator" and a.actor_class in STATE_CLASSES
                                 for (_, role), a in named.items()):
        return named
    out = {} if agent is None else {(agent.name, agent.role): agent}
    for (name, role), actor in named.items():
        if role == "perpetrator" and actor.actor_class == "militant_group":
            role = "target"
            actor = actor.model_copy(update={"role": role})
        out.setdefault((name, role), actor)
    return out


def state_agent(trigger: Span) -> Optional[Actor]:
    """The government of the country named as the subject of the trigger."""
    doc = trigger.doc
    places = doc.spans[mentions.PLACES] if mentions.PLACES in doc.spans else []
    subjects = {t.i for t in trigger.root.children if t.dep_ in {"nsubj", "nsubjpass"}}
    for place in places:
        v = place._.evex
        if place.root.i in subjects and v is not None and v.precision == "country" and v.country:
            name = settings()["government_template"].format(country=country_label(v.country))
            return Actor(name=name, role="perpetrator", actor_class="government",
                         text=place.text)
    return None


def claimed_by(candidate: Candidate, country: Optional[str]) -> list[str]:
    names: list[str] = []
    for group in candidate.groups:
        for span in claimants(group):
            name = actor_name(span._.evex, country)
            if name and name not in names:
                names.append(name)
    return names


def sum_casualties(candidate: Candidate) -> Casualties:
    """Per-kind totals (see the module docstring for the rules)."""
    totals: dict[str, list] = {}
    seen: set[tuple] = set()
    for group in candidate.groups:
        here = set()
        for span in real_casualties(group):
            v = span._.evex
            key = (v.kind, v.count, v.party)
            if v.count is not None and key in seen:
                continue  # restated in a later sentence
            here.add(key)
            totals.setdefault(v.kind, []).append(v)
        seen |= here
    fields: dict[str, object] = {}
    for kind, values in totals.items():
        fields[kind], fields[f"{kind}_qualifier"] = combine_counts(values)
    return Casualties(**fields)


def combine_counts(values: list[mentions.CasualtyValue]) -> tuple[Optional[int], Optional[str]]:
    known = [v for v in values if v.count is not None]
    if not known:
        return None, "vague"
    qualifiers = {v.qualifier for v in known}
    if len(known) < len(values):
        qualifiers.add("at_least")
    qualifier = max(qualifiers, key=lambda q: QUALIFIER_ORDER.index(q) if q in QUALIFIER_ORDER else 0)
    return sum(v.count for v in known), qualifier


def evidence(doc: Doc, sents: list[Span], indices: Iterable[int], text: str) -> list[Evidence]:
    out = []
    for si in sorted(set(indices)):
        sent = sents[si]
        start = to_clean(doc, sent.start_char)
        end = to_clean(doc, sent.end_char - 1) + 1 if len(sent.text) else start
        chunk = text[start:end]
        start += len(chunk) - len(chunk.lstrip())
        end -= len(chunk) - len(chunk.rstrip())
        if end > start:
            out.append(Evidence(sentence=text[start:end], start=start, end=end))
    return out


def event_id(doc_id: str, first: Evidence, kind: str, trigger_char: int) -> str:
    digest = hashlib.sha1(f"{doc_id}|{first.start}|{first.end}|{kind}|{trigger_char}".encode())
    return f"{doc_id}-{digest.hexdigest()[:12]}"


def confidence(strength: float, date, location, actors, casualties: Casualties,
               disputed: bool) -> float:
    w = settings()["confidence"]
    score = w["base"] + w["strength"] * strength
    score += w["date"] * (date is not None) + w["location"] * (location is not None)
    score += w["actors"] * bool(actors) + w["casualties"] * any(
        v is not None for v in casualties.model_dump().values())
    score -= w["disputed"] * disputed
    return round(min(1.0, max(0.0, score)), 3)


def to_event(candidate: Candidate, doc: Doc, sents: list[Span], clean: CleanDocument,
             context_country: Optional[str]) -> Optional[Event]:
    trigger = main_trigger(candidate.opener)
    kind = event_type(candidate, trigger)
    date = choose_date(candidate.opener, trigger)
    location = choose_place(candidate, trigger)
    if (date is None and location is None) or (kind == "strategic_development" and date is None):
        return None
    country = location.country if location and location.country else context_country
    claims = claimed_by(candidate, country)
    actors = resolve_actors(candidate, trigger, kind, country, claims)
    casualties = sum_casualties(candidate)
    sentence_ids = [g.sent for g in candidate.groups] + candidate.extra_sents
    proof = evidence(doc, sents, sentence_ids, clean.text)
    if not proof:
        return None
    return Event(
        event_id=event_id(clean.doc_id, proof[0], kind, to_clean(doc, trigger.start_char)),
        doc_id=clean.doc_id, event_type=kind, date=date, location=location, actors=actors,
        casualties=casualties, claimed_by=claims,
        certainty="disputed" if candidate.disputed else "reported", evidence=proof,
        confidence=confidence(trigger._.evex.strength, date, location, actors, casualties,
                              candidate.disputed))


def main_country(doc: Doc) -> Optional[str]:
    """The country most place mentions of the document belong to: the naming context
    of generic actors ("Police Forces of <country>") until an event gives a location;
    then the last located event's country is (a section about another country)."""
    places = doc.spans[mentions.PLACES] if mentions.PLACES in doc.spans else []
    counts = Counter(s._.evex.country for s in places if s._.evex is not None and s._.evex.country)
    return counts.most_common(1)[0][0] if counts else None


# --- 5. duplicates ----------------------------------------------------------------


def dates_compatible(a: Optional[EventDate], b: Optional[EventDate]) -> bool:
    if a is None or b is None:
        return a is b
    coarse, fine = sorted((a, b), key=lambda d: ("day", "month", "year").index(d.precision),
                          reverse=True)
    if coarse.precision == "year":
        return coarse.start.year == fine.start.year
    if coarse.precision == "month":
        return (coarse.start.year, coarse.start.month) == (fine.start.year, fine.start.month)
    return coarse.start == fine.start and coarse.end == fine.end


def places_compatible(a: Optional[Location], b: Optional[Location]) -> bool:
    if a is None or b is None:
        return True
    if a.country != b.country:
        return False
    if a.precision == "country" or b.precision == "country":
        return True
    if a.admin1 != b.admin1:
        return False
    return a.precision == "admin1" or b.precision == "admin1" or a.name == b.name


def same_date(a: Optional[EventDate], b: Optional[EventDate]) -> bool:
    return a is not None and b is not None and (a.start, a.end, a.precision) == (
        b.start, b.end, b.precision)


def same_occurrence(a: Event, b: Event, adjacent: bool = False) -> bool:
    """Compatible types (``families_compatible``), and: the same date with compatible
    places, or compatible (nested) dates with compatible places that are both known,
    or (``adjacent``: told one after the other) one date missing with compatible known
    places. Strategic developments need the same date; two events of one sentence
    stay apart."""
    if not families_compatible(a.event_type, b.event_type):
        return False
    if a.evidence[0].start == b.evidence[0].start:
        return False
    if not places_compatible(a.location, b.location):
        return False
    if same_date(a.date, b.date):
        return True
    if a.event_type == "strategic_development" or b.event_type == "strategic_development":
        return False
    if a.location is None or b.location is None:
        return False
    return dates_compatible(a.date, b.date) or (adjacent and (a.date is None or b.date is None))


def families_compatible(a: str, b: str) -> bool:
    """Same family, or an arrest and the operation it was made in."""
    return FAMILIES[a] == FAMILIES[b] or {a, b} == {"arrest", "security_operation"}


def finer(a, b, ranks: tuple[str, ...]):
    if a is None or b is None:
        return a or b
    return a if ranks.index(a.precision) <= ranks.index(b.precision) else b


def larger_count(a: Casualties, b: Casualties) -> Casualties:
    fields = {}
    for kind in ("killed", "injured", "arrested"):
        pick = a if (getattr(a, kind) or 0) >= (getattr(b, kind) or 0) else b
        if getattr(pick, kind) is None and getattr(pick, f"{kind}_qualifier") is None:
            pick = b if pick is a else a
        fields[kind] = getattr(pick, kind)
        fields[f"{kind}_qualifier"] = getattr(pick, f"{kind}_qualifier")
    return Casualties(**fields)


def combine(a: Event, b: Event) -> Event:
    """One event from two passages about the same occurrence: the first one's id and
    type (an arrest told with the operation it was made in is the operation)."""
    actors = {(x.name, x.role): x for x in [*a.actors, *b.actors]}
    proof = {(e.start, e.end): e for e in [*a.evidence, *b.evidence]}
    kinds = {a.event_type, b.event_type}
    return a.model_copy(update={
        "event_type": "security_operation" if kinds == {"arrest", "security_operation"}
        else a.event_type,
        "date": finer(a.date, b.date, ("day", "month", "year")),
        "location": finer(a.location, b.location, ("place", "admin1", "country")),
        "actors": list(actors.values()),
        "casualties": larger_count(a.casualties, b.casualties),
        "claimed_by": list(dict.fromkeys([*a.claimed_by, *b.claimed_by])),
        "certainty": "disputed" if "disputed" in (a.certainty, b.certainty) else "reported",
        "evidence": [proof[k] for k in sorted(proof)],
        "confidence": max(a.confidence, b.confidence)})


def merge_duplicates(events: list[Event]) -> list[Event]:
    merged: list[Event] = []
    for event in events:
        for i, kept in enumerate(merged):
            if same_occurrence(kept, event, adjacent=i == len(merged) - 1):
                merged[i] = combine(kept, event)
                break
        else:
            merged.append(event)
    return merged


def assemble_events(doc: Doc, clean: CleanDocument) -> list[Event]:
    """Return the events of one document, in text order."""
    sents = sentences(doc) if len(doc) else []
    candidates = collect(sents, index_mentions(doc, sents, clean.title))
    context_country = main_country(doc)
    events: list[Event] = []
    previous: Optional[tuple[int, Event]] = None
    for candidate in candidates:
        event = to_event(candidate, doc, sents, clean, context_country)
        if event is None:
            continue
        if previous and previous[0] == candidate.opener.sent:
            event = share_state_agent(event, previous[1])
        events.append(event)
        previous = (candidate.opener.sent, event)
        if event.location and event.location.country:
            context_country = event.location.country
    return merge_duplicates(events)


def share_state_agent(event: Event, neighbour: Event) -> Event:
    """A strategic development with no agent and no place, coordinated with one that a
    government carried out ("X was proscribed by the United Kingdom on D1; Y was listed
    on D2"), was done by the same government, in its country."""
    governments = [a for a in neighbour.actors
                   if a.role == "perpetrator" and a.actor_class == "government"]
    if (event.event_type != "strategic_development" or neighbour.event_type != event.event_type
            or event.location is not None or not governments
            or any(a.role == "perpetrator" for a in event.actors)):
        return event
    return event.model_copy(update={"actors": [*governments, *event.actors],
                                    "location": neighbour.location})
