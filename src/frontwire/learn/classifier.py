"""Coders behind the events stage's `Classifier` seam that use the learned model.

- `LearnedClassifier`: the model alone decides event or not and the sub-event type.
- `HybridClassifier`: the model leads; the rules refine its answer only where their
  evidence is certain and stays within the model's event type (a weapon named, force
  used on a protest), and type a candidate the model is unsure of.
Both remember the model's answer per sentence (a sentence proposes several candidates).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ..data_files import data_path
from ..events.classify import Candidate, Typing, rule_sub_event_type, territory_sides
from ..events.lexicon import instrument, side_of
from ..settings import Settings
from .examples import NO_EVENT, sub_event_types
from .model import SubtypeModel

DEFAULT_MODEL = "models/subtypes.pkl.gz"  # under data/: built by `frontwire train --corpus`
PROPOSE = 0.45  # a sentence with no trigger becomes an event only when the model is at least this sure
PROPOSE_TRIGGERED = 0.35  # ... and one where a trigger matched but the rules placed no event
SURE = 0.8  # at or above this the model's sub-type stands (but see _territory_read)
UNSURE = 0.5  # below this the rules type each act of a sentence telling several
# event types of the model's reading of the fighting a change of control was won by
_FIGHTING = ("Battles", "Explosions/Remote violence")
LOST = 0.3  # below this the model knows little (26 labels): a trigger that names its kind decides
GENERIC = {None, "instrument", "attack", "victim"}  # triggers that do not say what kind of event they are


@cache
def load_model(path: str | None = None) -> SubtypeModel:
    """The model at `path` (default: the shipped one), loaded once per process."""
    return SubtypeModel.load(path or data_path(DEFAULT_MODEL))


class LearnedClassifier:
    """The learned model types each candidate by its sentence."""

    name = "learned"
    takes_settings = True  # the registry passes the settings (they name the model file)

    def __init__(self, settings: Settings | None = None, model_path: str | Path | None = None):
        model_path = model_path or (settings.model_path if settings else None)
        self.model_path = str(model_path) if model_path else None
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

    def prepare(self, sentences: list[str]) -> None:
        """Predict an article's sentences in one batch (one model call per article, not per sentence)."""
        todo = list(dict.fromkeys(s for s in sentences if s not in self._memo))
        if len(self._memo) + len(todo) > 50_000:
            self._memo.clear()
        for s, hit in zip(todo, self.model.predict(todo)):
            self._memo[s] = hit

    def classify(self, candidate: Candidate) -> Typing | None:
        label, conf = self.predict(candidate.sentence)
        if label == NO_EVENT:
            return None
        return Typing.of(label, conf)

    def propose(self, sentence: str, triggered: bool = False) -> Typing | None:
        """The event a sentence tells where the rules coded none (None: no event). `triggered`: a
        trigger word matched, so the model and the lexicon agree something happened."""
        label, conf = self.predict(sentence)
        if label == NO_EVENT or conf < (PROPOSE_TRIGGERED if triggered else PROPOSE):
            return None
        return Typing.of(label, conf)


class HybridClassifier(LearnedClassifier):
    """The model leads; rules refine its answer where their evidence is certain."""

    name = "hybrid"

    def classify(self, candidate: Candidate) -> Typing | None:
        # the model reads the whole sentence: it was trained on whole reports, and a clause cut
        # out of a sentence ("..., killing two") reads as another kind of event than the sentence
        label, conf = self.predict(candidate.sentence)
        rule = rule_sub_event_type(candidate)
        if rule is not None and (
            _territory_read(candidate, rule, label, conf)
            or (conf < UNSURE and candidate.category not in GENERIC and not candidate.alone)
            or (conf < LOST and candidate.category not in GENERIC)
        ):
            # who gained a place, read from the sentence; or a sentence telling several acts, each
            # by a trigger that names its kind ("clashes", "captured", "arrested"), that the model
            # is unsure of: the rules type each place by the act that governs it; or a model at a loss
            return Typing.of(rule)
        if label == NO_EVENT:
            return None
        if rule is not None and conf < SURE and _refines(candidate, rule, label):
            return Typing.of(rule, conf)
        return Typing.of(label, conf)


def _territory_read(c: Candidate, rule: str, label: str, conf: float) -> bool:
    """A change of control whose gainer the sentence names and the actor table knows the side of,
    where the model read the fighting that won it (the shelling, the clash: the rules read the
    outcome), or is unsure of a change of control's direction or of another kind of event."""
    if not c.spec.get("territory") or not rule.endswith("territory"):
        return False
    if label == "Non-violent transfer of territory":
        return False
    if label.endswith("territory"):
        # the model read a change of control: its direction stands unless it is unsure (the
        # actor table's sides are surest in the theatre; a side read wrong flips the type)
        if conf >= UNSURE:
            return False
    elif sub_event_types().get(label) not in _FIGHTING and conf >= SURE:
        return False
    gainer, _ = territory_sides(c)
    return side_of(gainer) is not None


def _refines(c: Candidate, rule: str, label: str) -> bool:
    """Where the rules' evidence is certain and stays within the model's event type: a weapon
    named in the clause ("a car bomb", "mortar rounds"), force used on a protest the model
    took for a peaceful one."""
    kinds = sub_event_types()
    if kinds.get(rule) != kinds.get(label) or label in ("Chemical weapon", "Suicide bomb"):
        return False  # another kind of event, or a more specific weapon than the rules read
    if kinds[rule] == "Explosions/Remote violence":
        return instrument(c.window) == rule
    return label == "Peaceful protest" and rule in ("Protest with intervention", "Excessive force against protesters")
