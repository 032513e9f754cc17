"""events stage: event mentions from parsed sentences.

A sentence yields one event mention per place it names as a site of violence,
typed by the trigger that governs that place (dependency path first, nearest
preceding trigger otherwise), with agent/target actors read from the parse, a
date resolved against the publication date, and the claims (casualties,
control, occurrence) of whoever the sentence quotes.

Modules: `context` (what an article gives its sentences: date anchor, country,
discourse state), `places`, `roles`, `casualties`, `classify` (the `Classifier`
interface and `RuleClassifier`), `sentence` (one sentence's events), `extract`
(the stage's entry point) and `regional` (folding vaguer tellings after geocoding).
"""

from .classify import Candidate, Classifier, RuleClassifier, Typing
from .context import ArticleContext, Discourse
from .extract import extract_events
from .lexicon import taxonomy
from .regional import absorb_regional

__all__ = [
    "ArticleContext",
    "Candidate",
    "Classifier",
    "Discourse",
    "RuleClassifier",
    "Typing",
    "absorb_regional",
    "extract_events",
    "taxonomy",
]
