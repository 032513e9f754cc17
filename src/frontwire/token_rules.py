"""The English model's attribute rules (POS, morphology and lemma exceptions), matched by index.

spaCy's `Matcher` tries each of the model's 179 attribute rules at every token: measured
here, a sixth of the whole parse. Every rule is one or two tokens of exact values (a tag, a
lower-case form, a dependency label, with "IN", "NOT_IN" and "REGEX" tests), so a token can
only start the few rules filed under its tag or its lower-case form. `IndexedRules` finds
the same matches as the `Matcher` it replaces (`tests/test_token_rules.py` compares both on
every token of the test texts); a rule set it cannot read keeps the stock `Matcher`.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.vocab import Vocab

_COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY = [TAG, LOWER, DEP, IS_SPACE]
_EQ, _IN, _NOT_IN, _CALL = range(4)
# one attribute test: (column of `_ARRAY`, operator, value or set of values or predicate)
Test = tuple[int, int, Any]
Pattern = tuple[int, tuple[tuple[Test, ...], ...]]  # match id, tests per token


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


def _passes(row: list[int], tests: tuple[Test, ...]) -> bool:
    for col, op, arg in tests:
        v = row[col]
        if not (v == arg if op == _EQ else v in arg if op == _IN else v not in arg if op == _NOT_IN else arg(v)):
            return False
    return True


class IndexedRules:
    """A drop-in for an `AttributeRuler`'s `Matcher`: `(match_id, start, end)` of every rule match."""

    def __init__(self, vocab: Vocab, rules: list[tuple[int, Any]]):
        """`rules`: (match id, its Matcher patterns), as given to `Matcher.add`."""
        # a pattern is filed under one exact value its first token needs (a word, else a tag, a
        # dependency label or being a space); that test is then known to pass
        self._filed: dict[tuple[int, int], list[Pattern]] = {}
        self._everywhere: list[Pattern] = []
        for match_id, patterns in rules:
            for pattern in patterns:
                if not pattern or any(not isinstance(spec, dict) for spec in pattern):
                    raise UnsupportedRule(repr(pattern))
                tests = [tuple(_test(vocab, k, v) for k, v in spec.items()) for spec in pattern]
                first = sorted(tests[0], key=lambda t: [1, 0, 2, 3][t[0]])  # LOWER, TAG, DEP, IS_SPACE
                key = next((t for t in first if t[1] in (_EQ, _IN)), None)
                if key is None:
                    self._everywhere.append((match_id, tuple(tests)))
                    continue
                rest = (tuple(t for t in tests[0] if t is not key), *tests[1:])
                for value in [key[2]] if key[1] == _EQ else key[2]:
                    self._filed.setdefault((key[0], value), []).append((match_id, rest))

    @classmethod
    def of(cls, ruler: AttributeRuler) -> IndexedRules | None:
        """The index of a ruler's rules, or None when a rule is beyond it."""
        rules = [(ruler.vocab.strings.add(str(i)), p["patterns"]) for i, p in enumerate(ruler.patterns)]
        try:
            return cls(ruler.vocab, rules)
        except UnsupportedRule:
            return None

    def __call__(self, doc: Doc, allow_missing: bool = True, as_spans: bool = False) -> list[tuple[int, int, int]]:
        """What `Matcher.__call__(doc, allow_missing=True, as_spans=False)` returns, as a set."""
        rows = doc.to_array(_ARRAY).tolist()
        filed = self._filed
        found: dict[tuple[int, int, int], None] = {}  # ordered and without repeats
        for i, row in enumerate(rows):
            for key in ((0, row[0]), (1, row[1]), (2, row[2]), (3, row[3])):
                for match_id, tokens in filed.get(key, ()):
                    if _fits(rows, i, tokens):
                        found[(match_id, i, i + len(tokens))] = None
            for match_id, tokens in self._everywhere:
                if _fits(rows, i, tokens):
                    found[(match_id, i, i + len(tokens))] = None
        return list(found)


def _fits(rows: list[list[int]], i: int, tokens: tuple[tuple[Test, ...], ...]) -> bool:
    """Whether a pattern's tokens pass their tests from token `i` on."""
    if len(tokens) == 1:  # nearly every rule: one token, often with nothing left to test
        return not tokens[0] or _passes(rows[i], tokens[0])
    end = i + len(tokens)
    return end <= len(rows) and all(_passes(rows[j], t) for j, t in zip(range(i, end), tokens))
