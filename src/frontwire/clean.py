"""Boilerplate removal: HTML pages via trafilatura, plain text via line filters.

The line filters come from `data/boilerplate.yaml`. Body lines are kept exactly
(only trailing whitespace is trimmed), because later stages compute evidence
offsets on the cleaned text. Paragraph breaks (blank lines) are kept.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from functools import lru_cache
from html.parser import HTMLParser
from importlib import resources
from typing import Any

import yaml

from .model import Article

log = logging.getLogger(__name__)

_NUMBERED_ITEM = re.compile(r"^\s*(\d{1,3}[.)]|[-*•·–—▪►])\s+\S")
# A sentence ends in terminal punctuation, possibly followed by a closing quote/bracket.
_SENTENCE_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$|[\"”’»]$")


@dataclasses.dataclass(frozen=True)
class _Rules:
    max_len: int
    link_chars: int
    link_words: int
    drop: tuple[re.Pattern, ...]
    headings: tuple[re.Pattern, ...]
    footer: tuple[re.Pattern, ...]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    raw = yaml.safe_load(resources.files("frontwire").joinpath("data/boilerplate.yaml").read_text("utf-8"))

    def comp(key: str) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in raw.get(key) or [])

    return _Rules(
        max_len=int(raw.get("max_line_length", 320)),
        link_chars=int(raw.get("link_like_max_chars", 70)),
        link_words=int(raw.get("link_like_max_words", 9)),
        drop=comp("drop_lines"),
        headings=comp("list_headings"),
        footer=comp("footer_lines"),
    )


def _matches(patterns: tuple[re.Pattern, ...], line: str, rules: _Rules) -> bool:
    s = line.strip()
    if not s or len(s) > rules.max_len:
        return False
    return any(p.fullmatch(s) for p in patterns)


def _title_like(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) <= 200 and not _SENTENCE_END.search(s)


def _link_like(line: str, rules: _Rules) -> bool:
    s = line.strip()
    return (
        len(s) <= rules.link_chars
        and len(s.split()) <= rules.link_words
        and (not _SENTENCE_END.search(s) or s.endswith(("..", "…")) and not s.endswith("..."))
    )


def _is_body_sentence(line: str, rules: _Rules) -> bool:
    s = line.strip()
    return len(s) > rules.link_chars and bool(_SENTENCE_END.search(s))


def clean_text(text: str) -> str:
    """Drop boilerplate lines from plain article text; keep body lines and paragraph breaks."""
    rules = _rules()
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = [ln.rstrip() for ln in text.split("\n")]
    keep = [True] * len(lines)

    prev_content: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        s = line.strip()
        if not s:
            i += 1
            continue
        if _matches(rules.drop, line, rules):
            keep[i] = False
        elif _matches(rules.headings, line, rules):
            # A "Related Articles" heading: drop it and the list of titles after it.
            keep[i] = False
            j = i + 1
            while j < len(lines):
                t = lines[j]
                if t.strip() and not (_NUMBERED_ITEM.match(t) or _title_like(t)):
                    break
                if t.strip():
                    keep[j] = False
                j += 1
            i = j
            prev_content = None
            continue
        elif prev_content is not None and s == prev_content:
            # Image captions are printed twice in a row (figure caption + alt text).
            keep[i] = False
        if keep[i]:
            prev_content = s
        i += 1

    # Trailing footer: a run at the end made only of boilerplate, footer slogans or
    # short link-like lines. Never strip the text down to nothing.
    kept = [k for k in range(len(lines)) if keep[k] and lines[k].strip()]
    tail: list[int] = []
    for k in reversed(kept):
        ln = lines[k]
        if _matches(rules.footer, ln, rules) or _link_like(ln, rules) or _NUMBERED_ITEM.match(ln):
            tail.append(k)
        else:
            break
    if tail and any(_is_body_sentence(lines[k], rules) for k in kept if k not in set(tail)):
        for k in tail:
            keep[k] = False

    out: list[str] = []
    for k, ln in enumerate(lines):
        if not keep[k]:
            continue
        if not ln.strip():
            # Collapse blank runs (left by dropped lines) into one paragraph break.
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(ln)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


class _TagStripper(HTMLParser):
    """Fallback text extraction: block elements become paragraph breaks."""

    _BLOCK = {
        "p",
        "div",
        "br",
        "li",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "table",
        "figure",
        "figcaption",
    }
    _SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self._SKIP:
            self.skip += 1
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _strip_tags(html: str) -> str:
    p = _TagStripper()
    p.feed(html)
    p.close()
    paras = [" ".join(chunk.split()) for chunk in "".join(p.parts).split("\n\n")]
    return "\n\n".join(x for x in paras if x)


def extract_html(html: str | bytes, url: str | None = None) -> tuple[str, dict[str, Any]]:
    """Main text (cleaned) and page metadata (title, date, sitename, url) of an HTML page."""
    meta: dict[str, Any] = {}
    body = ""
    try:
        import trafilatura

        doc = trafilatura.bare_extraction(
            html,
            url=url,
            favor_recall=True,
            include_comments=False,
            include_tables=False,
            with_metadata=True,
            # Only the page's own date markup: a date guessed from the text would be invented.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
        if doc is not None and not isinstance(doc, dict):
            doc = doc.as_dict()
        if doc:
            body = doc.get("text") or ""
            meta = {k: doc.get(k) for k in ("title", "date", "sitename", "url") if doc.get(k)}
    except Exception as exc:  # trafilatura is best effort; the tag stripper still gets the text
        log.debug("trafilatura failed: %s", exc)
    if not body.strip():
        raw = html.decode("utf-8", "replace") if isinstance(html, bytes) else html
        body = _strip_tags(raw)
    else:
        # trafilatura puts one paragraph per line; the parser wants blank lines between.
        body = "\n\n".join(ln.strip() for ln in body.split("\n") if ln.strip())
    return clean_text(body), meta


def clean_html(html: str) -> str:
    """Article text of an HTML page, boilerplate removed."""
    return extract_html(html)[0]


def clean_article(a: Article) -> Article:
    """A copy of `a` with its text cleaned."""
    return dataclasses.replace(a, text=clean_text(a.text), meta=dict(a.meta))
