"""Spelling-insensitive keys for place names.

`fold` gives the primary key: transliteration variants of one Arabic name
(Idlib/Idleb, Ma'arrat al-Nu'man/Maaret al-Numan, Kafr Oweid/Kfarawid) mostly
fold to the same string.  `skeleton` is a looser consonant key used only to
collect candidates for a strict fuzzy comparison.  Arabic-script names get
their own normalised key (`fold` detects the script).
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii

from frontwire.data_files import read_text

_ARABIC_RE = re.compile(r"[\u0600-\u06FF]")
_AR_DIACRITICS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]")
_AR_MAP = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ى": "ي",
        "ؤ": "و",
        "ئ": "ي",
        "ء": None,
        "\u200f": None,
        "\u200e": None,
        "\u200c": None,
        "\u200d": None,
    }
)
_AR_NONLETTER = re.compile(r"[^\u0621-\u064A]+")

# Marks that stand for ayn/hamza or are plain punctuation inside names: dropped.
_DROP = str.maketrans({c: None for c in "'’‘`ʿʾʼ´\".·"})
_SPLIT = re.compile(r"[^a-z0-9]+")  # digits kept: "Base 46" must not match "Base"
# "AlRafa", "ElBab": an article glued to a capitalised name.
_GLUED_ARTICLE = re.compile(r"\b(A[lL]|E[lL])(?=[A-Z][a-z])")
_ARTICLES = frozenset("al el il ul ad ed as es ash esh at et az ez ar er an en ath adh ud ut us ush".split())


def _load_words() -> tuple[dict[str, str], tuple[str, ...]]:
    words: dict[str, str] = {}
    for line in read_text("geo_fold_words.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canon, variants = line.split("\t", 1)
        for v in variants.split():
            words[v] = canon
    # Glued prefixes ("Kfarawid" = Kafr Awid): only the kafr family, the one
    # word that is routinely written joined to the next.
    glued = tuple(sorted((v for v, c in words.items() if c == "kafr"), key=len, reverse=True))
    return words, glued


_WORDS, _KAFR_PREFIXES = _load_words()

# Letter-level rules, applied in order to the joined word string.
_LETTER_RULES = [
    (re.compile(r"ch"), "sh"),
    (re.compile(r"dj"), "j"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ck"), "k"),
    (re.compile(r"kh"), "x"),  # one symbol so doubled-letter collapse treats it as one
    (re.compile(r"gh"), "g"),
    (re.compile(r"th"), "t"),
    (re.compile(r"dh"), "d"),
    (re.compile(r"[qc]"), "k"),
    (re.compile(r"(?:ou|oo|[ao]w(?![aeiouy]))"), "u"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"(?:ei|ey|ai)(?![aeiou])"), "ay"),
    (re.compile(r"e"), "i"),
    (re.compile(r"o"), "u"),
    (re.compile(r"iy(?=[aiu]|$)"), "i"),
    (re.compile(r"(?<![aiu])y(?![aiu])"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
]
_SKEL_DROP = re.compile(r"[aiuyw]")
_SKEL_MAP = str.maketrans({"x": "h"})  # kh ~ h in the loose key
_DOUBLE = re.compile(r"(.)\1+")


def is_arabic(text: str) -> bool:
    return bool(_ARABIC_RE.search(text))


def fold_arabic(text: str) -> str:
    """Arabic-script key: no diacritics/tatweel, one alef, ta marbuta as ha, no spaces."""
    s = _AR_DIACRITICS.sub("", text).translate(_AR_MAP)
    return _AR_NONLETTER.sub("", s)


def _tokens(name: str) -> list[str]:
    if not name.isascii():
        name = anyascii(name)
    name = _GLUED_ARTICLE.sub(r"\1 ", name)
    s = name.lower().translate(_DROP)
    return [t for t in _SPLIT.split(s) if t]


def _fold_token(t: str) -> str:
    w = _WORDS.get(t)
    if w is not None:
        return w
    head = ""
    for p in _KAFR_PREFIXES:
        if t.startswith(p) and len(t) >= len(p) + 3:
            head, t = "kafr", t[len(p) :]
            break
    # Ta marbuta / final -eh/-ah: Sarjah, Sarja, Sarjeh, al-Samkeh.
    if len(t) > 3 and t[-1] == "h" and t[-2] in "ae":
        t = t[:-2] + "a"
    return head + t


@lru_cache(maxsize=200_000)
def fold(name: str) -> str:
    """Primary match key of a place name ("" when nothing is left)."""
    if is_arabic(name):
        return fold_arabic(name)
    toks = _tokens(name)
    if len(toks) > 1:
        toks = [t for t in toks if t not in _ARTICLES] or toks
    s = "".join(_fold_token(t) for t in toks)
    for rx, rep in _LETTER_RULES:
        s = rx.sub(rep, s)
    return s


def skeleton(key: str) -> str:
    """Consonant skeleton of a folded key (vowels, w, y dropped; an initial vowel kept as 'a')."""
    if not key or not key.isascii():
        return key
    head = "a" if key[0] in "aiuyw" else ""
    s = _SKEL_DROP.sub("", key.replace("sh", "$").translate(_SKEL_MAP))
    return head + _DOUBLE.sub(r"\1", s)


def fold_words(text: str) -> list[str]:
    """Lowercased ASCII word tokens (for article/region parsing)."""
    return _tokens(text)
