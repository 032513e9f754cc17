"""token_rules: the indexed attribute rules give the stock model's annotations exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.pipeline import AttributeRuler

from frontwire.demo import demo_inputs
from frontwire.ingest import iter_articles
from frontwire.nlp import MODEL, load_nlp, paragraphs
from frontwire.token_rules import IndexedRules

DATA = Path(__file__).parent / "data"
# forms the model's exception rules are about: contractions, "gonna", "y'all", expletive "there"
ODD = [
    "I ain't gonna say it, y'all, and nothin' will change that.",
    "Let's go, c'mon, we gotta leave; there are fighters on the road.",
    "There is no water and there were no doctors, isn't there?",
    "They'd have known if he'd told them.  Two  spaces\there.",
]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    arts = list(iter_articles(demo_inputs()))
    dev = [json.loads(line)["text"] for line in (DATA / "dev_events.jsonl").read_text().splitlines()[:150]]
    return ODD + [t for a in arts for t, _ in paragraphs(a.text)] + dev


def test_same_matches_as_the_matcher(texts: list[str]) -> None:
    nlp = spacy.load(MODEL)
    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    indexed = IndexedRules.of(ruler)
    assert indexed is not None, "the model's rules are no longer all of the kinds the index reads"
    fired = set()
    with nlp.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        for doc in nlp.pipe(texts):
            expected = ruler.matcher(doc, allow_missing=True, as_spans=False)
            assert sorted(indexed(doc)) == sorted(expected), doc.text
            fired |= {m for m, _, _ in expected}
    assert len(fired) > 60  # the texts exercise many rules, not only the tag map


def test_same_annotations_as_the_stock_model(texts: list[str]) -> None:
    stock, ours = spacy.load(MODEL), load_nlp()
    stock.add_pipe("frontwire_no_split", before="parser")  # the one component frontwire adds
    assert ours.get_pipe("attribute_ruler").matcher.__class__ is IndexedRules
    attrs = ("tag_", "pos_", "lemma_", "dep_", "ent_type_")
    for a, b in zip(stock.pipe(texts), ours.pipe(texts), strict=True):
        assert [tuple(getattr(t, x) for x in attrs) + (str(t.morph),) for t in a] == [
            tuple(getattr(t, x) for x in attrs) + (str(t.morph),) for t in b
        ], a.text


def test_rules_beyond_the_index_keep_the_matcher() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"LEMMA": "a"})
    assert IndexedRules.of(ruler) is None
