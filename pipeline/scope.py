"""Which words of a sentence take part in the event a trigger reports.

An actor belongs to an event when it sits in the trigger's clause, so that
actors of other clauses of the same sentence do not leak in ("members of X,
a militia formed in 1999, went abroad to fight for Y": Y has no
part in the formation). ``trigger_scope`` returns the token indices of:

* the trigger's clause: the subtree of the nearest verb above the trigger
  that heads a clause (``CLAUSE_DEPS``), less the clauses inside it that have
  a subject of their own and report nothing of the event ("gunmen attacked a
  bus, while X was negotiating": X is out); a noun trigger with a possessor
  that names someone ("the group's declaration", not "its attack") is its own
  scope, with the word it is coordinated to;
* the subject the clause borrows: a clause without a subject of its own, or
  with only a pronoun ("they had killed"), takes the subject of the clause it
  depends on ("police said they had killed" -> police);
* for a trigger in a noun modifier (``acl``/``relcl``: "an organization
  formed in 1999"), the noun phrase the clause modifies, through
  appositions ("members of X, a militia formed ..." -> members of X).

``scope_parts`` keeps the clause apart from what it borrows, so that assembly
can leave out a coordinated clause's own actors without losing the subject the
clause shares with it.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.components.triggers import noun_phrase

VERBAL = {"VERB", "AUX"}
CLAUSE_DEPS = {"ROOT", "conj", "parataxis", "ccomp", "acl", "relcl", "advcl"}
BORROW_DEPS = {"conj", "advcl", "xcomp", "ccomp"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "expl"}
MODIFIER_DEPS = {"acl", "relcl"}
SEPARATE_DEPS = {"advcl", "conj", "ccomp", "parataxis"}
ARGUMENT_DEPS = {"nsubj", "nsubjpass", "csubj", "dobj", "obj", "pobj", "attr", "appos"}


def clause_head(token: Token) -> Token:
    """The nearest verb at or above ``token`` that heads a clause (or the sentence root)."""
    while token.head.i != token.i and not (token.pos_ in VERBAL and token.dep_ in CLAUSE_DEPS):
        token = token.head
    return token


def subjects(verb: Token) -> list[Token]:
    return [ch for ch in verb.children if ch.dep_ in SUBJECT_DEPS]


def needs_subject(verb: Token) -> bool:
    own = subjects(verb)
    return not own or all(s.pos_ == "PRON" for s in own)


def borrowed_subjects(head: Token) -> set[int]:
    out: set[int] = set()
    verb = head
    while needs_subject(verb) and verb.dep_ in BORROW_DEPS and verb.head.i != verb.i:
        verb = verb.head
        out |= {t.i for s in subjects(verb) for t in s.subtree}
        out |= {t.i for ch in verb.children if ch.dep_ == "agent" for t in ch.subtree}
    return out


def modified_noun(head: Token) -> set[int]:
    """The noun phrase a modifier clause hangs on, through appositions and "of"
    ("members of X, a group founded ..." -> members of X)."""
    noun = head.head
    while noun.head.i != noun.i and (noun.dep_ == "appos" or (
            noun.dep_ == "pobj" and noun.head.lower_ == "of")):
        noun = noun.head if noun.dep_ == "appos" else noun.head.head
    return {t.i for t in noun_phrase(noun)}


def own_phrase(root: Token) -> set[int]:
    """A noun trigger with a possessor: its phrase and the word it is coordinated to."""
    tokens = {t.i for t in root.subtree}
    if root.dep_ == "conj":
        tokens |= {t.i for t in root.head.subtree if t.i < root.i}
    return tokens


def separate(token: Token, keep: set[int]) -> bool:
    """A clause with its own (non-pronoun) subject that holds none of ``keep``."""
    return (token.pos_ in VERBAL and token.dep_ in SEPARATE_DEPS
            and any(s.pos_ != "PRON" for s in subjects(token))
            and not keep & {t.i for t in token.subtree})


def clause_tokens(head: Token, keep: set[int]) -> set[int]:
    tokens, todo = {head.i}, list(head.children)
    while todo:
        token = todo.pop()
        if not separate(token, keep):
            tokens.add(token.i)
            todo.extend(token.children)
    return tokens


def scope_parts(trigger: Span, keep: frozenset[int] = frozenset()) -> tuple[set[int], set[int]]:
    """(the trigger's own clause or phrase, the words it borrows from around it);
    ``keep``: other words of the event (its other triggers), whose clauses stay in."""
    root = trigger.root
    if root.pos_ not in VERBAL and any(ch.dep_ == "poss" and ch.pos_ != "PRON"
                                       for ch in root.children):
        return own_phrase(root), set()
    head = clause_head(root)
    shared = borrowed_subjects(head)
    if head.dep_ in MODIFIER_DEPS:
        shared |= modified_noun(head)
    return clause_tokens(head, {root.i, *keep}), shared


def trigger_scope(trigger: Span, keep: frozenset[int] = frozenset()) -> set[int]:
    """Token indices taking part in the event of ``trigger`` (see the module docstring)."""
    clause, shared = scope_parts(trigger, keep)
    return clause | shared


def argument_token(span: Span) -> Token:
    """The token of a mention that carries its syntactic function: the span's root,
    unless another token of the span is the argument (a mis-split name "IS-CP"
    whose first piece hangs as an auxiliary)."""
    root = span.root
    if root.dep_ in ARGUMENT_DEPS:
        return root
    return next((t for t in span if t.dep_ in ARGUMENT_DEPS and t.head.i not in
                 range(span.start, span.end)), root)
