"""Toponym detection: the places named in running text, found by gazetteer keys (no NER)."""

from __future__ import annotations

import re

from frontwire.geo.fold import fold, is_arabic, skeleton
from frontwire.geo.gazetteer import Entry, Gazetteer
from frontwire.geo.lookup import GENERIC_WORDS, similarity
from frontwire.geo.tables import Theatre

Token = tuple[int, int, str]  # start, end, text


MAX_REMEMBERED = 200_000  # spans whose answer a finder keeps


class ToponymFinder:
    """Finds gazetteer names in text; see `Geocoder.find_toponyms`."""

    _TOKEN = re.compile(r"[^\W\d_]+(?:['’ʿʾ`][^\W\d_]+)*")
    _ARTICLE_TOKENS = frozenset(
        {
            "al",
            "el",
            "ad",
            "as",
            "ash",
            "at",
            "az",
            "ar",
            "an",
            "ath",
            "ez",
            "es",
            "ed",
            "ech",
            "er",
            "en",
            "et",
            "ul",
            "il",
            "bin",
            "ibn",
            "bani",
            "beni",
        }
    )
    # lower-case words inside a name, never at its ends: "Port-au-Prince", "Duque de Caxias"
    _INNER_TOKENS = frozenset("au aux de du des la le les da do dos das del della di sur der van von".split())
    MAX_TOKENS = 6

    def __init__(self, gazetteer: Gazetteer, not_places: dict[str, str], theatre: Theatre):
        self.gaz = gazetteer
        self.not_places = not_places
        self.theatre = theatre
        self._names: dict[str, bool] = {}

    def _detectable(self, e: Entry) -> bool:
        # Far-away small places share names with everyday words; only the theatre, its
        # neighbours, admin units, and larger towns elsewhere are detected in running text.
        return e.country in self.theatre.local or e.population >= 15000

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Places named in `text` as (start, end, matched text), longest match first."""
        toks = [(m.start(), m.end(), m.group()) for m in self._TOKEN.finditer(text)]
        lower_words = {t for _, _, t in toks if t.islower()}
        out: list[tuple[int, int, str]] = []
        i, n = 0, len(toks)
        reach = self._name_runs(text, toks)
        while i < n:
            t0 = toks[i][2]
            if not (t0[:1].isupper() or t0.lower() in self._ARTICLE_TOKENS or is_arabic(t0)):
                i += 1  # a name starts with a capital, an article (al-) or Arabic script
                continue
            skip = next(
                (k for k in (3, 2) if i + k <= n and text[toks[i][0] : toks[i + k - 1][1]].lower() in self.not_places),
                0,
            )
            if skip:  # "White House": neither it nor its parts are places
                i += skip
                continue
            hit = self._longest_name(text, toks, i, reach[i], lower_words)
            if hit and self._in_name_of_other(text, toks, i, hit[3]):
                hit = None  # "Hamza Division", "General Mazloum": part of another kind of name
            if hit:
                out.append(hit[:3])
                i = hit[3]
            else:
                i += 1
        return out

    def _longest_name(
        self, text: str, toks: list[Token], i: int, reach: int, lower_words: set[str]
    ) -> tuple[int, int, str, int] | None:
        """The longest place name starting at token i: (start, end, text, next token)."""
        for j in range(min(reach, i + self.MAX_TOKENS), i, -1):
            span = toks[i:j]
            if not self._span_ok(text, span, lower_words):
                continue
            s, e = span[0][0], span[-1][1]
            # "Kathmandu's Thamel": the name without its possessive 's ("Cox's Bazar" keeps it)
            if j - i == 1 and e - s <= 4 and text[e : e + 1] == "-" and text[e + 1 : e + 2].isupper():
                continue  # "Mai" of "Mai-Ndombe": a short word is no name when a hyphenated one goes on
            if j - i == 1 and self._tail_of_unknown_name(text, toks, i):
                continue
            ends = (e, e - 2) if text[e - 2 : e] in ("'s", "’s") else (e,)
            for end in ends:
                if self._is_place_name(text[s:end]):
                    return s, end, text[s:end], j
        return None

    def _is_place_name(self, written: str) -> bool:
        """Whether a span, as written, names a detectable place (remembered: the same capitalised
        spans recur in every report, and folding and looking each up again was most of a scan)."""
        known = self._names.get(written)
        if known is None:
            key = fold(written)
            idx = self.gaz.find(key) if len(key) >= 3 else []
            known = len(key) >= 3 and (
                any(self._detectable(self.gaz.entry(k)) for k in idx) or self._variant_of_local(key)
            )
            if len(self._names) >= MAX_REMEMBERED:
                self._names.clear()  # a long run's rare spans: start again rather than grow
            self._names[written] = known
        return known

    def _tail_of_unknown_name(self, text: str, toks: list[Token], i: int) -> bool:
        """Whether token i ends a longer name the gazetteer lacks: "Sur" of "Agusan del Sur",
        "Jaya" of "in Intan Jaya" (a capitalised word before it, itself after a lower-case
        word: running prose, not a title-case headline), so no place of its own."""
        if i < 2 or text[toks[i - 1][1] : toks[i][0]] != " ":
            return False
        prev = toks[i - 1][2]
        if prev in self._INNER_TOKENS:
            return toks[i - 2][2][:1].isupper() and text[toks[i - 2][1] : toks[i - 1][0]] == " "
        before = toks[i - 2][2]
        return (
            prev[:1].isupper()
            and not prev.isupper()
            and prev.lower() not in self.not_places
            and before.islower()
            and before not in self._ARTICLE_TOKENS
            and text[toks[i - 2][1] : toks[i - 1][0]] == " "
        )

    def _name_runs(self, text: str, toks: list[Token]) -> list[int]:
        """For each token, the end of the run of name-like tokens it starts (capitalised or
        al-/el-, or all Arabic script, joined by a space or hyphen): no name spans past it,
        so longer candidate spans need not be looked at."""
        n = len(toks)
        arabic = [not t.isascii() and is_arabic(t) for _, _, t in toks]
        namey = [
            a or t[:1].isupper() or t.lower() in self._ARTICLE_TOKENS or t in self._INNER_TOKENS
            for (_, _, t), a in zip(toks, arabic)
        ]
        reach = [0] * n
        for k in range(n - 1, -1, -1):
            if (
                k + 1 < n
                and namey[k + 1]
                and arabic[k] == arabic[k + 1]
                and text[toks[k][1] : toks[k + 1][0]] in (" ", "-", "- ", " -")
            ):
                reach[k] = reach[k + 1]
            else:
                reach[k] = k + 1
        return reach

    def _in_name_of_other(self, text: str, toks: list[Token], i: int, j: int) -> bool:
        """Whether tokens i..j follow a title or person name, or precede an organisation word
        ("General Mazloum", "Hamza Division", "Sultan Murad Division"), within one phrase."""
        for k in range(j, min(j + 3, len(toks))):
            if text[toks[k - 1][1] : toks[k][0]] not in (" ", "-"):
                break
            kind = self.not_places.get(toks[k][2].lower())
            if kind == "group" and toks[k][2].islower() and not self._local(text[toks[i][0] : toks[j - 1][1]]):
                return True  # "Houthi forces", "Boko Haram fighters": a foreign name before a group noun
            if not toks[k][2][:1].isupper():
                break
            if kind in ("actor", "group"):  # "Hamza Division", "Tiger Forces"
                return True
        return (
            i > 0
            and text[toks[i - 1][1] : toks[i][0]] == " "
            and toks[i - 1][2][:1].isupper()
            and self.not_places.get(toks[i - 1][2].lower()) in ("title", "person")
        )

    def _local(self, name: str) -> bool:
        """Whether a name is a place of the theatre or its neighbours ("Idlib fighters" stays a place)."""
        return any(self.gaz.entry(i).country in self.theatre.local for i in self.gaz.find(fold(name)))

    def _variant_of_local(self, key: str) -> bool:
        """A close spelling variant of a place name of the theatre ("Kfarawid" for Kafr Uwayd)."""
        if len(key) < 5 or not key.isascii():
            return False
        sk = skeleton(key)
        if len(sk) < 4:
            return False
        for k2 in self.gaz.skeleton_keys(sk):
            if similarity(key, k2) >= 0.7 and any(
                self.gaz.entry(i).country == self.theatre.iso2 for i in self.gaz.find(k2)
            ):
                return True
        return False

    def _span_ok(self, text: str, span: list[Token], lower_words: set[str]) -> bool:
        first, last = span[0][2], span[-1][2]
        if last.lower() in self._ARTICLE_TOKENS:
            return False
        if len(span) > 1 and text[span[0][0] : span[-1][1]].lower() in self.not_places:
            return False  # "White House", "Red Crescent"
        for a, b in zip(span, span[1:]):
            gap = text[a[1] : b[0]]
            if gap not in (" ", "-", "- ", " -") or "\n" in gap:
                return False  # names do not run across punctuation or lines
        if is_arabic(first):
            # Arabic script has no capitals: whole-word matches only, and no short single words.
            return all(is_arabic(t) for _, _, t in span) and (len(span) > 1 or len(first) >= 4)
        caps = 0
        for k, (_, _, t) in enumerate(span):
            if t[0].isupper():
                caps += 1
            elif t.lower() not in self._ARTICLE_TOKENS and not (0 < k < len(span) - 1 and t in self._INNER_TOKENS):
                return False
        if caps == 0:
            return False
        if len(span) == 1 or (len(span) == 2 and first.lower() in self._ARTICLE_TOKENS):
            return self._single_word_ok(last, len(span) == 1, lower_words)
        if first.lower() in self.not_places and self.not_places[first.lower()] in ("person", "title"):
            return False
        return True

    def _single_word_ok(self, w: str, alone: bool, lower_words: set[str]) -> bool:
        """Whether one word (after an optional article) may stand as a place name."""
        if w.lower() in self.not_places or len(w) < 3:
            return False
        if fold(w) in GENERIC_WORDS:  # "Tal", "Abu", "Kafr" alone are parts of names
            return False
        if w.isupper() and len(w) <= 5:  # acronyms: HTS, SOHR, NLF
            return False
        if alone and w.lower() in lower_words:  # used as a common word in this text
            return False
        return True
