"""Ingest: every input format, ids, dates, metadata, and one-line errors."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from frontwire.ingest import iter_articles, normalise_date
from frontwire.model import InputError

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
BODY = (
    "Government forces shelled the village of Kafr Oweid on Monday, a local source said.\n\n"
    "Two civilians were wounded in the shelling, according to the civil defence."
)


def need_seeds() -> Path:
    if not (SEEDS / "meta.jsonl").exists():
        pytest.skip(f"seed corpus not found at {SEEDS} (needs ../shared/seeds beside the project)")
    return SEEDS


def test_seed_manifest():
    seeds = need_seeds()
    arts = list(iter_articles([str(seeds / "meta.jsonl")]))
    assert [a.id for a in arts] == ["000", "001", "002", "003", "004"]
    assert [a.published for a in arts] == ["2019-12-21", "2021-07-21", "2020-01-08", "2019-12-02", "2020-01-23"]
    assert arts[1].outlet == "North Press Agency"
    assert arts[1].url.startswith("https://npasyria.com/")
    assert arts[0].url is None
    assert "published_note" in arts[0].meta and "file" not in arts[0].meta
    assert arts[2].source.endswith("002.txt")
    assert all(a.language == "en" and a.text.strip() for a in arts)
    assert "Share it" not in arts[0].text


def test_seed_directory_uses_manifest_once():
    seeds = need_seeds()
    arts = list(iter_articles([str(seeds)]))
    assert [a.id for a in arts] == ["000", "001", "002", "003", "004"]


def test_lazy_streaming(tmp_path):
    p = tmp_path / "big.jsonl"
    with open(p, "w") as fh:
        fh.write(json.dumps({"id": "a1", "text": BODY}) + "\n")
        fh.write("{not json\n")
    it = iter_articles([str(p)])
    assert next(it).id == "a1"  # the first line is yielded before the bad one is read
    with pytest.raises(InputError) as ei:
        next(it)
    assert ei.value.path == str(p) and "line 2" in ei.value.problem


def test_jsonl_fields_and_meta(tmp_path):
    p = tmp_path / "a.jsonl"
    rows = [
        {
            "id": 42,
            "url": "https://example.org/x",
            "outlet": "Example",
            "published": "8 January 2020",
            "language": "en",
            "title": "T",
            "text": BODY,
            "sample": True,
        },
        {"html": f"<html><body><article><p>{BODY}</p></article></body></html>", "published": None},
        {"text": BODY, "published": "sometime"},
        {"url": "https://example.org/y", "text": BODY},
    ]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    arts = list(iter_articles([str(p)]))
    assert (
        arts[0].id == "42"
        and arts[0].published == "2020-01-08"
        and arts[0].meta == {"sample": True, "published_raw": "8 January 2020"}
    )
    assert arts[0].outlet == "Example" and arts[0].title == "T"
    assert arts[1].published is None and "Kafr Oweid" in arts[1].text
    assert arts[2].published is None and arts[2].meta["published_raw"] == "sometime"
    assert len(arts[2].id) == 16 and arts[2].id == list(iter_articles([str(p)]))[2].id  # stable hash
    assert arts[3].id != arts[2].id and arts[3].outlet == "example.org"


def test_directory_with_sidecar(tmp_path):
    (tmp_path / "r1.txt").write_text(BODY)
    (tmp_path / "r1.json").write_text(json.dumps({"id": "side-1", "outlet": "O", "published": "2020-02-03"}))
    (tmp_path / "r2.html").write_text(f"<html><head><title>Page</title></head><body><p>{BODY}</p></body></html>")
    (tmp_path / "notes.md").write_text("not an article")
    arts = list(iter_articles([str(tmp_path)]))
    assert len(arts) == 2
    a1 = next(a for a in arts if a.source.endswith("r1.txt"))
    assert (a1.id, a1.outlet, a1.published) == ("side-1", "O", "2020-02-03")


def test_csv(tmp_path):
    p = tmp_path / "a.csv"
    with open(p, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["id", "outlet", "published", "text", "extra"])
        w.writeheader()
        w.writerow({"id": "c1", "outlet": "O", "published": "2020-03-01", "text": BODY, "extra": "x"})
    (a,) = iter_articles([str(p)])
    assert (a.id, a.published, a.meta) == ("c1", "2020-03-01", {"extra": "x"})
    bad = tmp_path / "b.csv"
    bad.write_text("id,body\n1,hello\n")
    with pytest.raises(InputError, match="text"):
        list(iter_articles([str(bad)]))


def test_gzipped_jsonl(tmp_path):
    p = tmp_path / "a.jsonl.gz"
    with gzip.open(p, "wt") as fh:
        fh.write(json.dumps({"id": "g1", "text": BODY}) + "\n")
    assert [a.id for a in iter_articles([str(p)])] == ["g1"]


def test_rss_feed(tmp_path):
    p = tmp_path / "feed.rss"
    p.write_text(f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Sample Wire</title>
<item><guid>item-1</guid><link>https://example.org/1</link><title>Shelling</title>
<pubDate>Tue, 11 Feb 2020 08:00:00 GMT</pubDate>
<description><![CDATA[<p>{BODY}</p>]]></description></item>
</channel></rss>""")
    (a,) = iter_articles([str(p)])
    assert (a.id, a.outlet, a.published, a.url) == ("item-1", "Sample Wire", "2020-02-11", "https://example.org/1")
    assert "Kafr Oweid" in a.text and "<p>" not in a.text


def test_atom_and_single_files(tmp_path):
    p = tmp_path / "feed.atom"
    p.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:x</id><updated>2020-02-01T00:00:00Z</updated>
<entry><id>urn:e1</id><title>E</title><updated>2020-02-01T00:00:00Z</updated>
<content type="html">&lt;p&gt;{BODY}&lt;/p&gt;</content></entry></feed>""")
    (a,) = iter_articles([str(p)])
    assert a.id == "urn:e1" and a.published == "2020-02-01"
    t = tmp_path / "one.txt"
    t.write_text(BODY)
    (b,) = iter_articles([str(t)])
    assert b.text == BODY and b.published is None


@pytest.mark.parametrize(
    "content,problem",
    [
        (b"", "empty file"),
        (b"   \n\n", "empty file"),
        (b"abc\x00def", "binary"),
        (b"\xff\xfe\xfa bad", "UTF-8"),
    ],
)
def test_bad_text_files(tmp_path, content, problem):
    p = tmp_path / "x.txt"
    p.write_bytes(content)
    with pytest.raises(InputError) as ei:
        list(iter_articles([str(p)]))
    assert ei.value.path == str(p) and problem in ei.value.problem
    assert "\n" not in str(ei.value)


def test_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(iter_articles([str(tmp_path / "missing.jsonl")]))
    u = tmp_path / "x.docx"
    u.write_text("x")
    with pytest.raises(InputError, match="unknown file type"):
        list(iter_articles([str(u)]))
    j = tmp_path / "a.jsonl"
    j.write_text(json.dumps({"id": "1", "text": BODY}) + "\n" + json.dumps({"id": "2", "title": "no body"}) + "\n")
    with pytest.raises(InputError) as ei:
        list(iter_articles([str(j)]))
    assert ei.value.path == str(j) and ei.value.problem.startswith("line 2:") and "text" in ei.value.problem
    b = tmp_path / "b.jsonl"
    b.write_bytes(b'{"id": "1", "text": "x"}\n\x00\x01\x02')
    with pytest.raises(InputError, match="binary"):
        list(iter_articles([str(b)]))
    m = tmp_path / "meta.jsonl"
    m.write_text(json.dumps({"id": "1", "file": "gone.txt"}) + "\n")
    with pytest.raises(InputError, match="gone.txt"):
        list(iter_articles([str(m)]))


def test_unreachable_url():
    with pytest.raises(InputError) as ei:
        list(iter_articles(["http://127.0.0.1:9/none"]))
    assert ei.value.path == "http://127.0.0.1:9/none" and "could not fetch" in ei.value.problem


def test_normalise_date():
    assert normalise_date("2020-01-08T10:00:00+03:00") == "2020-01-08"
    assert normalise_date("Wed, 08 Jan 2020 10:00:00 GMT") == "2020-01-08"
    assert normalise_date("21 December 2019") == "2019-12-21"
    for v in (None, "", "null", "yesterday", "December 2019", "2020-13-45"):
        assert normalise_date(v) is None


def test_demo_corpus():
    from frontwire.demo import demo_inputs

    arts = list(iter_articles(demo_inputs()))
    assert len(arts) == 10 and len({a.id for a in arts}) == 10
    assert all(a.meta.get("sample") is True and "not real news" in a.meta.get("note", "") for a in arts)
    assert all(80 <= len(a.text.split()) <= 200 for a in arts)
    assert sum(a.published is None for a in arts) == 1
    assert any(a.source.endswith(".html") for a in arts)
    html = next(a for a in arts if a.source.endswith(".html"))
    assert "Related Articles" not in html.text and "Home" not in html.text and "Facebook" not in html.text
    text = " ".join(a.text for a in arts)
    for place in (
        "Sarmin",
        "Kafranbel",
        "Kafr Nabl",
        "Ariha",
        "Atarib",
        "Darat Izza",
        "Binnish",
        "Jisr al-Shughur",
        "Khan Sheikhoun",
        "Saraqib",
        "Maarat al-Numan",
    ):
        assert place in text
