"""The event stage's seam: any `Classifier` types the candidates, and one rule names the
country a report is about (the theatre from settings when nothing says otherwise)."""

from __future__ import annotations

import pytest

from frontwire.events import ArticleContext, Candidate, Classifier, RuleClassifier, Typing, extract_events
from frontwire.geo import Geocoder
from frontwire.geo.stage import article_context, article_country
from frontwire.model import Article
from frontwire.nlp import parse
from frontwire.settings import Settings

SHELLING = "Government forces shelled the town of Sarmin on Monday, killing two civilians."
KENYA = (
    "Police fired tear gas at hundreds of protesters in Nairobi on Tuesday as demonstrations against "
    "the finance bill spread across Kenya."
)
NOWHERE = "Thousands of protesters marched through the capital on Friday."
THEATRE = Settings.default().theatre_country  # the seeds' theatre, named by the shipped settings


def _parsed(text: str, published: str | None = "2020-02-04"):
    ((a, paras),) = list(parse([Article(id="t", text=text, published=published, outlet="test outlet")]))
    return a, paras


class AllProtests:
    """Every candidate is a peaceful protest."""

    def classify(self, candidate: Candidate) -> Typing | None:
        return Typing.of("Peaceful protest", confidence=0.5)


class Nothing:
    def classify(self, candidate: Candidate) -> Typing | None:
        return None


class Recorder(RuleClassifier):
    """The rules, keeping the candidates it was asked about."""

    def __init__(self) -> None:
        self.seen: list[Candidate] = []

    def classify(self, candidate: Candidate) -> Typing | None:
        self.seen.append(candidate)
        return super().classify(candidate)


def test_protocol_is_satisfied_by_any_object_with_classify():
    for c in (RuleClassifier(), AllProtests(), Nothing()):
        assert isinstance(c, Classifier)
    assert not isinstance(object(), Classifier)


def test_given_classifier_types_the_events():
    a, paras = _parsed(SHELLING)
    (rules,) = extract_events(a, paras)
    assert rules.sub_event_type == "Shelling/artillery/missile attack"
    (mine,) = extract_events(a, paras, classifier=AllProtests())
    assert (mine.event_type, mine.sub_event_type) == ("Protests", "Peaceful protest")
    assert mine.actor1 == f"Protesters ({THEATRE})"
    assert mine.location_text == rules.location_text and mine.event_date == rules.event_date


def test_classifier_returning_none_yields_no_events():
    a, paras = _parsed(SHELLING)
    assert extract_events(a, paras, classifier=Nothing()) == []


@pytest.mark.parametrize(
    "text,published",
    [
        (SHELLING, "2020-02-04"),
        (
            "Regime forces captured the villages of Kafr Halab and Mizanaz on Saturday after heavy Russian "
            "air strikes.",
            "2020-02-15",
        ),
        (
            "Fighters of Hayat Tahrir al-Sham dispersed a protest in Maarat Misrin with live fire on Thursday, "
            "wounding two protesters.",
            "2020-05-15",
        ),
        ("The army repelled an attack by HTS fighters on its positions near Kafr Nabl on Sunday.", "2020-03-02"),
    ],
)
def test_rule_classifier_is_the_default(text, published):
    a, paras = _parsed(text, published)
    default = [m.to_dict() for m in extract_events(a, paras)]
    assert default
    assert [m.to_dict() for m in extract_events(a, paras, classifier=RuleClassifier())] == default


def test_candidates_carry_trigger_sides_and_article_context():
    a, paras = _parsed(SHELLING)
    rec = Recorder()
    extract_events(a, paras, classifier=rec)
    (c,) = rec.seen
    assert (c.trigger, c.lemma, c.category) == ("shelled", "shell", "Shelling/artillery/missile attack")
    assert c.agent == f"Military Forces of {THEATRE} (2000-)" and c.place == "Sarmin"
    assert c.context.country == THEATRE and c.context.article.id == "t"
    assert c.sentence.startswith("Government forces shelled")


def test_kenyan_report_is_about_kenya():
    gc = Geocoder.default()
    found = article_country(gc, KENYA)
    assert (found.name, found.iso2, found.source) == ("Kenya", "KE", "text")
    assert article_context(gc, KENYA)[0].country == "Kenya"
    a, paras = _parsed(KENYA, "2024-06-26")
    assert ArticleContext.of(a).country == "Kenya"
    events = extract_events(a, paras)
    assert events and all(m.actor1 == "Protesters (Kenya)" for m in events)


def test_report_naming_no_country_gets_the_theatre_from_settings():
    gc = Geocoder.default()
    default = Settings.default()
    found = article_country(gc, NOWHERE)
    assert (found.name, found.iso2, found.source) == (default.theatre_country, default.theatre_iso2, "theatre")
    lebanon = default.replace(theatre_country="Lebanon", theatre_iso2="LB")
    assert article_country(gc, NOWHERE, lebanon).name == "Lebanon"
    a, _ = _parsed(NOWHERE)
    assert ArticleContext.of(a).country == default.theatre_country
    assert ArticleContext.of(a, lebanon).country == "Lebanon"
    # the geocode stage gets no country hint when nothing in the report says where it is
    assert article_context(gc, NOWHERE, lebanon)[0].country is None


def test_theatre_country_names_the_sides_of_an_unplaced_report():
    lebanon = Settings.default().replace(theatre_country="Lebanon", theatre_iso2="LB")
    a, paras = _parsed("Hundreds of protesters demonstrated in the village of Qarn Zibqin on Friday.")
    assert article_country(Geocoder.default(), a.text, lebanon).source == "theatre"  # a village it does not know
    events = extract_events(a, paras, settings=lebanon)
    assert [(m.sub_event_type, m.actor1) for m in events] == [("Peaceful protest", "Protesters (Lebanon)")]
    syria = extract_events(a, paras)
    assert [m.actor1 for m in syria] == [f"Protesters ({THEATRE})"]
