"""token_rules: the indexed attribute rules set the stock model's annotations exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.pipeline import AttributeRuler

from frontwire.demo import demo_inputs
from frontwire.ingest import iter_articles
from frontwire.nlp import MODEL, load_nlp, paragraphs
from frontwire.token_rules import IndexedAttributeRules, index_attribute_rules

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


def test_same_annotations_as_the_stock_model(texts: list[str]) -> None:
    stock, ours = spacy.load(MODEL), load_nlp()
    stock.add_pipe("frontwire_no_split", before="parser")  # the one component frontwire adds
    assert isinstance(ours.get_pipe("attribute_ruler"), IndexedAttributeRules)
    attrs = ("tag_", "pos_", "lemma_", "dep_", "ent_type_")
    for a, b in zip(stock.pipe(texts), ours.pipe(texts), strict=True):
        assert [tuple(getattr(t, x) for x in attrs) + (str(t.morph),) for t in a] == [
            tuple(getattr(t, x) for x in attrs) + (str(t.morph),) for t in b
        ], a.text


def test_rules_beyond_the_index_keep_the_stock_component() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"LEMMA": "a"})
    assert not index_attribute_rules(nlp)
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler)


def test_later_rules_win_and_two_token_rules_set_their_target() -> None:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "fire"}]], {"LEMMA": "first", "POS": "NOUN"})
    ruler.add([[{"LOWER": "fire"}]], {"LEMMA": "second"})
    ruler.add([[{"LOWER": "open"}, {"LOWER": "fire"}]], {"POS": "VERB"}, index=-1)
    ruler.add([[{"LOWER": {"REGEX": "^shell"}}]], {"LEMMA": "shell"})
    text = "they open fire and shelling fire"
    expected = [(t.lemma_, t.pos_) for t in nlp(text)]
    assert index_attribute_rules(nlp)
    assert [(t.lemma_, t.pos_) for t in nlp(text)] == expected
    assert expected[2] == ("second", "VERB") and expected[5] == ("second", "NOUN")
    assert expected[4][0] == "shell"
