"""Coders behind the events stage's `Classifier` seam that use the learned model.

- `LearnedClassifier`: the model alone decides event or not and the sub-event type.
- `HybridClassifier`: the model leads; the rules overrule only where their evidence
  is certain (a weapon named, the direction of a territory change, the protest
  ladder), and type a candidate the model is unsure of.
Both remember the model's answer per sentence (a sentence proposes several candidates).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..data_files import data_path
from ..events.classify import Candidate, RuleClassifier, Typing, rule_sub_event_type
from ..events.lexicon import instrument
from ..settings import Settings
from .examples import NO_EVENT
from .model import SubtypeModel

DEFAULT_MODEL = "models/subtypes.pkl"  # under data/: built by `frontwire train --corpus`
CONFIDENT = 0.45  # below this the model's answer gives way to the rules


@cache
def load_model(path: str | None = None) -> SubtypeModel:
    """The model at `path` (default: the shipped one), loaded once per process."""
    return SubtypeModel.load(path or data_path(DEFAULT_MODEL))


class LearnedClassifier:
    """The learned model types each candidate by its sentence."""

    name = "learned"
    takes_settings = True  # the registry passes the settings (they name the model file)

    def __init__(
        self, settings: Settings | None = None, model_path: str | Path | None = None, threshold: float = CONFIDENT
    ):
        model_path = model_path or (settings.model_path if settings else None)
        self.model_path = str(model_path) if model_path else None
        self.threshold = threshold
        self._memo: dict[str, tuple[str, float]] = {}

    @property
    def model(self) -> SubtypeModel:
        return load_model(self.model_path)

    def predict(self, sentence: str) -> tuple[str, float]:
        hit = self._memo.get(sentence)
        if hit is None:
            if len(self._memo) > 50_000:
                self._memo.clear()
            hit = self._memo[sentence] = self.model.predict([sentence])[0]
        return hit

    def classify(self, candidate: Candidate) -> Typing | None:
        label, conf = self.predict(candidate.sentence)
        if label == NO_EVENT:
            return None
        return Typing.of(label, conf)


class HybridClassifier(LearnedClassifier):
    """The model leads; rules overrule where they are certain."""

    name = "hybrid"

    def __init__(
        self, settings: Settings | None = None, model_path: str | Path | None = None, threshold: float = CONFIDENT
    ):
        super().__init__(settings, model_path, threshold)
        self.rules = RuleClassifier()

    def classify(self, candidate: Candidate) -> Typing | None:
        rule = rule_sub_event_type(candidate)
        if rule is not None and _rules_certain(candidate, rule):
            return Typing.of(rule)
        label, conf = self.predict(candidate.sentence)
        if conf < self.threshold:
            return Typing.of(rule, conf) if rule else None
        if label == NO_EVENT:
            return None
        return Typing.of(label, conf)


def _rules_certain(c: Candidate, rule: str) -> bool:
    """Evidence the rules read with certainty: a weapon named, a territory change's direction,
    force used on protesters."""
    if c.spec.get("territory") and rule in ("Government regains territory", "Non-state actor overtakes territory"):
        return True
    if c.category == "protest" or rule in ("Protest with intervention", "Excessive force against protesters"):
        return True
    return c.category in ("instrument", "attack") and instrument(c.window) == rule
