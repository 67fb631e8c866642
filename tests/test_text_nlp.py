"""The spaCy pipeline: components, entity ruler, paragraph breaks, fallback, and the speed-ups."""

from __future__ import annotations

import time

import numpy
import pytest
import spacy
from spacy.attrs import DEP, ENT_ID, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.pipeline import AttributeRuler, EntityRecognizer, EntityRuler
from thinc.api import NumpyOps

from loaders.text import nlp

ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START, ENT_IOB, ENT_TYPE, ENT_ID]
# Our own sentences, in the style of the reports the loader reads.
TEXTS = [
    "PESHAWAR, Pakistan (AP) - Tehreek-i-Taliban Pakistan said on Friday it had agreed to a "
    "month-long ceasefire with the government, which will take effect once prisoners are released.",
    "The TTP has been ruled out of the talks, officials in Islamabad told us.\n\nFighting went on "
    "in North Waziristan for nearly two weeks before the army took the district.",
    "Sirajuddin Haqqani, the acting interior minister, hosted the first round in Kabul.\nThe second "
    "round ain't gonna happen before March, a mediator said. \"We'll see,\" he added.",
    "KABUL, Nov 5 (Reuters) - At least 12 people were killed when a suicide bomber struck a mosque "
    "in Kunduz on Friday; Islamic State Khorasan Province claimed the attack.",
    "",
    "   \n\n  ",
]
STOCK_ORDER = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner"]


@pytest.fixture(scope="module")
def fast() -> spacy.Language:
    return nlp.pipeline().nlp


@pytest.fixture(scope="module")
def stock() -> spacy.Language:
    return nlp.load_pipeline(fast=False).nlp


def test_text_nlp_components_in_order(fast: spacy.Language) -> None:
    assert fast.pipe_names == [
        "tok2vec",
        "tagger",
        "paragraph_breaks",
        "parser",
        "attribute_ruler",
        "lemmatizer",
        "entity_ruler",
        "ner",
    ]
    assert nlp.pipeline().has_parser
    assert nlp.pipeline().warning == ""


def test_text_nlp_fast_pipeline_swaps_only_the_ops_and_the_ruler_call(
    fast: spacy.Language, stock: spacy.Language
) -> None:
    assert stock.pipe_names == fast.pipe_names
    ruler = fast.get_pipe("attribute_ruler")
    assert isinstance(ruler, nlp._FastAttributeRuler)
    assert type(stock.get_pipe("attribute_ruler")) is AttributeRuler
    assert ruler.patterns == stock.get_pipe("attribute_ruler").patterns
    for name in ("tok2vec", "tagger", "parser", "ner"):
        for node in fast.get_pipe(name).model.walk():
            assert isinstance(node.ops, NumpyOps) and not node.ops.use_blis
        assert any(getattr(n.ops, "use_blis", True) for n in stock.get_pipe(name).model.walk())


@pytest.mark.parametrize("text", TEXTS)
def test_text_nlp_fast_pipeline_annotates_exactly_as_stock(
    text: str, fast: spacy.Language, stock: spacy.Language
) -> None:
    ours, theirs = fast(text), stock(text)
    assert [t.text for t in ours] == [t.text for t in theirs]
    assert numpy.array_equal(ours.to_array(ATTRS), theirs.to_array(ATTRS))
    assert [(s.start, s.end) for s in ours.sents] == [(s.start, s.end) for s in theirs.sents]
    assert [(e.text, e.label_, e.ent_id_) for e in ours.ents] == [
        (e.text, e.label_, e.ent_id_) for e in theirs.ents
    ]


def test_text_nlp_fast_pipeline_batches_exactly_as_stock(fast: spacy.Language, stock: spacy.Language) -> None:
    ours = [d.to_array(ATTRS) for d in fast.pipe(TEXTS, batch_size=3)]
    theirs = [d.to_array(ATTRS) for d in stock.pipe(TEXTS, batch_size=3)]
    assert all(numpy.array_equal(a, b) for a, b in zip(ours, theirs, strict=True))


@pytest.mark.parametrize(
    ("text", "span", "label", "ent_id"),
    [
        ("The TTP claimed the attack.", "TTP", "ORG", "actor:Tehrik-i-Taliban Pakistan"),
        # Aliases match whatever the case; the longest alias wins.
        (
            "Fighters of the tehreek-i-taliban pakistan attacked.",
            "tehreek-i-taliban pakistan",
            "ORG",
            "actor:Tehrik-i-Taliban Pakistan",
        ),
        ("The PAKISTANI TALIBAN attacked.", "PAKISTANI TALIBAN", "ORG", "actor:Tehrik-i-Taliban Pakistan"),
        ("Talks resumed in Khost on Friday.", "Khost", None, "place:"),
    ],
)
def test_text_nlp_entity_ruler_matches(
    text: str, span: str, label: str | None, ent_id: str, fast: spacy.Language
) -> None:
    ents = {e.text: e for e in fast(text).ents}
    assert span in ents
    if label:
        assert ents[span].label_ == label
    assert ents[span].ent_id_.startswith(ent_id)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("The ttp is not an acronym here.", "ttp"),  # acronyms match as written only
        ("They told us the talks were over.", "us"),
        ("Let them go, he said.", "Let"),
    ],
)
def test_text_nlp_acronyms_are_case_sensitive(text: str, word: str, fast: spacy.Language) -> None:
    doc = fast(text)
    assert not any(e.ent_id_.startswith("actor:") for e in doc.ents if word in e.text)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Talks began.\nFighting went on.", ["Talks began.", "Fighting went on."]),
        ("Talks began in Doha on the\nfirst day.", ["Talks began in Doha on the\nfirst day."]),
        (
            "Headline without a stop\n\nThe body starts here.",
            ["Headline without a stop", "The body starts here."],
        ),
        ('"We will talk," he said.\n"Later."', ['"We will talk," he said.', '"Later."']),
    ],
)
def test_text_nlp_paragraph_breaks(text: str, sentences: list[str], fast: spacy.Language) -> None:
    assert [s.text.strip() for s in fast(text).sents if s.text.strip()] == sentences


def test_text_nlp_paragraph_breaks_are_set_together(fast: spacy.Language) -> None:
    # Each Token.is_sent_start assignment checks the whole document first: 20,000 paragraphs
    # (a hostile .docx) took 10 s in this component alone. Set as one array, the same starts.
    doc = fast.make_doc("Talks began.\n\n" + "\n\n".join(["word-"] * 20000))
    started = time.perf_counter()
    nlp.paragraph_breaks(doc)
    assert time.perf_counter() - started < 2
    after_blank = [t.i + 1 for t in doc[:-1] if t.text.count("\n") >= 2]
    assert len(after_blank) == 20000
    assert all(doc[i].is_sent_start for i in after_blank)


def test_text_nlp_no_model_falls_back_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise OSError("no model")

    monkeypatch.setattr(nlp, "_load_model", missing)
    pipe = nlp.load_pipeline()
    assert pipe.warning == nlp.NO_MODEL_WARNING
    assert not pipe.has_parser
    assert pipe.nlp.pipe_names == ["sentencizer", "paragraph_breaks", "entity_ruler"]
    doc = pipe.nlp("The TTP met in Khost.\n\nTalks ended.")
    assert [s.text.strip() for s in doc.sents if s.text.strip()] == ["The TTP met in Khost.", "Talks ended."]
    assert {e.text for e in doc.ents} == {"TTP", "Khost"}


def _blank_ruler(patterns: list[dict]) -> spacy.Language:
    blank = spacy.blank("en")
    blank.add_pipe("attribute_ruler").add_patterns(patterns)
    return blank


RULES = [
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": 0},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": -1},
    {
        "patterns": [[{"LOWER": {"IN": ["ai", "is"]}}, {"LOWER": {"REGEX": "^n'?t$"}}]],
        "attrs": {"LEMMA": "be"},
    },
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE", "MORPH": "_"}},
    {"patterns": [[{"LOWER": {"NOT_IN": ["the", "a"]}}]], "attrs": {"MORPH": "Number=Sing|Case=Nom"}},
    # A later rule wins on the same token.
    {"patterns": [[{"LOWER": "talks"}]], "attrs": {"MORPH": "Number=Plur"}},
]


@pytest.mark.parametrize(
    "text", ["We're gonna talk, ain't we?\n\nThe talks isn't over.", "gonna", "", "na gon gon na"]
)
def test_text_nlp_rule_plan_matches_the_attribute_ruler(text: str) -> None:
    stock, fast = _blank_ruler(RULES), _blank_ruler(RULES)
    nlp._fast_attribute_ruler(fast)
    assert isinstance(fast.get_pipe("attribute_ruler"), nlp._FastAttributeRuler)
    attrs = [TAG, POS, MORPH, LEMMA]
    assert numpy.array_equal(fast(text).to_array(attrs), stock(text).to_array(attrs))


def test_text_nlp_rule_plan_declines_rules_it_does_not_compile() -> None:
    blank = _blank_ruler([{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"LEMMA": "x"}}])
    nlp._fast_attribute_ruler(blank)
    assert type(blank.get_pipe("attribute_ruler")) is AttributeRuler


def test_text_nlp_model_components_are_as_expected(stock: spacy.Language) -> None:
    """The speed-ups assume the model's own components: a new model version must be re-checked."""
    names = [n for n in stock.pipe_names if n not in ("paragraph_breaks", "entity_ruler")]
    assert names == STOCK_ORDER


def _blank_entity_ruler(patterns: list[dict]) -> spacy.Language:
    blank = spacy.blank("en")
    blank.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"}).add_patterns(patterns)
    return blank


ENTITY_RULES = [
    {"label": "ORG", "pattern": [{"ORTH": "TTP"}], "id": "actor:TTP"},
    {"label": "GPE", "pattern": [{"ORTH": "U.S."}], "id": "place:US"},
    {"label": "ORG", "pattern": [{"ORTH": "U.S."}, {"ORTH": "Army"}], "id": "actor:US Army"},
    {"label": "ORG", "pattern": "pakistani taliban", "id": "actor:TTP"},
]


@pytest.mark.parametrize(
    "text",
    ["The TTP and the U.S. Army met; the ttp did not.", "U.S. Army U.S. TTP TTP", "", "Pakistani Taliban"],
)
def test_text_nlp_fast_entity_ruler_matches_the_stock_one(text: str) -> None:
    stock, fast = _blank_entity_ruler(ENTITY_RULES), _blank_entity_ruler(ENTITY_RULES)
    nlp._fast_entity_ruler(fast)
    assert isinstance(fast.get_pipe("entity_ruler"), nlp._FastEntityRuler)
    ents = [(e.start, e.end, e.label_, e.ent_id_) for e in fast(text).ents]
    assert ents == [(e.start, e.end, e.label_, e.ent_id_) for e in stock(text).ents]


@pytest.mark.parametrize(
    "patterns",
    [
        # The same text claimed by two ids: the stock ruler's order decides, so keep it.
        [*ENTITY_RULES, {"label": "GPE", "pattern": "ttp", "id": "place:TTP"}],
        [*ENTITY_RULES, {"label": "ORG", "pattern": [{"LOWER": "army"}], "id": "actor:army"}],
    ],
)
def test_text_nlp_fast_entity_ruler_declines_when_not_exact(patterns: list[dict]) -> None:
    blank = _blank_entity_ruler(patterns)
    nlp._fast_entity_ruler(blank)
    assert type(blank.get_pipe("entity_ruler")) is EntityRuler


def test_text_nlp_fast_pipeline_uses_the_fast_entity_ruler(fast: spacy.Language) -> None:
    assert isinstance(fast.get_pipe("entity_ruler"), nlp._FastEntityRuler)


@pytest.mark.parametrize("variable", ["OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS"])
def test_text_nlp_blas_threads_left_to_the_user(variable: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("the BLAS library was touched")

    monkeypatch.setenv(variable, "2")
    monkeypatch.setattr("ctypes.CDLL", forbidden)
    nlp._one_blas_thread()


def test_text_nlp_fast_pipeline_uses_the_array_ner(fast: spacy.Language, stock: spacy.Language) -> None:
    assert isinstance(fast.get_pipe("ner"), nlp._FastEntityRecognizer)
    assert type(stock.get_pipe("ner")) is EntityRecognizer
    assert fast.get_pipe("ner").model is not stock.get_pipe("ner").model
    assert fast.get_pipe("ner").move_names == stock.get_pipe("ner").move_names


# Entities at the very end, alone, across line breaks, after whitespace, next to the ruler's names.
NER_TEXTS = [
    "Kabul",
    "  \n  Sirajuddin Haqqani",
    "The talks were hosted by Imran Khan",
    "Representatives of the United Nations Assistance Mission met Pakistan's Prime Minister Imran Khan "
    "and the TTP in North Waziristan.\nJohn\nSmith of Amnesty International said nothing.",
    "MOSCOW, March 3 (AFP) - The Wagner Group and the Russian Ministry of Defence disagreed.",
    "Ali Baba and the Forty Thieves. New York Times reporter Ahmed Rashid; Kunduz, Khost and Kabul.",
]


@pytest.mark.parametrize("text", NER_TEXTS)
def test_text_nlp_array_ner_finds_the_stock_entities(
    text: str, fast: spacy.Language, stock: spacy.Language
) -> None:
    ours, theirs = fast(text), stock(text)
    assert numpy.array_equal(ours.to_array(ATTRS), theirs.to_array(ATTRS))
    assert [(e.start, e.end, e.label_, e.ent_id_) for e in ours.ents] == [
        (e.start, e.end, e.label_, e.ent_id_) for e in theirs.ents
    ]


def _before_ner(pipeline: spacy.Language, text: str) -> spacy.tokens.Doc:
    with pipeline.select_pipes(disable=["ner"]):
        return pipeline(text)


@pytest.mark.parametrize(
    "preset",
    [
        "blocked",  # a span no entity may cover ("U-" with no label)
        "missing",  # nothing preset: every token open to the model
        "ruler",  # the entity ruler's names, kept whole
    ],
)
def test_text_nlp_array_ner_respects_preset_annotations(
    preset: str, fast: spacy.Language, stock: spacy.Language
) -> None:
    text = "Tehreek-i-Taliban Pakistan and Imran Khan met in Kabul with the United Nations on Friday."
    docs = []
    for pipeline in (fast, stock):
        doc = _before_ner(pipeline, text)
        if preset == "blocked":
            doc.set_ents([], blocked=[doc[4:6], doc[9:10]], default="unmodified")
        elif preset == "missing":
            doc = _before_ner(pipeline, text)
            doc.set_ents([], default="missing")
        docs.append(pipeline.get_pipe("ner")(doc))
    ours, theirs = docs
    assert numpy.array_equal(ours.to_array(ATTRS), theirs.to_array(ATTRS))
    if preset == "blocked":
        assert not any(e.start < 6 and e.end > 4 for e in ours.ents)


def test_text_nlp_array_ner_batches_with_empty_documents(fast: spacy.Language, stock: spacy.Language) -> None:
    texts = ["", "Imran Khan spoke.", "", "   ", "The TTP and Amnesty International"]
    ours = [d.to_array(ATTRS) for d in fast.pipe(texts, batch_size=2)]
    theirs = [d.to_array(ATTRS) for d in stock.pipe(texts, batch_size=2)]
    assert all(numpy.array_equal(a, b) for a, b in zip(ours, theirs, strict=True))


def test_text_nlp_array_ner_falls_back_for_unseen_classes(
    fast: spacy.Language, stock: spacy.Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Unseen classes score the batch's minimum, which the per-token arrays cannot know.
    for pipeline in (fast, stock):
        monkeypatch.setitem(pipeline.get_pipe("ner").model.attrs, "unseen_classes", {1})
    text = TEXTS[0]
    states = fast.get_pipe("ner").predict([_before_ner(fast, text)])
    assert not isinstance(states[0], nlp._NerEnts)
    assert numpy.array_equal(fast(text).to_array(ATTRS), stock(text).to_array(ATTRS))


def test_text_nlp_array_ner_declines_other_recognisers() -> None:
    blank = spacy.blank("en")
    blank.add_pipe("beam_ner")
    nlp._fast_ner(blank)
    assert type(blank.get_pipe("beam_ner")) is not nlp._FastEntityRecognizer
    blank = spacy.blank("en")
    blank.add_pipe("ner", config={"model": {"maxout_pieces": 1}})
    nlp._fast_ner(blank)
    assert type(blank.get_pipe("ner")) is EntityRecognizer


def test_text_nlp_array_ner_scores_long_names_token_by_token(
    fast: spacy.Language, stock: spacy.Language
) -> None:
    # Past the first tokens of a name scored up front, the rest are scored one by one.
    text = (
        "Fighters of the Democratic Forces for the Liberation of Rwanda and the Allied Democratic "
        "Forces of the Islamic State Central Africa Province attacked the town, the UN Organization "
        "Stabilization Mission in the Democratic Republic of the Congo said."
    )
    ours, theirs = fast(text), stock(text)
    assert numpy.array_equal(ours.to_array(ATTRS), theirs.to_array(ATTRS))
    assert max(len(e) for e in theirs.ents) > nlp._AHEAD + 1


def test_text_nlp_fast_lemmatizer_remembers_lemmas_per_word_tag_and_morphology(
    fast: spacy.Language, stock: spacy.Language
) -> None:
    assert isinstance(fast.get_pipe("lemmatizer"), nlp._FastLemmatizer)
    assert not isinstance(stock.get_pipe("lemmatizer"), nlp._FastLemmatizer)
    # The same word as noun and verb, twice over, so the second reading comes from memory.
    text = "The talks failed. He talks and talks; their talks ended.\n\nTalks resumed, officials said."
    for _ in range(2):
        ours, theirs = fast(text), stock(text)
        assert [t.lemma_ for t in ours] == [t.lemma_ for t in theirs]
    assert {t.lemma_ for t in ours if t.lower_ == "talks"} == {"talk"}


def test_text_nlp_fast_lemmatizer_declines_lookup_mode() -> None:
    blank = spacy.blank("en")
    blank.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp._fast_lemmatizer(blank)
    assert not isinstance(blank.get_pipe("lemmatizer"), nlp._FastLemmatizer)
