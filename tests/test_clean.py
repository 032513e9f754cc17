"""Cleaning: seed footers removed, body kept byte-for-byte, HTML page chrome removed."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontwire.clean import clean_article, clean_html, clean_text
from frontwire.model import Article

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def seed(name: str) -> str:
    p = SEEDS / f"{name}.txt"
    if not p.exists():
        pytest.skip(f"seed corpus not found at {SEEDS} (needs ../shared/seeds beside the project)")
    return p.read_text("utf-8")


def body_lines(text: str) -> list[str]:
    """Lines of a seed that are clearly article body (long sentences)."""
    return [ln.rstrip() for ln in text.splitlines() if len(ln.strip()) > 120]


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_seed_body_lines_kept_exactly(name):
    raw = seed(name)
    cleaned = clean_text(raw)
    for ln in body_lines(raw):
        if "This article was translated" in ln:
            continue
        assert ln in cleaned.split("\n")
    assert clean_text(cleaned) == cleaned  # idempotent


def test_seed_footers_removed():
    c0 = clean_text(seed("000"))
    assert "Share it" not in c0 and c0.rstrip().endswith("border.")
    assert "took control of the towns of Harran" in c0

    c2 = clean_text(seed("002"))
    for gone in (
        "Related Articles",
        "Two missiles, hit and run",
        "Saraqib falls out",
        "We need your support",
        "Support Enab Baladi",
        "a month makes a difference",
        "Click here to support",
        "Propaganda distorts",
        "النسخة العربية",
    ):
        assert gone not in c2, gone
    assert "re-gained control of three villages" in c2
    assert c2.count("HTS-linked news agency") == 1  # the caption printed twice is kept once

    c3 = clean_text(seed("003"))
    for gone in (
        "Logo Wide",
        "translated and edited by",
        "has not verified",
        "lies entirely with the author",
        "Helpful keywords",
    ):
        assert gone not in c3, gone
    assert "killed and wounded more than 110 fighters" in c3

    c4 = clean_text(seed("004"))
    for gone in ("Show More", "Related Articles", "Leave a Reply", "Your email address", "Back to top"):
        assert gone not in c4, gone
    assert "40 members of the Syrian army" in c4

    c1 = clean_text(seed("001"))
    assert c1 == seed("001").rstrip()  # nothing to remove: untouched


def test_paragraph_breaks_kept_and_collapsed():
    text = "First paragraph about shelling in Ariha today.\n\n\n\nShare this article\n\nSecond paragraph ends here."
    assert clean_text(text) == "First paragraph about shelling in Ariha today.\n\nSecond paragraph ends here."


def test_general_patterns_not_seed_strings():
    text = (
        "A long body sentence about an air strike on the town of Sarmin that killed several people.\n\n"
        "Share on Facebook\nFollow us on Telegram for more\nSupport Some Other Outlet!\n"
        "Support independent media with a donation\n€3 per month keeps us going\n"
        "This report was translated by Another Desk and is provided as is.\n"
        "Read more: Another unrelated headline\n"
        "Support for the ceasefire grew among the factions, a spokesman said on Monday in a statement."
    )
    out = clean_text(text)
    assert out.split("\n") == [
        "A long body sentence about an air strike on the town of Sarmin that killed several people.",
        "",
        "Support for the ceasefire grew among the factions, a spokesman said on Monday in a statement.",
    ]


def test_related_list_and_trailing_links():
    text = (
        "Body sentence one describes clashes near Atarib between two armed factions on Sunday.\n\n"
        "You may also like:\n- Headline one\n- Headline two\n\n"
        "Body sentence two describes the aftermath of the clashes and the families who left.\n\n"
        "Idlib\nSyria\nAleppo countryside"
    )
    out = clean_text(text)
    assert "Headline" not in out and "Aleppo countryside" not in out
    assert out.endswith("families who left.")


def test_short_text_never_emptied():
    assert clean_text("Shelling on Sarmin") == "Shelling on Sarmin"


def test_clean_html_removes_chrome():
    html = """<html><head><title>T</title></head><body>
    <nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <article><h1>Shelling hits Ariha</h1>
    <p>Artillery shells fell on the market of Ariha on Monday morning, killing two people, residents said.</p>
    <p>The civil defence said its teams put out fires in three shops and evacuated the wounded.</p>
    <p>Share this article</p></article>
    <aside><h3>Related Articles</h3><ul><li><a href="/1">Other story</a></li></ul></aside>
    <footer>Copyright 2020 Site. All rights reserved.</footer></body></html>"""
    out = clean_html(html)
    assert "Artillery shells fell on the market of Ariha" in out
    assert "\n\n" in out  # paragraphs separated by blank lines
    for gone in ("Home", "Share this", "Other story", "Copyright"):
        assert gone not in out


def test_clean_html_fallback_for_tiny_pages():
    assert "Mortar fire" in clean_html("<p>Mortar fire on Sarmin.</p><script>var x = '<b>';</script>")


def test_clean_article_copies():
    a = Article(id="x", text="Body text about shelling in Binnish today, residents said.\n\nShare it...", meta={"k": 1})
    b = clean_article(a)
    assert b.text.endswith("said.") and a.text.endswith("Share it...") and b.meta == {"k": 1}
