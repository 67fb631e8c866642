"""Event status from tense and modality: occurred, ongoing, planned or negated."""

from __future__ import annotations

from typing import Any

FUTURE_AUX = frozenset({"will", "shall", "'ll", "would", "'d", "wo", "sha"})
POSSIBLE_AUX = frozenset({"may", "might", "could", "can", "should", "must", "ought"})
# Verbs whose complement has not happened yet ("plans to hold talks", "agreed to release").
INTENT_VERBS = frozenset(
    {
        "plan", "intend", "expect", "aim", "seek", "hope", "want", "propose", "agree", "promise",
        "pledge", "vow", "schedule", "prepare", "decide", "set", "offer", "threaten", "consider",
        "try", "attempt", "urge", "call", "demand", "ask", "wish", "resolve", "need", "push",
    }
)  # fmt: skip
NOUN_PLANNED = frozenset(
    {
        "planned",
        "proposed",
        "upcoming",
        "future",
        "possible",
        "potential",
        "prospective",
        "draft",
        "expected",
        "scheduled",
        "due",
    }
)
_RUNNING_SUBJECTS = frozenset(
    {
        "war",
        "conflict",
        "violence",
        "fighting",
        "insurgency",
        "crisis",
        "it",
        "unrest",
        "campaign",
        "offensive",
    }
)
NEGATIONS = frozenset({"not", "n't", "never", "no", "neither", "nor"})
NEGATING_VERBS = frozenset({"fail", "refuse", "deny", "cancel", "postpone", "call off", "yet"})
ONGOING_ADVERBS = frozenset({"still", "currently", "now", "ongoing", "continuing"})


def clause_verb(token: Any) -> Any:
    """The verb governing ``token``: itself if a verb, else the nearest verbal ancestor."""
    node = token
    for _ in range(8):
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.head is node:
            return node
        node = node.head
    return node


def _aux(verb: Any) -> list[Any]:
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")]


def status_of(trigger_head: Any) -> str:
    """The status of the event whose trigger head token is given."""
    doc = trigger_head.doc
    if not doc.has_annotation("DEP"):
        return _status_from_words(trigger_head)
    # A noun trigger can itself be negated or planned ("no talks", "a proposed truce").
    if trigger_head.pos_ in ("NOUN", "PROPN"):
        for child in trigger_head.children:
            if child.lower_ in ("no",) and child.dep_ == "det":
                return "negated"
            if child.lower_ in NOUN_PLANNED:
                return "planned"
            # "a truce, which will begin once prisoners are freed"
            if child.dep_ in ("relcl", "acl") and any(a.lower_ in FUTURE_AUX for a in _aux(child)):
                return "planned"
    verb = clause_verb(trigger_head)
    if verb.dep_ == "acl" and verb.lower_ in NOUN_PLANNED and verb.i == trigger_head.i:
        return "planned"  # "a conference planned for later this month", "talks scheduled for May"
    chain = [verb]
    # Walk up through infinitive and clausal complements ("agreed to release", "is set to begin").
    node = verb
    for _ in range(4):
        if node.dep_ in ("xcomp", "ccomp", "advcl", "relcl", "acl", "conj") and node.head is not node:
            node = node.head
            chain.append(node)
            if node.dep_ not in ("xcomp", "conj"):
                break
        else:
            break
    auxes = _aux(verb)
    words = {a.lower_ for a in auxes}
    if words & NEGATIONS or any(c.dep_ == "neg" for c in verb.children):
        return "negated"
    # "No intermediaries were engaged", "has yet to confirm".
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and any(
            g.dep_ == "det" and g.lower_ == "no" for g in child.children
        ):
            return "negated"
    if any(c.lower_ == "yet" for h in chain for c in h.children) and verb.dep_ in ("xcomp", "conj"):
        return "negated"
    for higher in chain[1:]:
        lemma = higher.lemma_.lower()
        if lemma in ("fail", "refuse"):
            return "negated"
        if any(c.dep_ == "neg" for c in higher.children) and verb.dep_ == "xcomp":
            return "negated"
    if words & FUTURE_AUX:
        return "planned"
    if (
        verb.lemma_.lower() in ("expect", "schedule", "set", "plan", "slate", "due")
        and trigger_head.dep_ in ("nsubj", "nsubjpass")
        and any(c.dep_ == "auxpass" for c in verb.children)
        and any(c.dep_ == "xcomp" for c in verb.children)
    ):
        return "planned"  # "Fighting is expected to resume", "talks are set to begin"
    if verb.dep_ == "xcomp" and any(c.lower_ == "to" for c in verb.children) and len(chain) > 1:
        if (
            chain[1].lemma_.lower() in ("try", "attempt")
            and chain[1].tag_ == "VBD"
            and trigger_head.pos_ == "NOUN"
            and trigger_head.head.dep_ == "prep"
        ):
            return "occurred"  # "tried to divert attention with a surprise attack": it came
        if chain[1].lemma_.lower() in INTENT_VERBS or chain[1].lower_ in FUTURE_AUX:
            return "planned"
        if any(a.lower_ in FUTURE_AUX for a in _aux(chain[1])):
            return "planned"
    if words & POSSIBLE_AUX:
        return "planned"
    if verb.lemma_.lower() in ("yet",):
        return "negated"
    if verb.tag_ == "VBG" and {"is", "are", "am", "'s", "'re", "been"} & words:
        return "ongoing"
    if "being" in words and {"is", "are", "am", "'s", "'re"} & words:
        return "ongoing"
    if verb.lemma_.lower() in ("continue", "persist", "remain") or any(
        c.lower_ in ONGOING_ADVERBS for c in verb.children
    ):
        return "ongoing"
    if (
        {"has", "have"} & words
        and verb.lemma_.lower() in ("kill", "displace", "wound", "claim", "uproot", "force")
        and any(c.dep_ == "nsubj" and c.lemma_.lower() in _RUNNING_SUBJECTS for c in verb.children)
        # "has displaced 50,000 in the past week": a tally over a recent period is done
        and not any(t.lower_ in ("past", "last") for t in verb.subtree)
    ):
        return "ongoing"  # "the war has killed more than 10,000 people": a running toll
    if any(h.lemma_.lower() == "due" or any(c.lower_ == "due" for c in h.children) for h in chain[1:]):
        return "planned"  # "is due to visit later this month"
    if verb.lemma_.lower() == "rule" and any(c.lower_ == "out" for c in verb.children):
        return "negated"  # "has ruled out negotiations"
    if verb.tag_ in ("VBZ", "VBP") and not words and verb.lemma_.lower() not in ("be", "have", "say"):
        return "ongoing"  # "rights groups accuse ...", "the group dominates much of Idlib": a state
    return "occurred"


def _status_from_words(trigger_head: Any) -> str:
    """Fallback without a parser: look at the few words before the trigger."""
    sent = trigger_head.sent
    before = [t.lower_ for t in sent if t.i < trigger_head.i][-6:]
    if NEGATIONS & set(before):
        return "negated"
    if FUTURE_AUX & set(before) or "to" in before[-2:]:
        return "planned"
    return "occurred"
