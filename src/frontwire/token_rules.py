"""The English model's attribute rules (POS, morphology and lemma exceptions), matched by index.

spaCy's `Matcher` tries each of the model's 179 attribute rules at every token: measured
here, a sixth of the whole parse. Every rule is one or two tokens of exact values (a tag, a
lower-case form, a dependency label, with "IN", "NOT_IN" and "REGEX" tests), so a token can
only start the few rules filed under its word, tag or label, and what a token matches alone
depends only on those values: worked out once per distinct set of them.
`IndexedAttributeRules` takes the stock component's place in `nlp.load_nlp` and sets the
same annotations (`tests/test_token_rules.py` compares both on every token of the test
texts); a rule set it cannot read keeps the stock component.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab

_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY = [TAG, LOWER, DEP, IS_SPACE]
_EQ, _IN, _NOT_IN, _CALL = range(4)
# one attribute test: (column of `_ARRAY`, operator, value or set of values or predicate)
Test = tuple[int, int, Any]
Pattern = tuple[int, int, tuple[tuple[Test, ...], ...]]  # pattern number, rule number, tests per token


class UnsupportedRule(ValueError):
    """A rule uses an operator or attribute the index does not read."""


def _test(vocab: Vocab, key: str, value: Any) -> Test:
    if key not in _COLUMNS:
        raise UnsupportedRule(key)
    col = _COLUMNS[key]
    if key == "IS_SPACE":
        return col, _EQ, int(bool(value))
    if isinstance(value, str):
        return col, _EQ, vocab.strings.add(value)
    if not isinstance(value, dict) or len(value) != 1:
        raise UnsupportedRule(f"{key}: {value!r}")
    op, arg = next(iter(value.items()))
    if op in ("IN", "NOT_IN"):
        return col, _IN if op == "IN" else _NOT_IN, frozenset(vocab.strings.add(v) for v in arg)
    if op == "REGEX":
        return col, _CALL, _RegexTest(vocab, arg)
    raise UnsupportedRule(f"{key}: {op}")


class _RegexTest:
    """A REGEX test on a string attribute, its answer remembered per string."""

    def __init__(self, vocab: Vocab, pattern: str):
        self.rx, self.strings, self.seen = re.compile(pattern), vocab.strings, dict[int, bool]()

    def __call__(self, h: int) -> bool:
        found = self.seen.get(h)
        if found is None:
            found = self.seen[h] = bool(self.rx.search(self.strings[h]))
        return found


def _passes(row: tuple[int, ...], tests: tuple[Test, ...]) -> bool:
    for col, op, arg in tests:
        v = row[col]
        if not (v == arg if op == _EQ else v in arg if op == _IN else v not in arg if op == _NOT_IN else arg(v)):
            return False
    return True


class RuleIndex:
    """An attribute ruler's rules filed by what their first token needs.

    A rule pattern is filed under one exact value its first token needs (a word, else a tag,
    a dependency label or being a space), whose test is then known to pass.
    """

    def __init__(self, vocab: Vocab, rules: list[dict[str, Any]]):
        """`rules`: `AttributeRuler.patterns` (patterns, attrs, index), in the ruler's order."""
        self.filed: dict[tuple[int, int], list[Pattern]] = {}
        self.everywhere: list[Pattern] = []
        self.targets: list[int] = []  # per pattern: the token its rule sets, from the match start
        for rule, spec in enumerate(rules):
            for pattern in spec["patterns"]:
                if not pattern or any(not isinstance(tok, dict) for tok in pattern):
                    raise UnsupportedRule(repr(pattern))
                index = int(spec.get("index", 0))
                if not -len(pattern) <= index < len(pattern):
                    raise UnsupportedRule(f"index {index} of {pattern!r}")
                tests = [tuple(_test(vocab, k, v) for k, v in tok.items()) for tok in pattern]
                first = sorted(tests[0], key=lambda t: [1, 0, 2, 3][t[0]])  # LOWER, TAG, DEP, IS_SPACE
                key = next((t for t in first if t[1] in (_EQ, _IN)), None)
                self.targets.append(index % len(pattern))
                if key is None:
                    self.everywhere.append((len(self.targets) - 1, rule, tuple(tests)))
                    continue
                rest = (tuple(t for t in tests[0] if t is not key), *tests[1:])
                for value in [key[2]] if key[1] == _EQ else key[2]:
                    self.filed.setdefault((key[0], value), []).append((len(self.targets) - 1, rule, rest))

    def starting(self, row: tuple[int, ...]) -> list[Pattern]:
        """The patterns whose first token a token with these `_ARRAY` values passes."""
        found = [p for key in enumerate(row) for p in self.filed.get(key, ()) if _passes(row, p[2][0])]
        return found + [p for p in self.everywhere if _passes(row, p[2][0])]


class IndexedAttributeRules:
    """The pipeline's attribute ruler, matching through a `RuleIndex`: the stock component's
    annotations exactly (rules applied in their order, the later one winning)."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.index: RuleIndex | None = None
        self.attrs: list[dict[int, Any]] = []  # per rule, as `normalize_token_attrs` gives them
        self._by_row: dict[tuple[int, ...], tuple[tuple[int, ...], list[Pattern]]] = {}
        self._merged: dict[tuple[int, ...], dict[int, Any]] = {}

    def take_rules(self, index: RuleIndex, attrs: list[dict[int, Any]]) -> None:
        """Use a stock ruler's rules: their index and, per rule, the attributes it sets."""
        self.index, self.attrs = index, list(attrs)
        self._by_row.clear()
        self._merged.clear()

    def _row(self, row: tuple[int, ...]) -> tuple[tuple[int, ...], list[Pattern]]:
        """Rules a token with these values matches alone, and longer patterns it may start."""
        assert self.index is not None
        starting = self.index.starting(row)
        alone = tuple(sorted({rule for _, rule, tokens in starting if len(tokens) == 1}))
        if len(self._by_row) >= 100_000:  # bounded: one entry per distinct (tag, word, label, space)
            self._by_row.clear()
        self._by_row[row] = found = (alone, [p for p in starting if len(p[2]) > 1])
        return found

    def __call__(self, doc: Doc) -> Doc:
        rows = [tuple(r) for r in doc.to_array(_ARRAY).tolist()]
        assert self.index is not None, "take_rules first"
        rules: list[list[int]] = [[] for _ in rows]
        for i, row in enumerate(rows):
            alone, longer = self._by_row.get(row) or self._row(row)
            rules[i].extend(alone)
            for pattern, rule, tokens in longer:
                end = i + len(tokens)
                if end <= len(rows) and all(_passes(rows[j], t) for j, t in zip(range(i + 1, end), tokens[1:])):
                    rules[i + self.index.targets[pattern]].append(rule)
        for i, found in enumerate(rules):
            if found:
                key = tuple(sorted(set(found)))
                merged = self._merged.get(key)
                if merged is None:
                    merged = self._merged[key] = {a: v for r in key for a, v in self.attrs[r].items()}
                set_token_attrs(doc[i], merged)
        return doc


@Language.factory("frontwire_attribute_rules")
def make_attribute_rules(nlp: Language, name: str) -> IndexedAttributeRules:
    """An empty `IndexedAttributeRules`; `index_attribute_rules` gives it the model's rules."""
    return IndexedAttributeRules(nlp.vocab)


def index_attribute_rules(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Put `IndexedAttributeRules` in place of the model's attribute ruler; False (the stock
    ruler kept) when the pipeline has none or a rule is beyond the index."""
    ruler = nlp.get_pipe(name) if name in nlp.pipe_names else None
    if not isinstance(ruler, AttributeRuler):
        return False
    try:
        index = RuleIndex(ruler.vocab, ruler.patterns)
    except UnsupportedRule:
        return False
    component = nlp.replace_pipe(name, "frontwire_attribute_rules")
    assert isinstance(component, IndexedAttributeRules)
    component.take_rules(index, ruler.attrs)
    return True
