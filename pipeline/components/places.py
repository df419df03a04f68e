"""evex_places: place mentions resolved against the offline gazetteer.

Writes ``doc.spans["evex_places"]``; each span's ``span._.evex`` is a
:class:`pipeline.mentions.PlaceValue`. Span labels say how much to trust a
mention: ``"place"`` for a named place, ``"adjective"`` for a country given only
by an adjective ("a Nigerian army base"), and ``"dateline"`` for a place in
a wire dateline ("KABUL, Jan 5 (AP) -", see ``pipeline.datelines``: where the
reporter filed from, not where the events happened); events should use both
only when nothing better is named.

Where mentions come from:

* the model's GPE, LOC and FAC entities;
* names the model misses or mislabels: countries, the curated region names and
  aliases of the data files (a case-sensitive phrase match), an entity the model
  tagged as a person or organisation whose whole text is such a name ("Mali",
  "Northern Mali");
* ``the <settlement|district|admin word> of <Name>`` ("the village of X") and
  ``<Name> district``;
* names found only by their position: a title-case proper noun outside other
  entities (or tagged as a person or organisation) after a locative preposition
  ("near X") or before an event or site noun ("the 2014 X massacre", "the X
  cathedral"). Such a name needs a gazetteer place in a country the document
  names elsewhere (a city of ``WORLD_MIN_POPULATION`` anywhere), of
  ``RESCUE_MIN_POPULATION`` unless it lies in a region the document names;
* an organisation-tagged first-level region before an admin word ("X department");
* organisations and facilities named after their town, by the last word of
  their name (``institutions`` of place_terms.json): a body ("X City Court") is
  located at the town, a site ("X International Airport") keeps its own name.

A single common English word tagged as a place ("Capital", ``common_words``)
resolves only to a place in a country the document names elsewhere.

"the capital", "the Afghan capital", "the country's capital" is the capital
city of the adjective's country, else of the document's main country. A
country adjective is a (low-priority) place only when it modifies a place
noun ("on Syrian soil", ``place_nouns``), and a country name that modifies an
agent ("a U.S. drone strike") is labelled ``"adjective"`` too. A transliteration
guess (a consonant-skeleton match, ``gazetteer.similar``) and a small place
in a country the document never names, while it names others, are kept only
on the conditions of ``_choose``.

What is *not* a place: organisations and people (a place word inside an
organisation's name, "Wilayat Sinai", never becomes a location), the names
in ``place_aliases.json`` ``not_places`` (organisations, metonyms such as "the
Pentagon", and regions spanning several countries such as "the Sahel",
which have no country and are skipped).

How a mention is read:

* ``name``: the gazetteer's canonical name of the most specific place (GeoNames
  name, or the English exonym of ``place_aliases.json``: "Kharkov" -> "Kharkiv");
  for a district ("Nad Ali district") the article's form + " District", located
  at its seat; for a facility the facility's own text, located at the place
  named inside or right after it ("Kabul International Airport");
* directional words are dropped ("southern Helmand" is the province Helmand);
* a settlement word keeps only populated places, an admin word prefers regions;
* a place unknown to the gazetteer but introduced by a settlement word keeps
  the article's form with the region/country of its container and no point;
  so does a weakly matched place (alternate name, spelling variant, settlement
  word) that lies outside the region the article names right after it.
* names are GeoNames' without diacritics; coordinates are the place's own, the
  mean of a region's places, or a country's capital (see ``pipeline.gazetteer``).

A district named by an adjective ("X (Kupiansky district)") is located at its
seat, found by the seat-name rewrites of the adjective (``district_seats``);
the place before it and the seat are chosen together, the closest pair
winning. When no candidate of the place lies within ``DISTRICT_KM`` of the
seat, the place is unknown to the gazetteer: it keeps the article's form, the
seat's region and country, and no point (the seat can lie tens of kilometres
away, and a wrong point is worse than none).

Ambiguity ("Paris", "Borova") is settled by a score, strongest first: the
container named right after the mention ("X (Y district)", "X, Y", "X of the Y
republic"), countries and regions named in the same sentence (adjectives
included), mentions earlier in the document, population, then how the name
matched (own name before alias, alternate name and spelling variant). A
mention already resolved counts by its choice: "In neighbouring Mali ... near
X" prefers Mali's X even though "Mali" is also a town's name elsewhere.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Optional

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline import datelines, gazetteer, mentions
from pipeline.gazetteer import Entry
from pipeline.mentions import PlaceValue

PLACE_LABELS = {"GPE", "LOC", "FAC"}
# Entities whose tokens are not places unless their whole text is a known name.
BLOCKING_LABELS = {"PERSON", "ORG", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "NORP"}
PRECISION = {"place": "place", "admin1": "admin1", "country": "country", "region": "country"}
KIND_BONUS = {"country": 3.0, "region": 3.0, "admin1": 1.0, "place": 0.0}
CONTAINER_BONUS = 100.0
# Context only tips the balance between candidates of similar size: a village
# named in the same sentence as its country beats a town 10^8 times larger
# elsewhere, a country mentioned earlier beats one about 10^2 times larger.
SENTENCE_BONUS = 8.0
DOCUMENT_BONUS = 1.0  # per earlier mention of the country or region
DOCUMENT_CAP = 2
FLAG_BONUS = 20.0  # an admin word before/after the name prefers regions
RANK_PENALTY = 2.0
NEAR_KM = 60.0  # a place this close to a container place lies in it
FACILITY_MIN_POPULATION = 10_000  # "Port" in "Port-X" is not the French village
RESCUE_MIN_POPULATION = 1000  # "in <person-tagged name>" is a place if this large
# ... and lies in a country the document names elsewhere, unless this large.
WORLD_MIN_POPULATION = 100_000
DISTRICT_KM = 40.0  # a place this close to a district's seat lies in the district
WEAK = "WEAK"  # span label of a name found only by its position ("near X", "the X clash")
MAX_MODIFIERS = 2  # lower-case words between a name and its event noun ("X school siege")
BODY = "BODY"  # span label of an organisation named after its town ("X City Court")
MAX_GAP = 6  # tokens between a mention and its container
SEAT_KM = 100.0  # a town this close to a same-named region's centre is its seat
DATELINE = "dateline"  # span label of a place in a wire dateline ("KABUL, Jan 5 (AP) -")
# A place this small, in a country the document never names while it names
# others, is another place of the same name; larger ones lose OUTSIDE_PENALTY.
SMALL_PLACE = 10_000
OUTSIDE_PENALTY = 4.0
SIMILAR_RANK = 4  # Entry.rank of a consonant-skeleton guess: only in a named country


@Language.factory("evex_places", assigns=["doc.spans"], requires=["doc.ents"])
def make_component(nlp: Language, name: str) -> "PlacesComponent":
    return PlacesComponent(nlp)


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    t = gazetteer.terms()
    names = ("settlement", "district", "admin", "directions", "locative", "connectors",
             "org_prefixes", "org_suffixes", "container_markers", "event_nouns", "common_words",
             "place_nouns", "capital_owners", "name_particles")
    return {k: frozenset(t[k]) for k in names}


@lru_cache(maxsize=1)
def _institutions() -> dict[str, str]:
    """Last word of an institution's name -> "facility" | "body"."""
    return {word: kind for kind, words in gazetteer.terms()["institutions"].items() for word in words}


@dataclass
class Mention:
    """A candidate place span and what the words around it say."""

    start: int
    end: int  # the whole mention (with direction, district or admin words)
    name: str  # the text looked up
    entries: tuple[Entry, ...]
    flag: Optional[str] = None  # "settlement" | "district" | "admin"
    facility: Optional[str] = None
    containers: list[int] = field(default_factory=list)
    # candidates outside the countries the document names elsewhere need this
    # population (common words: never; names found by position: a large city)
    outside_min_population: float = 0.0
    # candidates outside the regions the document names need this population
    # (a village found only by its position must lie in a region named elsewhere)
    unnamed_region_min_population: float = 0.0


class PlacesComponent:
    """The evex_places pipe; needs only entities (sentences are used when set)."""

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.matcher.add("PLACE", list(nlp.tokenizer.pipe(gazetteer.strong_names())))

    def __call__(self, doc: Doc) -> Doc:
        """Find candidate spans, read their context, resolve, add adjectives."""
        found = [m for m in (self._mention(doc, s) for s in self._spans(doc)) if m]
        _link_containers(doc, found)
        spans = self._resolve_all(doc, found)
        spans += _capital_spans(doc, spans)
        spans += _adjective_spans(doc, spans)
        doc.spans[mentions.PLACES] = sorted(spans, key=lambda s: s.start)
        return doc

    # ------------------------------------------------------------------ spans

    def _spans(self, doc: Doc) -> list[Span]:
        """Candidate spans, longest first where they overlap."""
        blocked = set()
        spans = []
        for ent in doc.ents:
            institution = _institution(ent)
            if ent.label_ in PLACE_LABELS and not gazetteer.is_not_place(ent.text):
                spans.append(ent)
            elif ent.label_ in BLOCKING_LABELS and _rescued(doc, ent):
                spans.append(Span(doc, ent.start, ent.end, label="GPE"))
            elif ent.label_ == "ORG" and institution:
                spans.append(Span(doc, ent.start, ent.end, label=institution))
            elif ent.label_ in BLOCKING_LABELS | PLACE_LABELS:
                blocked.update(range(ent.start, ent.end))
        for _, start, end in self.matcher(doc):
            if not blocked.intersection(range(start, end)):
                spans.append(Span(doc, start, end, label="GPE"))
        spans.extend(_introduced_names(doc))
        spans.extend(_district_names(doc))
        spans.extend(_positional_names(doc))
        return [s for s in filter_spans(spans) if not _in_org_name(doc, s)]

    def _mention(self, doc: Doc, span: Span) -> Optional[Mention]:
        """Read the words around a span and look its name up."""
        words = _words()
        name, entries, flag = _lookup_span(span)
        flag = _introducer(doc, span.start) or flag
        start, end = span.start, span.end
        if (whole := _directional_region(doc, span)) is not None:
            (name, entries), start = whole, start - 1
        follower = doc[end].lower_ if end < len(doc) else ""
        if follower in words["district"] and gazetteer.district_seats(name):
            flag, end = "district", end + 1
        elif follower in words["admin"] and any(e.kind == "admin1" for e in entries):
            flag, end = "admin", end + 1
        elif follower in words["admin"] and gazetteer.similar_admin1(name):
            flag, end = "admin", end + 1
            entries = entries + gazetteer.similar_admin1(name)
        while start > 0 and doc[start - 1].lower_ in words["directions"]:
            start -= 1
        if flag == "district":
            entries = gazetteer.district_seats(name)
        is_facility = span.label_ == "FAC" and gazetteer.key(name) != gazetteer.key(span.text)
        facility = span.text if is_facility else None
        mention = Mention(start, end, name, _filter(entries, flag), flag, facility,
                          outside_min_population=_outside_min_population(span, facility))
        if span.label_ == WEAK:
            mention.entries = tuple(e for e in mention.entries if e.kind in ("place", "admin1")
                                    and e.rank != 3)
            mention.unnamed_region_min_population = RESCUE_MIN_POPULATION
        return mention if mention.entries or flag == "settlement" or facility else None

    # -------------------------------------------------------------- resolving

    def _resolve_all(self, doc: Doc, found: list[Mention]) -> list[Span]:
        """Resolve mentions in document order, then place the ones the gazetteer
        lacks (or that their container contradicts) in their container."""
        chosen = _choose(doc, found)
        outside = _settle_districts(found, chosen)
        values = [None if e is None else _value(m, e) for m, e in zip(found, chosen)]
        for i, m in enumerate(found):
            container = next((values[j] for j in m.containers if values[j] is not None), None)
            contradicted = i in outside or _contradicted(chosen[i], m, [chosen[j] for j in m.containers])
            if contradicted or values[i] is None:
                values[i] = _unknown_place(m, container, values[i])
        filed = [(d.start, d.end) for d in datelines.find(doc.text)]
        spans = []
        for m, value in zip(found, values):
            if value is not None:
                start = doc[m.start].idx
                label = DATELINE if any(a <= start < b for a, b in filed) else "place"
                if value.precision == "country" and _modifies_agent(doc, m.end):
                    label = "adjective"  # "a U.S. drone strike": a country, not the place
                span = Span(doc, m.start, m.end, label=label)
                span._.evex = value
                spans.append(span)
        return spans


def _choose(doc: Doc, found: list[Mention]) -> list[Optional[Entry]]:
    """The best entry of each mention, with what the document said so far.

    Countries and regions "named" by the document (which names found only by
    their position must lie in) are those its unambiguous mentions fix, its
    country adjectives, and the choices made so far ("Niger" resolved to the
    country names it, though a Nigerian state shares the name)."""
    anchors = [_anchor(m) for m in found]
    adjectives = _adjective_countries(doc)
    trusted = {a for m, a in zip(found, anchors) if a and not m.outside_min_population}
    mentioned = _mentioned_countries(found, anchors, adjectives)
    named = {a[0] for a in trusted} | mentioned
    seen: Counter = Counter()
    chosen: list[Optional[Entry]] = []
    for i, m in enumerate(found):
        fixed = [_fixed(e) for e in chosen] + anchors[i:]
        sentence = _sentence_context(doc, found, fixed, adjectives, i)
        candidates = [e for e in m.entries
                      if (e.country in named or e.population >= m.outside_min_population)
                      and ((e.admin1 is not None and (e.country, e.admin1) in trusted)
                           or e.population >= m.unnamed_region_min_population)
                      and (e.rank < SIMILAR_RANK or e.country in mentioned)
                      and not _foreign_village(doc, e, m, mentioned)]
        entry = max(candidates, default=None, key=lambda e: _score(e, m, found, sentence, seen)
                    - OUTSIDE_PENALTY * bool(mentioned and e.country not in mentioned))
        chosen.append(entry)
        if entry is not None:
            seen[entry.country] += 1
            seen[_fixed(entry)] += 1
            if not m.outside_min_population:
                named.add(entry.country)
                trusted.add(_fixed(entry))
    return chosen


def _mentioned_countries(found: list[Mention], anchors: list, adjectives: list) -> frozenset[str]:
    """Countries the document clearly names: by a country's own name ("Mali",
    though towns share it), a country adjective, or a mention whose readings all
    lie in one country and match by name (not a guess) a region or a town of
    SMALL_PLACE people."""
    out = {cc for _, cc in adjectives}
    out.update(e.country for m in found for e in m.entries if e.kind == "country" and e.rank == 0)
    for m, anchor in zip(found, anchors):
        if anchor and not m.outside_min_population and all(e.rank <= 1 for e in m.entries) and any(
                e.kind != "place" or e.population >= SMALL_PLACE for e in m.entries):
            out.add(anchor[0])
    return frozenset(out)


def _foreign_village(doc: Doc, e: Entry, m: Mention, mentioned: frozenset[str]) -> bool:
    """A small place in a country the document never names, while it names
    others: another place of that name is meant, unless this is the name's only
    reading, matched exactly, after a locative preposition ("in X")."""
    if not mentioned or e.country in mentioned or e.kind != "place" or e.population >= SMALL_PLACE:
        return False
    locative = m.start > 0 and doc[m.start - 1].lower_ in _words()["locative"]
    return not (len(m.entries) == 1 and e.rank == 0 and locative)


def _settle_districts(found: list[Mention], chosen: list[Optional[Entry]]) -> set[int]:
    """Resolve "X (Y district)" together: of the district's possible seats and
    X's candidates, the closest pair wins (the district's seat, and X when it
    lies within DISTRICT_KM of it). Return the mentions none of whose
    candidates lies in the district: places the gazetteer lacks, to be put in
    the district's region (the seat nearest a namesake is the likeliest)."""
    outside = set()
    for i, m in enumerate(found):
        j = next((j for j in m.containers if found[j].flag == "district"), None)
        if j is None or m.flag == "district":
            continue
        seats = [e for e in found[j].entries if e.kind == "place"]
        pairs = [(gazetteer.distance_km(e, seat), e, seat)
                 for e in m.entries if e.kind == "place" for seat in seats]
        if not pairs:
            continue
        km, entry, seat = min(pairs, key=lambda p: (p[0] > DISTRICT_KM, p[1].rank, p[0]))
        chosen[j] = seat
        if km > DISTRICT_KM:
            outside.add(i)
        else:
            chosen[i] = entry
    return outside


# ---------------------------------------------------------------------- spans


def _rescued(doc: Doc, ent: Span) -> bool:
    """A person/organisation entity whose text (directions aside) is a known
    country or region name ("northern Mali", "Northern Azerbaijan"), or a
    first-level region's name before an admin word ("X department")."""
    if gazetteer.is_not_place(ent.text) or ent.label_ == "NORP":  # adjectives are handled apart
        return False
    words = [t.text for t in ent]
    while words and words[0].lower() in _words()["directions"]:
        words = words[1:]
    name = _join(words)
    if gazetteer.key(name) in _strong_keys():
        return True
    follower = doc[ent.end].lower_ if ent.end < len(doc) else ""
    return follower in _words()["admin"] and any(e.kind == "admin1" for e in gazetteer.lookup(name))


def _institution(ent: Span) -> Optional[str]:
    """FAC for a site named after its town ("X International Airport"), BODY for
    an organisation ("X City Court"), by the last word of its name; None else."""
    kind = _institutions().get(ent[-1].lower_) if len(ent) >= 2 else None
    return {"facility": "FAC", "body": BODY}.get(kind)


def _positional_names(doc: Doc) -> Iterable[Span]:
    """Names the model left untagged or tagged as a person, found by position:
    after a locative preposition ("near X", and the names coordinated with it:
    "in X and Y") or before an event noun ("the X clash")."""
    words = _words()
    previous = -1  # end of the last name found after a locative
    for start, end in sorted(_free_names(doc)):
        before = doc[start - 1].lower_ if start > 0 else ""
        after = doc[end].lower_ if end < len(doc) else ""
        coordinated = before in ("and", ",") and previous == start - 1
        if ((before in words["locative"] or coordinated) and after not in {"'s", "’s"}) or _names_event(doc, end):
            previous = end if before in words["locative"] or coordinated else previous
            yield Span(doc, start, end, label=WEAK)


def _names_event(doc: Doc, i: int) -> bool:
    """An event or site noun at ``i``, or after at most MAX_MODIFIERS lower-case
    nominal modifiers ("X clash", "X school siege", "the X cathedral", "X fish market")."""
    tagged = doc.has_annotation("POS")
    for j in range(i, min(i + MAX_MODIFIERS + 1, len(doc))):
        if doc[j].lower_ in _words()["event_nouns"] or _institutions().get(doc[j].lower_) == "facility":
            return True
        if not (doc[j].is_lower and doc[j].is_alpha and (not tagged or doc[j].pos_ in ("NOUN", "ADJ"))):
            return False
    return False


def _free_names(doc: Doc) -> Iterable[tuple[int, int]]:
    """(start, end) of title-case names the model did not tag as a place: whole
    person, organisation, title and nationality entities ("near Djibo" is often
    an organisation, "Mocimboa da Praia" a person; country adjectives aside),
    and proper-noun runs outside entities or inside an event's, a person's
    ("Sheikh" + person "Zuweid"), a title's ("in X and Y" tagged as a work of
    art) or an organisation that is no single name ("X in Y");
    lower-case name particles ("da", "al") may stand inside a name."""
    loose = set()  # tokens of entities that are no single name ("X in Y" tagged as one organisation)
    for ent in doc.ents:
        if ent.label_ in ("PERSON", "ORG", "WORK_OF_ART", "NORP") and _name_like(ent):
            if ent.label_ != "NORP" or not gazetteer.country_from_adjective(ent.text):
                yield ent.start, ent.end
        elif ent.label_ in ("ORG", "NORP"):
            loose.update(range(ent.start, ent.end))
    tagged = doc.has_annotation("POS")
    free = [t.is_title and (t.ent_type_ in ("", "EVENT", "PERSON", "WORK_OF_ART") or t.i in loose)
            and (not tagged or t.pos_ == "PROPN") for t in doc]
    start = 0
    while start < len(doc):
        end = start
        while end < len(doc) and (free[end] or (end > start and _particle_inside(doc, free, end))):
            end += 1
        if end > start:
            yield start, end
        start = end + 1


def _name_like(span: Span) -> bool:
    """Title-case words, with name particles only inside ("Mocimboa da Praia")."""
    particles = _words()["name_particles"]
    return span[0].is_title and span[-1].is_title and all(
        t.is_title or t.lower_ in particles for t in span)


def _particle_inside(doc: Doc, free: list[bool], i: int) -> bool:
    return doc[i].lower_ in _words()["name_particles"] and i + 1 < len(doc) and free[i + 1]


def _outside_min_population(span: Span, facility: Optional[str]) -> float:
    """Population a candidate outside the document's countries needs (Mention):
    none for a common word, a city's for a name found by position or inside
    an institution's name."""
    if len(span) == 1 and span.text.lower() in _words()["common_words"]:
        return math.inf
    return WORLD_MIN_POPULATION if span.label_ in (WEAK, BODY) or facility else 0.0


@lru_cache(maxsize=1)
def _strong_keys() -> frozenset[str]:
    return frozenset(map(gazetteer.key, gazetteer.strong_names()))


def _introducer(doc: Doc, start: int) -> Optional[str]:
    """The flag given by "<word> of" right before ``start``."""
    if start < 2 or doc[start - 1].lower_ != "of":
        return None
    word = doc[start - 2].lower_
    words = _words()
    if start >= 3 and doc[start - 3].lower_ in words["container_markers"]:
        return None  # "the largest city of X": X contains the city
    for flag in ("settlement", "district", "admin"):
        if word in words[flag]:
            return flag
    return None


def _name_end(doc: Doc, start: int) -> int:
    """End of the title-case name starting at ``start`` (hyphenated parts included)."""
    end = start
    while end < len(doc) and (doc[end].is_title or (
            doc[end].text in {"-", "–"} and end > start and end + 1 < len(doc) and doc[end + 1].is_title)):
        end += 1
    return end


def _introduced_names(doc: Doc) -> Iterable[Span]:
    """Title-case names after "<settlement|district|admin word> of"."""
    for i in range(2, len(doc)):
        if _introducer(doc, i) and doc[i].is_title:
            yield Span(doc, i, _name_end(doc, i), label="GPE")


def _district_names(doc: Doc) -> Iterable[Span]:
    """Title-case names right before a district word ("Nadvirnyansky district")."""
    districts = _words()["district"]
    for i, token in enumerate(doc):
        if token.is_title and (i == 0 or not doc[i - 1].is_title):
            end = _name_end(doc, i)
            if end < len(doc) and doc[end].lower_ in districts:
                yield Span(doc, i, end, label="GPE")


def _in_org_name(doc: Doc, span: Span) -> bool:
    """A place word inside an organisation's name ("Wilayat Sinai")."""
    words = _words()
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    return bool((before is not None and before.is_title and before.lower_ in words["org_prefixes"])
                or (after is not None and after.is_title and after.lower_ in words["org_suffixes"]))


def _lookup_span(span: Span) -> tuple[str, tuple[Entry, ...], Optional[str]]:
    """(name looked up, entries, flag) trying the whole text, then without
    direction words, then without a trailing or leading admin/district word."""
    words = _words()
    tokens = [t.text for t in span]
    if tokens and tokens[0].lower() == "the":
        tokens = tokens[1:]
    core = tokens
    while core and core[0].lower() in words["directions"]:
        core = core[1:]
    # (words, flag, inside a facility's or body's name)
    trials: list[tuple[list[str], Optional[str], bool]] = []
    if span.label_ != BODY:
        trials.append((tokens, None, False))
    # a region whose name has a direction ("Far North Region") before the name without it
    for words_ in (tokens, core):
        if words_ and words_[-1].lower() in words["admin"] | words["district"]:
            flag = "district" if words_[-1].lower() in words["district"] else "admin"
            trials.append((words_[:-1], flag, False))
        if span.label_ != BODY and words_ is tokens:
            trials.append((core, None, False))
    if len(core) > 2 and core[0].lower() in words["admin"] and core[1].lower() == "of":
        trials.append((core[2:], "admin", False))
    if span.label_ in ("FAC", BODY):
        trials.extend((core[:n], None, True) for n in range(len(core) - 1, 0, -1))
    for words_, flag, inside in trials:
        text = _join(words_)
        entries = gazetteer.lookup(text) if text else ()
        if flag == "admin" and not any(e.kind == "admin1" for e in entries):
            entries += gazetteer.similar_admin1(text)
        if inside:
            # only a known place named exactly inside a facility's name locates it
            entries = tuple(e for e in entries if e.rank <= 1 and (
                e.kind != "place" or e.population >= FACILITY_MIN_POPULATION))
        if entries:
            return text, entries, flag
    return _join(core), (), None


def _directional_region(doc: Doc, span: Span) -> Optional[tuple[str, tuple[Entry, ...]]]:
    """(name, entries) of a region whose name starts with the capitalised
    direction word right before the span ("North" + "Sinai", "South" +
    "Darfur"), matched as a whole before the direction is dropped."""
    if span.start == 0 or not doc[span.start - 1].is_title:
        return None
    if doc[span.start - 1].lower_ not in _words()["directions"]:
        return None
    name = _join([doc[span.start - 1].text, *(t.text for t in span)])
    entries = tuple(e for e in gazetteer.lookup(name) if e.kind in ("admin1", "region") and e.rank <= 1)
    return (name, entries) if entries else None


def _join(tokens: list[str]) -> str:
    return " ".join(tokens).replace(" - ", "-").replace(" – ", "-")


def _filter(entries: tuple[Entry, ...], flag: Optional[str]) -> tuple[Entry, ...]:
    """Apply what the words around the name say and drop a region when a place of
    the same name lies in it (the city of Kabul, not Kabul province)."""
    if flag == "settlement":
        entries = tuple(e for e in entries if e.kind == "place")
    if flag != "admin":
        towns = [e for e in entries if e.kind == "place"]
        entries = tuple(e for e in entries if not (e.kind == "admin1" and any(_seat(t, e) for t in towns)))
    return entries


def _seat(town: Entry, region: Entry) -> bool:
    """The same name matched a town and a region around it: the town is meant."""
    return town.country == region.country and (
        town.name == region.name or town.admin1 == region.name
        or gazetteer.distance_km(town, region) <= SEAT_KM)


def _link_containers(doc: Doc, found: list[Mention]) -> None:
    """Record for each mention the mentions right after it that may contain it."""
    connectors = _words()["connectors"] | _words()["district"] | _words()["admin"] | _words()["directions"]
    for i, m in enumerate(found):
        end = m.end
        for j in range(i + 1, min(i + 3, len(found))):
            gap = doc[end:found[j].start]
            if len(gap) > MAX_GAP or any(t.lower_ not in connectors for t in gap):
                break
            m.containers.append(j)
            end = found[j].end


# ------------------------------------------------------------------- scoring


def _anchor(m: Mention) -> Optional[tuple[str, Optional[str]]]:
    """(country, admin1) a mention fixes on its own, if its candidates agree."""
    countries = {e.country for e in m.entries}
    if len(countries) != 1:
        return None
    admin1s = {e.admin1 for e in m.entries}
    return next(iter(countries)), (next(iter(admin1s)) if len(admin1s) == 1 else None)


def _fixed(e: Optional[Entry]) -> Optional[tuple[str, Optional[str]]]:
    """(country, admin1) of a resolved mention."""
    if e is None:
        return None
    return e.country, (e.name if e.kind == "admin1" else e.admin1)


def _sentence_context(doc: Doc, found: list[Mention], anchors: list, adjectives: list,
                      i: int) -> Counter:
    """Countries and (country, admin1) pairs fixed by the other mentions (resolved
    ones by their choice: "Mali" is the country even if a town shares the name)
    and the country adjectives of mention ``i``'s sentence."""
    bounds = _sentence_bounds(doc, found[i].start)
    context: Counter = Counter()
    for j, anchor in enumerate(anchors):
        if j != i and anchor and bounds[0] <= found[j].start < bounds[1]:
            context[anchor[0]] += 1
            if anchor[1]:
                context[anchor] += 1
    context.update(cc for pos, cc in adjectives if bounds[0] <= pos < bounds[1])
    return context


def _sentence_bounds(doc: Doc, token: int) -> tuple[int, int]:
    if doc.has_annotation("SENT_START"):
        sent = doc[token].sent
        return sent.start, sent.end
    return 0, len(doc)


def _contained(e: Entry, container: Entry) -> bool:
    """``e`` lies in ``container`` (a country, region, admin1, or a place whose
    district it is in or near)."""
    if e.country != container.country:
        return False
    if container.kind in ("country", "region"):
        return True
    if container.kind == "admin1":
        return e.admin1 == container.name
    in_district = e.admin2 is not None and gazetteer.key(e.admin2).startswith(gazetteer.key(container.name))
    return in_district or gazetteer.distance_km(e, container) <= NEAR_KM


def _score(e: Entry, m: Mention, found: list[Mention], sentence: Counter, seen: Counter) -> float:
    """How well a candidate fits: container, sentence, document, size, match."""
    score = math.log10(e.population + 1) + KIND_BONUS[e.kind] - RANK_PENALTY * e.rank
    if any(_contained(e, c) for j in m.containers for c in found[j].entries):
        score += CONTAINER_BONUS
    region = (e.country, e.name if e.kind == "admin1" else e.admin1)
    # a country named by its own name is its own context (lists of countries)
    own = e.kind in ("country", "region") and e.rank == 0
    score += SENTENCE_BONUS * ((own or bool(sentence[e.country])) + (e.kind == "place" and bool(sentence[region])))
    score += DOCUMENT_BONUS * (min(seen[e.country], DOCUMENT_CAP) + min(seen[region], DOCUMENT_CAP))
    if m.flag == "admin" and e.kind == "admin1":
        score += FLAG_BONUS
    return score


def _value(m: Mention, e: Entry) -> PlaceValue:
    """The PlaceValue of a mention resolved to ``e``."""
    admin1 = e.name if e.kind == "admin1" else e.admin1
    if m.facility or m.flag == "district":
        name = m.facility or f"{m.name} District"
        # a district that is itself a first-order region (Azerbaijan's rayons)
        level = "admin1" if admin1 and gazetteer.key(admin1) == gazetteer.key(name) else "place"
        return PlaceValue(name, admin1, e.country, level, e.latitude, e.longitude)
    name = gazetteer.country_name(e.country) if e.kind == "country" else e.name
    return PlaceValue(name, admin1, e.country, PRECISION[e.kind], e.latitude, e.longitude)


def _contradicted(e: Optional[Entry], m: Mention, containers: list[Optional[Entry]]) -> bool:
    """A weakly matched place that lies outside the region the article puts it in:
    the article means another place of that name, unknown to the gazetteer."""
    weak = m.flag == "settlement" or all(x.rank >= 2 for x in m.entries)
    confident = [c for c in containers if c is not None and c.rank <= 1]
    return (e is not None and weak and bool(confident)
            and not any(_contained(e, c) for c in confident))


def _unknown_place(m: Mention, container: Optional[PlaceValue],
                   value: Optional[PlaceValue]) -> Optional[PlaceValue]:
    """A settlement or facility the gazetteer lacks (or places elsewhere): the
    article's form, in its container's region and country, without a point."""
    if container is None or not (m.flag == "settlement" or m.facility or value is not None):
        return value
    if m.facility and container.precision == "place":  # a facility in a known town
        return PlaceValue(m.facility, container.admin1, container.country, "place",
                          container.latitude, container.longitude)
    return PlaceValue(m.facility or m.name, container.admin1, container.country, "place", None, None)


# ---------------------------------------------------------------- adjectives


def _adjective_countries(doc: Doc) -> list[tuple[int, str]]:
    """(token index, ISO2) of every capitalised country adjective or demonym."""
    out = []
    for t in doc:
        if t.text[:1].isupper():
            cc = gazetteer.country_from_adjective(t.text)
            if cc:
                out.append((t.i, cc))
    return out


def _modifies_place(doc: Doc, i: int) -> bool:
    """The adjective at ``i`` modifies a place noun (``place_nouns``: "a Nigerian
    army base", "on Syrian soil", "the Syrian-Turkish border"), not an agent,
    weapon or organisation ("Russian jets", "Iranian-made drones")."""
    tagged = doc.has_annotation("POS")
    for t in doc[i + 1:i + 1 + MAX_MODIFIERS + 2]:
        if t.lower_ in _words()["place_nouns"]:
            return True
        hyphen_pair = t.text in {"-", "–"} and t.i + 1 < len(doc) and bool(
            gazetteer.country_from_adjective(doc[t.i + 1].text))
        modifier = (t.is_alpha and (t.is_lower or bool(gazetteer.country_from_adjective(t.text)))
                    and (not tagged or t.pos_ in ("ADJ", "NOUN", "PROPN")))
        if not (hyphen_pair or modifier):
            return False
    return False


def _modifies_agent(doc: Doc, end: int) -> bool:
    """A country name used as a modifier of a noun that is no place ("U.S.
    drone strike", "Israel army"): the word right after it is a lower-case
    noun or adjective (unknown without part-of-speech tags: not a modifier)."""
    if end >= len(doc) or not doc.has_annotation("POS"):
        return False
    after = doc[end]
    return (after.is_alpha and after.is_lower and after.pos_ in ("NOUN", "ADJ")
            and not _modifies_place(doc, end - 1))


def _adjective_spans(doc: Doc, places: list[Span]) -> list[Span]:
    """Low-priority country mentions from adjectives, outside place mentions,
    that modify a place noun."""
    taken = {i for s in places for i in range(s.start, s.end)}
    spans = []
    for i, cc in _adjective_countries(doc):
        entry = gazetteer.country_entry(cc)
        if i in taken or entry is None or not _modifies_place(doc, i):
            continue
        span = Span(doc, i, i + 1, label="adjective")
        span._.evex = PlaceValue(entry.name, None, cc, "country", entry.latitude, entry.longitude)
        spans.append(span)
    return spans


# ------------------------------------------------------------------- capitals


def _capital_spans(doc: Doc, places: list[Span]) -> list[Span]:
    """"the capital", "the Afghan capital", "the country's capital": the capital
    city of the country of the adjective, else of the document's main country
    (the one its places name most, the first on a tie). Skipped when a place
    is named right before or after ("the capital, X", "X, the capital",
    "the capital of X"): that place is the mention."""
    taken = {i for s in places for i in range(s.start, s.end)}
    counts = Counter(s._.evex.country for s in places if s.label_ == "place" and s._.evex.country)
    main = max(counts, key=lambda cc: counts[cc], default=None)
    spans = []
    for t in doc:
        found = _capital_phrase(doc, t.i, taken)
        if found is None:
            continue
        start, cc = found
        entry = gazetteer.capital(cc or main) if (cc or main) else None
        if entry is not None:
            span = Span(doc, start, t.i + 1, label="place")
            span._.evex = PlaceValue(entry.name, entry.admin1, entry.country, "place",
                                     entry.latitude, entry.longitude)
            spans.append(span)
            taken.update(range(start, t.i + 1))
    return spans


def _capital_phrase(doc: Doc, i: int, taken: set[int]) -> Optional[tuple[int, Optional[str]]]:
    """(start, country of its adjective or None) of "the [Adj] capital" /
    "the country's capital" ending at ``i``; None when ``i`` is no such phrase
    or a place is named in apposition ("X, the capital", "the capital, X")."""
    t = doc[i]
    if t.lower_ != "capital" or not t.is_lower or i in taken or i < 2:
        return None
    after = doc[i + 1] if i + 1 < len(doc) else None
    if after is not None and (after.lower_ == "of" or (after.is_alpha and after.pos_ == "NOUN"
                                                       and after.lower_ != "city")):
        return None  # "the capital of X" (X is the mention), "capital punishment"
    cc = gazetteer.country_from_adjective(doc[i - 1].text) if doc[i - 1].text[:1].isupper() else None
    owner = doc[i - 2] if cc else doc[i - 1]
    owners = _words()["capital_owners"]
    if owner.lower_ in ("'s", "’s") and owner.i > 0 and doc[owner.i - 1].lower_ + owner.lower_ in owners:
        owner = doc[owner.i - 2] if owner.i > 1 and doc[owner.i - 2].lower_ == "the" else doc[owner.i - 1]
    elif owner.lower_ != "the" and owner.lower_ not in owners:
        return None
    before_apposed = owner.i >= 2 and doc[owner.i - 1].text == "," and owner.i - 2 in taken
    after_apposed = after is not None and after.text == "," and i + 2 in taken
    return None if before_apposed or after_apposed else (owner.i, cc)
